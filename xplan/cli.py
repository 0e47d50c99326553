"""The ``xplan`` command line: a thin typer layer over the library.

Each subcommand lives in ``xplan/commands/<name>.py`` with a ``register(app)`` function and
returns an exit code; heavy imports happen inside the commands so that ``xplan --help`` and a
one-file lint start quickly.
"""

from __future__ import annotations

import importlib
import sys

import typer

from xplan import __version__
from xplan.commands.help import I18nGroup
from xplan.i18n import N_, choose_language, set_language

# Messages built before the group's options are parsed (typer's own) already need the language, so it
# is chosen from the command line and the environment first; ``--lang`` is also a real option.
set_language(choose_language(sys.argv[1:]))

COMMAND_MODULES = ("lint", "views", "rollup", "diff", "agenda", "write", "cache", "report")

app = typer.Typer(
    name="xplan",
    cls=I18nGroup,  # help texts are translated when shown (xplan/commands/help.py)
    help=N_("Lint, view, roll up and diff the yearly transformation plans (局区X方針) of Kitakyushu City."),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help=N_("Show the version and exit.")),
    lang: str = typer.Option(None, "--lang", metavar="ja|en", callback=_lang, is_eager=True,
                             help=N_("Language of messages, help and tables (default: XPLAN_LANG, the locale, "
                                     "else ja).")),
) -> None:
    """The xplan command group (help: see ``app`` above)."""


for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(f"xplan.commands.{_name}")
    except ModuleNotFoundError as exc:  # a command still being written must not break the others
        if exc.name != f"xplan.commands.{_name}":
            raise
        continue
    _module.register(app)


def main() -> None:
    app()
