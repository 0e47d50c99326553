import sys
from collections.abc import Iterator

from xplan.i18n import N_, _
from xplan.lint.rules import make, where
from xplan.lint.rules.empty_text import strings
from xplan.plan.findings import Finding
from xplan.plan.model import TO_CONFIRM, TO_FILL, Plan

# The rule's documentation (`xplan rule` prints it): a message like any other, in the catalog.
__doc__ = N_("""Text a draft still has to be written or confirmed: a 【要記入】 or 【要確認】 mark.

``xplan new`` drafts next year's plan from this year's: what carries over is kept, and what
belongs to the new year — the quarter cells, the budget — is written as ``【要記入】`` followed by
what to write there; ``xplan checkpoint`` and ``xplan retro`` add the ⑥ and ⑦⑧ entries to fill
the same way. Text the draft carries but the planner must confirm or rewrite — last year's ⑦⑧
review as the starting point of section 3, a sentence that names the old year (令和7年度は…) —
starts with ``【要確認】``. Each mark is reported here until the planner replaces the text (or,
having confirmed it, removes the mark), so ``xplan lint`` on a draft is its to-do list. Anywhere in
the file, ``source`` included (a draft's source document is not known yet).""")

CODE = "P373"
NAME = "to-fill"
SEVERITY = "warning"


def check(plan: Plan) -> Iterator[Finding]:
    for ptr, text in strings(plan.raw):
        if text.startswith(TO_FILL):
            what = text[len(TO_FILL):].strip() or "…"
            yield make(sys.modules[__name__], plan,
                       _("{where}: still to write: {what}").format(where=where(plan, ptr), what=what), ptr)
        elif text.startswith(TO_CONFIRM):
            what = text[len(TO_CONFIRM):].strip() or "…"
            if len(what) > 30:
                what = what[:30] + "…"
            yield make(sys.modules[__name__], plan,
                       _("{where}: carried from the previous year, to confirm or rewrite (then remove 【要確認】): "
                         "{what}").format(where=where(plan, ptr), what=what), ptr)
