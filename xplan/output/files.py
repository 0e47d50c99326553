"""Files the commands write: exported renderings (SVG/HTML for slides) and reports, always atomically."""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
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


@dataclass
class _Target:
    path: Path  # where the content goes (a symlink to a file is followed to the file)
    mode: int  # the permissions the written file gets
    owner: tuple[int, int] | None  # the existing file's owner and group, kept when we may
    linked: bool  # the file has other hard links: its content is replaced, not the file


def _target(path: Path, must_exist: bool = False) -> _Target:
    """Where to write, with what mode, and whether the file has other hard links.

    An existing regular file keeps its mode (and owner, when xplan runs as root) and is written
    through a symlink to it; anything else that is not a regular file (a directory, FIFO, device,
    socket, dangling link) and a read-only file are refused rather than replaced. ``must_exist``:
    the caller read the file and rewrites it, so a file that has gone is not created again.
    """
    import os
    import stat

    try:
        st = os.stat(path)  # follows a symlink to what it names
    except FileNotFoundError:
        if must_exist:
            raise OutputError(_("{path}: the file was removed while xplan was running; nothing was written")
                              .format(path=path)) from None
        if os.path.lexists(path):
            raise OutputError(_("{path}: a symbolic link to a file that does not exist; "
                                "remove the link or choose another name").format(path=path)) from None
        return _Target(path, 0o666 & ~_umask(), None, False)
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
    return _Target(target, stat.S_IMODE(st.st_mode), (st.st_uid, st.st_gid), st.st_nlink > 1)


def _unchanged(path: Path, expected: bytes) -> None:
    """Refuse to write over a file that is no longer what the caller read (an editor saved it, or
    it was removed, while xplan ran): writing would lose that edit, or bring a deleted file back."""
    try:
        now = path.read_bytes()
    except FileNotFoundError:
        raise OutputError(_("{path}: the file was removed while xplan was running; nothing was written")
                          .format(path=path)) from None
    except OSError as exc:
        raise OutputError(_("{path}: cannot read the file again before writing ({reason}); nothing was "
                            "written").format(path=path, reason=exc.strerror or exc)) from None
    if now != expected:
        raise OutputError(_("{path}: the file changed while xplan was running; nothing was written: run the "
                            "command again").format(path=path))


def _write_temp(target: _Target, data: bytes) -> str:
    """The complete new content in a temporary file beside the target, on disk (fsync), with the
    target's mode and owner. On any failure (a full disk) the temporary file is removed."""
    import os
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{target.path.name}.", suffix=".xplan-tmp", dir=target.path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fchmod(fh.fileno(), target.mode)
            if target.owner is not None:
                try:
                    os.fchown(fh.fileno(), *target.owner)  # root rewriting a user's plan keeps it theirs
                except OSError:
                    pass  # not root: the file is ours anyway, or the group cannot be kept
            os.fsync(fh.fileno())  # the content is on disk before it replaces the old one
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _copy_back(target: Path, data: bytes) -> None:
    """Replace the content of a file with other hard links (so that every link sees the new
    content), called only once the new content is complete in a temporary file.

    The room the new content needs is reserved first (``posix_fallocate``), so a full disk is
    found before a byte of the file changes; if a write still fails, the old content is put back.
    """
    import os

    fd = os.open(target, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
    try:
        old = b""
        while chunk := os.pread(fd, 1 << 20, len(old)):
            old += chunk
        if len(data) > len(old):
            try:
                os.posix_fallocate(fd, 0, len(data))
            except OSError:
                os.ftruncate(fd, len(old))  # an emulated fallocate may have grown the file: not any more
                raise
        try:
            _pwrite_all(fd, data)
            os.ftruncate(fd, len(data))
            os.fsync(fd)
        except OSError as exc:
            try:
                _pwrite_all(fd, old)  # the blocks are allocated: the old content fits back
                os.ftruncate(fd, len(old))
            except OSError:
                raise _Torn(exc) from None
            raise
    finally:
        os.close(fd)


class _Torn(OSError):
    """Writing a hard-linked file's new content failed and so did putting the old one back."""

    def __init__(self, cause: OSError) -> None:
        super().__init__(cause.errno, cause.strerror)


def _pwrite_all(fd: int, data: bytes) -> None:
    import os

    done = 0
    while done < len(data):
        done += os.pwrite(fd, data[done:], done)


def _create(tmp: str, target: Path) -> None:
    """Put the complete temporary file in place only if ``target`` does not exist: a hard link
    fails if it does, atomically (a file system without hard links gets a check, then a rename)."""
    import errno
    import os

    try:
        os.link(tmp, target)
    except FileExistsError:
        raise OutputError(_("{path}: the file appeared while xplan was running; nothing was written "
                            "(--force to replace it)").format(path=target)) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        if os.path.lexists(target):
            raise OutputError(_("{path}: the file appeared while xplan was running; nothing was written "
                                "(--force to replace it)").format(path=target)) from None
        os.replace(tmp, target)


def _cannot_write(path: Path, exc: OSError) -> OutputError:
    import errno

    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        hint = _("free some space and run the command again")
    else:
        hint = _("check that the folder exists and that you may write there")
    return OutputError(_("{path}: cannot write ({reason}); nothing was changed: {hint}").format(
        path=path, reason=exc.strerror or exc, hint=hint))


def write_atomic(path: Path, content: str | bytes, *, expected: bytes | None = None,
                 create: bool = False) -> None:
    """Write a file so that it is either the old content or the new, never half-written.

    The complete new content is first written to a temporary file beside the target and flushed
    to disk; a full disk or any other failure there leaves the target as it was. Then the
    temporary file is renamed over the target, or, for a file with other hard links (which a
    rename would split from them), copied into it with its room reserved first (``_copy_back``).
    The new file gets the old one's mode (or 0666 less the umask for a new file, as any editor
    would), not mkstemp's private 0600.

    ``expected``: the bytes the caller read (``fmt``, ``lint --fix``). If the file no longer holds
    them, or is gone, nothing is written: a user's edit made meanwhile is never overwritten and a
    deleted file never comes back. ``create``: the file must not exist (``new`` without
    ``--force``); one made meanwhile by someone else is not replaced. Raises OutputError for
    anything that cannot be written.
    """
    import os

    path = Path(path)
    target = _target(path, must_exist=expected is not None)
    # a lone surrogate must not stop the write; bytes (a workbook, a database) are written as they are
    data = content.encode("utf-8", errors="replace") if isinstance(content, str) else content
    if expected is not None:
        _unchanged(path, expected)
    try:
        tmp = _write_temp(target, data)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    try:
        if expected is not None:
            _unchanged(path, expected)  # again, just before replacing: the window is as short as it can be
        if create:
            _create(tmp, target.path)
        elif target.linked:
            _copy_back(target.path, data)
        else:
            os.replace(tmp, target.path)
    except OutputError:
        Path(tmp).unlink(missing_ok=True)
        raise
    except _Torn as exc:  # the new content is safe in the temporary file: keep it and say where
        raise OutputError(_("{path}: writing failed half-way ({reason}) and the old content could not be put "
                            "back; the complete new content is in {tmp}").format(
            path=path, reason=exc.strerror, tmp=tmp)) from None
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from None
        raise
    Path(tmp).unlink(missing_ok=True)  # after a rename it is gone already; after a copy-back it is not needed
