"""rich: the view's renderables. On a terminal the command prints them (commands.common.emit);
here they are rendered as plain text for ``-o FILE``, or saved for slides (``--export``)."""

from __future__ import annotations

import io
import os
import re
from typing import Any

from xplan.output.view import Options, ViewOutput

_TRAILING = re.compile(r"[ \t]+(?=(?:\x1b\[[0-9;]*m)*$)", re.M)


def strip_trailing(text: str) -> str:
    """Each line without the spaces rich pads it with to the width (colour codes after them stay)."""
    return _TRAILING.sub("", text)


def plain(parts: list[Any], width: int | None) -> str:
    """The rich rendering as plain text (no colour codes)."""
    from rich.console import Console

    buf = io.StringIO()
    con = Console(width=width or 100, file=buf, no_color="NO_COLOR" in os.environ or None, highlight=False,
                  soft_wrap=False)
    for part in parts:
        con.print(part)
    return strip_trailing(buf.getvalue())


def render(view: ViewOutput, options: Options) -> str:
    return plain(view.rich(), options.width)


def export(view: ViewOutput, options: Options) -> None:
    """--export FILE.svg (display widths kept) or FILE.html (the -F html document), written atomically."""
    from xplan.output.files import export as export_rich
    from xplan.output.files import write_atomic

    path = options.export
    assert path is not None
    if path.suffix.lower() in (".html", ".htm"):
        own = view.documents.get("html")
        if own is not None:
            write_atomic(path, own())
        else:
            from xplan.report.documents import rich_document

            write_atomic(path, rich_document(view.rich(), path.stem))
    else:
        export_rich(view.rich(), path, options.width or 120)
