import sys
from collections.abc import Iterator

from xplan.i18n import N_, _
from xplan.lint.rules import make, where
from xplan.plan.findings import Finding
from xplan.plan.model import Plan

# The rule's documentation (`xplan rule` prints it): a message like any other, in the catalog.
__doc__ = N_("""Two issues of one plan share an id.

An issue's ``id`` (``A1``) is its identity: views, rollups and year-over-year diffs refer to it.
It must be unique within the plan.""")

CODE = "P332"
NAME = "duplicate-id"
SEVERITY = "error"


def check(plan: Plan) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for n, issue in enumerate(plan.issues):
        if issue.id in seen:
            yield make(sys.modules[__name__], plan,
                       _("{where}: the id {id} is already the id of issue number {n} in the file; ids are unique "
                         "within a plan").format(where=where(plan, issue.pointer), id=issue.id,
                                                 n=seen[issue.id] + 1), issue.pointer + ("id",))
        else:
            seen[issue.id] = n
