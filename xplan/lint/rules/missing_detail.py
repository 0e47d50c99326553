import sys
from collections.abc import Iterator

from xplan.i18n import N_, _
from xplan.lint.rules import make, overview_issues, where
from xplan.plan.findings import Finding
from xplan.plan.model import Plan

# The rule's documentation (`xplan rule` prints it): a message like any other, in the catalog.
__doc__ = N_("""An issue listed in the overview table has no detail section.

The 課題一覧 table names the issue, but the plan has no 課題X（n） section with its ratings,
content, background, outcomes and actions (``has_detail: false``). In a published document
this is a gap (総務市民局 R7 stops inside B(3)); in a draft it is unfinished work.""")

CODE = "P321"
NAME = "missing-detail"
SEVERITY = "warning"


def check(plan: Plan) -> Iterator[Finding]:
    me = sys.modules[__name__]
    for issue in overview_issues(plan):
        if issue.in_overview and not issue.has_detail:
            title = f"「{issue.title}」" if issue.title else ""
            yield make(me, plan, _("{where}{title}: listed in the overview but has no detail section: the "
                                   "ratings and ②–⑤ are missing").format(where=where(plan, issue.pointer),
                                                                          title=title),
                       issue.pointer)
