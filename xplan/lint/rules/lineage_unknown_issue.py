"""Lineage that names an issue the previous year's plan does not have.

When the previous year's plan of the same organisation is linted together with this one (a
directory), ``lineage.id`` must name one of its issues, and ``lineage.domain`` must be that
issue's domain. Runs only when both years are present; a single file cannot be checked.
"""

import sys
from collections.abc import Iterator

from xplan.plan.findings import Finding
from xplan.plan.model import Plan
from xplan.lint.rules import make, where

CODE = "P342"
NAME = "lineage-unknown-issue"
SEVERITY = "error"


def check_corpus(plans: list[Plan]) -> Iterator[Finding]:
    me = sys.modules[__name__]
    by_key = {(p.org.slug, p.fiscal_year): p for p in plans}
    for plan in plans:
        for issue in plan.issues:
            ln = issue.lineage
            if not ln or not ln.id or not ln.year:
                continue
            old = by_key.get((plan.org.slug, ln.year))
            if old is None:
                continue
            if old.issue(ln.id) is None:
                known = ", ".join(i.code for i in old.issues)
                yield make(me, plan, f"{where(plan, issue.pointer)}: {ln.year}の計画に課題{ln.id}がありません "
                                     f"(the {ln.year} plan {old.path} has no issue {ln.id}; it has {known})",
                           issue.pointer + ("lineage", "id"))
            elif ln.domain and not ln.id.startswith(ln.domain):
                yield make(me, plan, f"{where(plan, issue.pointer)}: 系譜の課題領域{ln.domain}と課題{ln.id}が一致しません "
                                     f"(lineage domain {ln.domain} does not match issue {ln.id})",
                           issue.pointer + ("lineage", "domain"))
