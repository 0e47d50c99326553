import sys
from collections.abc import Iterator

from xplan.i18n import N_, _
from xplan.lint.rules import make
from xplan.plan.findings import Finding
from xplan.plan.model import Plan

# The rule's documentation (`xplan rule` prints it): a message like any other, in the catalog.
__doc__ = N_("""Every issue rated 高/高.

When every issue of a plan has high impact and high urgency the matrix no longer ranks
anything: reviewers cannot see what comes first. Informational; the ratings may be faithful.""")

CODE = "P312"
NAME = "all-high-high"
SEVERITY = "info"


def check(plan: Plan) -> Iterator[Finding]:
    rated = [i for i in plan.issues if i.quadrant]
    if plan.has_matrix and len(rated) >= 2 and all(i.quadrant == "高/高" for i in rated):
        yield make(sys.modules[__name__], plan,
                   _("all {n} rated issues have high impact and high urgency: the matrix ranks nothing").format(
                       n=len(rated)), ("issues",))
