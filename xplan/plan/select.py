"""The selection options every view shares: --org, --year, --domain, --field, --all.

Organisations match as users type them: the name as written (小倉北区), compared after NFKC and
with spaces removed, the ASCII slug (kokurakita), or an alias (小倉北区役所). Years accept R7,
令和7, 2025, FY2025. Without --year each organisation's latest plan is used.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from xplan.i18n import _
from xplan.plan.model import Issue, Plan
from xplan.plan.orgs import city_name, plan_key
from xplan.plan.years import YearError, parse_year, year_sort_key


class SelectionError(Exception):
    """A selection that names something unknown: exit code 2, with the known choices."""


@lru_cache(maxsize=8192)  # a rollup of 25,000 issues compares the same few field names again and again
def normalise(text: str) -> str:
    """NFKC, no white space, case-folded: how names are compared."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def org_names(plan: Plan) -> list[str]:
    return [plan.org.name, plan.org.slug, *plan.org.aliases]


def resolve_org(plans: list[Plan], typed: str) -> str:
    """The organisation name a user's text refers to, or SelectionError with a suggestion."""
    want = normalise(typed)
    for plan in plans:
        if any(normalise(n) == want for n in org_names(plan)):
            return plan.org.name
    known = list(dict.fromkeys(p.org.name for p in sorted(plans, key=plan_key)))
    listing = _("organisations with a plan: {names}").format(names=", ".join(known) or "-")
    real = city_name(typed)
    if real is not None:  # a real bureau or ward: say it has no plan rather than suggest a neighbour
        raise SelectionError(_("no plan for {org}").format(org=real) + "\n" + listing)
    candidates = {normalise(n): p.org.name for p in plans for n in org_names(p)}
    close = difflib.get_close_matches(want, list(candidates), n=1, cutoff=0.4)
    hint = (" " + _("Did you mean {name}?").format(name=candidates[close[0]])) if close else ""
    raise SelectionError(_("unknown organisation {org!r}.").format(org=typed) + hint + "\n" + listing)


def resolve_year(typed: str) -> str:
    try:
        return parse_year(typed)
    except YearError as exc:
        raise SelectionError(str(exc)) from exc


def _why_no_plan(plans: list[Plan], orgs: list[str] | None, years: list[str] | None) -> str:
    """An empty plan selection says why: which years the chosen organisations do have."""
    names = {resolve_org(plans, o) for o in orgs} if orgs else None
    have = [p for p in plans if names is None or p.org.name in names]
    present = ", ".join(sorted({p.fiscal_year for p in have}, key=year_sort_key)) or "-"
    asked = ", ".join(resolve_year(y) for y in years or [])
    who = ", ".join(sorted(names, key=lambda n: next(org_key_of(p) for p in have if p.org.name == n))) if names else None
    if who:
        return _("no plan for {org} in {years}; its plans are for {present}").format(org=who, years=asked,
                                                                                   present=present)
    return _("no plan for {years}; the plans are for {present}").format(years=asked, present=present)


def org_key_of(plan: Plan) -> tuple[tuple[int, int, str], int]:
    return plan_key(plan)


def _check_fields(plans: list[Plan], typed: list[str], canon: Any) -> None:
    """An unknown --field is a usage error with a suggestion, as an unknown --org is."""
    known: dict[str, str] = {}
    for plan in plans:
        for issue in plan.issues:
            if issue.field:
                known.setdefault(canon(issue.field), issue.field)
    for text in typed:
        if canon(text) in known:
            continue
        close = difflib.get_close_matches(canon(text), list(known), n=1, cutoff=0.5)
        hint = (" " + _("Did you mean {name}?").format(name=known[close[0]])) if close else ""
        names = ", ".join(sorted(set(known.values()))) or "-"
        raise SelectionError(_("no policy field {field!r} in the plans.").format(field=text) + hint + "\n"
                             + _("policy fields: {names}").format(names=names))


class DuplicatePlanError(SelectionError):
    """Two files hold the plan of one organisation and year (lint rule X401): exit code 2.

    A view cannot tell which is the plan; picking one would hide the other and showing both
    would count every issue twice."""


def plan_keys(plan: Plan) -> set[tuple[str, str]]:
    """What makes two plans the same plan: the organisation (by name after NFKC, or by slug)
    and the fiscal year. Lint rule X401 and the views share this. A plan without a name, slug or
    year (the schema reports it) is not the twin of every other such plan."""
    if not plan.fiscal_year:
        return set()
    names = (unicodedata.normalize("NFKC", plan.org.name), "slug:" + plan.org.slug if plan.org.slug else "")
    return {(name, plan.fiscal_year) for name in names if name}


def duplicate_plans(plans: list[Plan]) -> list[list[Plan]]:
    """Groups of two or more plans for one organisation and year, each group in path order."""
    groups: list[list[Plan]] = []
    where: dict[tuple[str, str], int] = {}
    for plan in sorted(plans, key=lambda p: p.path):
        keys = plan_keys(plan)
        index = next((where[k] for k in keys if k in where), None)
        if index is None:
            index = len(groups)
            groups.append([])
        groups[index].append(plan)
        for k in keys:
            where.setdefault(k, index)
    return [g for g in groups if len(g) > 1]


def check_duplicates(plans: list[Plan], chosen: list[Plan]) -> None:
    """DuplicatePlanError when a chosen plan has a twin among ``plans``."""
    from xplan.i18n import _
    from xplan.plan.findings import shown_path

    ids = {id(p) for p in chosen}
    clashes = [g for g in duplicate_plans(plans) if any(id(p) in ids for p in g)]
    if clashes:
        lines = [_("{org} {year}: {files}").format(org=g[0].org.name, year=g[0].fiscal_year,
                                                  files=", ".join(shown_path(p.path) for p in g)) for g in clashes]
        raise DuplicatePlanError(_("several files hold the plan of one organisation and year; keep one "
                                   "(run xplan lint: rule X401):") + "\n" + "\n".join(lines))


@dataclass
class Selection:
    """The plans chosen and, within them, the issues chosen (in plan order)."""

    plans: list[Plan] = field(default_factory=list)
    issues: list[tuple[Plan, Issue]] = field(default_factory=list)


def select(plans: list[Plan], orgs: list[str] | None = None, years: list[str] | None = None,
           domains: list[str] | None = None, fields: list[str] | None = None, all_years: bool = False,
           field_key: object = None) -> Selection:
    """Apply the shared options. ``field_key`` maps a field to its canonical form (vocabulary)."""
    chosen = plans
    if orgs:
        names = {resolve_org(plans, o) for o in orgs}
        chosen = [p for p in chosen if p.org.name in names]
    if years:
        wanted = {resolve_year(y) for y in years}
        chosen = [p for p in chosen if p.fiscal_year in wanted]
    elif not all_years:
        latest: dict[str, Plan] = {}
        for p in chosen:
            if p.org.name not in latest or year_sort_key(p.fiscal_year) > year_sort_key(latest[p.org.name].fiscal_year):
                latest[p.org.name] = p
        chosen = [p for p in chosen if latest.get(p.org.name) is p]
    if plans and not chosen:
        raise SelectionError(_why_no_plan(plans, orgs, years))
    check_duplicates(plans, chosen)  # never pick one of two plans silently, never count both
    dom = {unicodedata.normalize("NFKC", d).strip().upper() for d in domains or []}
    bad = dom - {"A", "B", "C"}
    if bad:
        raise SelectionError(_("no domain {names}; domains are A, B and C").format(names=", ".join(sorted(bad))))
    canon = field_key if callable(field_key) else normalise
    want_fields = {canon(f) for f in fields or []}
    if want_fields:
        _check_fields(plans, fields or [], canon)
    sel = Selection(plans=chosen)
    for plan in chosen:
        for issue in plan.issues:
            if dom and issue.domain not in dom:
                continue
            if want_fields and (issue.field is None or canon(issue.field) not in want_fields):
                continue
            sel.issues.append((plan, issue))
    return sel
