"""The review-meeting views as commands: matrix, issues, show, schedule, orgs.

Thin typer wrappers: each loads the plans, applies the shared selection options, asks its
``xplan.views.<name>`` module for the data and prints it with ``commands.common.emit``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
    load_context,
    output_options,
    usage_errors,
)
from xplan.i18n import N_

IssueArg = typer.Argument(None, help=N_("An issue: A1, a1, Ａ１, A(1), A（1） or 課題A（1）."))


def selection(plans: Path | None, org: list[str] | None, year: list[str] | None, domain: list[str] | None,
              field: list[str] | None, all_years: bool, no_cache: bool = False,
              summary: bool = False, config: Path | None = None) -> tuple[list[Any], Any]:
    """Load the plans and apply the shared options; policy fields compare through the vocabulary
    (commands.common.load_context, as rollup and fields)."""
    from xplan.plan.select import select

    loaded, vocab = load_context(plans, config, no_cache, summary)
    sel = select(loaded, orgs=org, years=year, domains=domain, fields=field, all_years=all_years,
                 field_key=vocab.key if vocab is not None else None)
    return loaded, sel


def _documents() -> Any:
    """The HTML page builders, imported only for -F html (Jinja2 and markupsafe are slow to import)."""
    from xplan.report import documents

    return documents


def register(app: typer.Typer) -> None:
    @app.command("matrix", help=N_("The impact/urgency grid of each plan, with the unrated issues listed below it."))
    def matrix_command(
        org: list[str] | None = OrgOpt, year: list[str] | None = YearOpt, domain: list[str] | None = DomainOpt,
        field: list[str] | None = FieldOpt, all_years: bool = AllOpt, plans: Path | None = PlansOpt,
        config: Path | None = ConfigOpt,
        combined: bool = typer.Option(False, "--combined", help=N_("One grid for all selected plans, "
                                                                "issues prefixed with their organisation.")),
        fmt: str = FormatOpt, output: Path | None = OutputOpt, export: Path | None = ExportOpt,
        width: int | None = WidthOpt, bom: bool = BomOpt, quiet: bool = QuietOpt,
        no_cache: bool = NoCacheOpt,
    ) -> None:
        from xplan.views import matrix
        from xplan.views.common import require_plans

        with usage_errors():
            options = output_options(fmt, output, export, width, quiet, bom)
            _, sel = selection(plans, org, year, domain, field, all_years, no_cache, summary=True, config=config)
            require_plans(sel)
            grids = matrix.build(sel, combined=combined)
            emit(matrix.output(grids, {"html": lambda: _documents().matrix_document(grids)}), options)

    @app.command("issues", help=N_("One row per issue: organisation, year, code, policy field, title, ratings, number of "
                       "actions."))
    def issues_command(
        org: list[str] | None = OrgOpt, year: list[str] | None = YearOpt, domain: list[str] | None = DomainOpt,
        field: list[str] | None = FieldOpt, all_years: bool = AllOpt, plans: Path | None = PlansOpt,
        config: Path | None = ConfigOpt,
        impact: list[str] | None = typer.Option(None, "--impact", help=N_("高/high, 低/low or 未評価/none (unrated); repeatable.")),
        urgency: list[str] | None = typer.Option(None, "--urgency", help=N_("高/high, 低/low or 未評価/none (unrated); repeatable.")),
        sort: str | None = typer.Option(None, "--sort", help=N_("org, year, code, field, title, impact, urgency "
                                                             "or actions (default: organisation, year, code).")),
        reverse: bool = typer.Option(False, "--reverse", help=N_("Reverse the order (unset values stay last).")),
        fmt: str = FormatOpt, output: Path | None = OutputOpt, export: Path | None = ExportOpt,
        width: int | None = WidthOpt, bom: bool = BomOpt, quiet: bool = QuietOpt,
        no_cache: bool = NoCacheOpt,
    ) -> None:
        from xplan.views import issues

        with usage_errors():
            options = output_options(fmt, output, export, width, quiet, bom)
            _, sel = selection(plans, org, year, domain, field, all_years, no_cache, summary=True, config=config)
            items = issues.rows(sel, impact=impact, urgency=urgency, sort=sort, reverse=reverse)
            emit(issues.output(items), options)

    @app.command("show", help=N_("A plan in full (mission, basic information, review, every issue), or one issue."))
    def show_command(
        issue: str | None = IssueArg,
        org: list[str] | None = OrgOpt, year: list[str] | None = YearOpt, domain: list[str] | None = DomainOpt,
        field: list[str] | None = FieldOpt, all_years: bool = AllOpt, plans: Path | None = PlansOpt,
        config: Path | None = ConfigOpt,
        fmt: str = FormatOpt, output: Path | None = OutputOpt, export: Path | None = ExportOpt,
        width: int | None = WidthOpt, bom: bool = BomOpt, quiet: bool = QuietOpt,
        no_cache: bool = NoCacheOpt,
    ) -> None:
        from xplan.views import show
        from xplan.views.common import require_org

        with usage_errors():
            options = output_options(fmt, output, export, width, quiet, bom)
            _, sel = selection(plans, org, year, domain, field, all_years, no_cache, config=config)
            require_org(sel, bool(org), "show")
            docs = show.build(sel, issue)
            emit(show.output(docs, width, {"html": lambda: _documents().show_document(docs)}), options)

    @app.command("schedule", help=N_("The quarterly schedule (⑤): each action by quarter, Q1 to Q4."))
    def schedule_command(
        issue: str | None = IssueArg,
        org: list[str] | None = OrgOpt, year: list[str] | None = YearOpt, domain: list[str] | None = DomainOpt,
        field: list[str] | None = FieldOpt, all_years: bool = AllOpt, plans: Path | None = PlansOpt,
        config: Path | None = ConfigOpt,
        fmt: str = FormatOpt, output: Path | None = OutputOpt, export: Path | None = ExportOpt,
        width: int | None = WidthOpt, bom: bool = BomOpt, quiet: bool = QuietOpt,
        no_cache: bool = NoCacheOpt,
    ) -> None:
        from xplan.views import schedule
        from xplan.views.common import require_org

        with usage_errors():
            options = output_options(fmt, output, export, width, quiet, bom)
            _, sel = selection(plans, org, year, domain, field, all_years, no_cache, config=config)
            require_org(sel, bool(org), "schedule")
            data = schedule.build(sel, issue)
            emit(schedule.output(data, {"html": lambda: _documents().schedule_document(data)}), options)

    @app.command("orgs", help=N_("The organisations and their plans, with issue counts per domain."))
    def orgs_command(
        org: list[str] | None = OrgOpt, year: list[str] | None = YearOpt, domain: list[str] | None = DomainOpt,
        field: list[str] | None = FieldOpt, all_years: bool = AllOpt, plans: Path | None = PlansOpt,
        config: Path | None = ConfigOpt,
        fmt: str = FormatOpt, output: Path | None = OutputOpt, export: Path | None = ExportOpt,
        width: int | None = WidthOpt, bom: bool = BomOpt, quiet: bool = QuietOpt,
        no_cache: bool = NoCacheOpt,
    ) -> None:
        from xplan.views import orgs

        with usage_errors():
            options = output_options(fmt, output, export, width, quiet, bom)
            _, sel = selection(plans, org, year, domain, field, all_years, no_cache, summary=True, config=config)
            items = orgs.build(sel)
            emit(orgs.output(items), options)
