"""``rollup.html``: issues per policy field, domain and quadrant (``xplan rollup``), each count
linking to the list of exactly those issues."""

from __future__ import annotations

from dataclasses import dataclass

from xplan.i18n import _
from xplan.plan.model import QUADRANTS
from xplan.report import links
from xplan.report.pages import Page, SiteData
from xplan.rollup import groups as rg

BYS = ("field", "domain", "quadrant")


@dataclass
class GroupView:
    id: str
    label: str
    group: rg.Group


@dataclass
class RollupView:
    by: str
    heading: str
    rollup: rg.Rollup
    groups: list[GroupView]


def group_id(by: str, n: int) -> str:
    return f"{by}-{n}"


def build(site: SiteData) -> list[Page]:
    views = []
    for by in BYS:
        r = rg.rollup(site.selection.issues, by, site.vocabulary)
        views.append(RollupView(by, rg.BY_LABELS[by], r,
                                [GroupView(group_id(by, n), rg.key_label(by, g.key), g) for n, g in enumerate(r.groups, 1)]))
    return [Page(links.ROLLUP, "rollup.html", _("Rollup"), {
        "views": views, "domains": rg.DOMAINS, "quadrants": (*QUADRANTS, rg.UNRATED),
        "quadrant_labels": rg.QUADRANT_LABELS, "issue_link": links.issue_link,
    }, nav=_("Rollup"))]
