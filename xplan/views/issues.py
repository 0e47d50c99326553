"""``xplan issues``: one row per issue across the selected plans, filterable and sortable."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from xplan.plan.catalog import year_sort_key
from xplan.plan.orgs import org_key
from xplan.output.tables import Table
from xplan.plan.select import Selection, SelectionError, normalise
from xplan.i18n import N_, _
from xplan.views.common import ORDER, dumps, rating, rating_label, tables_text, unset_field

SORT_KEYS = ("org", "year", "code", "field", "title", "impact", "urgency", "actions")
HEADERS = (N_("Organisation"), N_("Year"), N_("Issue"), N_("Field"), N_("Title"), N_("Impact"), N_("Urgency"),
           N_("Actions"))
_MAX_WIDTHS = {0: 10, 3: 10, 5: 6, 6: 6, 7: 6}  # display columns per header index (rich only)
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


def text(items: list[IssueRow], fmt: str, bom: bool = False) -> str:
    if fmt == "json":
        return dumps(to_json(items))
    return tables_text([table(items)], fmt, bom=bom)


def renderables(items: list[IssueRow]) -> list[Any]:
    """A rich table; with one plan selected its name goes into the title instead of two columns."""
    from rich.table import Table as RichTable
    from rich.text import Text

    t = table(items)
    plans = {(r.org, r.year) for r in items}
    skip = {0, 1} if len(plans) == 1 else set()
    title = t.title if not skip else _("Issues of {plan} ({n})").format(plan=f"{items[0].org} {items[0].year}",
                                                                        n=len(items))
    rt = RichTable(title=title, title_justify="left", header_style="bold")
    for i, h in enumerate(t.headers):
        if i in skip:
            continue
        if i == 4:  # the title takes what is left and wraps
            rt.add_column(h, overflow="fold", min_width=8)
        else:  # short values: capped, so that the title keeps the room; headers fold if need be
            rt.add_column(h, justify=t.justify.get(i, "left"), overflow="fold",  # type: ignore[arg-type]
                          max_width=_MAX_WIDTHS.get(i))
    for row, r in zip(t.rows, items):
        cells = [Text(str(c)) for c in row]
        if r.field is None:
            cells[3].stylize("dim")
        for i, value in ((5, r.impact), (6, r.urgency)):
            if value is None:
                cells[i].stylize("dim")
        rt.add_row(*(c for i, c in enumerate(cells) if i not in skip))
    return [rt]
