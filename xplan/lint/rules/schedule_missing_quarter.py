import sys
from collections.abc import Iterator

from xplan.i18n import N_, _
from xplan.lint.rules import make, quarter_name, schedule_rows, where
from xplan.plan.findings import Finding
from xplan.plan.model import QUARTERS, Plan

# The rule's documentation (`xplan rule` prints it): a message like any other, in the catalog.
__doc__ = N_("""A quarterly schedule row that leaves out a quarter.

From the R7 template on, every action has a table 第1四半期 … 第4四半期. A row that has no
``q1``…``q4`` key for some quarter says nothing about that quarter — usually a transcription slip
or a table cut off at a page break. Write the cell as printed; a cell printed empty is ``[]``.

Not checked for R6-template plans, which had no quarterly table, nor for rows given as a month
range (``period: 6～12月``).""")

CODE = "P301"
NAME = "schedule-missing-quarter"
SEVERITY = "warning"


def check(plan: Plan) -> Iterator[Finding]:
    me = sys.modules[__name__]
    for row in schedule_rows(plan):
        missing = [] if row.is_period_row else [q for q in QUARTERS if row.cells.get(q) is None]
        if missing:
            names = _(", ").join(quarter_name(q) for q in missing)
            yield make(me, plan, _("{where}: the schedule row has no {quarters}; add the cell, [] if printed "
                                   "empty").format(where=where(plan, row.pointer), quarters=names),
                       row.pointer)
