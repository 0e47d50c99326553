"""Two issues of one plan share an id.

An issue's ``id`` (``A1``) is its identity: views, rollups and year-over-year diffs refer to it.
It must be unique within the plan.
"""

import sys
from collections.abc import Iterator

from xplan.plan.findings import Finding
from xplan.plan.model import Plan
from xplan.lint.rules import make, where

CODE = "P332"
NAME = "duplicate-id"
SEVERITY = "error"


def check(plan: Plan) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for n, issue in enumerate(plan.issues):
        if issue.id in seen:
            yield make(sys.modules[__name__], plan,
                       f"{where(plan, issue.pointer)}: id「{issue.id}」は{seen[issue.id] + 1}番目の課題と重複しています "
                       f"(duplicate id {issue.id!r}; ids are unique within a plan)", issue.pointer + ("id",))
        else:
            seen[issue.id] = n
