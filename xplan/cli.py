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
from xplan.i18n import _, choose_language, set_language

# Help texts are built when the command modules are imported, so the language is chosen from the
# command line and the environment before that (``--lang`` is also a real option, for --help).
set_language(choose_language(sys.argv[1:]))

COMMAND_MODULES = ("lint", "views", "rollup", "diff", "agenda", "write", "cache", "report")

app = typer.Typer(
    name="xplan",
    help="局区X方針 (Kitakyushu transformation plans): lint, view, roll up and diff plan files.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"xplan {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help=_("Show the version and exit.")),
    lang: str = typer.Option(None, "--lang", metavar="ja|en",
                             help=_("Language of messages, help and tables (default: XPLAN_LANG, the locale, else ja).")),
) -> None:
    """局区X方針 (Kitakyushu transformation plans): lint, view, roll up and diff plan files."""


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
