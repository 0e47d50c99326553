import sys
from collections.abc import Iterator

from xplan.i18n import N_, _
from xplan.lint.rules import make, where
from xplan.plan.findings import Finding
from xplan.plan.model import Plan

# The rule's documentation (`xplan rule` prints it): a message like any other, in the catalog.
__doc__ = N_("""Impact or urgency missing from an issue.

From the R7 template on, section ① rates every issue 【インパクト:高/低】【緊急度:高/低】 and the
matrix places it in one of four quadrants. An issue without both ratings drops out of the
matrix (``xplan matrix`` lists it as 未評価). Not checked for R6-template plans, which had no
matrix, nor for issues whose detail section is missing (``missing-detail`` reports those).""")

CODE = "P311"
NAME = "rating-missing"
SEVERITY = "warning"


def check(plan: Plan) -> Iterator[Finding]:
    if not plan.has_matrix:
        return
    me = sys.modules[__name__]
    for issue in plan.issues:
        if not issue.has_detail:
            continue
        for key, rating in (("impact", N_("impact")), ("urgency", N_("urgency"))):
            if getattr(issue, key) is None:
                yield make(me, plan, _("{where}: {rating} is missing; add 高 or 低 as ① states it").format(
                    where=where(plan, issue.pointer), rating=_(rating)), issue.pointer)
