import sys
from collections.abc import Iterator

from xplan.i18n import N_, _
from xplan.lint.rules import make, where
from xplan.plan.findings import Finding
from xplan.plan.model import Plan

# The rule's documentation (`xplan rule` prints it): a message like any other, in the catalog.
__doc__ = N_("""An action with no quarterly schedule.

From the R7 template on, each action in ⑤ has a table of four quarters, or the issue has one
table covering several actions. An action with neither has no timing at all.""")

CODE = "P304"
NAME = "action-without-schedule"
SEVERITY = "warning"


def check(plan: Plan) -> Iterator[Finding]:
    if not plan.has_schedule:
        return
    me = sys.modules[__name__]
    for issue in plan.issues:
        if issue.schedule:
            continue  # one table covers the issue's actions
        for action in issue.actions or []:
            if not action.schedule:
                yield make(me, plan, _("{where}: the action has no quarterly schedule").format(
                    where=where(plan, action.pointer)), action.pointer)
