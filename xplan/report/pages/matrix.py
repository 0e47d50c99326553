"""``matrix.html``: every plan's impact/urgency grid (``xplan matrix``), then one combined grid
per fiscal year, each issue linked to its section on the plan page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xplan.i18n import _
from xplan.plan.model import Issue, Plan
from xplan.plan.select import Selection
from xplan.plan.years import year_sort_key
from xplan.report import charts, links
from xplan.report.pages import Page, SiteData
from xplan.views import matrix
from xplan.views.common import plan_label, unrated


@dataclass
class GridView:
    id: str
    title: str
    grid: matrix.Grid
    notes: list[str]


def entry_label(grid: matrix.Grid, e: matrix.Entry) -> str:
    """The issue code; in a combined grid (one year, several organisations) with its organisation."""
    return f"{e.plan.org.name} {e.issue.code}" if grid.combined else e.issue.code


def grid_view(id_: str, grid: matrix.Grid) -> GridView:
    notes = [_("%(plan)s: the %(template)s template has no impact/urgency matrix; every issue is unrated.")
             % {"plan": plan_label(p), "template": p.template} for p in grid.without_matrix]
    return GridView(id_, grid.title, grid, notes)


def _context(site: SiteData) -> dict[str, Any]:
    grids = sorted(matrix.build(site.selection), key=lambda g: site.position[id(g.plans[0])])  # the order, once
    per_plan = [grid_view(f"grid-{links.plan_page(g.plans[0]).removesuffix('.html').replace('/', '-')}", g)
                for g in grids]
    combined = []
    plans_of: dict[str, list[Plan]] = {}
    issues_of: dict[str, list[tuple[Plan, Issue]]] = {}
    for p in site.plans:
        plans_of.setdefault(p.fiscal_year, []).append(p)
    for p, i in site.selection.issues:
        issues_of.setdefault(p.fiscal_year, []).append((p, i))
    for year in sorted(plans_of, key=year_sort_key):
        plans = plans_of[year]
        if len(plans) < 2 or not any(p.has_matrix for p in plans):
            continue  # one plan: its own grid above is the year's grid; no matrix: nothing to combine
        sel = Selection(plans, issues_of.get(year, []))
        combined.append(grid_view(f"year-{year}", matrix.build(sel, combined=True)[0]))
    context: dict[str, Any] = {
        "per_plan": per_plan, "combined": combined, "rows": [(r, matrix.impact_label(r)) for r in matrix.RATINGS],
        "columns": [(r, matrix.urgency_label(r)) for r in matrix.RATINGS],
        "label": entry_label, "link": lambda e: links.issue_link(e.plan, e.issue),
        "unrated_word": unrated(), "charts": charts.quadrant_charts(site),
    }
    return context


def build(site: SiteData) -> list[Page]:
    """The page; its data is made only when it is rendered, and dropped after (2,000 plans: memory)."""
    return [Page(links.MATRIX, "matrix.html", _(matrix.TITLE), make=lambda: _context(site), nav=_("Matrix"))]
