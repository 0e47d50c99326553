"""``xplan agenda``: what every selected organisation scheduled for one quarter.

For the year-end review: per organisation and issue, every quarterly-table row whose cell for the
quarter holds something, with the cell's items exactly as the plan holds them. A ``→`` item (the
document's "the previous quarter's work continues") is shown as 継続 together with the item it
continues: the nearest earlier quarter of the same row that holds text. Items given as a month
range (``6～12月``) are placed in every quarter they span, as ``xplan schedule`` places them.
Plans of the R6 template, which had no quarterly table, are named as such.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from xplan.i18n import _
from xplan.output.tables import Table
from xplan.output.view import Section, ViewOutput
from xplan.plan.model import CONTINUES, QUARTER_LABELS, QUARTERS, Action, Issue, Plan
from xplan.plan.select import Selection
from xplan.plan.years import quarter_months
from xplan.views.common import by_plan, city_order, plan_label
from xplan.views.schedule import IssueSchedule, Row, issue_schedule

CONTINUES_JA = "継続"  # how the document's → reads in a list of items (plan vocabulary, not a message)


@dataclass(frozen=True, slots=True)
class Item:
    """One item of the quarter's cell: text, or → with the items it continues."""

    text: str | None
    continued: tuple[str, ...] = ()       # for →: the text of the cell it continues
    continued_from: str | None = None     # for →: that cell's quarter (None: nothing earlier in the row)

    @property
    def continues(self) -> bool:
        return self.text is None


@dataclass(slots=True)
class Entry:
    """One table row (or month-range item) with something in the quarter."""

    action: Action | None
    action_label: str                 # "(1) 取組名", or the schedule view's label of a shared table
    row_label: str | None             # the row's own label in the document (○情報の集約等)
    items: list[Item] = field(default_factory=list)
    period: str | None = None         # a month-range item: its range as written
    span: tuple[str, ...] = ()        # the quarters that range covers
    text: str | None = None           # a month-range item's text (None: the range is the action's)

    @property
    def kind(self) -> str:
        return "period" if self.period is not None else "cell"


@dataclass(slots=True)
class IssueAgenda:
    issue: Issue
    entries: list[Entry] = field(default_factory=list)


@dataclass(slots=True)
class PlanAgenda:
    plan: Plan
    quarter: str
    issues: list[IssueAgenda] = field(default_factory=list)   # only issues with entries
    idle: list[str] = field(default_factory=list)             # selected issues with nothing this quarter
    unscheduled: list[str] = field(default_factory=list)      # selected issues with no quarterly table at all

    @property
    def months(self) -> tuple[str, str] | None:
        try:
            return quarter_months(self.plan.fiscal_year, self.quarter)
        except (ValueError, IndexError):
            return None

    @property
    def note(self) -> str | None:
        if self.plan.has_schedule:
            return None
        return _("the {template} template had no quarterly schedule").format(template=self.plan.template)


def _items(row: Row, quarter: str) -> list[Item]:
    """The cell's items; a → resolved to the nearest earlier cell of the row that holds text."""
    cell = row.cells.get(quarter) or []
    out = []
    for item in cell:
        if item is not CONTINUES:
            out.append(Item(str(item)))
            continue
        earlier = QUARTERS[:QUARTERS.index(quarter)]
        source = next((q for q in reversed(earlier)
                       if any(i is not CONTINUES for i in row.cells.get(q) or [])), None)
        texts = tuple(str(i) for i in row.cells.get(source) or [] if i is not CONTINUES) if source else ()
        out.append(Item(None, texts, source))
    return out


def _entry(row: Row, quarter: str) -> Entry | None:
    if row.no_table:
        return None
    if row.period is not None:
        if quarter not in row.span:
            return None
        return Entry(row.action, row.label, row.row_label, period=row.period, span=row.span, text=row.text)
    items = _items(row, quarter)
    if not items:
        return None
    return Entry(row.action, row.label, row.row_label, items)


def issue_agenda(issue: Issue, quarter: str, schedule_of: Callable[[Issue], IssueSchedule] = issue_schedule) -> IssueAgenda:
    out = IssueAgenda(issue)
    for row in schedule_of(issue).rows:
        entry = _entry(row, quarter)
        if entry is not None:
            out.entries.append(entry)
    return out


def build(selection: Selection, quarter: str,
          schedule_of: Callable[[Issue], IssueSchedule] = issue_schedule) -> list[PlanAgenda]:
    """Per selected plan, the selected issues' entries for ``quarter`` (``q1``..``q4``).
    ``schedule_of``: each issue's schedule (a caller building every quarter passes one that
    remembers them: ``issue_schedule`` is most of the cost)."""
    if quarter not in QUARTERS:
        raise ValueError(quarter)
    out = []
    for plan, issues in city_order(by_plan(selection)):
        pa = PlanAgenda(plan, quarter)
        if plan.has_schedule:
            for issue in issues:
                ia = issue_agenda(issue, quarter, schedule_of)
                if ia.entries:
                    pa.issues.append(ia)
                elif any(not r.no_table for r in schedule_of(issue).rows):
                    pa.idle.append(issue.code)
                else:
                    pa.unscheduled.append(issue.code)
        out.append(pa)
    return out


# -- output -----------------------------------------------------------------------------------

def quarter_title(quarter: str) -> str:
    return QUARTER_LABELS[quarter]


def item_text(item: Item) -> str:
    """``継続（AI活用推進都市宣言、庁内生成AI環境の刷新）`` for →; the text itself otherwise."""
    if not item.continues:
        return item.text or ""
    if item.continued:
        return f"{CONTINUES_JA}（{'、'.join(item.continued)}）"
    return CONTINUES_JA


def entry_lines(entry: Entry) -> list[str]:
    """The entry's items as display lines (bullets when there are several)."""
    if entry.kind == "period":
        return [f"{entry.text}（{entry.period}）" if entry.text else entry.period or ""]
    texts = [item_text(i) for i in entry.items]
    return texts if len(texts) < 2 else [f"・{t}" for t in texts]


def _label(entry: Entry) -> str:
    return "\n".join(x for x in (entry.action_label, entry.row_label or "") if x)


def _plan_title(pa: PlanAgenda) -> str:
    months = pa.months
    span = f" ({months[0]}～{months[1]})" if months else ""
    return f"{plan_label(pa.plan)} {quarter_title(pa.quarter)}{span}"


def plan_notes(pa: PlanAgenda) -> list[str]:
    notes = [pa.note] if pa.note else []
    if pa.idle:
        notes.append(_("nothing scheduled this quarter: {codes}").format(codes=", ".join(pa.idle)))
    if pa.unscheduled:
        notes.append(_("no quarterly schedule in the document: {codes}").format(codes=", ".join(pa.unscheduled)))
    return notes


def headers() -> list[str]:
    return [_("Issue"), _("Action"), _("Items")]


def table(pa: PlanAgenda) -> Table:
    """One plan's agenda: issue code and title once per issue, then action and items per entry."""
    rows = []
    for ia in pa.issues:
        for n, e in enumerate(ia.entries):
            first = n == 0
            issue = f"{ia.issue.code} {ia.issue.display_title or ''}".strip() if first else ""
            rows.append([issue, _label(e), "\n".join(entry_lines(e))])
    return Table(headers(), rows, title=_plan_title(pa))


def flat_table(plans: list[PlanAgenda]) -> Table:
    """For csv/tsv: one row per entry with its organisation, year, quarter, issue and action."""
    body: list[list[Any]] = []
    for pa in plans:
        org, year, q = pa.plan.org.name, pa.plan.fiscal_year, pa.quarter.upper()
        for ia in pa.issues:
            for e in ia.entries:
                number = e.action.number if e.action and e.action.number is not None else ""
                body.append([org, year, q, ia.issue.code, ia.issue.display_title or "", number, e.action_label,
                             e.row_label or "", e.period or "", "\n".join(entry_lines(e)), ""])
        for note in plan_notes(pa):
            body.append([org, year, q, "", "", "", "", "", "", "", note])
    return Table([_("Organisation"), _("Year"), _("Quarter"), _("Issue"), _("Title"), _("Action number"),
                  _("Action"), _("Row"), _("Period"), _("Items"), _("Note")], body)


def _item_json(item: Item) -> dict[str, Any]:
    if item.continues:
        return {"continues": True, "continued_from": item.continued_from, "continued": list(item.continued)}
    return {"text": item.text}


def to_json(plans: list[PlanAgenda]) -> dict[str, Any]:
    out = []
    for pa in plans:
        issues = []
        for ia in pa.issues:
            entries = []
            for e in ia.entries:
                entry: dict[str, Any] = {"kind": e.kind, "action": e.action.number if e.action else None,
                                         "action_title": e.action.title if e.action else None,
                                         "label": e.row_label}
                if e.kind == "period":
                    entry.update(period=e.period, quarters=list(e.span), text=e.text)
                else:
                    entry["items"] = [_item_json(i) for i in e.items]
                entries.append(entry)
            issues.append({"code": ia.issue.code, "title": ia.issue.display_title, "entries": entries})
        months = pa.months
        out.append({"org": pa.plan.org.name, "year": pa.plan.fiscal_year, "quarter": pa.quarter,
                    "months": list(months) if months else None, "has_schedule": pa.plan.has_schedule,
                    "issues": issues, "idle_issues": pa.idle,
                    "unscheduled_issues": pa.unscheduled})
    return {"version": 1, "plans": out}


def sections(plans: list[PlanAgenda]) -> list[Section]:
    """Each plan's table with its notes; a plan with nothing that quarter says so under its title."""
    return [Section([table(pa)], notes=plan_notes(pa)) if pa.issues
            else Section([], notes=plan_notes(pa), heading=_plan_title(pa)) for pa in plans]


def output(plans: list[PlanAgenda]) -> ViewOutput:
    return ViewOutput("agenda", _("Agenda"), lambda: renderables(plans), lambda: to_json(plans),
                      lambda: sections(plans), lambda: flat_table(plans))


def hanging(text: str, indent: int, style: str = "", mark: str = "・") -> Any:
    """A bullet whose wrapped lines stay under its text, not under the bullet."""
    from rich.padding import Padding
    from rich.table import Table as RichTable
    from rich.text import Text

    from xplan.output.wrap import Phrased

    grid = RichTable.grid(expand=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(Text(mark, style=style), Phrased(text, style=style))
    return Padding(grid, (0, 0, 0, indent))


def renderables(plans: list[PlanAgenda]) -> list[Any]:
    """Per plan a rule; per issue its heading, then each action once and its items indented.

    A list, not a table: at 80 columns a two-column table leaves the action's title seven
    characters per line, while an indented list keeps whole phrases on a line."""
    from rich.rule import Rule
    from rich.text import Text

    from xplan.output.wrap import JaText
    out: list[Any] = []
    for pa in plans:
        out.append(Rule(Text(_plan_title(pa), style="bold"), align="left"))
        for ia in pa.issues:
            out.append(JaText(f"{ia.issue.label}{ia.issue.display_title or ''}", style="bold", end="\n"))
            previous = None
            for e in ia.entries:
                if e.action_label != previous:
                    out.append(hanging(e.action_label, 2, mark=""))
                    previous = e.action_label
                indent = 4
                if e.row_label:
                    out.append(hanging(e.row_label, 4, "dim", mark=""))
                    indent = 6
                items = e.items if e.kind == "cell" else [None]
                lines = [line.removeprefix("・") for line in entry_lines(e)]
                for line, item in zip(lines, items):
                    out.append(hanging(line, indent, "cyan" if item is not None and item.continues else ""))
            out.append(Text(""))
        for note in plan_notes(pa):
            out.append(Text(note, style="dim"))
        if plan_notes(pa):
            out.append(Text(""))
    return out
