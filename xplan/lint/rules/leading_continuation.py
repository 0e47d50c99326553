import sys
from collections.abc import Iterator

from xplan.i18n import N_, _
from xplan.lint.rules import make, quarter_name, schedule_rows, where
from xplan.plan.findings import Finding
from xplan.plan.model import CONTINUES, Plan

# The rule's documentation (`xplan rule` prints it): a message like any other, in the catalog.
__doc__ = N_("""A → (continuation) in the first quarter, where there is nothing before it to continue.

In the quarterly table, → means "the previous quarter's work continues". In 第1四半期 it
continues nothing: the row's content is probably in the wrong column. Write the work itself in
the first quarter. (A → after an empty cell is not reported: in the published PDFs an arrow
drawn across several columns is extracted into its last column.)""")

CODE = "P303"
NAME = "leading-continuation"
SEVERITY = "warning"


def check(plan: Plan) -> Iterator[Finding]:
    me = sys.modules[__name__]
    for row in schedule_rows(plan):
        cell = row.cells.get("q1")
        if cell and CONTINUES in cell:
            yield make(me, plan, _("{where}: the → in {quarter} continues nothing; write the work itself "
                                   "there").format(where=where(plan, row.pointer), quarter=quarter_name("q1")),
                       row.pointer + ("q1", cell.index(CONTINUES)))
