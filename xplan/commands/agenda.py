"""``xplan agenda`` and ``xplan progress``: the December review across organisations.

Thin typer wrappers over ``xplan.views.agenda`` and ``xplan.views.progress``: each applies the
shared selection options, reads the quarter or date the user typed (``xplan.plan.years``) and
prints the view with ``commands.common.emit``.
"""

from __future__ import annotations

import datetime

import typer

from xplan.commands.common import Given, emit, table_command
from xplan.i18n import N_
from xplan.output.view import Options


def _this_month() -> str:
    return datetime.date.today().strftime("%Y-%m")


def agenda(given: Given, options: Options, quarter: str | None = None, month: str | None = None,
           today: str | None = None) -> None:
    """Print the quarter's agenda (usage errors raise, for the caller's usage_errors)."""
    from xplan.commands.views import selection
    from xplan.plan.years import resolve_quarter
    from xplan.views import agenda as view
    from xplan.views.common import require_plans

    named_year, q = resolve_quarter(quarter, month, given.year, today or _this_month())
    sel = selection(given, years=[named_year] if named_year else None)
    require_plans(sel)
    emit(view.output(view.build(sel, q)), options)


def progress(given: Given, options: Options, as_of: str | None = None) -> None:
    """Print planned work against reported progress."""
    from xplan.commands.views import selection
    from xplan.plan.years import parse_month
    from xplan.views import progress as view
    from xplan.views.common import require_plans

    month = parse_month(as_of) if as_of is not None else None
    sel = selection(given)
    require_plans(sel)
    emit(view.output(view.build(sel, month)), options)


def register(app: typer.Typer) -> None:
    @table_command(app, "agenda", N_("What each organisation scheduled for one quarter, by issue and action (the review agenda)."))
    def agenda_command(
        quarter: str | None = typer.Option(
            None, "--quarter", metavar="QUARTER", help=N_("Quarter of the fiscal year: 3, Q3, 第3四半期, or with its year 2025Q3. "
                                      "Default: this month's quarter.")),
        month: str | None = typer.Option(None, "--month", metavar="MONTH", help=N_("A month (2025-11, 令和7年11月): its quarter.")),
        *, given: Given, options: Options,
    ) -> None:
        agenda(given, options, quarter, month)

    @table_command(app, "progress", N_("Per action: what the schedule planned up to a date and the progress (⑥) reported for it."))
    def progress_command(
        as_of: str | None = typer.Option(
            None, "--as-of", metavar="MONTH", help=N_("Date of the review (2025-12, 令和7年12月). Default: each plan's latest "
                                    "progress checkpoint.")),
        *, given: Given, options: Options,
    ) -> None:
        progress(given, options, as_of)
