import sys
from collections.abc import Iterator

from xplan.i18n import N_, _
from xplan.lint.rules import make, where
from xplan.plan.findings import Finding
from xplan.plan.model import Plan
from xplan.plan.years import previous

# The rule's documentation (`xplan rule` prints it): a message like any other, in the catalog.
__doc__ = N_("""Lineage that points to a year other than the previous one.

``lineage`` records where an issue comes from in the previous year's plan
(``追加(R7B領域からの派生)`` in an R8 plan means R7). A lineage year that is not the plan's
previous fiscal year is a typo or a misplaced file.""")

CODE = "P341"
NAME = "lineage-year"
SEVERITY = "error"


def check(plan: Plan) -> Iterator[Finding]:
    try:
        prev = previous(plan.fiscal_year)
    except (ValueError, IndexError):
        return
    for issue in plan.issues:
        if issue.lineage and issue.lineage.year and issue.lineage.year != prev:
            yield make(sys.modules[__name__], plan,
                       _("{where}: the lineage year {year} is not the previous year {prev}").format(
                           where=where(plan, issue.pointer), year=issue.lineage.year, prev=prev),
                       issue.pointer + ("lineage", "year"))
