import sys
from collections.abc import Iterator

from xplan.i18n import N_, _
from xplan.lint.rules import make, where
from xplan.plan.findings import Finding, shown_path
from xplan.plan.model import Plan

# The rule's documentation (`xplan rule` prints it): a message like any other, in the catalog.
__doc__ = N_("""Lineage that names an issue the previous year's plan does not have.

When the previous year's plan of the same organisation is linted together with this one (a
directory), ``lineage.id`` must name one of its issues, and ``lineage.domain`` must be that
issue's domain. Runs only when both years are present; a single file cannot be checked.""")

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
                yield make(me, plan, _("{where}: the {year} plan {path} has no issue {id}; it has {known}").format(
                                     where=where(plan, issue.pointer), year=ln.year, path=shown_path(old.path),
                                     id=ln.id, known=known),
                           issue.pointer + ("lineage", "id"))
            elif ln.domain and not ln.id.startswith(ln.domain):
                yield make(me, plan, _("{where}: the lineage domain {domain} does not match issue {id}").format(
                                     where=where(plan, issue.pointer), domain=ln.domain, id=ln.id),
                           issue.pointer + ("lineage", "domain"))
