import sys
from collections.abc import Iterator

from xplan.i18n import N_, _
from xplan.lint.rules import make
from xplan.plan.findings import Finding, shown_path
from xplan.plan.model import Plan
from xplan.plan.select import plan_keys

# The rule's documentation (`xplan rule` prints it): a message like any other, in the catalog.
__doc__ = N_("""Two files hold a plan for the same organisation and year.

Each organisation has one plan per fiscal year. Two files for one (by name or slug) make every
view, rollup and diff ambiguous: which one is the plan?""")

CODE = "X401"
NAME = "duplicate-plan"
SEVERITY = "error"


def check_corpus(plans: list[Plan]) -> Iterator[Finding]:
    first: dict[tuple[str, str], Plan] = {}
    for plan in sorted(plans, key=lambda p: p.path):
        keys = plan_keys(plan)  # the same test the views use (xplan.plan.select)
        other = next((first[k] for k in keys if k in first), None)
        if other is not None:
            yield make(sys.modules[__name__], plan,
                       _("a second plan for {org} {year}; the first is {path}").format(
                           org=plan.org.name, year=plan.fiscal_year, path=shown_path(other.path)),
                       ("organisation",))
        for k in keys:
            first.setdefault(k, plan)
