"""`xplan diff OLD NEW` — what changed between two years, two plan files, or a plan and itself
at an earlier git revision. A thin wrapper; the work is in xplan.diff."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from xplan.commands.common import (NoCacheOpt, OrgOpt, OutputOpt, PlansOpt, QuietOpt, UsageError, WidthOpt,
                                   check_output_options, fail, rich_to_text, write_output)
from xplan.i18n import _

DIFF_FORMATS = ("rich", "markdown", "plain", "json")


def run_diff(old: str, new: str, orgs: list[str] | None = None, plans: Path | None = None, fmt: str = "rich",
             brief: bool = False, text: bool = False, exit_code: bool = False, width: int | None = None,
             output: Path | None = None, quiet: bool = False, no_cache: bool = False) -> int:
    """Print the report; 0 on success (or no changes with exit_code), 1 changes with exit_code, 2 errors."""
    from xplan.commands.common import console, open_cache, plans_dir, usage_errors
    from xplan.diff import report as rep
    from xplan.diff.sides import SideError, resolve_pair

    try:
        with usage_errors():
            check_output_options(fmt, output=output, formats=DIFF_FORMATS)
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
    if fmt == "json":
        data = rep.to_brief_json(report) if brief else rep.to_json(report)
        write_output(json.dumps(data, ensure_ascii=False, indent=2) + "\n", output, quiet)
    elif brief:
        write_output(rep.render_brief(report), output, quiet)
    else:
        lines = rep.report_lines(report, text=text)
        if fmt == "rich" and output is None:
            con = console(width)
            for part in rep.rich_parts(lines):
                con.print(part)
        elif fmt == "rich":
            write_output(rich_to_text(rep.rich_parts(lines), width), output, quiet)
        elif fmt == "markdown":
            write_output(rep.render_markdown(lines), output, quiet)
        else:
            write_output(rep.render_plain(lines), output, quiet)
    return 1 if exit_code and report.has_changes else 0


def register(app: typer.Typer) -> None:
    @app.command("diff")
    def diff(
        old: str = typer.Argument(..., help="Older side: a fiscal year (R6, 令和6, 2024), a plan file, "
                                            "or either at a git revision (R7@HEAD~3, plans/R7/seisaku.yaml@v1)."),
        new: str = typer.Argument(..., help="Newer side, written the same way."),
        org: list[str] = OrgOpt,
        plans: Path = PlansOpt,
        fmt: str = typer.Option("rich", "--format", "-F", metavar="FORMAT",
                                help=_("rich (default), markdown (for minutes), plain or json.")),
        output: Path | None = OutputOpt,
        brief: bool = typer.Option(False, "--brief", help="Counts only."),
        text: bool = typer.Option(False, "--text", help="Show a word-level diff of changed text sections."),
        exit_code: bool = typer.Option(False, "--exit-code", help="Exit 1 when there are changes (for CI); "
                                                                  "0 when none; 2 on errors."),
        width: int = WidthOpt,
        quiet: bool = QuietOpt,
        no_cache: bool = NoCacheOpt,
    ) -> None:
        """Changes between two years or two versions of plans: issues added, removed, carried over,
        renamed or moved, and what changed inside each (ratings, fields, actions, quarters, progress)."""
        raise typer.Exit(run_diff(old, new, org or None, plans, fmt, brief, text, exit_code, width, output, quiet,
                                  no_cache))
