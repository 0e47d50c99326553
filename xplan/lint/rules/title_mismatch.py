import sys
from collections.abc import Iterator

from xplan.i18n import N_, _
from xplan.lint.rules import make, where
from xplan.plan.findings import Finding
from xplan.plan.model import Plan
from xplan.plan.select import normalise

# The rule's documentation (`xplan rule` prints it): a message like any other, in the catalog.
__doc__ = N_("""The overview table and the detail heading give the issue different titles.

Documents sometimes shorten or reword a title between the 課題一覧 table and the detail
heading (小倉北区 R8, A(2) and A(4)). Both are kept (``title`` and ``overview_title``); this
reports the difference so that it is a decision, not an accident. Says so when the two differ
only in full-width/half-width forms, spacing or letter case.""")

CODE = "P323"
NAME = "title-mismatch"
SEVERITY = "info"


def check(plan: Plan) -> Iterator[Finding]:
    me = sys.modules[__name__]
    for issue in plan.issues:
        if issue.overview_title is None or issue.title is None or issue.overview_title == issue.title:
            continue
        if normalise(issue.overview_title) == normalise(issue.title):
            message = _("{where}: the overview's title “{overview}” and the detail heading “{title}” differ "
                        "only in width, spacing or case")
        else:
            message = _("{where}: the overview's title “{overview}” and the detail heading “{title}” differ")
        yield make(me, plan, message.format(where=where(plan, issue.pointer), overview=issue.overview_title,
                                            title=issue.title), issue.pointer + ("overview_title",))
