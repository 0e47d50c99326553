import sys
from collections.abc import Iterator

from xplan.i18n import N_, _
from xplan.lint.rules import make, quarter_name, schedule_rows, where
from xplan.plan.findings import Finding
from xplan.plan.model import QUARTERS, Plan

# The rule's documentation (`xplan rule` prints it): a message like any other, in the catalog.
__doc__ = N_("""A quarter cell that is empty.

An empty cell (``q1: []``) is faithful when the document prints the cell empty — 総務市民局's
R7 plan does for several actions — but in a plan being written it usually means the quarter
has not been thought through. Reported as information so reviewers can see where the gaps are.""")

CODE = "P302"
NAME = "schedule-empty-cell"
SEVERITY = "info"


def check(plan: Plan) -> Iterator[Finding]:
    me = sys.modules[__name__]
    for row in schedule_rows(plan):
        for q in QUARTERS:
            if row.cells.get(q) == []:
                yield make(me, plan, _("{where}: the {quarter} cell is empty").format(
                                     where=where(plan, row.pointer), quarter=quarter_name(q)), row.pointer + (q,))
