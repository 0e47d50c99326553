"""Files the commands write: exported renderings (SVG/HTML for slides) and reports, always atomically."""

from __future__ import annotations

import io
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
        content = console.export_svg(title=path.stem)
    elif suffix in (".html", ".htm"):
        content = console.export_html(inline_styles=True)
    else:
        raise FormatError(f"{path}: 書き出しは .svg か .html です (export to .svg or .html)")
    write_atomic(path, content)


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
