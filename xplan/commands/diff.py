"""`xplan diff OLD NEW` — what changed between two years, two plan files, or a plan and itself
at an earlier git revision. A thin wrapper; the work is in xplan.diff."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

import typer

from xplan.commands.common import Opt, UsageError, fail, output_options
from xplan.i18n import N_, _
from xplan.output.view import ViewOutput


def run_diff(old: str, new: str, orgs: list[str] | None = None, plans: Path | None = None, fmt: str = "rich",
             brief: bool = False, text: bool = False, exit_code: bool = False, width: int | None = None,
             output: Path | None = None, quiet: bool = False, everything: bool = False,
             export: Path | None = None, bom: bool = False, no_cache: bool = False) -> int:
    """Print the report; 0 on success (or no changes with exit_code), 1 changes with exit_code, 2 errors.

    Formats as every table command: rich, markdown, plain, html (the report as a list), json, and
    csv/tsv or a tabulate format (one row per changed value)."""
    from xplan.commands.common import emit, open_cache, plans_dir, usage_errors
    from xplan.diff import report as rep
    from xplan.diff.sides import SideError, resolve_pair

    try:
        with usage_errors():
            # counts are lines of text, not a rendering: --brief prints them as they are
            shown = "plain" if brief and fmt == "rich" and export is None else fmt
            options = output_options(shown, output, export, width, quiet, bom)
            if brief and text:
                raise UsageError(_("--brief gives counts only; it cannot be combined with --text"))
            root = plans_dir(plans)
            try:
                a, b = resolve_pair(old, new, root, open_cache(root, no_cache))
                report = rep.build_report(a, b, orgs)
            except SideError as exc:
                raise fail(str(exc)) from None
    except typer.Exit as exc:
        return exc.exit_code
    for problem in report.skipped:
        typer.echo("xplan: " + _("skipped {place} (run xplan lint)").format(place=problem), err=True)
    from xplan.commands.common import doubt_lines
    from xplan.plan.catalog import Catalog

    both = Catalog([*a.plans, *b.plans], doubts={**a.doubts, **b.doubts})  # a file diffed with itself: once
    for line in doubt_lines(both):
        typer.echo(f"xplan: {line}", err=True)
    lines = rep.report_lines(report, text=text, everything=everything)

    emit(_view(report, lines, brief, everything, options.fmt), options)
    return 1 if exit_code and report.has_changes else 0


def _view(report: Any, lines: list[Any], brief: bool, everything: bool, fmt: str) -> ViewOutput:
    """The report is a document (markdown, html, plain: a nested list of changes; --brief: counts);
    as a table (csv, tsv, xlsx, tabulate's formats) one row per changed value."""
    from xplan.diff import report as rep
    from xplan.output.view import Section

    def html() -> str:
        from xplan.report.documents import document

        if brief:
            return document("xplan diff", f"<pre>{escape(rep.render_brief(report))}</pre>")
        title = next((ln.text for ln in lines if ln.kind in ("title", "org")), "xplan diff")
        return document(title, rep.render_html(lines))

    def brief_rich() -> list[Any]:
        from rich.text import Text

        return [Text(rep.render_brief(report).rstrip("\n"))]

    documents: dict[str, Callable[[], str]]
    if brief:
        documents = {fmt: lambda: rep.render_brief(report), "html": html}
    else:
        documents = {"markdown": lambda: rep.render_markdown(lines), "html": html,
                     "plain": lambda: rep.render_plain(lines)}
    return ViewOutput("diff", _("Changes"), brief_rich if brief else lambda: rep.rich_parts(lines),
                      (lambda: rep.to_brief_json(report)) if brief else lambda: rep.to_json(report),
                      lambda: [Section([rep.changes_table(report, everything)])],
                      (lambda: rep.brief_table(report)) if brief else lambda: rep.changes_table(report, everything),
                      documents)


def register(app: typer.Typer) -> None:
    @app.command("diff", help=N_("Changes between two years or two versions of plans: issues added, removed, carried over, "
                       "renamed or moved, and what changed inside each (ratings, fields, actions, quarters, "
                       "progress)."))
    def diff(
        old: str = typer.Argument(..., help=N_("Older side: a fiscal year (R6, 令和6, 2024), a plan file, "
                                            "or either at a git revision (R7@HEAD~3, plans/R7/seisaku.yaml@v1).")),
        new: str = typer.Argument(..., help=N_("Newer side, written the same way.")),
        org: list[str] = Opt.org,
        plans: Path = Opt.plans,
        fmt: str = Opt.format,
        output: Path | None = Opt.output,
        export: Path | None = Opt.export,
        bom: bool = Opt.bom,
        everything: bool = typer.Option(False, "--all", help=N_("Also list the issues carried over unchanged.")),
        brief: bool = typer.Option(False, "--brief", help=N_("Counts only.")),
        text: bool = typer.Option(False, "--text", help=N_("Show a word-level diff of changed text sections.")),
        exit_code: bool = typer.Option(False, "--exit-code", help=N_("Exit 1 when there are changes (for CI); "
                                                                  "0 when none; 2 on errors.")),
        width: int = Opt.width,
        quiet: bool = Opt.quiet,
        no_cache: bool = Opt.no_cache,
    ) -> None:
        raise typer.Exit(run_diff(old, new, org or None, plans, fmt, brief, text, exit_code, width, output, quiet,
                                  everything, export, bom, no_cache))
