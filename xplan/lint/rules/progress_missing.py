import sys
from collections.abc import Iterator

from xplan.i18n import N_, _
from xplan.lint.rules import make, where
from xplan.plan.findings import Finding
from xplan.plan.model import Action, Block, Dated, Headed, Issue, LeadIn, Plan, ScheduleRow
from xplan.plan.years import month_in_year, quarters_of, quarters_started

# The rule's documentation (`xplan rule` prints it): a message like any other, in the catalog.
__doc__ = N_("""An action planned up to the review date with no progress reported at or after it.

Plans are updated in December with ⑥ 進捗状況 (令和7年12月時点): for every action whose quarterly
schedule has items up to that date, the organisation reports how it went. This rule checks that a
checkpoint is there. It is off by default and switched on by naming the review month in the
configuration:

    [tool.xplan]
    progress-as-of = "2025-12"

It then looks at each plan whose fiscal year contains that month (R7 for 2025-12). An action counts
as planned when a quarter that has begun by the month holds an item in its table (→ included) or a
month range (``6～12月``) that has begun; a table shared by the issue counts for the actions it
names, or for all of them. A checkpoint reports for the action it names, or — naming none — for
every action of its issue; it must be dated the month or later. A plan with no checkpoint at all
gets one finding, not one per action. Plans of the R6 template (no quarterly table) are skipped.""")

CODE = "P352"
NAME = "progress-missing"
SEVERITY = "warning"
OPTION = "progress-as-of"


def _row_planned(row: ScheduleRow, started: tuple[str, ...]) -> bool:
    if row.is_period_row:
        return _period_planned(row.period or "", started)
    return any(row.cells.get(q) for q in started)


def _period_planned(period: str, started: tuple[str, ...]) -> bool:
    span = quarters_of(period)
    return bool(span) and span[0] in started  # type: ignore[index]


def _dated(blocks: list[Block] | tuple[Block, ...]) -> Iterator[Dated]:
    for b in blocks:
        if isinstance(b, Dated):
            yield b
        elif isinstance(b, (Headed, LeadIn)):
            yield from _dated(b.items)


def _action_planned(issue: Issue, action: Action, started: tuple[str, ...]) -> bool:
    if action.period and _period_planned(action.period, started):
        return True
    if any(_period_planned(d.period, started) for d in _dated(action.description)):
        return True
    if any(_row_planned(r, started) for r in action.schedule or []):
        return True
    return any(_row_planned(r, started) for r in issue.schedule or []
               if not r.actions or action.number in r.actions)


def _reported(issue: Issue, action: Action | None, as_of: str) -> bool:
    return any(c.as_of and c.as_of >= as_of and (c.action is None or action is None or c.action == action.number)
               for c in issue.progress)


def check(plan: Plan, as_of: str) -> Iterator[Finding]:
    if not plan.has_schedule:
        return
    try:
        if not month_in_year(plan.fiscal_year, as_of):
            return
        started = quarters_started(plan.fiscal_year, as_of)
    except (ValueError, IndexError):
        return
    me = sys.modules[__name__]
    planned: list[tuple[Issue, Action | None]] = []
    for issue in plan.issues:
        if issue.actions:
            planned += [(issue, a) for a in issue.actions if _action_planned(issue, a, started)]
        elif any(_row_planned(r, started) for r in issue.schedule or []):
            planned.append((issue, None))
    if not planned:
        return
    if not any(issue.progress for issue in plan.issues):
        yield make(me, plan, _("no progress checkpoint anywhere in the plan, but {n} actions have schedule items up "
                               "to {date}: add the ⑥ progress of {date} (or set progress-as-of for another "
                               "review)").format(n=len(planned), date=as_of), ("issues",), at_key=True)
        return
    for issue, action in planned:
        if not _reported(issue, action, as_of):
            pointer = action.pointer if action else issue.pointer
            yield make(me, plan, _("{where}: schedule items up to {date} but no progress checkpoint dated {date} or "
                                   "later").format(where=where(plan, pointer), date=as_of), pointer)
