"""``index.html``: organisations × fiscal years, with issue counts per domain, rated and unrated
issues and the lint status of each plan, and links to every other page."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from xplan.i18n import _
from xplan.plan.model import Plan
from xplan.plan.years import year_sort_key
from xplan.report import charts, links
from xplan.report.pages import Page, SiteData
from xplan.views import orgs as orgs_view
from xplan.views.common import by_plan


@dataclass
class PlanCell:
    plan: Plan
    link: str
    counts: orgs_view.PlanCount
    rated: int
    unrated: int
    errors: int
    warnings: int
    lint_link: str


@dataclass
class OrgRow:
    name: str
    kind: str
    cells: dict[str, PlanCell] = field(default_factory=dict)


def lint_counts(site: SiteData, plan: Plan) -> tuple[int, int]:
    mine = site.findings_of(plan.path)  # grouped once per site, not searched per plan
    return sum(f.severity == "error" for f in mine), sum(f.severity == "warning" for f in mine)


def file_anchor(path: str) -> str:
    """The id of a file's section on lint.html."""
    return "file-" + "".join(c if c.isalnum() else "-" for c in Path(path).as_posix()).strip("-")


def org_order(plans: list[Plan]) -> list[str]:
    """Bureaus, then wards, each in the order the selection lists them."""
    names = list(dict.fromkeys(p.org.name for p in plans))
    kinds = {p.org.name: p.org.kind for p in plans}
    return sorted(names, key=lambda n: kinds[n] != "bureau")  # stable: the selection's order within a kind


def status_context(site: SiteData) -> dict[str, Any]:
    """The `xplan status` table (templates/_status.html), for the year this month falls in."""
    import datetime

    from xplan.cycle import status

    today = site.extra.get("today") or datetime.date.today().strftime("%Y-%m")
    data = status.for_report(site.plans, site.lint, today)
    if data is None:
        return {"status_table": None}
    return {"status": data, "status_table": status.table(data), "status_notes": status.notes(data)}


def _context(site: SiteData) -> dict[str, Any]:
    grouped = by_plan(site.selection)
    counts = orgs_view.build(site.selection)
    years = sorted({p.fiscal_year for p in site.plans}, key=year_sort_key)
    rows = {name: OrgRow(name, "") for name in org_order(site.plans)}
    for (plan, issues), count in zip(grouped, counts):
        rated = sum(1 for i in issues if i.quadrant is not None)
        errors, warnings = lint_counts(site, plan)
        row = rows[plan.org.name]
        row.kind = plan.org.kind
        row.cells[plan.fiscal_year] = PlanCell(plan, links.plan_page(plan), count, rated, len(issues) - rated,
                                               errors, warnings, f"{links.LINT}#{file_anchor(plan.path)}")
    totals = {d: sum(c.domains.get(d, 0) for c in counts) for d in orgs_view.DOMAINS}
    diffs = [(a, b, links.diff_page(a, b)) for a, b in pairwise(years)]
    return {
        **status_context(site),
        "years": years, "rows": list(rows.values()), "domains": orgs_view.DOMAINS, "totals": totals,
        "total": sum(totals.values()), "plan_count": len(counts), "diffs": diffs,
        "linted": site.lint is not None, "chart": charts.plans_chart(site),
    }


def build(site: SiteData) -> list[Page]:
    """The page; its data is made only when it is rendered, and dropped after (2,000 plans: memory)."""
    return [Page(links.INDEX, "index.html", _("Transformation plans"), make=lambda: _context(site), nav=_("Index"))]
