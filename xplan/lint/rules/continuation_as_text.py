import sys
from collections.abc import Iterator

from xplan.i18n import N_, _
from xplan.lint.rules import make, quarter_name, schedule_rows, where
from xplan.plan.findings import Finding
from xplan.plan.fixes import CONTINUES, is_arrow, with_fix
from xplan.plan.model import QUARTERS, Plan

# The rule's documentation (`xplan rule` prints it): a message like any other, in the catalog.
__doc__ = N_("""A quarter cell item written as the text → instead of ``{continues: true}``.

The document's → ("the previous quarter's work continues") is written ``- continues: true`` so
that it can never be mistaken for text: views draw it as a continuation, diffs and rollups do not
count it as work. A cell item that is the bare text ``→`` reads as an item called "→".
``xplan lint --fix`` rewrites it.""")

CODE = "P305"
NAME = "continuation-as-text"
SEVERITY = "warning"
FIX = N_("writes the item as continues: true")


def check(plan: Plan) -> Iterator[Finding]:
    me = sys.modules[__name__]
    for row in schedule_rows(plan):
        for q in QUARTERS:
            for n, item in enumerate(row.cells.get(q) or []):
                if is_arrow(item):
                    yield with_fix(make(me, plan, _("{where}: the {quarter} cell holds the text {arrow}; write a "
                                           "continuation as `continues: true`").format(
                                               where=where(plan, row.pointer), quarter=quarter_name(q), arrow=item.strip()),
                               row.pointer + (q, n)), dict(CONTINUES))
