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

from xplan.plan.model import Action, Issue, Lineage, Organisation, Plan, build_plan

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

_TEXT = (str, type(None))


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
        actions = None
        if issue.actions is not None:
            actions = []
            for a in issue.actions:
                if a.title is not None or a.period is not None or a.description or a.schedule is not None:
                    return None
                actions.append([a.pointer[3], a.number])
        ln = issue.lineage
        rows.append([issue.pointer[1], issue.id, issue.domain, issue.number, issue.title, issue.overview_title,
                     issue.field, issue.in_overview, issue.has_detail,
                     None if ln is None else [ln.year, ln.marker, ln.domain, ln.id],
                     issue.theme, issue.sub_theme, issue.impact, issue.urgency, actions])
    org = plan.org
    return {"org": [org.name, org.kind, org.slug, org.aliases], "year": plan.fiscal_year,
            "template": plan.template, "layout": plan.layout,
            "raw": {k: v for k, v in plan.raw.items() if k != "issues"}, "rows": rows}


def from_rows(payload: Any, path: str) -> Plan | None:
    """The plan ``to_rows`` wrote; None for anything else (a damaged or foreign entry is a miss: the
    types are checked, so a forged entry can claim no more than a plan file could)."""
    try:
        name, kind, slug, aliases = payload["org"]
        year, template, layout, raw, rows = (payload["year"], payload["template"], payload["layout"],
                                             payload["raw"], payload["rows"])
        if not (type(name) is str and type(kind) is str and type(slug) is str and type(year) is str
                and type(template) is str and type(layout) is str and type(raw) is dict and type(rows) is list
                and type(aliases) is list and all(type(a) is str for a in aliases)):
            return None
        issues = []
        for i, iid, domain, number, title, otitle, fld, in_ov, has_det, ln, theme, sub, impact, urgency, acts in rows:
            if not (type(i) is int and type(iid) is str and type(domain) is str and type(number) is int
                    and isinstance(title, _TEXT) and isinstance(otitle, _TEXT) and isinstance(fld, _TEXT)
                    and type(in_ov) is bool and type(has_det) is bool and isinstance(theme, _TEXT)
                    and isinstance(sub, _TEXT) and isinstance(impact, _TEXT) and isinstance(urgency, _TEXT)):
                return None
            pointer = ("issues", i)
            lineage = None
            if ln is not None:
                if not (type(ln) is list and len(ln) == 4 and all(isinstance(x, _TEXT) for x in ln)):
                    return None
                lineage = Lineage(*ln)
            actions = None
            if acts is not None:
                actions = []
                for j, n in acts:
                    if type(j) is not int or not (n is None or type(n) is int):
                        return None
                    actions.append(Action(("issues", i, "actions", j), n))
            issues.append(Issue(pointer, iid, domain, number, title, otitle, fld, in_ov, has_det, None, lineage,
                                theme, sub, impact, urgency, actions=actions))
    except (KeyError, TypeError, ValueError):
        return None
    return Plan(path, Organisation(name, kind, slug, aliases), year, template, layout, raw, issues)
