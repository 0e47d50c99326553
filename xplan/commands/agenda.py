"""``xplan agenda`` and ``xplan progress``: the December review across organisations.

Thin typer wrappers over ``xplan.views.agenda`` and ``xplan.views.progress``: each applies the
shared selection options, reads the quarter or date the user typed (``xplan.plan.years``) and
prints the view with ``commands.common.emit``.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import typer

from xplan.commands.common import (
    AllOpt,
    BomOpt,
    ConfigOpt,
    DomainOpt,
    ExportOpt,
    FieldOpt,
    FormatOpt,
    NoCacheOpt,
    OrgOpt,
    OutputOpt,
    PlansOpt,
    QuietOpt,
    WidthOpt,
    YearOpt,
    emit,
    output_options,
    usage_errors,
)
from xplan.i18n import N_


def _this_month() -> str:
    return datetime.date.today().strftime("%Y-%m")


def agenda(org: list[str] | None = None, year: list[str] | None = None, domain: list[str] | None = None,
           field: list[str] | None = None, all_years: bool = False, plans: Path | None = None,
           quarter: str | None = None, month: str | None = None, fmt: str = "rich", export: Path | None = None,
           width: int | None = None, bom: bool = False, today: str | None = None, output: Path | None = None,
           quiet: bool = False, no_cache: bool = False, config: Path | None = None) -> int:
    """Print the quarter's agenda; the exit code (usage errors raise typer.Exit(2))."""
    from xplan.commands.views import selection
    from xplan.plan.years import resolve_quarter
    from xplan.views import agenda as view
    from xplan.views.common import require_plans

    with usage_errors():
        options = output_options(fmt, output, export, width, quiet, bom)
        named_year, q = resolve_quarter(quarter, month, year, today or _this_month())
        years = [named_year] if named_year else year
        _, sel = selection(plans, org, years, domain, field, all_years, no_cache, config=config)
        require_plans(sel)
        data = view.build(sel, q)
        emit(view.output(data), options)
    return 0


def progress(org: list[str] | None = None, year: list[str] | None = None, domain: list[str] | None = None,
             field: list[str] | None = None, all_years: bool = False, plans: Path | None = None,
             as_of: str | None = None, fmt: str = "rich", export: Path | None = None,
             width: int | None = None, bom: bool = False, output: Path | None = None, quiet: bool = False,
             no_cache: bool = False, config: Path | None = None) -> int:
    """Print planned work against reported progress; the exit code."""
    from xplan.commands.views import selection
    from xplan.plan.years import parse_month
    from xplan.views import progress as view
    from xplan.views.common import require_plans

    with usage_errors():
        options = output_options(fmt, output, export, width, quiet, bom)
        month = parse_month(as_of) if as_of is not None else None
        _, sel = selection(plans, org, year, domain, field, all_years, no_cache, config=config)
        require_plans(sel)
        data = view.build(sel, month)
        emit(view.output(data), options)
    return 0


def register(app: typer.Typer) -> None:
    @app.command("agenda", help=N_("What each organisation scheduled for one quarter, by issue and action (the review agenda)."))
    def agenda_command(
        org: list[str] | None = OrgOpt, year: list[str] | None = YearOpt, domain: list[str] | None = DomainOpt,
        field: list[str] | None = FieldOpt, all_years: bool = AllOpt, plans: Path | None = PlansOpt,
        config: Path | None = ConfigOpt,
        quarter: str | None = typer.Option(
            None, "--quarter", metavar="QUARTER", help=N_("Quarter of the fiscal year: 3, Q3, 第3四半期, or with its year 2025Q3. "
                                      "Default: this month's quarter.")),
        month: str | None = typer.Option(None, "--month", metavar="MONTH", help=N_("A month (2025-11, 令和7年11月): its quarter.")),
        fmt: str = FormatOpt, output: Path | None = OutputOpt, export: Path | None = ExportOpt,
        width: int | None = WidthOpt, bom: bool = BomOpt, quiet: bool = QuietOpt,
        no_cache: bool = NoCacheOpt,
    ) -> None:
        raise typer.Exit(agenda(org, year, domain, field, all_years, plans, quarter, month, fmt, export, width, bom,
                                output=output, quiet=quiet, no_cache=no_cache, config=config))

    @app.command("progress", help=N_("Per action: what the schedule planned up to a date and the progress (⑥) reported for it."))
    def progress_command(
        org: list[str] | None = OrgOpt, year: list[str] | None = YearOpt, domain: list[str] | None = DomainOpt,
        field: list[str] | None = FieldOpt, all_years: bool = AllOpt, plans: Path | None = PlansOpt,
        config: Path | None = ConfigOpt,
        as_of: str | None = typer.Option(
            None, "--as-of", metavar="MONTH", help=N_("Date of the review (2025-12, 令和7年12月). Default: each plan's latest "
                                    "progress checkpoint.")),
        fmt: str = FormatOpt, output: Path | None = OutputOpt, export: Path | None = ExportOpt,
        width: int | None = WidthOpt, bom: bool = BomOpt, quiet: bool = QuietOpt,
        no_cache: bool = NoCacheOpt,
    ) -> None:
        raise typer.Exit(progress(org, year, domain, field, all_years, plans, as_of, fmt, export, width, bom,
                                  output, quiet, no_cache, config))
