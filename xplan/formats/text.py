"""Every tabulate format that is not one of ours (plain, simple, github, grid, …): the view's
sections as text tables, each title on its own line above its table."""

from __future__ import annotations

from xplan.formats.document import Style, sections_text
from xplan.output.tables import tabulated
from xplan.output.view import Options, ViewOutput


def style(fmt: str) -> Style:
    return Style(table=lambda t: tabulated(t, fmt), heading=lambda title: f"{title}\n",
                 table_heading=lambda title: f"{title}\n", note=lambda n: f"{n}\n", notes_lead="\n")


def render(view: ViewOutput, options: Options) -> str:
    own = view.documents.get(options.fmt)
    return own() if own is not None else sections_text(view.sections(), style(options.fmt))
