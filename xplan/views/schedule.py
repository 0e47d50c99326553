"""``xplan schedule``: ⑤ 取組内容(四半期間隔) as a table, actions × 第1～第4四半期.

A cell holding → (the previous cell's work continues) is drawn as a continuation bar. Items given
as a month range instead of quarters (``period: 6～12月`` on a row, an action or an item) are
placed in the quarters they span: Q1 = 4～6月, Q2 = 7～9月, Q3 = 10～12月, Q4 = 1～3月, so 6～12月
covers Q1–Q3. The R6 template had no quarterly table; for such plans the view says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from xplan.i18n import N_, Message, _, fixed
from xplan.output.tables import Table
from xplan.output.view import Section, ViewOutput
from xplan.plan.model import (
    CONTINUES,
    QUARTER_LABELS,
    QUARTERS,
    Action,
    Block,
    CellItem,
    Dated,
    Headed,
    Issue,
    LeadIn,
    Plan,
)
from xplan.plan.select import Selection
from xplan.plan.years import quarters_of
from xplan.views.common import ABSENT_MSGID as ABSENT
from xplan.views.common import absent, by_plan, find_issue, plan_label

_SHARED_TABLE = N_("(issue's table)")  # a table printed for the issue, not under one action


def shared_table() -> str:
    return _(_SHARED_TABLE)


def schedule_title(plan: Plan) -> str:
    return _("{plan} quarterly schedule").format(plan=plan_label(plan))


@dataclass(slots=True)
class Row:
    """One line of the table: a printed table row, or an item placed by its month range."""

    action: Action | None
    label: str                                  # the 取組 column: "(1) 取組名", or shared_table()
    row_label: str | None = None                # a row's own label in the document (○情報の集約等)
    cells: dict[str, list[CellItem] | None] = field(default_factory=dict)  # None: not printed
    period: str | None = None                   # month-range rows
    span: tuple[str, ...] = ()                  # the quarters a month range covers
    text: str | None = None                     # a month-range item's text
    no_table: bool = False                      # an action the document gives no table for
    # a table printed for the issue, not under one action: the actions it names (none: the whole issue)
    shared: tuple[int, ...] | None = None

    def cell(self, q: str) -> list[CellItem] | None:
        """The cell as displayed: a month range fills its first quarter and continues after."""
        if self.period is not None:
            if q not in self.span:
                return []
            if q == self.span[0]:
                return [f"{self.text}（{self.period}）" if self.text else self.period]
            return [CONTINUES]
        if self.no_table:
            return []
        return self.cells.get(q)


@dataclass(slots=True)
class IssueSchedule:
    issue: Issue
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # Messages: JSON carries them in the default language


@dataclass(slots=True)
class PlanSchedule:
    plan: Plan
    issues: list[IssueSchedule] = field(default_factory=list)

    @property
    def note(self) -> str | None:
        if self.plan.has_schedule:
            return None
        return Message("{plan}: the {template} template had no quarterly schedule",
                       plan=plan_label(self.plan), template=self.plan.template)


def action_label(action: Action) -> str:
    number = f"({action.number})" if action.number is not None else ""
    if action.title:
        return f"{number} {action.title}".strip()
    return number or _("(untitled action)")


def _dated(items: list[Block] | tuple[Block, ...]) -> Iterator[Dated]:
    for b in items:
        if isinstance(b, Dated):
            yield b
        elif isinstance(b, (Headed, LeadIn)):
            yield from _dated(b.items)


def issue_schedule(issue: Issue) -> IssueSchedule:
    """Rows in document order: each action's table rows and month ranges, then a shared table."""
    out = IssueSchedule(issue)
    unplaced: list[str] = []
    without_table: list[str] = []
    for action in issue.actions or []:
        label = action_label(action)
        rows: list[Row] = []
        if action.period:
            rows.append(Row(action, label, period=action.period, span=quarters_of(action.period) or ()))
        for item in _dated(action.description):
            rows.append(Row(action, label, period=item.period, span=quarters_of(item.period) or (), text=item.text))
        for r in action.schedule or []:
            if r.is_period_row:
                rows.append(Row(action, label, r.label, period=r.period, span=quarters_of(r.period or "") or ()))
            else:
                rows.append(Row(action, label, r.label, cells=dict(r.cells)))
        unplaced += [f"{label}: {r.period}" for r in rows if r.period is not None and not r.span]
        if not rows:
            rows.append(Row(action, label, no_table=True))
            without_table.append(f"({action.number})" if action.number is not None else label)
        out.rows += rows
    for r in issue.schedule or []:
        label = (_("Actions {numbers}").format(numbers=", ".join(f"({a})" for a in r.actions)) if r.actions
                 else shared_table())
        if r.is_period_row:
            out.rows.append(Row(None, label, r.label, period=r.period, span=quarters_of(r.period or "") or (),
                                shared=tuple(r.actions)))
        else:
            out.rows.append(Row(None, label, r.label, cells=dict(r.cells), shared=tuple(r.actions)))
    if not issue.has_detail:
        out.notes.append(Message("no detail page, so no actions (⑤)"))
    elif not issue.actions and not issue.schedule:
        out.notes.append(Message("no actions (⑤) in the document"))
    if without_table:
        out.notes.append(Message("actions {numbers}: no quarterly table of their own", numbers="".join(without_table)))
    if unplaced:
        out.notes.append(Message("periods that fit no quarter: {periods}", periods=", ".join(unplaced)))
    if any(r.cells.get(q) is None for r in out.rows if r.period is None and not r.no_table for q in QUARTERS):
        out.notes.append(Message("{absent}: the document prints no cell for that quarter",
                                 absent=Message(ABSENT)))
    return out


def build(selection: Selection, issue_ref: str | None = None) -> list[PlanSchedule]:
    out = []
    for plan, issues in by_plan(selection):
        ps = PlanSchedule(plan)
        if plan.has_schedule:
            chosen = [find_issue(plan, issue_ref)] if issue_ref else issues
            ps.issues = [issue_schedule(i) for i in chosen]
        elif issue_ref:
            find_issue(plan, issue_ref)  # still an error to name an issue the plan lacks
        out.append(ps)
    return out


# -- output -----------------------------------------------------------------------------------

def _item_lines(items: list[CellItem]) -> list[CellItem]:
    """A cell with several bullets shows them as bullets, so that wrapped lines do not run together."""
    if len([i for i in items if i is not CONTINUES]) < 2:
        return items
    return [i if i is CONTINUES else f"・{i}" for i in items]


def cell_text(items: list[CellItem] | None) -> str:
    if items is None:
        return absent()
    return "\n".join(str(i) for i in _item_lines(items))  # → stays →


def _cell_json(items: list[CellItem] | None) -> list[Any] | None:
    if items is None:
        return None
    return [{"continues": True} if i is CONTINUES else i for i in items]


def to_json(plans: list[PlanSchedule]) -> dict[str, Any]:
    out = []
    for ps in plans:
        issues = []
        for s in ps.issues:
            rows = []
            for r in s.rows:
                row: dict[str, Any] = {"action": r.action.number if r.action else None,
                                       "action_title": r.action.title if r.action else None,
                                       "label": r.row_label}
                if r.period is not None:
                    row.update(period=r.period, quarters=list(r.span) or None, text=r.text)
                elif r.no_table:
                    row["no_table"] = True
                else:
                    row.update({q: _cell_json(r.cells.get(q)) for q in QUARTERS})
                rows.append(row)
            issues.append({"code": s.issue.code, "title": s.issue.display_title,
                           "notes": [fixed(n) for n in s.notes], "rows": rows})
        # notes are sentences: in the default language, so that JSON is the same whatever --lang says
        out.append({"org": ps.plan.org.name, "year": ps.plan.fiscal_year, "has_schedule": ps.plan.has_schedule,
                    "note": fixed(ps.note) if ps.note else None, "issues": issues})
    return {"version": 1, "plans": out}


def quarter_headers() -> list[str]:
    return [QUARTER_LABELS[q] for q in QUARTERS]


def table(ps: PlanSchedule) -> Table:
    """One plan's schedule; the 課題 and 取組 cells are printed once for their rows."""
    rows = []
    for s in ps.issues:
        for i, r in enumerate(s.rows):
            first_of_action = i == 0 or s.rows[i - 1].label != r.label
            label = "\n".join(x for x in (r.label if first_of_action else "", r.row_label or "") if x)
            rows.append([s.issue.code if i == 0 else "", label, *(cell_text(r.cell(q)) for q in QUARTERS)])
    return Table([_("Issue"), _("Action"), *quarter_headers()], rows, title=schedule_title(ps.plan))


def _notes(ps: PlanSchedule) -> list[str]:
    notes: list[str] = [ps.note] if ps.note else []
    for s in ps.issues:
        notes += [f"{s.issue.code}: {n}" for n in s.notes]
    return notes


def flat_table(plans: list[PlanSchedule]) -> Table:
    """For csv/tsv: every row with its plan, issue and action; notes as rows of their own."""
    body: list[list[str | int]] = []
    for ps in plans:
        org, year = ps.plan.org.name, ps.plan.fiscal_year
        if ps.note:
            body.append([org, year, "", "", "", "", "", "", "", "", "", ps.note])
        for s in ps.issues:
            for r in s.rows:
                body.append([org, year, s.issue.code, r.action.number if r.action and r.action.number is not None else "",
                             r.label, r.row_label or "", r.period or "", *(cell_text(r.cell(q)) for q in QUARTERS), ""])
            for n in s.notes:
                body.append([org, year, s.issue.code, "", "", "", "", "", "", "", "", n])
    return Table([_("Organisation"), _("Year"), _("Issue"), _("Action number"), _("Action"), _("Row"), _("Period"),
                  *quarter_headers(), _("Note")], body)


def sections(plans: list[PlanSchedule]) -> list[Section]:
    """Each plan's table with its notes; a plan without one says so under its title instead."""
    return [Section([table(ps)], notes=_notes(ps)) if ps.issues and any(s.rows for s in ps.issues)
            else Section([], notes=_notes(ps), heading=schedule_title(ps.plan)) for ps in plans]


def output(plans: list[PlanSchedule], documents: Mapping[str, Callable[[], str]] | None = None) -> ViewOutput:
    return ViewOutput("schedule", _("Schedule"), lambda: renderables(plans), lambda: to_json(plans),
                      lambda: sections(plans), lambda: flat_table(plans), documents or {})


class Continuation:
    """A rich renderable drawing → as a bar across the whole cell: the work continues."""

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.text import Text

        width = max(options.max_width, 2)
        yield Text("─" * (width - 1) + "→", style="cyan")

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        from rich.measure import Measurement

        return Measurement(2, 2)


def _rich_cell(items: list[CellItem] | None, no_table: bool = False) -> Any:
    from rich.console import Group
    from rich.text import Text

    from xplan.output.wrap import JaText

    if no_table:
        return Text("—", style="dim")
    if items is None:
        return Text(absent(), style="dim")
    # the plan's words wrap at phrases with kinsoku (no line starting with ）), like every Japanese cell
    return Group(*(Continuation() if i is CONTINUES else JaText(str(i), end="\n") for i in _item_lines(items)))


def issue_renderable(s: IssueSchedule, title: bool = True, labels: bool = True) -> Any:
    """One issue's table (or its notes alone when it has no rows). ``labels=False`` leaves the
    取組 column out (one action's own table, under its heading) unless rows have labels."""
    from rich.console import Group
    from rich.table import Table as RichTable
    from rich.text import Text

    from xplan.output.wrap import JaText

    parts: list[Any] = []
    heading = f"{s.issue.label}{s.issue.display_title or ''}"
    if s.rows:
        if title:  # above the table rather than its title: rich wraps titles inside words (…の実|施)
            parts.append(JaText(heading, style="bold", end="\n"))
        t = RichTable(expand=True, header_style="bold", show_lines=True)
        label_column = labels or any(r.row_label for r in s.rows)
        if label_column:
            # the action's title gets a little more than a quarter: 区役所窓口業務に is one phrase
            t.add_column(_("Action") if labels else "", ratio=3)
        for h in quarter_headers():  # 第1四半期 over (4～6月): a header that wraps where it should
            t.add_column(h.replace("(", "\n(", 1), ratio=2)
        for i, r in enumerate(s.rows):
            first = i == 0 or s.rows[i - 1].label != r.label
            # a further row of the same action: 〃 (ditto), as Japanese tables mark "same as above"
            name = (r.label if first else "〃") if labels else ""
            label = Group(*([JaText(name, style="bold" if first else "dim", end="\n")] if name else []),
                          *([JaText(r.row_label, end="\n")] if r.row_label else []))
            cells = [_rich_cell(r.cell(q), r.no_table) for q in QUARTERS]
            t.add_row(*([label] if label_column else []), *cells)
        parts.append(t)
    elif title:
        parts.append(JaText(heading, style="bold", end="\n"))
    parts += [Text(n, style="dim") for n in s.notes]
    return Group(*parts)


def renderables(plans: list[PlanSchedule]) -> list[Any]:
    from rich.rule import Rule
    from rich.text import Text

    out: list[Any] = []
    for ps in plans:
        out.append(Rule(Text(schedule_title(ps.plan), style="bold"), align="left"))
        if ps.note:
            out.append(Text(ps.note))
        for n, s in enumerate(ps.issues):
            if n:
                out.append(Text(""))
            out.append(issue_renderable(s))
    return out
