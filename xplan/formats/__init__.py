"""The output formats of the table commands, one module per format, chosen by name.

As lint's reporters: ``FORMATS`` names each format's module; every name tabulate knows (plain,
simple, github, grid, …) that is not ours is ``text``. A module has ``render(view, options)``,
giving the output as text, or as bytes for a binary format (``BINARY = True``: to a file or a
pipe, never to a terminal). Adding a format is one module here and one line in ``FORMATS`` (README, "Where new code
goes"). The views describe their output once (``xplan.output.view.ViewOutput``).
"""

from __future__ import annotations

import importlib
from types import ModuleType

from xplan.i18n import N_, _
from xplan.output.tables import FormatError
from xplan.output.view import Options, ViewOutput

# name -> module in this package, ours first (the order --help and errors list them in)
FORMATS = {
    "rich": "terminal",
    "markdown": "markdown",
    "html": "html",
    "csv": "delimited",
    "tsv": "delimited",
    "json": "json_format",
    "xlsx": "xlsx",
    "docx": "docx",
}
TABULATE = "text"  # the module for every other tabulate format


def names() -> list[str]:
    """Every accepted --format value: ours first, then tabulate's table formats."""
    import tabulate

    return list(FORMATS) + [f for f in tabulate.tabulate_formats if f not in FORMATS and f not in UNSAFE]


# tabulate formats that pass cell text through as markup, unescaped: plan text would become HTML
# (a title holding <script>) or LaTeX commands. Refused, naming the safe format to use instead.
UNSAFE = {"unsafehtml": "html", "latex_raw": "latex"}


def get(name: str) -> ModuleType:
    """The format's module; FormatError for a name that is no format."""
    if name in UNSAFE:
        raise FormatError(_("format {fmt!r} would pass plan text through as markup, unescaped; use "
                            "{safe!r}").format(fmt=name, safe=UNSAFE[name]))
    if name not in FORMATS and name not in names():  # ours without importing tabulate (~0.1 s of start-up)
        raise FormatError(_("unknown format {fmt!r}; choose from {choices}").format(
            fmt=name, choices=", ".join(names())))
    return importlib.import_module(f"{__name__}.{FORMATS.get(name, TABULATE)}")


def check(options: Options) -> None:
    """Options that cannot combine are a usage error (exit 2), before any plan is read."""
    fmt = options.fmt
    module = get(fmt)
    if options.export is not None and fmt != "rich":
        raise FormatError(_("--export saves the rich rendering; it cannot be combined with --format {fmt}")
                          .format(fmt=fmt))
    if options.export is not None and options.output is not None:
        raise FormatError(_("--export and --output both name a file to write; give one of them"))
    if options.bom and not getattr(module, "BOM", False):
        raise FormatError(_("--bom is for csv and tsv output, not --format {fmt}").format(fmt=fmt))


def binary(fmt: str) -> bool:
    """A format that writes bytes (a workbook, a Word file): to a file or a pipe, never a terminal."""
    return bool(getattr(get(fmt), "BINARY", False))


BINARY_TO_TERMINAL = N_("--format {fmt} writes a binary file: give -o FILE.{fmt} (or redirect the output to a file)")


def render(view: ViewOutput, options: Options | str) -> str | bytes:
    """The view in the chosen format (a format name alone means the default options)."""
    opts = Options(fmt=options) if isinstance(options, str) else options
    rendered: str | bytes = get(opts.fmt).render(view, opts)
    return rendered


def render_text(view: ViewOutput, options: Options | str) -> str:
    """The view in a text format (a binary format is a FormatError)."""
    rendered = render(view, options)
    if isinstance(rendered, bytes):
        raise FormatError(_(BINARY_TO_TERMINAL).format(fmt=options if isinstance(options, str) else options.fmt))
    return rendered
