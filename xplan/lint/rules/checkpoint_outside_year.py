import sys
from collections.abc import Iterator

from xplan.i18n import N_, _
from xplan.lint.rules import make, where
from xplan.plan.findings import Finding
from xplan.plan.model import Plan
from xplan.plan.years import month_in_year, western

# The rule's documentation (`xplan rule` prints it): a message like any other, in the catalog.
__doc__ = N_("""A progress checkpoint dated outside the plan's fiscal year.

Progress (⑥進捗状況(令和7年12月時点), the retrospective sheet's R6年11月 and R7年3月末) is
reported during the plan's own fiscal year: April of its first year to March of the next.
R7 runs from 2025-04 to 2026-03.""")

CODE = "P351"
NAME = "checkpoint-outside-year"
SEVERITY = "warning"


def check(plan: Plan) -> Iterator[Finding]:
    try:
        start = western(plan.fiscal_year)
    except (ValueError, IndexError):
        return
    for issue in plan.issues:
        for cp in issue.progress:
            # None: an as_of the schema rejects (S204) is not judged again here
            if cp.as_of and month_in_year(plan.fiscal_year, cp.as_of) is False:
                yield make(sys.modules[__name__], plan,
                           _("{where}: the progress checkpoint {as_of} is outside fiscal year {year} ({start}-04 to "
                             "{end}-03)").format(where=where(plan, cp.pointer), as_of=cp.as_of,
                                                 year=plan.fiscal_year, start=start, end=start + 1),
                           cp.pointer + ("as_of",))
