"""Markdown: GitHub's tables (one physical line per row), titles as ``##`` headings, notes as a list."""

from __future__ import annotations

from xplan.formats.document import Style, sections_text
from xplan.output.tables import tabulated
from xplan.output.view import Options, ViewOutput

STYLE = Style(table=lambda t: tabulated(t, "github"), heading=lambda title: f"## {title}\n",
              table_heading=lambda title: f"## {title}\n\n", note=lambda n: f"- {n}\n", notes_lead="\n")


def render(view: ViewOutput, options: Options) -> str:
    own = view.documents.get("markdown")
    return own() if own is not None else sections_text(view.sections(), STYLE)
