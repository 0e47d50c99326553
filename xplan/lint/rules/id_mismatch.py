import re
import sys
from collections.abc import Iterator

from xplan.i18n import N_, _
from xplan.lint.rules import make, where
from xplan.plan.findings import Finding
from xplan.plan.fixes import with_fix
from xplan.plan.model import Plan

# The rule's documentation (`xplan rule` prints it): a message like any other, in the catalog.
__doc__ = N_("""An issue's id does not match its domain and number.

``id: A2`` belongs with ``domain: A`` and ``number: 2``. When they disagree, views and diffs
would name the issue one way and the document another. ``xplan lint --fix`` sets the id from
the domain and number (the document's heading 課題A（2） gives those two).""")

CODE = "P333"
NAME = "id-mismatch"
SEVERITY = "error"
FIX = N_("sets id to the domain letter and number")
_ID = re.compile(r"[ABC][1-9][0-9]*")


def check(plan: Plan) -> Iterator[Finding]:
    for issue in plan.issues:
        if issue.id != issue.code:
            found = make(sys.modules[__name__], plan,
                         _("{where}: the id {id} does not match the domain and number ({code})").format(
                             where=where(plan, issue.pointer), id=issue.id, code=issue.code), issue.pointer + ("id",))
            # the fix is the id the domain and number give, when those are as the schema asks
            # (a full-width domain is S204's to fix first)
            yield with_fix(found, issue.code) if _ID.fullmatch(issue.code) else found
