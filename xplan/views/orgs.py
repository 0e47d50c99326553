"""``xplan orgs``: the organisations and fiscal years present, with issue counts per domain."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xplan.i18n import N_, _
from xplan.output.tables import Table, to_rich
from xplan.output.view import Section, ViewOutput
from xplan.plan.select import Selection
from xplan.views.common import by_plan

DOMAINS = ("A", "B", "C")
KINDS = {"ward": N_("ward"), "bureau": N_("bureau")}
LAYOUTS = {"current": N_("current"), "ward_themes": N_("ward themes"), "retrospective": N_("retrospective")}
HEADERS = (N_("Organisation"), N_("Kind"), N_("Slug"), N_("Year"), N_("Template"), "A", "B", "C", N_("Total"))


@dataclass(frozen=True)
class PlanCount:
    org: str
    kind: str
    slug: str
    aliases: tuple[str, ...]
    year: str
    template: str
    layout: str
    domains: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.domains.values())


def build(selection: Selection) -> list[PlanCount]:
    """One entry per selected plan (organisation, year), counting the selected issues by domain."""
    out = []
    for plan, issues in by_plan(selection):
        counts = dict.fromkeys(DOMAINS, 0)
        for issue in issues:
            counts[issue.domain] = counts.get(issue.domain, 0) + 1
        out.append(PlanCount(plan.org.name, plan.org.kind, plan.org.slug, tuple(plan.org.aliases),
                             plan.fiscal_year, plan.template, plan.layout, counts))
    return out


def to_json(items: list[PlanCount]) -> dict[str, Any]:
    orgs: dict[str, dict[str, Any]] = {}
    for c in items:
        entry = orgs.setdefault(c.org, {"org": c.org, "kind": c.kind, "slug": c.slug,
                                        "aliases": list(c.aliases), "plans": []})
        entry["plans"].append({"year": c.year, "template": c.template, "layout": c.layout,
                               "issues": c.total, "domains": dict(c.domains)})
    return {"version": 1, "orgs": list(orgs.values())}


def table(items: list[PlanCount]) -> Table:
    rows = [[c.org, _(KINDS[c.kind]) if c.kind in KINDS else c.kind, c.slug, c.year,
             f"{c.template} {_(LAYOUTS[c.layout]) if c.layout in LAYOUTS else c.layout}",
             *(c.domains.get(d, 0) for d in DOMAINS), c.total] for c in items]
    footer = [[_("Total"), "", "", _("{n} plans").format(n=len(items)), "",
               *(sum(c.domains.get(d, 0) for c in items) for d in DOMAINS), sum(c.total for c in items)]]
    title = _("Organisations and plans ({orgs} organisations, {plans} plans)").format(
        orgs=len({c.org for c in items}), plans=len(items))
    return Table([_(h) for h in HEADERS], rows, title=title, footer=footer if items else [],
                 justify={5: "right", 6: "right", 7: "right", 8: "right"})


def output(items: list[PlanCount]) -> ViewOutput:
    return ViewOutput("orgs", _("Organisations"), lambda: renderables(items), lambda: to_json(items),
                      lambda: [Section([table(items)])], lambda: table(items))


def renderables(items: list[PlanCount]) -> list[Any]:
    """The count table in the layout of rollup's: no frame, and text that wraps at phrases when it must.
    In a frame, the table was 88 columns wide and an 80-column terminal cut every name to 政…."""
    return [to_rich(table(items), compact=True)]
