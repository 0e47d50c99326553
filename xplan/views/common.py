"""Small helpers every view shares: titles, ratings, issue references, grouping, text output."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from xplan.i18n import N_, _
from xplan.plan.model import RATINGS, Issue, Plan
from xplan.plan.select import Selection, SelectionError

NOTHING = "ー"             # the document's own "nothing" (an empty list in the plan): data, as printed
ORDER = {"高": 0, "低": 1}
# Labels xplan adds (not the documents' words): translated where they are shown, never compared.
_LABELS = {"ABSENT": N_("(not stated)"),      # the key is absent: the document does not say
           "UNSET_FIELD": N_("(no field)"),   # no 政策分野
           "UNRATED": N_("unrated")}          # not both of impact and urgency


ABSENT_MSGID = _LABELS["ABSENT"]


def absent() -> str:
    return _(_LABELS["ABSENT"])


def unset_field() -> str:
    return _(_LABELS["UNSET_FIELD"])


def unrated() -> str:
    return _(_LABELS["UNRATED"])

_ISSUE_REF = re.compile(r"^(?:課題)?([A-Z])(?:\((\d+)\)|-?(\d+))$")


def rating(value: str | None) -> str | None:
    """A rating as JSON and the views carry it: 高 or 低 as the plan writes it, else None."""
    return value if value in RATINGS else None


def rating_label(value: str | None) -> str:
    """For display: 高 / 低 as written (plan data, never translated), "unrated" when absent."""
    return value if value else unrated()


def year_label(plan: Plan) -> str:
    return plan.fiscal_year or "?"


def plan_label(plan: Plan) -> str:
    """``小倉北区 R8``: how a plan is named in headings."""
    return f"{plan.org.name} {year_label(plan)}"


def parse_issue_ref(text: str) -> str:
    """A1, a1, Ａ１, A(1), A（1）, 課題A（1） -> ``A1``; SelectionError otherwise."""
    norm = "".join(unicodedata.normalize("NFKC", text).split()).upper()
    m = _ISSUE_REF.match(norm)
    if not m or m.group(1) not in "ABC":
        raise SelectionError(_("cannot read {text!r} as an issue (write A1, A(1) or 課題A（1）; domains are "
                               "A, B and C)").format(text=text))
    return f"{m.group(1)}{int(m.group(2) or m.group(3))}"


def find_issue(plan: Plan, ref: str) -> Issue:
    """The issue a user's reference names in this plan, or SelectionError listing the codes."""
    code = parse_issue_ref(ref)
    issue = plan.issue(code)
    if issue is None:
        codes = ", ".join(i.code for i in plan.issues) or "-"
        raise SelectionError(_("no issue {code} in {plan}; its issues: {codes}").format(
            code=code, plan=plan_label(plan), codes=codes))
    return issue


def by_plan(selection: Selection) -> list[tuple[Plan, list[Issue]]]:
    """The selected issues grouped by plan, in plan order; a plan with none keeps an empty list."""
    groups: dict[int, list[Issue]] = {id(p): [] for p in selection.plans}
    for plan, issue in selection.issues:
        groups.setdefault(id(plan), []).append(issue)
    return [(p, groups[id(p)]) for p in selection.plans]


# The wards in the city's order (domain notes: 門司区, 若松区, 戸畑区, 小倉北区, 小倉南区, 八幡東区, 八幡西区).
WARD_ORDER = ("門司区", "若松区", "戸畑区", "小倉北区", "小倉南区", "八幡東区", "八幡西区")


def city_order(groups: list[tuple[Plan, list[Issue]]]) -> list[tuple[Plan, list[Issue]]]:
    """Bureaus first (in the selection's order), then wards in the city's ward order; one
    organisation's years together, oldest first."""
    from xplan.plan.years import year_sort_key

    first: dict[str, int] = {}
    for n, (p, _issues) in enumerate(groups):
        first.setdefault(p.org.name, n)

    def key(group: tuple[Plan, list[Issue]]) -> tuple[int, int, int, Any]:
        plan = group[0]
        ward = WARD_ORDER.index(plan.org.name) if plan.org.name in WARD_ORDER else len(WARD_ORDER)
        return (plan.org.kind != "bureau", ward, first[plan.org.name], year_sort_key(plan.fiscal_year))

    return sorted(groups, key=key)


def require_plans(selection: Selection) -> None:
    """A view of plans with none selected (say, --year R5 when there is no R5 plan) is an error."""
    if not selection.plans:
        raise SelectionError(_("no plan matches the selection"))


def require_org(selection: Selection, orgs_given: bool, what: str) -> None:
    """show and schedule are about one organisation: without --org, the selection must hold one."""
    require_plans(selection)
    orgs = list(dict.fromkeys(p.org.name for p in selection.plans))  # the city's order
    if not orgs_given and len(orgs) > 1:
        raise SelectionError(_("{command} shows one organisation: choose it with --org ({names})").format(
            command=what, names=", ".join(orgs)))
