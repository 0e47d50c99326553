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
