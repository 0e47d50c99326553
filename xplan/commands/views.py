"""The review-meeting views as commands: matrix, issues, show, schedule, orgs.

Thin typer wrappers: each loads the plans, applies the shared selection options, asks its
``xplan.views.<name>`` module for the data and prints it with ``commands.common.emit``.
"""

from __future__ import annotations

from typing import Any

import typer

from xplan.commands.common import Given, emit, load_context, table_command
from xplan.i18n import N_
from xplan.output.view import Options

IssueArg = typer.Argument(None, help=N_("An issue: A1, a1, Ａ１, A(1), A（1） or 課題A（1）."))


def selection(given: Given, years: list[str] | None = None, summary: bool = False) -> Any:
    """The plans the selection options name (``years`` in place of --year when the command read
    them otherwise); policy fields compare through the vocabulary, as in rollup and fields.
    ``summary``: a table view that reads only the plans' summaries (xplan.plan.summary)."""
    from xplan.plan.select import select

    loaded, vocab = load_context(given.plans, given.config, given.no_cache, summary)
    return select(loaded, orgs=given.org, years=years if years is not None else given.year, domains=given.domain,
                  fields=given.field, all_years=given.all_years, field_key=vocab.key if vocab is not None else None)


def _documents() -> Any:
    """The HTML page builders, imported only for -F html (Jinja2 and markupsafe are slow to import)."""
    from xplan.report import documents

    return documents


def register(app: typer.Typer) -> None:
    @table_command(app, "matrix", N_("The impact/urgency grid of each plan, with the unrated issues listed below it."))
    def matrix_command(
        combined: bool = typer.Option(False, "--combined", help=N_("One grid for all selected plans, "
                                                                "issues prefixed with their organisation.")),
        *, given: Given, options: Options,
    ) -> None:
        from xplan.views import matrix
        from xplan.views.common import require_plans

        sel = selection(given, summary=True)
        require_plans(sel)
        grids = matrix.build(sel, combined=combined)
        emit(matrix.output(grids, {"html": lambda: _documents().matrix_document(grids)}), options)

    @table_command(app, "issues", N_("One row per issue: organisation, year, code, policy field, title, ratings, number of "
                   "actions."))
    def issues_command(
        impact: list[str] | None = typer.Option(None, "--impact", help=N_("高/high, 低/low or 未評価/none (unrated); repeatable.")),
        urgency: list[str] | None = typer.Option(None, "--urgency", help=N_("高/high, 低/low or 未評価/none (unrated); repeatable.")),
        sort: str | None = typer.Option(None, "--sort", help=N_("org, year, code, field, title, impact, urgency "
                                                             "or actions (default: organisation, year, code).")),
        reverse: bool = typer.Option(False, "--reverse", help=N_("Reverse the order (unset values stay last).")),
        *, given: Given, options: Options,
    ) -> None:
        from xplan.views import issues

        items = issues.rows(selection(given, summary=True), impact=impact, urgency=urgency, sort=sort, reverse=reverse)
        emit(issues.output(items), options)

    @table_command(app, "show", N_("A plan in full (mission, basic information, review, every issue), or one issue."))
    def show_command(
        issue: str | None = IssueArg,
        no_pager: bool = typer.Option(False, "--no-pager", help=N_(
            "Print straight to the terminal, never through the pager (a plan longer than the screen is "
            "otherwise shown in XPLAN_PAGER, PAGER or less).")),
        *, given: Given, options: Options,
    ) -> None:
        from dataclasses import replace

        from xplan.views import show
        from xplan.views.common import require_org

        sel = selection(given)
        require_org(sel, bool(given.org), "show")
        docs = show.build(sel, issue)

        def word() -> bytes:  # -F docx: the plan as a Word document (xplan.export.docx)
            from xplan.export.docx import document

            return document(docs)

        view = show.output(docs, options.width, {"html": lambda: _documents().show_document(docs)}, {"docx": word})
        emit(replace(view, page=view.page and not no_pager), options)

    @table_command(app, "schedule", N_("The quarterly schedule (⑤): each action by quarter, Q1 to Q4."))
    def schedule_command(issue: str | None = IssueArg, *, given: Given, options: Options) -> None:
        from xplan.views import schedule
        from xplan.views.common import require_org

        sel = selection(given)
        require_org(sel, bool(given.org), "schedule")
        data = schedule.build(sel, issue)
        emit(schedule.output(data, {"html": lambda: _documents().schedule_document(data)}), options)

    @table_command(app, "orgs", N_("The organisations and their plans, with issue counts per domain."))
    def orgs_command(*, given: Given, options: Options) -> None:
        from xplan.views import orgs

        emit(orgs.output(orgs.build(selection(given, summary=True))), options)
