"""`xplan diff OLD NEW` — what changed between two years, two plan files, or a plan and itself
at an earlier git revision. A thin wrapper; the work is in xplan.diff."""

from __future__ import annotations

from pathlib import Path

import typer

from xplan.commands.common import (
    BomOpt,
    ExportOpt,
    FormatOpt,
    NoCacheOpt,
    OrgOpt,
    OutputOpt,
    PlansOpt,
    QuietOpt,
    UsageError,
    WidthOpt,
    check_output_options,
    fail,
)
from xplan.i18n import N_, _
from xplan.output.jsontext import dumps as json_text


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
    from xplan.output.tables import render_text

    try:
        with usage_errors():
            check_output_options(fmt, export=export, bom=bom, output=output)
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

    def as_text() -> str:
        if fmt == "json":
            data = rep.to_brief_json(report) if brief else rep.to_json(report)
            return json_text(data)
        if brief:
            return rep.render_brief(report)
        if fmt == "markdown":
            return rep.render_markdown(lines)
        if fmt == "html":
            return rep.render_html(lines)
        if fmt == "plain":
            return rep.render_plain(lines)
        return render_text(rep.changes_table(report, everything), fmt, bom=bom)

    def as_rich() -> list[object]:
        if brief:
            from rich.text import Text

            return [Text(rep.render_brief(report).rstrip("\n"))]
        return rep.rich_parts(lines)

    # counts are lines of text, not a rendering: --brief prints them as they are
    emit("plain" if brief and fmt == "rich" and export is None else fmt, as_rich, as_text, export, width, output,
         quiet, bom)
    return 1 if exit_code and report.has_changes else 0


def register(app: typer.Typer) -> None:
    @app.command("diff", help=N_("Changes between two years or two versions of plans: issues added, removed, carried over, "
                       "renamed or moved, and what changed inside each (ratings, fields, actions, quarters, "
                       "progress)."))
    def diff(
        old: str = typer.Argument(..., help=N_("Older side: a fiscal year (R6, 令和6, 2024), a plan file, "
                                            "or either at a git revision (R7@HEAD~3, plans/R7/seisaku.yaml@v1).")),
        new: str = typer.Argument(..., help=N_("Newer side, written the same way.")),
        org: list[str] = OrgOpt,
        plans: Path = PlansOpt,
        fmt: str = FormatOpt,
        output: Path | None = OutputOpt,
        export: Path | None = ExportOpt,
        bom: bool = BomOpt,
        everything: bool = typer.Option(False, "--all", help=N_("Also list the issues carried over unchanged.")),
        brief: bool = typer.Option(False, "--brief", help=N_("Counts only.")),
        text: bool = typer.Option(False, "--text", help=N_("Show a word-level diff of changed text sections.")),
        exit_code: bool = typer.Option(False, "--exit-code", help=N_("Exit 1 when there are changes (for CI); "
                                                                  "0 when none; 2 on errors.")),
        width: int = WidthOpt,
        quiet: bool = QuietOpt,
        no_cache: bool = NoCacheOpt,
    ) -> None:
        raise typer.Exit(run_diff(old, new, org or None, plans, fmt, brief, text, exit_code, width, output, quiet,
                                  everything, export, bom, no_cache))
