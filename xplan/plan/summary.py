"""The part of a plan the table views read, so that they need not decode the whole plan.

``xplan issues``, ``matrix``, ``orgs``, ``rollup`` and ``fields`` show each issue's code, title,
policy field, ratings and number of actions, never the texts (background, measures, schedules,
progress), which are nine tenths of a plan. The cache keeps this summary beside the full data
(``view/<digest>.json``), and on 2,000 plans reading summaries instead of whole plans is what
keeps a warm view under a second (bench/cache.py).

A summary is the plan's own data with keys left out, never changed: built by ``build_plan`` it
gives the same organisation, year, template and issues, and the same answers to every question
those views ask (tests/test_cache.py compares their JSON output with and without summaries on
the bundled and generated plans). A view that needs more must load full plans.
"""

from __future__ import annotations

from typing import Any

from xplan.plan.codec import ORGANISATION, SUMMARY_ISSUE
from xplan.plan.model import Plan, build_plan

PLAN_KEYS = ("organisation", "fiscal_year", "template", "layout")
ISSUE_KEYS = ("id", "domain", "number", "title", "overview_title", "field", "impact", "urgency",
              "has_detail", "in_overview", "lineage", "theme", "sub_theme")
ACTION_KEYS = ("number",)  # an action counts; its title, texts and schedule are not shown


def summarise(data: dict[str, Any]) -> dict[str, Any]:
    """The plan's data without what the table views never read. Values of the wrong type are kept
    as they are (the model skips them the same way in both)."""
    out = {k: data[k] for k in PLAN_KEYS if k in data}
    if "issues" in data:
        issues = data["issues"]
        out["issues"] = [_issue(i) if isinstance(i, dict) else i for i in issues] if isinstance(issues, list) else issues
    return out


def _issue(issue: dict[str, Any]) -> dict[str, Any]:
    out = {k: issue[k] for k in ISSUE_KEYS if k in issue}
    if "actions" in issue:
        actions = issue["actions"]
        out["actions"] = ([{k: a[k] for k in ACTION_KEYS if k in a} if isinstance(a, dict) else a for a in actions]
                          if isinstance(actions, list) else actions)
    return out


# -- the summary plan's model, as rows ---------------------------------------------------------
#
# On 2,000 plans decoding the summaries' JSON objects and building 25,000 issues from them was
# half of a warm view. The cache therefore keeps, for a plan whose summary holds nothing unusual,
# the model that ``build_plan(summary)`` gives, one JSON array per issue: what ``from_rows``
# builds from it is equal to that model (tests/test_cache.py checks it on every plan at hand),
# and nothing else is ever built from it. ``raw`` holds the summary without its issues: the
# table views never read it.

def summary_plan(summary: dict[str, Any], path: str) -> Plan:
    """The model a table view works on: built from the summary, ``raw`` without the issues."""
    plan = build_plan(summary, path)
    plan.raw = {k: v for k, v in summary.items() if k != "issues"}
    return plan


def to_rows(plan: Plan) -> dict[str, Any] | None:
    """The model of a plan built from its summary, as JSON rows; None when it holds anything the
    rows do not carry (then the summary itself is kept)."""
    if plan.mission or plan.themes:
        return None
    rows: list[list[Any]] = []
    for issue in plan.issues:
        if (issue.progress or len(issue.pointer) != 2 or any(v is not None for v in (
                issue.approach, issue.content, issue.background, issue.outcomes, issue.measures,
                issue.actions_intro, issue.schedule, issue.achieved, issue.fell_short))):
            return None
        if any(a.title is not None or a.period is not None or a.description or a.schedule is not None
               for a in issue.actions or []):
            return None
        rows.append(SUMMARY_ISSUE.encode(issue))
    return {"org": ORGANISATION.encode(plan.org), "year": plan.fiscal_year,
            "template": plan.template, "layout": plan.layout,
            "raw": {k: v for k, v in plan.raw.items() if k != "issues"}, "rows": rows}


def from_rows(payload: Any, path: str) -> Plan | None:
    """The plan ``to_rows`` wrote; None for anything else (a damaged or foreign entry is a miss: the
    types are checked, so a forged entry can claim no more than a plan file could)."""
    try:
        org = ORGANISATION.decode(payload["org"])
        year, template, layout, raw, rows = (payload["year"], payload["template"], payload["layout"],
                                             payload["raw"], payload["rows"])
        if not (type(year) is str and type(template) is str and type(layout) is str and type(raw) is dict
                and type(rows) is list):
            return None
        issues = [SUMMARY_ISSUE.decode(row) for row in rows]
    except (KeyError, TypeError, ValueError):
        return None
    return Plan(path, org, year, template, layout, raw, issues)
