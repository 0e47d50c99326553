"""``diff/R6-R7.html``: for every pair of consecutive fiscal years present, what ``xplan diff R6 R7``
reports (``xplan.diff.report``'s lines, with the word-level text changes), on the plans selected."""

from __future__ import annotations

from itertools import pairwise

from xplan.diff import report as rep
from xplan.diff.sides import Side
from xplan.i18n import _
from xplan.plan.years import year_sort_key
from xplan.report import charts, links
from xplan.report.pages import Page, SiteData


def side(site: SiteData, year: str) -> Side:
    """The plans of one year, as ``xplan diff`` would read them for ``R7`` (already loaded)."""
    return Side(year, year, year, [p for p in site.plans if p.fiscal_year == year])


def build(site: SiteData) -> list[Page]:
    years = sorted({p.fiscal_year for p in site.plans}, key=year_sort_key)
    pages = []
    for old, new in pairwise(years):
        report = rep.build_report(side(site, old), side(site, new))
        plans = {id(p): links.plan_page(p) for p in site.plans}
        orgs = [(o, plans.get(id(o.old_plan)), plans.get(id(o.new_plan))) for o in report.orgs]
        pages.append(Page(links.diff_page(old, new), "diff.html", _("Changes %(old)s → %(new)s") % {"old": old, "new": new},
                          {"lines": rep.report_lines(report, text=True), "orgs": orgs, "report": report,
                           "chart": charts.diff_chart(old, new, report.orgs)},
                          nav=f"{old}→{new}"))
    return pages
