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

from xplan.i18n import N_, _

# -- the one option table (README, "Options"): every command spells these the same way ----------
# typer.Option objects are reusable as defaults. Help texts are marked N_() and translated when help
# is shown (xplan/commands/help.py).
OrgOpt = typer.Option(None, "--org", metavar="ORG",
                      help=N_("Organisation as written (小倉北区), slug or alias; repeatable."))
YearOpt = typer.Option(None, "--year", metavar="YEAR",
                       help=N_("Fiscal year: R7, 令和7, 2025, FY2025; repeatable. Default: each organisation's "
                              "latest plan."))
DomainOpt = typer.Option(None, "--domain", metavar="A|B|C", help=N_("Domain A, B or C; repeatable."))
FieldOpt = typer.Option(None, "--field", metavar="FIELD",
                        help=N_("Policy field, compared after NFKC and through the configured "
                               "vocabulary; repeatable."))
AllOpt = typer.Option(False, "--all", help=N_("Every year of every organisation, not just the latest."))
PlansOpt = typer.Option(None, "--plans", metavar="DIR",
                        help=N_("Plans directory (default: `plans` from the configuration, else plans/)."))
FormatOpt = typer.Option("rich", "--format", "-F", metavar="FORMAT",
                         help=N_("rich (default), markdown, html, csv, tsv, json, or a tabulate format "
                                "(plain, simple, github, grid, …)."))
OutputOpt = typer.Option(None, "--output", "-o", metavar="FILE",
                         help=N_("Write the output to FILE instead of standard output (atomically)."))
ExportOpt = typer.Option(None, "--export", metavar="FILE",
                         help=N_("Save the rich rendering to FILE.svg or FILE.html (for slides)."))
# below 20 nothing fits, and 100000 takes rich 20 s: out of range is a usage error (exit 2)
MAX_WIDTH = 1000
WidthOpt = typer.Option(None, "--width", metavar="N", min=20, max=MAX_WIDTH,
                        help=N_("Render width in columns (default: the terminal's)."))
BomOpt = typer.Option(False, "--bom", help=N_("Start csv/tsv output with a UTF-8 BOM so that Excel reads it."))
QuietOpt = typer.Option(False, "--quiet", "-q", help=N_("Print only the result: no notes on standard error."))
NoCacheOpt = typer.Option(False, "--no-cache", help=N_("Read every plan file again, neither using nor "
                                                      "updating the cache (.xplan_cache)."))

TEXT_ONLY_BOM = ("csv", "tsv")


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


def open_cache(plans: Path, no_cache: bool = False, cfg: Any = None) -> Any:
    """The cache for a plans directory (``XPLAN_CACHE_DIR``, ``[tool.xplan] cache-dir``, else
    ``.xplan_cache`` beside it), or None with ``--no-cache``."""
    if no_cache:
        return None
    from xplan.plan.cache import Cache, cache_dir

    if cfg is None:
        from xplan import config

        cfg = config.find()
    return Cache(cache_dir(plans, cfg.cache_path()))


def load_plans(plans: Path | None, no_cache: bool = False, cfg: Any = None, summary: bool = False) -> Any:
    """The catalog of plans; files that fail to load are named on stderr (lint says why).
    ``summary``: the command is a table view that reads only plans' summaries (xplan.plan.summary)."""
    from xplan.plan.catalog import load_catalog

    root = plans_dir(plans)
    cat = load_catalog(root, open_cache(root, no_cache, cfg), summary)
    from xplan.plan.findings import shown_path

    for f in cat.problems:
        typer.echo("xplan: " + _("skipped {place}: {message} (run xplan lint)").format(
            place=f"{shown_path(f.file)}:{f.line}:{f.column}", message=f"{f.code} {f.message}"), err=True)
    for line in doubt_lines(cat):
        typer.echo(f"xplan: {line}", err=True)
    return cat


def doubt_lines(cat: Any) -> list[str]:
    """One line per plan that loaded but breaks the schema: views show it, so they must say that
    its values cannot be trusted (``impact: 中`` shows as 未評価) and how to see why."""
    from xplan.i18n import _, ngettext
    from xplan.plan.findings import shown_path

    by_path = {p.path: p for p in cat.plans}
    out = []
    for path, errors in cat.doubts.items():
        plan, file = by_path.get(path), shown_path(path)  # a name that is not UTF-8 is printed escaped
        first = errors[0]
        count = ngettext("{n} schema error", "{n} schema errors", len(errors)).format(n=len(errors))
        out.append(_("{file}:{line}:{column}: {message} — the plan of {plan} has {count}; views may show its "
                     "values as unrated or leave them out: run xplan lint {file}").format(
            file=file, line=first.line, column=first.column, message=first.message, count=count,
            plan=f"{plan.org.name} {plan.fiscal_year}" if plan else file))
    return out


def on_terminal() -> bool:
    """Someone reads at a terminal (not a pipe, a file or a test): long output may be paged."""
    return sys.stdin.isatty() and sys.stdout.isatty()


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


def check_output_options(fmt: str, *, export: Path | None = None, bom: bool = False,
                         output: Path | None = None, formats: tuple[str, ...] | None = None) -> None:
    """Options that cannot combine are a usage error (exit 2) before any plan is read.

    ``formats`` is the command's own list when it is not the table formats every view takes."""
    from xplan.output.tables import check_format

    if formats is None:
        check_format(fmt)
    elif fmt not in formats:
        raise UsageError(_("unknown format {fmt!r}; choose from {choices}").format(
            fmt=fmt, choices=", ".join(formats)))
    if export is not None and fmt != "rich":
        raise UsageError(_("--export saves the rich rendering; it cannot be combined with --format {fmt}")
                         .format(fmt=fmt))
    if export is not None and output is not None:
        raise UsageError(_("--export and --output both name a file to write; give one of them"))
    if bom and fmt not in TEXT_ONLY_BOM:
        raise UsageError(_("--bom is for csv and tsv output, not --format {fmt}").format(fmt=fmt))


def note(message: str, quiet: bool = False) -> None:
    """A note on standard error (what was written, what was skipped); -q leaves it out."""
    if not quiet:
        typer.echo(f"xplan: {message}", err=True)


def rich_to_text(parts: list[Any], width: int | None) -> str:
    """The rich rendering as plain text (no colour codes), for -F rich with --output."""
    import io

    buf = io.StringIO()
    con = console(width or 100, file=buf)
    for part in parts:
        con.print(part)
    from xplan.commands.pager import strip_trailing

    return strip_trailing(buf.getvalue())


def write_output(content: str, output: Path | None, quiet: bool = False) -> None:
    """The command's output on standard output, or written atomically to --output FILE."""
    if output is None:
        sys.stdout.write(content)
        return
    from xplan.output.files import write_atomic

    write_atomic(output, content)
    note(_("wrote {path}").format(path=output), quiet)


def emit(fmt: str, rich_parts: Callable[[], list[Any]], text: Callable[[], str],
         export: Path | None = None, width: int | None = None, output: Path | None = None,
         quiet: bool = False, bom: bool = False, html: Callable[[], str] | None = None,
         page: bool = False) -> None:
    """Print a view: rich renderables for --format rich, else the text of the chosen format.

    ``-F html`` and ``--export FILE.html`` give a complete document made from the report's templates
    and stylesheet: ``html`` when the view has its own (matrix, show, schedule), else the view's
    HTML tables (``-F html``) or its rich rendering turned into real tables (``--export``)."""
    check_output_options(fmt, export=export, bom=bom, output=output)
    if export is not None:
        from xplan.output.files import export as export_rich

        if export.suffix.lower() in (".html", ".htm"):
            from xplan.output.files import write_atomic
            from xplan.report.documents import rich_document

            write_atomic(export, html() if html is not None else rich_document(rich_parts(), export.stem))
        else:
            export_rich(rich_parts(), export, width or 120)
        note(_("wrote {path}").format(path=export), quiet)
        return
    if fmt == "rich":
        if output is not None:
            write_output(rich_to_text(rich_parts(), width), output, quiet)
            return
        con = console(width)
        from xplan.commands import pager

        # a view that can be long (a whole plan) is paged at a terminal, only when it overflows the screen
        pager.show(con, rich_parts(), page=page and on_terminal())
    elif fmt == "html":
        from xplan.report.documents import fragment_document

        write_output(html() if html is not None else fragment_document(text()), output, quiet)
    else:
        write_output(text(), output, quiet)
