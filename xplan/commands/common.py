"""Options and helpers shared by the view commands (matrix, issues, show, schedule, orgs,
rollup, fields, diff): selection, output format, export, and error-to-exit-code handling."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer

from xplan.i18n import N_, _
from xplan.output.view import Options, ViewOutput

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
                         help=N_("rich (default), markdown, html, csv, tsv, json, xlsx (with -o FILE), or a "
                                "tabulate format (plain, simple, github, grid, …)."))
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
ConfigOpt = typer.Option(None, "--config", metavar="FILE",
                         help=N_("Config file holding the \\[tool.xplan.fields] vocabulary "
                                 "(default: found from the working directory)."))
NoCacheOpt = typer.Option(False, "--no-cache", help=N_("Read every plan file again, neither using nor "
                                                      "updating the cache (.xplan_cache)."))

class Opt:
    """The shared options by name (``plans: Path | None = Opt.plans``), so that a command imports one
    name rather than a list of them."""

    org = OrgOpt
    year = YearOpt
    domain = DomainOpt
    field = FieldOpt
    all_years = AllOpt
    plans = PlansOpt
    config = ConfigOpt
    format = FormatOpt
    output = OutputOpt
    export = ExportOpt
    width = WidthOpt
    bom = BomOpt
    quiet = QuietOpt
    no_cache = NoCacheOpt


@dataclass(frozen=True)
class Given:
    """The selection options as the user gave them (views, rollup, fields, agenda, progress)."""

    org: list[str] | None = None
    year: list[str] | None = None
    domain: list[str] | None = None
    field: list[str] | None = None
    all_years: bool = False
    plans: Path | None = None
    config: Path | None = None
    no_cache: bool = False


# the shared options of a table command, in the order --help lists them: the selection, then (after
# the command's own options) the output
_SELECTION = (("org", list[str] | None, OrgOpt), ("year", list[str] | None, YearOpt),
              ("domain", list[str] | None, DomainOpt), ("field", list[str] | None, FieldOpt),
              ("all_years", bool, AllOpt), ("plans", Path | None, PlansOpt), ("config", Path | None, ConfigOpt))
_OUTPUT = (("fmt", str, FormatOpt), ("output", Path | None, OutputOpt), ("export", Path | None, ExportOpt),
           ("width", int | None, WidthOpt), ("bom", bool, BomOpt), ("quiet", bool, QuietOpt),
           ("no_cache", bool, NoCacheOpt))


def table_command(app: typer.Typer, name: str, help: str, *, select: bool = True,
                  cls: type[Any] | None = None) -> Callable[[Callable[..., None]], None]:
    """Register a table command whose function takes its own options and ``given`` (the selection
    options, when ``select``) and ``options`` (the output options, checked before it runs): the
    shared options are declared here once, not in every command's signature. ``cls``: the
    command's click class (search's WordsCommand, which reads ``-word`` as a word)."""
    import inspect
    import typing

    def register(fn: Callable[..., None]) -> None:
        hints = typing.get_type_hints(fn)
        own = [p.replace(annotation=hints.get(p.name, p.annotation))
               for p in inspect.signature(fn).parameters.values() if p.name not in ("given", "options")]
        kw = inspect.Parameter.POSITIONAL_OR_KEYWORD
        sel_params = [inspect.Parameter(n, kw, default=d, annotation=t) for n, t, d in (_SELECTION if select else ())]
        out_params = [inspect.Parameter(n, kw, default=d, annotation=t) for n, t, d in _OUTPUT
                      if select or n != "no_cache"]
        # an argument (show's ISSUE) stays first; the command's own options come between the two groups
        args = [p for p in own if isinstance(p.default, typer.models.ArgumentInfo)]
        opts = [p for p in own if p not in args]
        params = [*args, *sel_params, *opts, *out_params]

        def command(**kwargs: Any) -> None:
            with usage_errors():
                options = output_options(*(kwargs.pop(n) for n in ("fmt", "output", "export", "width", "quiet",
                                                                   "bom")))
                extra = {}
                if select:
                    extra["given"] = Given(**{n: kwargs.pop(n) for n, _t, _d in _SELECTION},
                                           no_cache=kwargs.pop("no_cache"))
                fn(**kwargs, **extra, options=options)

        command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in params}
        command.__doc__ = fn.__doc__
        command.__name__ = fn.__name__
        app.command(name, help=help, cls=cls)(command)

    return register


class UsageError(Exception):
    """Bad input on the command line: message to stderr, exit code 2."""


def fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"xplan: {message}", err=True)
    return typer.Exit(code)


@contextmanager
def usage_errors() -> Iterator[None]:
    """Turn the library's 'you asked for something unknown' errors into exit code 2."""
    from xplan.config import ConfigError
    from xplan.output.files import OutputError
    from xplan.output.tables import FormatError
    from xplan.output.xlsx import MissingLibrary
    from xplan.plan.catalog import PathError
    from xplan.plan.select import SelectionError
    from xplan.plan.years import YearError

    try:
        yield
    except (UsageError, PathError, ConfigError, FormatError, OutputError, SelectionError, YearError,
            MissingLibrary) as exc:
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


def load_plans(plans: Path | None, no_cache: bool = False, cfg: Any = None, summary: bool = False,
               cache: Any = False, known: Any = None) -> Any:
    """The catalog of plans; files that fail to load are named on stderr (lint says why).
    ``summary``: the command is a table view that reads only plans' summaries (xplan.plan.summary).
    ``cache``: the cache already opened for the plans (None: none); ``known``: load_catalog's."""
    from xplan.plan.catalog import load_catalog

    root = plans_dir(plans)
    cat = load_catalog(root, open_cache(root, no_cache, cfg) if cache is False else cache, summary, known)
    from xplan.plan.findings import shown_path

    for f in cat.problems:
        typer.echo("xplan: " + _("skipped {place}: {message} (run xplan lint)").format(
            place=f"{shown_path(f.file)}:{f.line}:{f.column}", message=f"{f.code} {f.message}"), err=True)
    for line in doubt_lines(cat):
        typer.echo(f"xplan: {line}", err=True)
    return cat


def load_context(plans: Path | None, config_path: Path | None = None, no_cache: bool = False,
                 summary: bool = False) -> tuple[list[Any], Any]:
    """The plans and the policy-field vocabulary (None without one), from --plans / --config or the
    configuration found: what every view, rollup and fields select from. The configuration is read
    once, for the plans directory, the cache and the vocabulary. ``summary``: a table view that
    reads only the plans' summaries (xplan.plan.summary)."""
    from xplan import config

    cfg = config.load(config_path)
    cat = load_plans(plans or cfg.plans_dir(), no_cache, cfg, summary=summary)
    if not cfg.fields:  # rollup.fields is imported only when there is a vocabulary (start-up time)
        return cat.plans, None
    from xplan.rollup.fields import Vocabulary

    return cat.plans, Vocabulary(cfg.fields)


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


def output_options(fmt: str, output: Path | None = None, export: Path | None = None, width: int | None = None,
                   quiet: bool = False, bom: bool = False, *, formats: tuple[str, ...] | None = None) -> Options:
    """The output options of a command, checked: options that cannot combine are a usage error (exit 2)
    before any plan is read. ``formats`` is the command's own list when it is not every format."""
    from xplan.formats import BINARY_TO_TERMINAL, binary, check

    options = Options(fmt=fmt, output=output, export=export, width=width, quiet=quiet, bom=bom)
    if formats is None:
        check(options)
        if output is None and binary(fmt) and sys.stdout.isatty():
            raise UsageError(_(BINARY_TO_TERMINAL).format(fmt=fmt))
    elif fmt not in formats:
        raise UsageError(_("unknown format {fmt!r}; choose from {choices}").format(
            fmt=fmt, choices=", ".join(formats)))
    return options


def note(message: str, quiet: bool = False) -> None:
    """A note on standard error (what was written, what was skipped); -q leaves it out."""
    if not quiet:
        typer.echo(f"xplan: {message}", err=True)


def write_output(content: str | bytes, output: Path | None, quiet: bool = False) -> None:
    """The command's output on standard output, or written atomically to --output FILE."""
    if output is None:
        if isinstance(content, bytes):  # a binary format to a pipe (never a terminal: output_options)
            sys.stdout.flush()
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(content)
        return
    from xplan.output.files import write_atomic

    write_atomic(output, content)
    note(_("wrote {path}").format(path=output), quiet)


def emit(view: ViewOutput, options: Options) -> None:
    """Print a view in the chosen format, or write it to --output / --export (xplan.formats)."""
    from xplan import formats

    formats.check(options)
    if options.export is not None:
        from xplan.formats import terminal

        terminal.export(view, options)
        note(_("wrote {path}").format(path=options.export), options.quiet)
        return
    if options.fmt == "rich" and options.output is None:  # the terminal: colour, and a pager for a long view
        con = console(options.width)
        from xplan.commands import pager

        # a view that can be long (a whole plan) is paged at a terminal, only when it overflows the
        # screen; piped, its lines carry no trailing spaces (xplan/commands/pager.py)
        pager.show(con, view.rich(), page=view.page and on_terminal())
        return
    try:
        content = formats.render(view, options)
    except ImportError as exc:  # a format's library is not installed (openpyxl, python-docx): how to get it
        raise UsageError(str(exc)) from None
    write_output(content, options.output, options.quiet)
