"""Files the commands write: exported renderings (SVG/HTML for slides) and reports, always atomically."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path
from typing import Any

from xplan.i18n import _
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
        raise FormatError(_("{path}: --export writes .svg or .html files").format(path=path))
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


class OutputError(OSError):
    """A path a report or export cannot be written to: a one-line message, exit code 2.

    An OSError, so that callers that already catch the operating system's errors catch it too."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.strerror = message  # what `except OSError as exc: ... exc.strerror` callers print

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def _umask() -> int:
    """The process umask (reading it means setting it; xplan writes from one thread)."""
    import os

    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _target(path: Path) -> tuple[Path, int, bool]:
    """Where to write, with what mode, and whether in place (a file with other hard links).

    An existing regular file keeps its mode and is written through a symlink to it; anything
    else that is not a regular file (a directory, FIFO, device, socket, dangling link) and a
    read-only file are refused rather than replaced.
    """
    import os
    import stat

    try:
        st = os.stat(path)  # follows a symlink to what it names
    except FileNotFoundError:
        if os.path.lexists(path):
            raise OutputError(_("{path}: a symbolic link to a file that does not exist; "
                                "remove the link or choose another name").format(path=path)) from None
        return path, 0o666 & ~_umask(), False
    except OSError as exc:
        raise OutputError(_("{path}: cannot write here ({reason}); choose another name").format(
            path=path, reason=exc.strerror or exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(_("{path}: is a directory; give a file name").format(path=path))
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(_("{path}: not a regular file (a pipe, device or socket); xplan writes reports "
                            "only to regular files").format(path=path))
    if not st.st_mode & 0o222:
        raise OutputError(_("{path}: the file is read-only; make it writable or choose another name").format(
            path=path))
    target = Path(os.path.realpath(path)) if os.path.islink(path) else path
    return target, stat.S_IMODE(st.st_mode), st.st_nlink > 1


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write a file so that it is either the old content or the new, never half-written.

    The new file gets the old one's mode (or 0666 less the umask for a new file, as any editor
    would), not mkstemp's private 0600. A file with other hard links is rewritten in place so
    that the links keep sharing it; its content is encoded first, so only a full disk can
    interrupt that write. Raises OutputError for a path that cannot be written.
    """
    import os
    import tempfile

    path = Path(path)
    target, mode, in_place = _target(path)
    # a lone surrogate must not stop the write; bytes (a workbook, a database) are written as they are
    data = content if isinstance(content, bytes) else content.encode("utf-8", errors="replace")
    try:
        if in_place:
            with open(target, "r+b") as fh:
                fh.write(data)
                fh.truncate()
            return
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        raise OutputError(_("{path}: cannot write ({reason}); check that the folder exists and "
                            "that you may write there").format(path=path, reason=exc.strerror or exc)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            os.fchmod(fh.fileno(), mode)
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(_("{path}: cannot write ({reason})").format(
                path=path, reason=exc.strerror or exc)) from None
        raise
