"""``rollup.html``: issues per policy field, domain and quadrant (``xplan rollup``), each count
linking to the list of exactly those issues.

The page counts what ``xplan rollup`` counts: each organisation's latest plan among those selected
(a plan and next year's draft are two plans of one organisation; counting both would count most
issues twice), and says so with the plans it counted. Every list is made here, once, so the
template only writes them out (on 2,000 plans the page lists 75,000 entries).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from xplan.i18n import _
from xplan.plan.model import QUADRANTS, Plan
from xplan.plan.select import Selection
from xplan.plan.years import year_sort_key
from xplan.report import links
from xplan.report.pages import Page, SiteData
from xplan.rollup import groups as rg

BYS = ("field", "domain", "quadrant")


@dataclass(frozen=True)
class Entry:
    href: str
    code: str        # 政策局 R7 A1
    title: str
    quadrant: str    # its quadrant's label


@dataclass
class GroupView:
    id: str
    label: str
    group: rg.Group
    domains: dict[str, int] = field(default_factory=dict)
    quadrants: dict[str, int] = field(default_factory=dict)
    by_domain: dict[str, list[Entry]] = field(default_factory=dict)
    by_quadrant: dict[str, list[Entry]] = field(default_factory=dict)


@dataclass
class RollupView:
    by: str
    heading: str
    rollup: rg.Rollup
    groups: list[GroupView]


def group_id(by: str, n: int) -> str:
    return f"{by}-{n}"


def latest_per_org(selection: Selection) -> Selection:
    """Each organisation's latest plan of the selection, with its issues (``xplan rollup``'s choice)."""
    latest: dict[str, Plan] = {}
    for p in selection.plans:
        if p.org.name not in latest or year_sort_key(p.fiscal_year) > year_sort_key(latest[p.org.name].fiscal_year):
            latest[p.org.name] = p
    chosen = {id(p) for p in latest.values()}
    return Selection([p for p in selection.plans if id(p) in chosen],
                     [(p, i) for p, i in selection.issues if id(p) in chosen])


def group_view(by: str, n: int, g: rg.Group, labels: dict[str, str]) -> GroupView:
    gv = GroupView(group_id(by, n), rg.key_label(by, g.key), g)
    domains: Counter[str] = Counter()
    quadrants: Counter[str] = Counter()
    for p, i in g.members:
        q = i.quadrant or rg.UNRATED
        e = Entry(links.issue_link(p, i), f"{p.org.name} {p.fiscal_year} {i.code}", i.display_title or "", labels[q])
        domains[i.domain] += 1
        quadrants[q] += 1
        gv.by_domain.setdefault(i.domain, []).append(e)
        gv.by_quadrant.setdefault(q, []).append(e)
    gv.domains = {d: domains[d] for d in rg.DOMAINS}
    gv.quadrants = {q: quadrants[q] for q in labels}
    return gv


def _context(site: SiteData) -> dict[str, Any]:
    from xplan.report import charts

    chosen = latest_per_org(site.selection)
    labels = {q: rg.quadrant_label(q) for q in (*QUADRANTS, rg.UNRATED)}
    views = []
    for by in BYS:
        r = rg.rollup(chosen.issues, by, site.vocabulary)
        views.append(RollupView(by, rg.by_label(by), r, [group_view(by, n, g, labels) for n, g in enumerate(r.groups, 1)]))
    years = Counter(p.fiscal_year for p in chosen.plans)
    counted = "、".join(f"{y} {years[y]}" for y in sorted(years, key=year_sort_key))
    left_out = len(site.plans) - len(chosen.plans)
    return {
        "views": views, "domains": rg.DOMAINS, "quadrants": tuple(labels), "quadrant_labels": labels,
        "plans_counted": len(chosen.plans), "counted_years": counted, "left_out": left_out,
        "chart": charts.field_chart(views[0]),
    }


def build(site: SiteData) -> list[Page]:
    """The page; its data is made only when it is rendered, and dropped after (2,000 plans: memory)."""
    return [Page(links.ROLLUP, "rollup.html", _("Rollup"), make=lambda: _context(site), nav=_("Rollup"))]
