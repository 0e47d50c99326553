import sys
from collections.abc import Iterator

from xplan.i18n import N_, _
from xplan.lint.rules import make, where
from xplan.plan.findings import Finding
from xplan.plan.model import Plan

# The rule's documentation (`xplan rule` prints it): a message like any other, in the catalog.
__doc__ = N_("""Issue numbers within a domain are not 1, 2, 3, … in order.

課題A（1）, 課題A（2）, … are numbered from 1 without gaps in each domain (A, B, C), and the file
lists them in that order. A gap or a repeat usually means an issue was dropped or mis-keyed.""")

CODE = "P331"
NAME = "numbering-gap"
SEVERITY = "error"


def check(plan: Plan) -> Iterator[Finding]:
    me = sys.modules[__name__]
    expected: dict[str, int] = {}
    for issue in plan.issues:
        want = expected.get(issue.domain, 0) + 1
        if issue.number != want:
            yield make(me, plan, _("{where}: domain {domain} numbering expects {want} here, found {found}").format(
                                 where=where(plan, issue.pointer), domain=issue.domain, want=want,
                                 found=issue.number),
                       issue.pointer + ("number",))
        expected[issue.domain] = max(issue.number, expected.get(issue.domain, 0))
