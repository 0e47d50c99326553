import sys
from collections.abc import Iterator

from xplan.i18n import N_, _
from xplan.lint.rules import make, overview_issues, where
from xplan.plan.findings import Finding
from xplan.plan.model import Plan

# The rule's documentation (`xplan rule` prints it): a message like any other, in the catalog.
__doc__ = N_("""A detail section whose issue is not in the overview table.

Every 課題X（n） detail section should appear as a row of the 課題一覧 table, so that the
overview is the complete list reviewers read first.""")

CODE = "P322"
NAME = "missing-from-overview"
SEVERITY = "warning"


def check(plan: Plan) -> Iterator[Finding]:
    me = sys.modules[__name__]
    for issue in overview_issues(plan):
        if issue.has_detail and not issue.in_overview:
            yield make(me, plan, _("{where}: has a detail section but is not in the overview table").format(
                                 where=where(plan, issue.pointer)), issue.pointer)
