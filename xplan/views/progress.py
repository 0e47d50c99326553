"""``xplan progress``: per organisation, issue and action, what the schedule planned up to a date
and the progress checkpoint (⑥ 進捗状況) reported for it — or that none was reported.

A checkpoint belongs to the action it names (``action: 2``); one that names none belongs to the
issue's only action, or else to the issue as a whole. The date is a month (``2025-12``): the
quarters that have begun by then count as planned, and checkpoints dated up to then as reported.
Without a date each plan is read as of its own latest checkpoint.

A plan without any checkpoint (its document has no ⑥, like 総務市民局 R7, or the template has
none) is shown as "no progress section" — one line, not one "not reported" per action.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from xplan.i18n import N_, _
from xplan.output.tables import Table
from xplan.output.view import Section, ViewOutput
from xplan.plan.model import Action, Block, Checkpoint, Dated, Headed, Issue, LeadIn, Plan, plain_lines
from xplan.plan.select import Selection
from xplan.plan.years import quarters_started
from xplan.views.agenda import Item, _items, item_text
from xplan.views.common import by_plan, city_order, plan_label
from xplan.views.schedule import IssueSchedule, Row, action_label, issue_schedule, shared_table

_WHOLE_ISSUE = N_("(the issue as a whole)")  # progress reported for the issue, not one action (like shared_table())


def whole_issue() -> str:
    return _(_WHOLE_ISSUE)
REPORTED, NOT_REPORTED = "reported", "not_reported"
HAS_SECTION, NO_SECTION = "reported", "no_progress_section"


@dataclass(slots=True)
class Planned:
    """What one schedule row planned in one quarter up to the date."""

    quarter: str
    row_label: str | None
    items: list[Item]
    row: int = 0            # which schedule row (for display: one row's quarters together)


@dataclass(slots=True)
class ActionProgress:
    issue: Issue
    action: Action | None                 # None: the issue as a whole
    label: str
    planned: list[Planned] | None         # None: the plan has no quarterly table
    checkpoints: list[Checkpoint] = field(default_factory=list)   # reported up to the date
    later: list[Checkpoint] = field(default_factory=list)         # dated after it (not counted)

    @property
    def status(self) -> str:
        return REPORTED if self.checkpoints else NOT_REPORTED


@dataclass(slots=True)
class PlanProgress:
    plan: Plan
    as_of: str | None                     # the date read (given, else the plan's latest checkpoint)
    has_section: bool                     # the plan holds any progress checkpoint
    rows: list[ActionProgress] = field(default_factory=list)
    action_count: int = 0                 # the selected issues' actions (for a plan without a section)

    @property
    def status(self) -> str:
        return HAS_SECTION if self.has_section else NO_SECTION

    @property
    def with_progress(self) -> int:
        return sum(1 for r in self.rows if r.status == REPORTED)

    @property
    def without_progress(self) -> int:
        return sum(1 for r in self.rows if r.status == NOT_REPORTED)

    @property
    def units(self) -> int:
        return len(self.rows) if self.has_section else self.action_count

    def issues(self) -> list[tuple[Issue, list[ActionProgress]]]:
        out: dict[int, tuple[Issue, list[ActionProgress]]] = {}
        for r in self.rows:
            out.setdefault(id(r.issue), (r.issue, []))[1].append(r)
        return list(out.values())


def latest_checkpoint(plan: Plan) -> str | None:
    dates = [c.as_of for i in plan.issues for c in i.progress if c.as_of]
    return max(dates) if dates else None


def _planned(rows: list[Row], started: tuple[str, ...]) -> list[Planned]:
    out = []
    for n, r in enumerate(rows):
        if r.no_table:
            continue
        for q in started:
            if r.period is not None:
                if r.span and r.span[0] == q:  # a month range is planned from its first quarter
                    text = f"{r.text}（{r.period}）" if r.text else r.period
                    out.append(Planned(q, r.row_label, [Item(text)], n))
                continue
            items = _items(r, q)
            if items:
                out.append(Planned(q, r.row_label, items, n))
    return out


def _split(checkpoints: list[Checkpoint], as_of: str | None) -> tuple[list[Checkpoint], list[Checkpoint]]:
    if as_of is None:
        return checkpoints, []
    return ([c for c in checkpoints if not c.as_of or c.as_of <= as_of],
            [c for c in checkpoints if c.as_of and c.as_of > as_of])


def issue_rows(plan: Plan, issue: Issue, as_of: str | None,
               schedule_of: Callable[[Issue], IssueSchedule] = issue_schedule) -> list[ActionProgress]:
    """One row per action, plus one for the issue as a whole when something belongs to no action."""
    started = quarters_started(plan.fiscal_year, as_of) if as_of and plan.has_schedule else ()
    sched = schedule_of(issue).rows if plan.has_schedule else []
    actions = issue.actions or []
    by_number = {a.number: a for a in actions if a.number is not None}
    whole: list[Checkpoint] = []
    by_action: dict[int, list[Checkpoint]] = {}  # id(action) -> its checkpoints
    for c in issue.progress:
        owner = by_number.get(c.action) if c.action is not None else (actions[0] if len(actions) == 1 else None)
        if owner is None:
            whole.append(c)
        else:
            by_action.setdefault(id(owner), []).append(c)
    out = []
    for a in actions:
        cps = by_action.get(id(a), [])
        own = [r for r in sched if r.action is a]
        shared = [r for r in sched if r.shared and a.number in r.shared]
        reported, later = _split(cps, as_of)
        out.append(ActionProgress(issue, a, action_label(a),
                                  _planned(own + shared, started) if plan.has_schedule else None, reported, later))
    unassigned = [r for r in sched if r.shared is not None
                  and not any(a.number is not None and a.number in r.shared for a in actions)]
    if whole or unassigned or not actions:
        reported, later = _split(whole, as_of)
        out.append(ActionProgress(issue, None, shared_table() if unassigned and actions else whole_issue(),
                                  _planned(unassigned, started) if plan.has_schedule else None, reported, later))
    return out


def build(selection: Selection, as_of: str | None = None,
          schedule_of: Callable[[Issue], IssueSchedule] = issue_schedule) -> list[PlanProgress]:
    """Per selected plan: the rows of its selected issues read as of ``as_of`` (``YYYY-MM``).
    ``schedule_of``: each issue's schedule (see ``agenda.build``)."""
    out = []
    for plan, issues in city_order(by_plan(selection)):
        has_section = any(i.progress for i in plan.issues)
        date = as_of or latest_checkpoint(plan)
        pp = PlanProgress(plan, date, has_section, action_count=sum(i.action_count for i in issues))
        if has_section:
            for issue in issues:
                pp.rows += issue_rows(plan, issue, date, schedule_of)
        out.append(pp)
    return out


# -- output -----------------------------------------------------------------------------------

def quarter_span(quarters: list[str]) -> str:
    """第3四半期, or 第1～3四半期 for consecutive quarters with the same items."""
    first, last = quarters[0][1], quarters[-1][1]
    return f"第{first}四半期" if first == last else f"第{first}～{last}四半期"


def planned_lines(row: ActionProgress) -> list[str]:
    """Per schedule row: its label, then its quarters, consecutive quarters with the same items merged."""
    if row.planned is None:
        return [_("(no quarterly schedule)")]
    if not row.planned:
        return [_("(nothing planned yet)")]
    lines: list[str] = []
    groups: list[tuple[int, str | None, list[str], str]] = []   # row, label, quarters, text
    for p in row.planned:
        text = "、".join(item_text(i) for i in p.items)
        last = groups[-1] if groups else None
        if last and last[0] == p.row and last[3] == text and int(last[2][-1][1]) + 1 == int(p.quarter[1]):
            last[2].append(p.quarter)
        else:
            groups.append((p.row, p.row_label, [p.quarter], text))
    shown_row = None
    for n, label, quarters, text in groups:
        indent = ""
        if label:
            indent = "  "
            if n != shown_row:
                lines.append(label)
        shown_row = n
        lines.append(f"{indent}{quarter_span(quarters)}：{text}")
    return lines


def checkpoint_lines(row: ActionProgress, labels: bool) -> list[str]:
    if not row.checkpoints:
        return [_("not reported")]
    lines: list[str] = []
    for c in row.checkpoints:
        if labels:
            lines.append(f"【{c.label or c.as_of or ''}】")
        lines += plain_lines(c.items)
    return lines


def label_checkpoints(pp: PlanProgress) -> bool:
    """Label each checkpoint when an action has several, or labels differ within the plan."""
    return any(len(r.checkpoints) > 1 for r in pp.rows) or len(
        {c.label for r in pp.rows for c in r.checkpoints}) > 1


def status_text(pp: PlanProgress) -> str:
    if not pp.has_section:
        if not pp.plan.has_schedule:
            return _("no progress section (the {template} template)").format(template=pp.plan.template)
        return _("no progress section")
    return ""


def _title(pp: PlanProgress) -> str:
    if pp.as_of:
        return _("{plan}: progress as of {date}").format(plan=plan_label(pp.plan), date=pp.as_of)
    return _("{plan}: progress").format(plan=plan_label(pp.plan))


def planned_header(pp: PlanProgress) -> str:
    return _("Planned (to {date})").format(date=pp.as_of) if pp.as_of else _("Planned")


def progress_header(pp: PlanProgress) -> str:
    labels = {c.label for r in pp.rows for c in r.checkpoints if c.label}
    return next(iter(labels)) if len(labels) == 1 else _("Progress")


def summary_table(plans: list[PlanProgress]) -> Table:
    rows = []
    for pp in plans:
        if pp.has_section:
            rows.append([pp.plan.org.name, pp.plan.fiscal_year, pp.as_of or "", pp.units, pp.with_progress,
                         pp.without_progress, ""])
        else:
            rows.append([pp.plan.org.name, pp.plan.fiscal_year, pp.as_of or "", pp.units, "—", "—",
                         status_text(pp)])
    return Table([_("Organisation"), _("Year"), _("As of"), _("Actions"), _("With progress"),
                  _("Without"), _("Note")], rows, title=_("Progress by organisation"),
                 justify={3: "right", 4: "right", 5: "right"})


def table(pp: PlanProgress) -> Table:
    labels = label_checkpoints(pp)
    rows = []
    for issue, items in pp.issues():
        for n, r in enumerate(items):
            code = f"{issue.code} {issue.display_title or ''}".strip() if n == 0 else ""
            rows.append([code, r.label, "\n".join(planned_lines(r)), "\n".join(checkpoint_lines(r, labels))])
    return Table([_("Issue"), _("Action"), planned_header(pp), progress_header(pp)], rows, title=_title(pp))


def flat_table(plans: list[PlanProgress]) -> Table:
    """For csv/tsv: one row per action (or plan without a section), with the status as a column."""
    body: list[list[Any]] = []
    for pp in plans:
        org, year = pp.plan.org.name, pp.plan.fiscal_year
        if not pp.has_section:
            body.append([org, year, pp.as_of or "", "", "", "", "", "", status_text(pp)])
            continue
        for r in pp.rows:
            number = r.action.number if r.action and r.action.number is not None else ""
            body.append([org, year, pp.as_of or "", r.issue.code, number, r.label, "\n".join(planned_lines(r)),
                         "\n".join(checkpoint_lines(r, True)) if r.checkpoints else "",
                         "" if r.checkpoints else _("not reported")])
    return Table([_("Organisation"), _("Year"), _("As of"), _("Issue"), _("Action number"), _("Action"),
                  _("Planned"), _("Progress"), _("Note")], body)


def _blocks_json(items: list[Block] | tuple[Block, ...]) -> list[Any]:
    out: list[Any] = []
    for b in items:
        if isinstance(b, Headed):
            out.append({"heading": b.heading, "items": _blocks_json(b.items)})
        elif isinstance(b, Dated):
            out.append({"text": b.text, "period": b.period})
        elif isinstance(b, LeadIn):
            lead: dict[str, Any] = {"lead": b.lead, "items": _blocks_json(b.items)}
            if b.tail is not None:
                lead["tail"] = b.tail
            out.append(lead)
        else:
            out.append(b)
    return out


def _item_json(item: Item) -> dict[str, Any]:
    if item.continues:
        return {"continues": True, "continued_from": item.continued_from, "continued": list(item.continued)}
    return {"text": item.text}


def _checkpoint_json(c: Checkpoint) -> dict[str, Any]:
    return {"as_of": c.as_of, "label": c.label, "items": _blocks_json(c.items)}


def to_json(plans: list[PlanProgress]) -> dict[str, Any]:
    out = []
    for pp in plans:
        issues = []
        for issue, rows in pp.issues():
            actions = []
            for r in rows:
                actions.append({
                    "action": r.action.number if r.action else None,
                    "title": r.action.title if r.action else None,
                    "whole_issue": r.action is None,
                    "status": r.status,
                    "planned": None if r.planned is None else [
                        {"quarter": p.quarter, "label": p.row_label, "items": [_item_json(i) for i in p.items]}
                        for p in r.planned],
                    "checkpoints": [_checkpoint_json(c) for c in r.checkpoints],
                    "later_checkpoints": [_checkpoint_json(c) for c in r.later],
                })
            issues.append({"code": issue.code, "title": issue.display_title, "actions": actions})
        summary: dict[str, Any] = {"actions": pp.units,
                                   "with_progress": pp.with_progress if pp.has_section else None,
                                   "without_progress": pp.without_progress if pp.has_section else None}
        out.append({"org": pp.plan.org.name, "year": pp.plan.fiscal_year, "as_of": pp.as_of, "status": pp.status,
                    "has_schedule": pp.plan.has_schedule, "summary": summary, "issues": issues})
    return {"version": 1, "plans": out}


def sections(plans: list[PlanProgress]) -> list[Section]:
    """Each plan's table (or its title and why there is none), then the summary of every plan."""
    return [*(Section([table(pp)]) if pp.rows
              else Section([], notes=[status_text(pp) or _("no action selected")], heading=_title(pp))
              for pp in plans),
            Section([summary_table(plans)])]


def output(plans: list[PlanProgress]) -> ViewOutput:
    return ViewOutput("progress", _("Progress"), lambda: renderables(plans), lambda: to_json(plans),
                      lambda: sections(plans), lambda: flat_table(plans))


def _line(line: str, mark: str = "") -> Any:
    """A display line as a phrase-wrapped paragraph, its leading spaces kept as a hanging indent."""
    from xplan.views.agenda import hanging

    text = line.lstrip(" ")
    return hanging(text, len(line) - len(text), mark=mark)


def _checkpoint_parts(row: ActionProgress, labels: bool) -> list[Any]:
    """Each checkpoint (its label when asked), its items as bullets when there are several."""
    from rich.text import Text

    parts: list[Any] = []
    for c in row.checkpoints:
        if labels:
            parts.append(Text(f"【{c.label or c.as_of or ''}】", style="bold"))
        lines = plain_lines(c.items)
        several = sum(1 for line in lines if not line.startswith(" ")) > 1
        parts += [_line(line, "・" if several and not line.startswith(" ") else "") for line in lines]
    return parts


def renderables(plans: list[PlanProgress]) -> list[Any]:
    """Per plan a rule; per issue its heading; per action its title, then 予定 and 進捗 side by
    side with their labels, so the text keeps the width of the terminal. The summary table last."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.rule import Rule
    from rich.table import Table as RichTable
    from rich.text import Text

    from xplan.output.tables import to_rich
    from xplan.output.wrap import JaText
    from xplan.views.agenda import hanging

    out: list[Any] = []
    for pp in plans:
        out.append(Rule(Text(_title(pp), style="bold"), align="left"))
        if not pp.rows:
            out.append(Text(status_text(pp) or _("no action selected"), style="yellow"))
            out.append(Text(""))
            continue
        labels = label_checkpoints(pp)
        if not pp.plan.has_schedule:
            out.append(Text(_("the {template} template had no quarterly schedule").format(
                template=pp.plan.template), style="dim"))
        for issue, rows in pp.issues():
            out.append(JaText(f"{issue.label}{issue.display_title or ''}", style="bold", end="\n"))
            for r in rows:
                out.append(hanging(r.label, 2, mark=""))
                grid = RichTable.grid(expand=True, padding=(0, 1))
                grid.add_column(no_wrap=True, style="dim")
                grid.add_column(ratio=1, overflow="fold")
                if r.planned is not None:  # a plan without a quarterly table says so once, above
                    grid.add_row(_("Planned"), Group(*(_line(line) for line in planned_lines(r))))
                reported: Group | Text
                if r.checkpoints:
                    reported = Group(*_checkpoint_parts(r, labels))
                else:
                    reported = Text(_("not reported"), style="yellow")
                grid.add_row(_("Progress"), reported)
                out.append(Padding(grid, (0, 0, 0, 4)))
            out.append(Text(""))
    out.append(to_rich(summary_table(plans)))
    return out
