"""Tables in every output format the views offer.

A view builds a ``Table`` (plain data); this module turns it into a rich table or, through
tabulate, text. The formats (``xplan/formats/``) are built on these. Widths are display widths:
tabulate measures with wcwidth, rich measures cells itself, so Japanese columns line up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


class FormatError(ValueError):
    """An unknown --format, or options that do not go with it: exit code 2."""


@dataclass
class Table:
    headers: Sequence[str]
    rows: list[list[Any]]
    title: str | None = None
    footer: list[list[Any]] = field(default_factory=list)  # e.g. a total row, kept last when sorting
    justify: dict[int, str] = field(default_factory=dict)  # column index -> "right" for numbers
    max_col_width: int | None = None  # tabulate's formats wrap longer cells (show's text column)
    # columns whose cells are markdown already (escaped by their maker, with markup of its own such as
    # search's **match**): the markdown formats leave them as they are instead of escaping them again
    markdown_columns: frozenset[int] = frozenset()

    def all_rows(self) -> list[list[Any]]:
        return self.rows + self.footer


def cell_text(value: Any) -> str:
    """A cell as text: nothing for None, one line per item for a list."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "\n".join(cell_text(v) for v in value)
    return str(value)


def text_rows(table: Table) -> list[list[str]]:
    return [[cell_text(v) for v in row] for row in table.all_rows()]


def tabulated(table: Table, tablefmt: str) -> str:
    """The table's rows and headers (not its title) in one of tabulate's formats, widths measured
    by display width (wcwidth), numbers left as written."""
    import tabulate

    rows = text_rows(table)
    headers = list(table.headers)
    if tablefmt in ("github", "pipe"):  # plan text shows as written (escaped); one physical line per row
        from xplan.output.escape import markdown_text

        rows = [[(c if i in table.markdown_columns else markdown_text(c)).replace("\n", "<br>")
                 for i, c in enumerate(row)] for row in rows]
        headers = [markdown_text(h) for h in headers]
    colalign = [table.justify.get(i, "left") for i in range(len(table.headers))]
    return tabulate.tabulate(rows, headers=headers, tablefmt=tablefmt, colalign=colalign,
                             maxcolwidths=table.max_col_width, disable_numparse=True)


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
            return JaText(cell_text(v), style=style)
        return Text(cell_text(v), style=style)

    last = len(table.rows) - 1
    for n, row in enumerate(table.rows):
        rt.add_row(*[cell(i, v) for i, v in enumerate(row)], end_section=bool(table.footer) and n == last)
    for row in table.footer:
        rt.add_row(*[cell(i, v, "bold") for i, v in enumerate(row)], style="bold")
    return rt
