"""The review-meeting views as commands: matrix, issues, show, schedule, orgs.

Thin typer wrappers: each loads the plans, applies the shared selection options, asks its
``xplan.views.<name>`` module for the data and prints it with ``commands.common.emit``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from xplan.commands.common import (AllOpt, BomOpt, DomainOpt, ExportOpt, FieldOpt, FormatOpt, NoCacheOpt, OrgOpt,
                                   OutputOpt, PlansOpt, QuietOpt, WidthOpt, YearOpt, check_output_options, emit,
                                   load_plans, usage_errors)
from xplan.i18n import N_, _

IssueArg = typer.Argument(None, help=N_("An issue: A1, a1, Ａ１, A(1), A（1） or 課題A（1）."))


def selection(plans: Path | None, org: list[str] | None, year: list[str] | None, domain: list[str] | None,
              field: list[str] | None, all_years: bool, no_cache: bool = False,
              summary: bool = False) -> tuple[list[Any], Any]:
    """Load the plans and apply the shared options; policy fields compare through the config's vocabulary.
    ``summary``: a table view that reads only the plans' summaries (xplan.plan.summary)."""
    from xplan import config
    from xplan.plan.select import select

    cfg = config.find()  # once for the plans directory, the cache and the vocabulary, as rollup's load_context
    cat = load_plans(plans or cfg.plans_dir(), no_cache, cfg, summary=summary)
    field_key = None
    if cfg.fields:
        from xplan.rollup.fields import Vocabulary

        field_key = Vocabulary(cfg.fields).key
    sel = select(cat.plans, orgs=org, years=year, domains=domain, fields=field, all_years=all_years,
                 field_key=field_key)
    return cat.plans, sel


def _documents() -> Any:
    """The HTML page builders, imported only for -F html (Jinja2 and markupsafe are slow to import)."""
    from xplan.report import documents

    return documents


def register(app: typer.Typer) -> None:
    @app.command("matrix", help=N_("The impact/urgency grid of each plan, with the unrated issues listed below it."))
    def matrix_command(
        org: list[str] | None = OrgOpt, year: list[str] | None = YearOpt, domain: list[str] | None = DomainOpt,
        field: list[str] | None = FieldOpt, all_years: bool = AllOpt, plans: Path | None = PlansOpt,
        combined: bool = typer.Option(False, "--combined", help=N_("One grid for all selected plans, "
                                                                "issues prefixed with their organisation.")),
        fmt: str = FormatOpt, output: Path | None = OutputOpt, export: Path | None = ExportOpt,
        width: int | None = WidthOpt, bom: bool = BomOpt, quiet: bool = QuietOpt,
        no_cache: bool = NoCacheOpt,
    ) -> None:
        from xplan.views import matrix
        from xplan.views.common import require_plans

        with usage_errors():
            check_output_options(fmt, export=export, bom=bom, output=output)
            _, sel = selection(plans, org, year, domain, field, all_years, no_cache, summary=True)
            require_plans(sel)
            grids = matrix.build(sel, combined=combined)
            emit(fmt, lambda: matrix.renderables(grids), lambda: matrix.text(grids, fmt, bom),
                 export, width, output, quiet, bom, html=lambda: _documents().matrix_document(grids))

    @app.command("issues", help=N_("One row per issue: organisation, year, code, policy field, title, ratings, number of "
                       "actions."))
    def issues_command(
        org: list[str] | None = OrgOpt, year: list[str] | None = YearOpt, domain: list[str] | None = DomainOpt,
        field: list[str] | None = FieldOpt, all_years: bool = AllOpt, plans: Path | None = PlansOpt,
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
            check_output_options(fmt, export=export, bom=bom, output=output)
            _, sel = selection(plans, org, year, domain, field, all_years, no_cache, summary=True)
            items = issues.rows(sel, impact=impact, urgency=urgency, sort=sort, reverse=reverse)
            emit(fmt, lambda: issues.renderables(items), lambda: issues.text(items, fmt, bom),
                 export, width, output, quiet, bom)

    @app.command("show", help=N_("A plan in full (mission, basic information, review, every issue), or one issue."))
    def show_command(
        issue: str | None = IssueArg,
        org: list[str] | None = OrgOpt, year: list[str] | None = YearOpt, domain: list[str] | None = DomainOpt,
        field: list[str] | None = FieldOpt, all_years: bool = AllOpt, plans: Path | None = PlansOpt,
        fmt: str = FormatOpt, output: Path | None = OutputOpt, export: Path | None = ExportOpt,
        width: int | None = WidthOpt, bom: bool = BomOpt, quiet: bool = QuietOpt,
        no_cache: bool = NoCacheOpt,
        no_pager: bool = typer.Option(False, "--no-pager", help=N_(
            "Print straight to the terminal, never through the pager (a plan longer than the screen is "
            "otherwise shown in XPLAN_PAGER, PAGER or less).")),
    ) -> None:
        from xplan.views import show
        from xplan.views.common import require_org

        with usage_errors():
            if fmt == "docx":  # a Word file (xplan.export.docx): to -o FILE or a pipe, never a terminal
                from xplan.commands.export import check_binary_output

                check_binary_output("docx", output, export=export, bom=bom)
            else:
                check_output_options(fmt, export=export, bom=bom, output=output)
            _, sel = selection(plans, org, year, domain, field, all_years, no_cache)
            require_org(sel, bool(org), "show")
            docs = show.build(sel, issue)
            if fmt == "docx":
                from xplan.commands.export import write_binary
                from xplan.export.docx import document

                write_binary(lambda: document(docs), output, quiet)
                return
            emit(fmt, lambda: show.renderables(docs), lambda: show.text(docs, fmt, bom, width),
                 export, width, output, quiet, bom, html=lambda: _documents().show_document(docs),
                 page=not no_pager)

    @app.command("schedule", help=N_("The quarterly schedule (⑤): each action by quarter, Q1 to Q4."))
    def schedule_command(
        issue: str | None = IssueArg,
        org: list[str] | None = OrgOpt, year: list[str] | None = YearOpt, domain: list[str] | None = DomainOpt,
        field: list[str] | None = FieldOpt, all_years: bool = AllOpt, plans: Path | None = PlansOpt,
        fmt: str = FormatOpt, output: Path | None = OutputOpt, export: Path | None = ExportOpt,
        width: int | None = WidthOpt, bom: bool = BomOpt, quiet: bool = QuietOpt,
        no_cache: bool = NoCacheOpt,
    ) -> None:
        from xplan.views import schedule
        from xplan.views.common import require_org

        with usage_errors():
            check_output_options(fmt, export=export, bom=bom, output=output)
            _, sel = selection(plans, org, year, domain, field, all_years, no_cache)
            require_org(sel, bool(org), "schedule")
            data = schedule.build(sel, issue)
            emit(fmt, lambda: schedule.renderables(data), lambda: schedule.text(data, fmt, bom),
                 export, width, output, quiet, bom, html=lambda: _documents().schedule_document(data))

    @app.command("orgs", help=N_("The organisations and their plans, with issue counts per domain."))
    def orgs_command(
        org: list[str] | None = OrgOpt, year: list[str] | None = YearOpt, domain: list[str] | None = DomainOpt,
        field: list[str] | None = FieldOpt, all_years: bool = AllOpt, plans: Path | None = PlansOpt,
        fmt: str = FormatOpt, output: Path | None = OutputOpt, export: Path | None = ExportOpt,
        width: int | None = WidthOpt, bom: bool = BomOpt, quiet: bool = QuietOpt,
        no_cache: bool = NoCacheOpt,
    ) -> None:
        from xplan.views import orgs

        with usage_errors():
            check_output_options(fmt, export=export, bom=bom, output=output)
            _, sel = selection(plans, org, year, domain, field, all_years, no_cache, summary=True)
            items = orgs.build(sel)
            emit(fmt, lambda: orgs.renderables(items), lambda: orgs.text(items, fmt, bom),
                 export, width, output, quiet, bom)
