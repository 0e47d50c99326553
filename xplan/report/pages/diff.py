"""``diff/R6-R7.html``: for every pair of consecutive fiscal years present, what ``xplan diff R6 R7``
reports, on the plans selected: a chart of each organisation's issue count in the two years, then
per organisation and changed issue a side-by-side table — the item, the old year's words, the new
year's — with the words that changed marked inside the paragraph (<del>/<ins>, which also read
without colour), instead of a column of red and green lines."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from xplan.diff import report as rep
from xplan.diff.compare import ACTION, CELL, FIELD, RATING, Change
from xplan.diff.sides import Side
from xplan.diff.textdiff import DELETE, EQUAL, INSERT, paragraph_diff
from xplan.i18n import _
from xplan.plan.years import year_sort_key
from xplan.report import charts, links
from xplan.report.pages import Page, SiteData

Seg = tuple[str, str]  # (text, "" | "del" | "ins")


@dataclass
class SideRow:
    label: str
    old: list[list[Seg]]   # paragraphs on the old side (empty: nothing there)
    new: list[list[Seg]]


@dataclass
class IssueBlock:
    heading: list[Seg]
    notes: list[str]
    rows: list[SideRow] = field(default_factory=list)


@dataclass
class OrgBlock:
    heading: list[Seg]
    summary: str | None
    issues: list[IssueBlock] = field(default_factory=list)


def side(site: SiteData, year: str) -> Side:
    """The plans of one year, as ``xplan diff`` would read them for ``R7`` (already loaded)."""
    return Side(year, year, year, [p for p in site.plans if p.fiscal_year == year])


def _value(value: Any, kind: str) -> str:
    return rep._cell(value) if kind == CELL else rep._absent(value, kind)


def side_row(c: Change) -> SideRow:
    """One change as the old and the new side, the changed words marked."""
    if c.kind in (FIELD, RATING, CELL):
        return SideRow(c.label, [[(_value(c.old, c.kind), "del")]], [[(_value(c.new, c.kind), "ins")]])
    if c.kind == ACTION:
        v = c.new if c.old is None else c.old
        title = [(v.get("title") or _("(untitled action)"), "ins" if c.old is None else "del")]
        return SideRow(c.label, [] if c.old is None else [title], [title] if c.old is None else [])
    old: list[list[Seg]] = []
    new: list[list[Seg]] = []
    for pieces in paragraph_diff(c.old, c.new):
        o = [(p.text, "" if p.kind == EQUAL else "del") for p in pieces if p.kind in (EQUAL, DELETE)]
        n = [(p.text, "" if p.kind == EQUAL else "ins") for p in pieces if p.kind in (EQUAL, INSERT)]
        if o:
            old.append(o)
        if n:
            new.append(n)
    return SideRow(c.label, old, new)


def _segs(line: rep.Line) -> list[Seg]:
    styles = {"add": "ins", "ins": "ins", "del": "del", "rm": "del"}
    return [(text, styles.get(style, "dim" if style == "dim" else "")) for text, style in line.segs]


def blocks(report: rep.DiffReport) -> list[OrgBlock]:
    out = []
    for o in report.orgs:
        block = OrgBlock(_segs(rep._org_heading(o, report)), None)
        out.append(block)
        if o.status != "both":
            continue
        block.summary = rep._counts_text(o.counts())
        for d in o.issues:
            if not d.changed and not d.pair.notes:
                continue
            ib = IssueBlock(_segs(rep._issue_line(d)), [str(n) for n in d.pair.notes])
            ib.rows = [side_row(c) for c in d.changes]
            block.issues.append(ib)
    return out


def _context(site: SiteData, old: str, new: str) -> dict[str, Any]:
    report = rep.build_report(side(site, old), side(site, new))
    plans = {id(p): links.plan_page(p) for p in site.plans}
    orgs = [(o, plans.get(id(o.old_plan)), plans.get(id(o.new_plan))) for o in report.orgs]
    return {"blocks": blocks(report), "orgs": orgs, "report": report, "chart": charts.diff_chart(old, new, report.orgs)}


def build(site: SiteData) -> list[Page]:
    """A page per pair of consecutive years; its data is made only when it is rendered."""
    years = sorted({p.fiscal_year for p in site.plans}, key=year_sort_key)
    return [Page(links.diff_page(old, new), "diff.html", _("Changes %(old)s → %(new)s") % {"old": old, "new": new},
                 make=functools.partial(_context, site, old, new), nav=f"{old}→{new}")
            for old, new in pairwise(years)]
