"""Roll issues up across organisations: group the selected issues by policy field, domain,
organisation, impact/urgency quadrant, theme or year, and count them.

Every selected issue lands in exactly one group, so the total always equals the number of
issues selected. An issue without the grouped value (no 政策分野 or theme in the R6 layouts, no
rating) goes to an explicit (未設定) / unrated group: it is never dropped and never guessed.
Everything here returns plain data; ``xplan/commands/rollup.py`` prints it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from xplan.i18n import N_, _
from xplan.output.tables import Table
from xplan.plan.model import QUADRANTS, Issue, Plan
from xplan.plan.orgs import org_key
from xplan.plan.select import SelectionError
from xplan.plan.years import year_sort_key
from xplan.rollup.fields import UNSET, Vocabulary, group_names

BY_CHOICES = ("field", "domain", "org", "quadrant", "theme", "year")
DOMAINS = ("A", "B", "C")
UNRATED = "unrated"  # the quadrant of an issue without both ratings (R6 template, missing pages)
JSON_VERSION = 1

BY_LABELS = {"field": N_("Field"), "domain": N_("Domain"), "org": N_("Organisation"),
             "quadrant": N_("Quadrant (impact/urgency)"), "theme": N_("Theme"), "year": N_("Year")}


def by_label(by: str) -> str:
    return _(BY_LABELS[by])


def quadrant_label(key: str) -> str:
    """高/高 … 低/低 as the plans write them (data); the unrated group in the current language."""
    return _("unrated") if key == UNRATED else key


def json_key(key: str) -> str | None:
    """A group key in JSON: the value itself; null for the group without a value (no field, unrated)."""
    return None if key in (UNSET, UNRATED) else key

Member = tuple[Plan, Issue]


class RollupError(SelectionError):
    """A grouping that cannot be made (unknown --by, --by year with --years): exit code 2."""


@dataclass
class Group:
    """The issues sharing one key."""

    key: str
    members: list[Member] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.members)

    # one pass over the members each: a summary table asks every group, then the whole, and on 2,000
    # plans a pass per domain and quadrant was a sixth of `xplan rollup --by field --all`
    @property
    def domains(self) -> dict[str, int]:
        counts = Counter(i.domain for _, i in self.members)
        return {d: counts[d] for d in DOMAINS}

    @property
    def quadrants(self) -> dict[str, int]:
        counts = Counter(i.quadrant or UNRATED for _, i in self.members)
        return {q: counts[q] for q in (*QUADRANTS, UNRATED)}

    @property
    def orgs(self) -> list[str]:
        """The organisations involved, in selection order."""
        return list(dict.fromkeys(p.org.name for p, _ in self.members))

    def to_json(self) -> dict[str, Any]:
        return {"key": json_key(self.key), "count": self.count, "domains": self.domains, "quadrants": self.quadrants,
                "orgs": self.orgs,
                "issues": [{"org": p.org.name, "year": p.fiscal_year, "code": i.code} for p, i in self.members]}


@dataclass
class Rollup:
    by: str
    groups: list[Group] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(g.count for g in self.groups)

    def to_json(self) -> dict[str, Any]:
        return {"version": JSON_VERSION, "by": self.by, "groups": [g.to_json() for g in self.groups],
                "total": self.total}


def check_by(by: str) -> str:
    if by not in BY_CHOICES:
        raise RollupError(_("--by {value!r}: choose from {choices}").format(value=by, choices=", ".join(BY_CHOICES)))
    return by


def key_function(by: str, members: list[Member], vocabulary: Vocabulary | None = None) -> Callable[[Plan, Issue], str]:
    """How one issue of ``members`` is keyed for ``--by``. Fields (through the vocabulary) and
    themes are compared after NFKC without white space, and shown in their most used form."""
    check_by(by)
    if by in ("field", "theme"):
        vocab = (vocabulary or Vocabulary()) if by == "field" else Vocabulary()  # the vocabulary is for fields
        values = [v for _, i in members if (v := getattr(i, by)) is not None]
        names = group_names(values, vocab)
        shown = {v: names[vocab.key(v)] for v in set(values)}  # each way of writing it, once
        return lambda p, i: UNSET if (v := getattr(i, by)) is None else (shown[v] if v in shown else
                                                                          names[vocab.key(v)])
    keys: dict[str, Callable[[Plan, Issue], str]] = {
        "domain": lambda p, i: i.domain,
        "org": lambda p, i: p.org.name,
        "quadrant": lambda p, i: i.quadrant or UNRATED,
        "year": lambda p, i: p.fiscal_year,
    }
    return keys[by]


def _group_order(by: str, group: Group) -> tuple[Any, ...]:
    """Enumerations in their own order (domains A, B, C; quadrants 高/高 … 低/低; organisations in the
    city's order; years in order); free-text groups (fields, themes) most issues first, ties by name.
    The no-value group comes last."""
    last = group.key in (UNSET, UNRATED)
    if by == "domain":
        return (last, group.key)
    if by == "year":
        return (last, year_sort_key(group.key))
    if by == "org":
        plan = group.members[0][0] if group.members else None
        return (last, org_key(group.key, plan.org.kind if plan else None))
    if by == "quadrant":
        return (last, QUADRANTS.index(group.key) if group.key in QUADRANTS else len(QUADRANTS))
    return (last, -group.count, group.key)


def rollup(members: Iterable[Member], by: str = "field", vocabulary: Vocabulary | None = None) -> Rollup:
    """Group selected issues (``Selection.issues``): most issues first, then by key, the
    (未設定)/unrated group last."""
    items = list(members)
    key_of = key_function(by, items, vocabulary)
    groups: dict[str, Group] = {}
    for plan, issue in items:
        key = key_of(plan, issue)
        groups.setdefault(key, Group(key)).members.append((plan, issue))
    return Rollup(by, sorted(groups.values(), key=lambda g: _group_order(by, g)))


# -- years side by side -------------------------------------------------------------------------

@dataclass
class Period:
    """Group counts per year, with the change between consecutive years.

    A plan that was not filed is not a plan with no issues: a year without any selected plan,
    and (``--by org``) a year in which the organisation filed no plan, count as absent (None), and
    a change compares only the organisations that filed a plan in both years, so that "no plan"
    never reads as "issues dropped" (issue 16, item 2).
    """

    by: str
    years: list[str]
    plans: dict[str, int]  # year -> number of selected plans
    groups: list[Group] = field(default_factory=list)
    filed: dict[str, list[str]] = field(default_factory=dict)  # year -> organisations with a selected plan

    def _filed(self, year: str) -> set[str]:
        return set(self.filed.get(year, ()))

    def counts(self, group: Group) -> dict[str, int | None]:
        """Year -> the group's issues; None for a year without any selected plan, and by org for
        a year in which that organisation has no plan."""
        out: dict[str, int | None] = {}
        for y in self.years:
            absent = not self.plans[y] or (self.by == "org" and group.key not in self._filed(y))
            out[y] = None if absent else sum(1 for p, _ in group.members if p.fiscal_year == y)
        return out

    def compared(self) -> dict[str, list[str]]:
        """``R6→R7`` -> the organisations with a plan in both years: the ones a change compares."""
        return {f"{a}→{b}": sorted(self._filed(a) & self._filed(b)) for a, b in zip(self.years, self.years[1:])}

    def changes(self, group: Group) -> dict[str, int | None]:
        """``R6→R7`` -> the group's change over the organisations with a plan in both years; None
        where no organisation has (or, by org, this organisation has not) a plan in both."""
        out: dict[str, int | None] = {}
        for (a, b), (label, orgs) in zip(zip(self.years, self.years[1:]), self.compared().items()):
            if self.by == "org":
                orgs = [o for o in orgs if o == group.key]
            if not orgs:
                out[label] = None
                continue
            both = set(orgs)
            n = {y: sum(1 for p, _ in group.members if p.fiscal_year == y and p.org.name in both) for y in (a, b)}
            out[label] = n[b] - n[a]
        return out

    @property
    def whole(self) -> Group:
        """Every selected issue: the total row."""
        return Group("", [m for g in self.groups for m in g.members])

    @property
    def totals(self) -> dict[str, int | None]:
        return {y: sum(1 for p, _ in self.whole.members if p.fiscal_year == y) if self.plans[y] else None
                for y in self.years}

    @property
    def total_changes(self) -> dict[str, int | None]:
        return replace(self, by="").changes(self.whole)  # every organisation, whatever --by

    def to_json(self) -> dict[str, Any]:
        groups = [{"key": json_key(g.key), "counts": self.counts(g), "changes": self.changes(g)} for g in self.groups]
        return {"version": JSON_VERSION, "by": self.by, "years": self.years, "plans": self.plans,
                "filed": {y: self.filed.get(y, []) for y in self.years}, "compared": self.compared(),
                "groups": groups, "total": self.totals, "total_changes": self.total_changes}


def period(plans: Iterable[Plan], members: Iterable[Member], years: list[str] | None, by: str = "field",
           vocabulary: Vocabulary | None = None) -> Period:
    """Counts per group and year. ``years`` None means every year of the selected plans; a year
    asked for but without plans stays as a column of absent values, not zeros."""
    if by == "year":
        raise RollupError(_("--by year cannot be combined with --years, which already puts years side by side"))
    plan_list = list(plans)
    cols = list(years) if years is not None else sorted({p.fiscal_year for p in plan_list}, key=year_sort_key)
    plan_counts = {y: sum(1 for p in plan_list if p.fiscal_year == y) for y in cols}
    filed = {y: list(dict.fromkeys(p.org.name for p in plan_list if p.fiscal_year == y)) for y in cols}
    in_range = [m for m in members if m[0].fiscal_year in plan_counts]
    return Period(by, cols, plan_counts, rollup(in_range, by, vocabulary).groups, filed)


# -- tables -------------------------------------------------------------------------------------

def key_label(by: str, key: str) -> str:
    """A group key as shown in tables (JSON keeps the bare key)."""
    if by == "quadrant":
        return quadrant_label(key)
    if key == UNSET:
        return _("(no field)") if by == "field" else _("(no theme)")
    return key


def _title(by: str, extra: str = "") -> str:
    return _("Issues by {what}").format(what=by_label(by)) + extra


ORG_SEPARATOR = ", "
# In the terminal table a group's organisations are named up to this many; beyond, the first few and
# how many more (a city's 30 organisations in one cell would make every row thirty lines tall at 80
# columns). The text formats (csv, json, markdown, ...) always name every one.
SHOWN_ORGS = 6


def summary_table(r: Rollup) -> Table:
    """One row per group: counts per domain and quadrant, the organisations; a total row."""
    headers = [by_label(r.by), _("Number of issues"), *DOMAINS, *(quadrant_label(q) for q in (*QUADRANTS, UNRATED)),
               _("Organisations")]
    rows: list[list[Any]] = []
    for g in r.groups:
        rows.append([key_label(r.by, g.key), g.count, *g.domains.values(), *g.quadrants.values(), ORG_SEPARATOR.join(g.orgs)])
    whole = Group("", [m for g in r.groups for m in g.members])
    footer = [[_("Total"), r.total, *whole.domains.values(), *whole.quadrants.values(),
               _("{n} organisations").format(n=len(whole.orgs))]]
    return Table(headers, rows, title=_title(r.by, _("; quadrants are impact/urgency")), footer=footer,
                 justify=dict.fromkeys(range(1, len(headers) - 1), "right"))  # numbers; not 組織


def issues_table(r: Rollup | Period) -> Table:
    """Each group's member issues: organisation, year, code, title."""
    rows = [[key_label(r.by, g.key), p.org.name, p.fiscal_year, i.label, i.display_title or ""]
            for g in r.groups for p, i in g.members]
    return Table([by_label(r.by), _("Organisation"), _("Year"), _("Issue"), _("Title")], rows,
                 title=_("Issues of each group, by {what}").format(what=by_label(r.by)))


def format_change(change: int | None) -> str:
    if change is None:
        return "—"
    return f"+{change}" if change > 0 else ("±0" if change == 0 else f"−{-change}")


def period_table(p: Period, plain: bool = False) -> Table:
    """Years as columns, then the change between consecutive years; a total row.

    ``plain`` is for csv/tsv, read by spreadsheets and pandas: numbers as plain integers (``-17``,
    ``0``), an absent value as an empty cell; the others show ``−17``, ``±0`` and ``—``."""
    change_labels = [f"{a}→{b}" for a, b in zip(p.years, p.years[1:])]
    headers = [by_label(p.by), *p.years, *(_("change {years}").format(years=c) for c in change_labels)]

    def line(label: str, counts: dict[str, int | None], changes: dict[str, int | None]) -> list[Any]:
        if plain:
            return [label, *counts.values(), *changes.values()]
        return [label, *("—" if counts[y] is None else counts[y] for y in p.years),
                *(format_change(c) for c in changes.values())]

    rows = [line(key_label(p.by, g.key), p.counts(g), p.changes(g)) for g in p.groups]
    plans = ", ".join(f"{y} " + _("{n} plans").format(n=p.plans[y]) for y in p.years)
    note = _(" per year ({plans}; — = no plan)").format(plans=plans)
    if change_labels:
        note += _("; ") + _("changes compare only the organisations with a plan in both years")
    return Table(headers, rows, title=_title(p.by, note),
                 footer=[line(_("Total"), p.totals, p.total_changes)], justify=dict.fromkeys(range(1, len(headers)), "right"))


def rich_table(table: Table, by: str) -> Any:
    """The rollup for people at any width: columns that say nothing are left out (a domain or quadrant
    no group has; A/B/C when grouping by domain; organisations when grouping by organisation), and
    names wrap at phrases. The text formats keep every column."""
    from xplan.output.tables import to_rich

    n = len(table.headers)
    rows = table.all_rows()
    numeric = [i for i in range(1, n) if all(isinstance(r[i], int) for r in rows)]
    drop = {i for i in numeric[1:] if all(r[i] == 0 for r in rows)}  # never the count itself
    if by == "domain":
        drop |= {table.headers.index(d) for d in DOMAINS if d in table.headers}
    if by == "org":
        drop.add(n - 1)
    keep = [i for i in range(n) if i not in drop]
    rows = [[*r[:-1], _shorten_orgs(r[-1])] for r in table.rows] if by != "org" else table.rows
    slim = Table([table.headers[i] for i in keep], [[r[i] for i in keep] for r in rows], title=table.title,
                 footer=[[r[i] for i in keep] for r in table.footer],
                 justify={keep.index(i): j for i, j in table.justify.items() if i in keep})
    return to_rich(slim, compact=True)


def _shorten_orgs(cell: Any) -> Any:
    """``a, b, c, … and 171 more`` for a long list of organisations (see SHOWN_ORGS)."""
    names = cell.split(ORG_SEPARATOR) if isinstance(cell, str) and cell else []
    if len(names) <= SHOWN_ORGS:
        return cell
    head = ORG_SEPARATOR.join(names[:SHOWN_ORGS - 1])
    return _("{names} and {n} more").format(names=head, n=len(names) - SHOWN_ORGS + 1)
