"""Files the commands write: exported renderings (SVG/HTML for slides) and reports, always atomically."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path
from typing import Any

from xplan.output.tables import FormatError


def export(renderables: list[Any], path: Path, width: int = 120) -> None:
    """Save the rich rendering as SVG or HTML (for slides), written atomically."""
    from rich.console import Console

    console = Console(record=True, width=width, file=io.StringIO(), force_terminal=True)
    for r in renderables:
        console.print(r)
    suffix = path.suffix.lower()
    if suffix == ".svg":
        content = fit_text_lengths(console.export_svg(title=path.stem))
    elif suffix in (".html", ".htm"):
        content = console.export_html(inline_styles=True)
    else:
        raise FormatError(f"{path}: 書き出しは .svg か .html です (export to .svg or .html)")
    write_atomic(path, content)


def plain_text(renderable: Any, width: int = 120) -> str:
    """A rich renderable as plain text (no colour), for a part an HTML export cannot map to markup."""
    from rich.console import Console

    console = Console(record=True, width=width, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text()


_SVG_TEXT = re.compile(r'(<text\b[^>]*?\btextLength=")([\d.]+)("[^>]*>)(.*?)(</text>)', re.S)


def fit_text_lengths(svg: str) -> str:
    """Set each text run's ``textLength`` from its display width.

    rich places runs by display cells (a Japanese character takes two) but sets ``textLength`` to
    ``len(text)`` cells, so the browser squeezes Japanese into half its room and the rest of the
    line drifts left of the grid (or overprints). The length per cell is kept; the cells counted
    are the display width (rich's own ``cell_len``, which measures like wcwidth)."""
    from rich.cells import cell_len

    def fix(m: re.Match[str]) -> str:
        text = html.unescape(m.group(4))
        if not text:
            return m.group(0)
        per_cell = float(m.group(2)) / len(text)
        length = per_cell * cell_len(text)
        return f"{m.group(1)}{length:g}{m.group(3)}{m.group(4)}{m.group(5)}"

    return _SVG_TEXT.sub(fix, svg)


def write_atomic(path: Path, content: str) -> None:
    """Write a file so that it is either the old content or the new, never half-written."""
    import os
    import tempfile

    path = Path(path)
    try:  # keep an existing file's permissions; a new file gets the usual ones (mkstemp's are 0600)
        mode = path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(content)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
