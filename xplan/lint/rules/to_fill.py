import sys
from collections.abc import Iterator

from xplan.i18n import N_, _
from xplan.lint.rules import make, where
from xplan.lint.rules.empty_text import strings
from xplan.plan.findings import Finding
from xplan.plan.model import TO_FILL, Plan

# The rule's documentation (`xplan rule` prints it): a message like any other, in the catalog.
__doc__ = N_("""Text a draft still has to be written: a 【要記入】 mark left by ``xplan new``.

``xplan new`` drafts next year's plan from this year's: what carries over is kept, and what
belongs to the new year — the quarter cells, the budget, the review of the year before — is
written as ``【要記入】`` followed by what to write there. Each mark is reported here until the
planner replaces it, so ``xplan lint`` on a draft is its to-do list. Anywhere in the file,
``source`` included (a draft's source document is not known yet).""")

CODE = "P373"
NAME = "to-fill"
SEVERITY = "warning"


def check(plan: Plan) -> Iterator[Finding]:
    for ptr, text in strings(plan.raw):
        if text.startswith(TO_FILL):
            what = text[len(TO_FILL):].strip() or "…"
            yield make(sys.modules[__name__], plan,
                       _("{where}: still to write: {what}").format(where=where(plan, ptr), what=what), ptr)
