"""``xplan issues``: one row per issue across the selected plans, filterable and sortable."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from xplan.i18n import N_, _
from xplan.output.tables import Table
from xplan.output.view import Section, ViewOutput
from xplan.plan.orgs import org_key
from xplan.plan.select import Selection, SelectionError, normalise
from xplan.plan.years import year_sort_key
from xplan.views.common import ORDER, rating, rating_label, unrated, unset_field

SORT_KEYS = ("org", "year", "code", "field", "title", "impact", "urgency", "actions")
HEADERS = (N_("Organisation"), N_("Year"), N_("Issue"), N_("Field"), N_("Title"), N_("Impact"), N_("Urgency"),
           N_("Actions"))
_RATING_WORDS = {"高": "高", "high": "高", "h": "高", "低": "低", "low": "低", "l": "低",
                 "未評価": None, "none": None, "unrated": None}


@dataclass(frozen=True)
class IssueRow:
    org: str
    year: str
    code: str
    domain: str
    number: int
    field: str | None
    title: str | None
    impact: str | None   # 高 | 低 | None, as the plan writes it
    urgency: str | None
    actions: int

    def to_json(self) -> dict[str, Any]:
        return {"org": self.org, "year": self.year, "code": self.code, "domain": self.domain,
                "number": self.number, "field": self.field, "title": self.title,
                "impact": self.impact, "urgency": self.urgency, "actions": self.actions}


def parse_rating_filter(values: list[str] | None, option: str) -> set[str | None] | None:
    """--impact / --urgency values (高, 低, high, low, 未評価/none) -> the wanted ratings."""
    if not values:
        return None
    wanted: set[str | None] = set()
    for v in values:
        key = unicodedata.normalize("NFKC", v).strip().lower()
        if key not in _RATING_WORDS:
            raise SelectionError(_("{option} {value!r}: use 高, 低, high, low or 未評価/none").format(
                option=option, value=v))
        wanted.add(_RATING_WORDS[key])
    return wanted


def rows(selection: Selection, impact: list[str] | None = None, urgency: list[str] | None = None,
         sort: str | None = None, reverse: bool = False) -> list[IssueRow]:
    """The selected issues as rows: filtered by rating, then sorted (plan order by default)."""
    want_impact = parse_rating_filter(impact, "--impact")
    want_urgency = parse_rating_filter(urgency, "--urgency")
    out = []
    for plan, issue in selection.issues:
        row = IssueRow(org=plan.org.name, year=plan.fiscal_year, code=issue.code, domain=issue.domain,
                       number=issue.number, field=issue.field, title=issue.display_title,
                       impact=rating(issue.impact), urgency=rating(issue.urgency),
                       actions=issue.action_count)
        if want_impact is not None and row.impact not in want_impact:
            continue
        if want_urgency is not None and row.urgency not in want_urgency:
            continue
        out.append(row)
    return sort_rows(out, sort, reverse)


def sort_rows(items: list[IssueRow], sort: str | None, reverse: bool = False) -> list[IssueRow]:
    """Stable sort on one key; rows without a value (no field, unrated) stay last either way."""
    base = sorted(items, key=lambda r: (org_key(r.org), year_sort_key(r.year), r.domain, r.number))
    if sort is None:
        return list(reversed(base)) if reverse else base
    if sort not in SORT_KEYS:
        raise SelectionError(_("--sort {value!r}: choose from {choices}").format(value=sort,
                                                                                  choices=", ".join(SORT_KEYS)))
    keys = {
        "org": lambda r: org_key(r.org),
        "year": lambda r: year_sort_key(r.year),
        "code": lambda r: (r.domain, r.number),
        "field": lambda r: normalise(r.field) if r.field else None,
        "title": lambda r: normalise(r.title) if r.title else None,
        "impact": lambda r: ORDER.get(r.impact) if r.impact else None,
        "urgency": lambda r: ORDER.get(r.urgency) if r.urgency else None,
        "actions": lambda r: r.actions,
    }
    key = keys[sort]
    present = [r for r in base if key(r) is not None]
    missing = [r for r in base if key(r) is None]
    return sorted(present, key=key, reverse=reverse) + missing


def table(items: list[IssueRow]) -> Table:
    body = [[r.org, r.year, r.code, r.field or unset_field(), r.title or "", rating_label(r.impact),
             rating_label(r.urgency), r.actions] for r in items]
    return Table([_(h) for h in HEADERS], body, title=_("Issues ({n})").format(n=len(items)), justify={7: "right"})


def to_json(items: list[IssueRow]) -> dict[str, Any]:
    return {"version": 1, "issues": [r.to_json() for r in items]}


def output(items: list[IssueRow]) -> ViewOutput:
    return ViewOutput("issues", _("Issues"), lambda: renderables(items), lambda: to_json(items),
                      lambda: [Section([table(items)])], lambda: table(items))


def renderables(items: list[IssueRow]) -> list[Any]:
    """A rich table sized from its content: organisation and year in one column (or in the title when
    one plan is shown), impact/urgency as one 評価 column (高/低 as the plans write them), a field column
    only when some issue has a field, and the title wrapped at phrases (BudouX) in the room left."""
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    from xplan.output.wrap import JaText, width

    plans = list(dict.fromkeys((r.org, r.year) for r in items))
    one_plan = len(plans) == 1
    title = (_("Issues of {plan} ({n})").format(plan=f"{plans[0][0]} {plans[0][1]}", n=len(items)) if one_plan
             else _("Issues ({n})").format(n=len(items)))
    fields = any(r.field for r in items)
    rt = RichTable(title=title, title_justify="left", header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False,
                   show_edge=False, padding=(0, 1, 0, 0), caption=_("rating: impact/urgency"), caption_justify="left")
    rows: list[tuple[str, str, str, str, bool, IssueRow]] = []
    for r in items:
        rated = r.impact is not None and r.urgency is not None
        rating = f"{r.impact}/{r.urgency}" if rated else (
            f"{r.impact or '-'}/{r.urgency or '-'}" if (r.impact or r.urgency) else unrated())
        rows.append((f"{r.org} {r.year}", r.code, rating, str(r.actions), rated, r))

    def fixed(header: str, k: int) -> int:
        # the one-line columns are as wide as their widest cell, measured here once per cell: rich
        # measures every cell of every column, most of the time of a table of thousands of issues
        return max(width(header), max((width(str(row[k])) for row in rows), default=0))

    if not one_plan:
        rt.add_column(_("Organisation"), no_wrap=True, width=fixed(_("Organisation"), 0))
    rt.add_column(_("Issue"), no_wrap=True, width=fixed(_("Issue"), 1))
    if fields:
        natural = max(width(_("Field")), max((width(r.field or unset_field()) for r in items), default=0))
        rt.add_column(_("Field"), width=min(natural, 12))  # wrapped at phrases when longer
    rt.add_column(_("Title"), ratio=1)
    rt.add_column(_("Rating"), no_wrap=True, width=fixed(_("Rating"), 2))
    rt.add_column(_("Actions"), justify="right", no_wrap=True, width=fixed(_("Actions"), 3))
    for plan_year, code, rating, actions, rated, r in rows:
        cells: list[Any] = [] if one_plan else [Text(plan_year)]
        cells.append(Text(code))
        if fields:
            cells.append(JaText(r.field, max_min=12) if r.field else Text(unset_field(), style="dim"))
        cells.append(JaText(r.title or ""))
        cells.append(Text(rating, style="" if rated else "dim"))
        cells.append(Text(actions))
        rt.add_row(*cells)
    return [rt]
