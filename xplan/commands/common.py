"""Options and helpers shared by the view commands (matrix, issues, show, schedule, orgs,
rollup, fields, diff): selection, output format, export, and error-to-exit-code handling."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

# -- option definitions (typer.Option objects are reusable as defaults) ------------------------
OrgOpt = typer.Option(None, "--org", "-o", help="Organisation as written (小倉北区), slug or alias; repeatable.")
YearOpt = typer.Option(None, "--year", "-y", help="Fiscal year: R7, 令和7, 2025, FY2025; repeatable. "
                                                 "Default: each organisation's latest plan.")
DomainOpt = typer.Option(None, "--domain", "-d", help="Domain A, B or C; repeatable.")
FieldOpt = typer.Option(None, "--field", "-f", help="Policy field (政策分野), compared after NFKC; repeatable.")
AllOpt = typer.Option(False, "--all", help="Every year of every organisation, not just the latest.")
PlansOpt = typer.Option(None, "--plans", help="Plans directory (default: from config, else plans/).")
FormatOpt = typer.Option("rich", "--format", "-F", help="rich, markdown, html, csv, tsv, json, "
                                                        "or a tabulate format (plain, simple, github, grid, …).")
ExportOpt = typer.Option(None, "--export", help="Save the rich rendering to FILE.svg or FILE.html.")
# 0 or less would print nothing, and 100000 takes rich 20 s: out of range is a usage error (exit 2)
MAX_WIDTH = 1000
WidthOpt = typer.Option(None, "--width", "-w", min=1, max=MAX_WIDTH,
                        help="Render width in columns (default: the terminal's).")
BomOpt = typer.Option(False, "--bom", help="Start csv/tsv output with a UTF-8 BOM so that Excel reads it.")


class UsageError(Exception):
    """Bad input on the command line: message to stderr, exit code 2."""


def fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"xplan: {message}", err=True)
    return typer.Exit(code)


@contextmanager
def usage_errors() -> Iterator[None]:
    """Turn the library's 'you asked for something unknown' errors into exit code 2."""
    from xplan.plan.catalog import PathError
    from xplan.config import ConfigError
    from xplan.output.files import OutputError
    from xplan.output.tables import FormatError
    from xplan.plan.select import SelectionError
    from xplan.plan.years import YearError

    try:
        yield
    except (UsageError, PathError, ConfigError, FormatError, OutputError, SelectionError, YearError) as exc:
        raise fail(str(exc)) from None


def plans_dir(plans: Path | None) -> Path:
    if plans is not None:
        return plans
    from xplan import config

    return config.find().plans_dir()


def load_plans(plans: Path | None) -> Any:
    """The catalog of plans; files that fail to load are named on stderr (lint says why)."""
    from xplan.plan.catalog import load_catalog

    cat = load_catalog(plans_dir(plans))
    from xplan.plan.findings import shown_path

    for f in cat.problems:
        typer.echo(f"xplan: skipped {shown_path(f.file)}:{f.line}:{f.column}: {f.message} (run xplan lint)", err=True)
    return cat


def console(width: int | None = None, file: Any = None) -> Any:
    """A rich console: colour only on a terminal and never with NO_COLOR (rich honours both)."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # rich exits 1 here; let the top level (cli.run) stop quietly with 141 instead
            self.quiet = True
            raise BrokenPipeError

    return _Console(width=width, file=file or sys.stdout, no_color="NO_COLOR" in os.environ or None,
                    highlight=False, soft_wrap=False)


def emit(fmt: str, rich_parts: Callable[[], list[Any]], text: Callable[[], str],
         export: Path | None = None, width: int | None = None) -> None:
    """Print a view: rich renderables for --format rich, else the text of the chosen format."""
    from xplan.output.files import export as export_rich
    from xplan.output.tables import check_format

    check_format(fmt)
    if export is not None:
        export_rich(rich_parts(), export, width or 120)
        typer.echo(f"xplan: wrote {export}", err=True)
        return
    if fmt == "rich":
        con = console(width)
        for part in rich_parts():
            con.print(part)
    else:
        sys.stdout.write(text())
