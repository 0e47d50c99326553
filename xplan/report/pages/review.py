"""``review/<year>.html``: the year-end review of one fiscal year — each plan's progress (``xplan
progress``: what the schedule planned up to the latest checkpoint and what was reported, with a
summary row per plan) and the agenda of each quarter (``xplan agenda``), issues linked to their
sections on the plan pages."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from xplan.i18n import _
from xplan.plan.model import QUARTERS, Issue
from xplan.plan.select import Selection
from xplan.plan.years import fiscal_quarter, is_month, year_sort_key
from xplan.report import charts, links
from xplan.report.pages import Page, SiteData
from xplan.views import agenda, progress, schedule


@dataclass
class QuarterView:
    quarter: str
    title: str
    plans: list[agenda.PlanAgenda]
    open: bool   # the quarter of the review (the latest checkpoint), shown unfolded


def _year_selections(site: SiteData) -> dict[str, Selection]:
    """Each year's plans and issues in the pages' order, in one pass over the selection."""
    out: dict[str, Selection] = {}
    for p in site.ordered:
        out.setdefault(p.fiscal_year, Selection()).plans.append(p)
    for p, i in sorted(site.selection.issues, key=lambda pi: site.position[id(pi[0])]):  # stable: issue order kept
        out[p.fiscal_year].issues.append((p, i))
    return out


def review_quarter(progress_plans: list[progress.PlanProgress], year: str) -> str | None:
    """The quarter of the year's latest checkpoint (the December review: Q3), if any."""
    # a checkpoint dated `as_of: x` is lint's to report (S204); the review goes by the readable dates
    dates = [pp.as_of for pp in progress_plans if pp.has_section and pp.as_of and is_month(pp.as_of)]
    if not dates:
        return None
    y, q = fiscal_quarter(max(dates))
    return q if y == year else None


def _remembered(make: Callable[[Issue], schedule.IssueSchedule]) -> Callable[[Issue], schedule.IssueSchedule]:
    """``make``, each issue's result kept for the page (the issues live as long as the site)."""
    made: dict[int, schedule.IssueSchedule] = {}

    def of(issue: Issue) -> schedule.IssueSchedule:
        got = made.get(id(issue))
        if got is None:
            got = made[id(issue)] = make(issue)
        return got
    return of


def _context(site: SiteData, year: str, years: list[str]) -> dict[str, Any]:
    sel = _year_selections(site)[year]
    schedule_of = _remembered(schedule.issue_schedule)  # each issue's schedule once, not five times
    prog = progress.build(sel, schedule_of=schedule_of)
    current = review_quarter(prog, year)
    quarters = [QuarterView(q, agenda.quarter_title(q), agenda.build(sel, q, schedule_of), q == current)
                for q in QUARTERS]
    return {
        "year": year, "progress": prog, "chart": charts.progress_chart(year, prog), "summary": progress.summary_table(prog),
        "quarters": quarters, "any_schedule": any(p.has_schedule for p in sel.plans),
        "years": [(y, links.review_page(y)) for y in years],  # each plan's part: xplan/report/review_html.py
    }


def build(site: SiteData) -> list[Page]:
    """A page per year; each page's data is made only when it is rendered, and dropped after."""
    years = sorted({p.fiscal_year for p in site.plans}, key=year_sort_key, reverse=True)
    return [Page(links.review_page(year), "review.html", _("{year}: progress and quarterly agenda").format(year=year),
                 make=functools.partial(_context, site, year, years),
                 nav=_("Review") if year == years[0] else None)  # the newest year; others linked from it
            for year in years]
