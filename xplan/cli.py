"""The ``xplan`` command line: a thin typer layer over the library.

Each subcommand lives in ``xplan/commands/<name>.py`` with a ``register(app)`` function and
returns an exit code; heavy imports happen inside the commands so that ``xplan --help`` and a
one-file lint start quickly.
"""

from __future__ import annotations

import errno
import importlib
import os
import sys

import typer

try:  # typer 0.2x carries its own copy of click; usage errors are that copy's exceptions
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover - a typer built on the click package
    from click.exceptions import ClickException  # type: ignore[assignment]

from xplan import __version__
from xplan.commands.help import I18nGroup
from xplan.i18n import N_, _, choose_language, set_language

# Messages built before the group's options are parsed (typer's own) already need the language, so it
# is chosen from the command line and the environment first; ``--lang`` is also a real option.
set_language(choose_language(sys.argv[1:]))

COMMAND_MODULES = ("lint", "views", "rollup", "diff", "agenda", "write", "cycle", "cache", "report", "importer",
                   "export", "search")

def _lang(value: str | None) -> str | None:
    # eager, so that `xplan --lang en --help` is already in English; also switches the language when
    # the command line was not scanned first (tests calling the app directly)
    import os

    set_language(value or choose_language((), os.environ))
    return value


def _version(value: bool) -> None:
    if value:
        typer.echo(f"xplan {__version__}")
        raise typer.Exit(0)


def _root(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help=N_("Show the version and exit.")),
    lang: str = typer.Option(None, "--lang", metavar="ja|en", callback=_lang, is_eager=True,
                             help=N_("Language of messages, help and tables (default: XPLAN_LANG, the locale, "
                                     "else ja).")),
    debug: bool = typer.Option(False, "--debug",
                               help=N_("On an internal error, print the traceback (also XPLAN_DEBUG=1).")),
) -> None:
    """The xplan command group (help: see ``app`` above)."""


# The command each module registers: `xplan matrix …` imports and builds only the views' commands
# (typer turns every registered function's signature into click parameters, ~40 ms for all of them).
# tests/test_cli_options.py checks this table against what the modules really register.
COMMANDS = {
    "lint": "lint", "rules": "lint", "rule": "lint",
    "matrix": "views", "issues": "views", "show": "views", "schedule": "views", "orgs": "views",
    "rollup": "rollup", "fields": "rollup",
    "diff": "diff",
    "agenda": "agenda", "progress": "agenda",
    "new": "write", "fmt": "write", "schema": "write",
    "checkpoint": "cycle", "retro": "cycle", "status": "cycle",
    "cache": "cache",
    "report": "report",
    "import": "importer",
    "export": "export",
    "search": "search", "related": "search",
}


def build_app(modules: tuple[str, ...] = COMMAND_MODULES, only: str | None = None) -> typer.Typer:
    """The ``xplan`` group with the commands of ``modules`` (all of them for help and tests);
    ``only``: just that command of them (typer turns each command's signature into click
    parameters whether it runs or not)."""
    application = typer.Typer(
        name="xplan",
        cls=I18nGroup,  # help texts are translated when shown (xplan/commands/help.py)
        help=N_("Lint, view, roll up and diff the yearly transformation plans (局区X方針) of Kitakyushu City."),
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    application.callback()(_root)
    for name in modules:
        importlib.import_module(f"xplan.commands.{name}").register(application)
    if only is not None:
        application.registered_commands = [c for c in application.registered_commands if c.name == only]
        application.registered_groups = [g for g in application.registered_groups if g.name == only]
    return application


def command_name(argv: list[str]) -> str | None:
    """The subcommand an argument list runs (after the root options), or None (help, a typo)."""
    args = iter(argv)
    for arg in args:
        if arg == "--lang":
            next(args, None)
        elif not arg.startswith("-"):
            return arg
        elif arg == "--" or arg in ("-h", "--help", "-V", "--version"):
            return None
    return None


def app_for(argv: list[str]) -> typer.Typer:
    """Only the module of the command being run; the whole group when there is none (help, a typo)."""
    name = command_name(argv)
    return build_app((COMMANDS[name],), only=name) if name in COMMANDS else _full_app()


_FULL: typer.Typer | None = None


def _full_app() -> typer.Typer:
    global _FULL
    if _FULL is None:
        _FULL = build_app()
    return _FULL


def __getattr__(name: str) -> typer.Typer:
    # ``from xplan.cli import app`` (tests, scripts) gets the whole group, built on first use
    if name == "app":
        return _full_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main(argv: list[str] | None = None) -> None:
    """The ``xplan`` executable: run one command and exit with its code."""
    args = sys.argv[1:] if argv is None else argv
    # A view builds its objects once and keeps them to the end: the default collector thresholds
    # (700 new objects) made it walk the growing model over and over, a quarter of a warm view on
    # 2,000 plans (bench/cache.py). Reference counting still frees everything; cycles are still
    # collected, just less often. Not for lint: its workers parse YAML, whose cyclic garbage would
    # then raise their peak memory by half, for no gain in speed.
    if command_name(args) != "lint":
        import gc

        gc.set_threshold(100_000, 50, 100)
    sys.exit(run(args))


def run(argv: list[str]) -> int:
    """Run one command line and return its exit code; never raises (except SystemExit from below).

    Exit codes: 0 ok, 1 findings or differences, 2 usage or input error, 3 internal error (a bug in
    xplan: one line on stderr, the traceback only with ``--debug`` or ``XPLAN_DEBUG=1``), 141 when
    the reader of the output went away (``xplan issues | head``), quietly.
    """
    from xplan.commands.errors import cannot_write, internal_error, quiet_broken_pipe, tolerant_streams

    args, debug = _take_debug(list(argv))
    tolerant_streams()
    try:
        rv = app_for(args)(args=args, prog_name="xplan", standalone_mode=False)
    except typer.Exit as exc:  # raised outside a command (rare in non-standalone mode)
        return exc.exit_code
    except typer.Abort:
        typer.echo(_("Aborted."), err=True)
        return 130
    except ClickException as exc:
        _show_usage_error(exc)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return quiet_broken_pipe()
    except Exception as exc:  # noqa: BLE001 - the one place every unexpected error ends
        if isinstance(exc, OSError):
            if exc.errno == errno.EPIPE:
                return quiet_broken_pipe()
            from xplan.output.files import OutputError

            if isinstance(exc, OutputError) or exc.errno in _CANNOT_WRITE:
                return cannot_write(exc)
        return internal_error(exc, debug)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        return quiet_broken_pipe()
    except OSError as exc:
        if exc.errno in _CANNOT_WRITE:
            return cannot_write(exc)
        raise
    return rv if isinstance(rv, int) and not isinstance(rv, bool) else 0


# Errors of the machine, not of xplan: the disk (or quota) is full, a file too large, an I/O error
# (``xplan issues > /dev/full``). They are said in one line with exit 2, never as an internal error.
_CANNOT_WRITE = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS})


def _take_debug(args: list[str]) -> tuple[list[str], bool]:
    """``--debug`` anywhere before ``--`` (it is a root option, but people add it at the end)."""
    debug = os.environ.get("XPLAN_DEBUG", "") not in ("", "0")
    end = args.index("--") if "--" in args else len(args)
    if "--debug" in args[:end]:
        debug = True
        args = [a for a in args[:end] if a != "--debug"] + args[end:]
    return args, debug


def _show_usage_error(exc: ClickException) -> None:
    """A usage error as typer shows it in standalone mode (a rich panel when rich is present)."""
    from xplan.commands.help import translate_typer_labels
    from xplan.commands.usage import translate_usage_error

    translate_typer_labels()  # also for an unknown command, which no command's help has set up
    translate_usage_error(exc)
    try:
        from typer import rich_utils

        rich_utils.rich_format_error(exc)
    except Exception:  # noqa: BLE001 - formatting must never hide the message itself
        exc.show()
