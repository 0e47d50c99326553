"""Tables in every output format the views offer.

A view builds a ``Table`` (plain data); this module turns it into rich renderables or text in
markdown, html, csv, tsv, json or any tabulate format. Widths are display widths: tabulate
measures with wcwidth, rich measures cells itself, so Japanese columns line up.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from xplan.i18n import _
from xplan.output.escape import markdown_text, neutralise_formula
from xplan.output.jsontext import dumps as json_text

OWN_FORMATS = ("rich", "markdown", "html", "csv", "tsv", "json")


# tabulate formats that pass cell text through as markup, unescaped: plan text would become HTML
# (a title holding <script>) or LaTeX commands. Refused, naming the safe format to use instead.
UNSAFE_FORMATS = {"unsafehtml": "html", "latex_raw": "latex"}


def formats() -> list[str]:
    """Every accepted --format value: ours first, then tabulate's table formats (not the unsafe ones)."""
    import tabulate

    return list(OWN_FORMATS) + [f for f in tabulate.tabulate_formats
                                if f not in OWN_FORMATS and f not in UNSAFE_FORMATS]


class FormatError(ValueError):
    """An unknown --format: exit code 2."""


def check_format(fmt: str) -> str:
    if fmt in OWN_FORMATS:  # without importing tabulate (and wcwidth's tables): ~0.1 s of start-up
        return fmt
    if fmt in UNSAFE_FORMATS:
        raise FormatError(_("format {fmt!r} would pass plan text through as markup, unescaped; use "
                            "{safe!r}").format(fmt=fmt, safe=UNSAFE_FORMATS[fmt]))
    if fmt not in formats():
        raise FormatError(_("unknown format {fmt!r}; choose from {choices}").format(fmt=fmt, choices=", ".join(formats())))
    return fmt


@dataclass
class Table:
    headers: Sequence[str]
    rows: list[list[Any]]
    title: str | None = None
    footer: list[list[Any]] = field(default_factory=list)  # e.g. a total row, kept last when sorting
    justify: dict[int, str] = field(default_factory=dict)  # column index -> "right" for numbers

    def all_rows(self) -> list[list[Any]]:
        return self.rows + self.footer


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "\n".join(_cell(v) for v in value)
    return str(value)


def render_text(table: Table, fmt: str, *, bom: bool = False, max_col_width: int | None = None) -> str:
    """Any non-rich format as a string (no trailing colour codes, ever)."""
    rows = [[_cell(v) for v in row] for row in table.all_rows()]
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow([neutralise_formula(h) for h in table.headers])
        # a cell that a spreadsheet would run as a formula gets OWASP's leading ' (xplan/output/escape.py)
        writer.writerows([[neutralise_formula(c.replace("\n", " / ") if fmt == "tsv" else c) for c in row]
                          for row in rows])
        return ("\ufeff" if bom else "") + buf.getvalue()
    if fmt == "json":
        return json_text([dict(zip(table.headers, row)) for row in table.all_rows()])
    import tabulate

    tab_fmt = {"markdown": "github", "html": "html"}.get(fmt, fmt)
    headers = list(table.headers)
    if tab_fmt in ("github", "pipe"):  # plan text shows as written; one physical line per row
        rows = [[markdown_text(c).replace("\n", "<br>") for c in row] for row in rows]
        headers = [markdown_text(h) for h in headers]
    colalign = [table.justify.get(i, "left") for i in range(len(table.headers))]
    text = tabulate.tabulate(rows, headers=headers, tablefmt=tab_fmt, colalign=colalign,
                             maxcolwidths=max_col_width, disable_numparse=True)
    title = ""
    if table.title:
        title = f"## {markdown_text(table.title)}\n\n" if fmt == "markdown" else (
            f"<h2>{_html_escape(table.title)}</h2>\n" if fmt == "html" else f"{table.title}\n")
    return title + text + "\n"


def _html_escape(text: str) -> str:
    import html

    return html.escape(text)


def to_rich(table: Table, compact: bool = False) -> Any:
    """A rich Table; long cells wrap, and end in an ellipsis when a column is squeezed too far.

    ``compact`` is the layout for narrow terminals: no outer frame and no vertical rules, text cells
    wrapped at Japanese phrases (BudouX, with kinsoku) and sized from their content."""
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text  # plain Text: plan wording like [bold] is never read as markup

    from xplan.output.wrap import JaText

    # two spaces between columns: one of padding, one of the (invisible) rule
    extra: dict[str, Any] = ({"box": box.SIMPLE_HEAD, "show_edge": False, "pad_edge": False, "padding": (0, 1, 0, 0)}
                             if compact else {})
    rt = RichTable(title=Text(table.title) if table.title else None, show_lines=False, header_style="bold",
                   title_justify="left", **extra)
    rows = table.all_rows()
    numeric = {i for i in range(len(table.headers)) if rows and all(isinstance(r[i], int) for r in rows)}
    for i, h in enumerate(table.headers):
        if compact and i in numeric:
            rt.add_column(h, justify=table.justify.get(i, "right"), no_wrap=True)  # type: ignore[arg-type]
        else:
            rt.add_column(h, justify=table.justify.get(i, "left"), overflow="fold")  # type: ignore[arg-type]

    def cell(i: int, v: Any, style: str = "") -> Any:
        # text wraps at Japanese phrases with kinsoku in either layout (never 市民センタ|ー)
        if i not in numeric and not isinstance(v, (int, float)):
            return JaText(_cell(v), style=style)
        return Text(_cell(v), style=style)

    last = len(table.rows) - 1
    for n, row in enumerate(table.rows):
        rt.add_row(*[cell(i, v) for i, v in enumerate(row)], end_section=bool(table.footer) and n == last)
    for row in table.footer:
        rt.add_row(*[cell(i, v, "bold") for i, v in enumerate(row)], style="bold")
    return rt
