"""HTML: a complete document (``<html lang="ja">``, the report's stylesheet inline). A view with a
page of its own in the report's templates gives it (matrix, show, schedule); any other view's
sections become real tables in the same frame."""

from __future__ import annotations

import html

from xplan.formats.document import Style, sections_text
from xplan.output.tables import tabulated
from xplan.output.view import Options, ViewOutput

STYLE = Style(table=lambda t: tabulated(t, "html"), heading=lambda title: f"<h2>{html.escape(title)}</h2>\n",
              table_heading=lambda title: f"<h2>{html.escape(title)}</h2>\n",
              note=lambda n: f"<p>{html.escape(n)}</p>\n")


def fragment(view: ViewOutput) -> str:
    """The view's sections as HTML (every text escaped), without the document around them."""
    return sections_text(view.sections(), STYLE)


def render(view: ViewOutput, options: Options) -> str:
    own = view.documents.get("html")
    if own is not None:
        return own()
    from xplan.report.documents import document

    title = view.title()
    return document(title if title is not None else f"xplan {view.name}", fragment(view))
