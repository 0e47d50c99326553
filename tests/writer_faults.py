"""Faults for the writers' tests (issue 23): a small full file system, a simulated full disk, and
running xplan in this process so that a fault can be injected at the moment it matters.

Used by tests/test_writers_safe.py (one case each) and tests/test_writers_fuzz.py with
bench/writers_fuzz.py (mutated plans × writers × faults).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def run(args: list[str]) -> tuple[int, str, str]:
    """One command line through the real top level (``xplan.cli.run``), output captured, in English."""
    from xplan.cli import run as cli_run

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_run(["--lang", "en", *args])
    return code, out.getvalue(), err.getvalue()


def can_mount() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("mount") is not None


@contextlib.contextmanager
def small_fs(size_kb: int = 256) -> Iterator[Path | None]:
    """A tmpfs of ``size_kb`` mounted on a fresh folder (root only); None where it cannot be
    mounted (then the tests simulate a full disk with ``full_disk``)."""
    if not can_mount():
        yield None
        return
    mnt = Path(tempfile.mkdtemp(prefix="xplan-smallfs-"))
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(mnt)], capture_output=True)
    if r.returncode != 0:
        mnt.rmdir()
        yield None
        return
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)
        with contextlib.suppress(OSError):
            mnt.rmdir()


def fill(folder: Path) -> None:
    """Fill the file system of ``folder`` to the last byte (a file ``.filler``)."""
    fd = os.open(folder / ".filler", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        for size in (1 << 20, 1 << 16, 1 << 12, 1 << 9, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * size)
    finally:
        os.close(fd)


@contextlib.contextmanager
def full_disk(monkeypatch: Any, folder: Path) -> Iterator[None]:
    """A simulated full disk for writes in ``folder``: temporary files created there write to
    /dev/full (ENOSPC, as on a full disk) and reserving room fails as it would."""
    import errno
    import tempfile as tf

    real_mkstemp = tf.mkstemp
    real_fallocate = os.posix_fallocate

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        fd, name = real_mkstemp(*args, **kwargs)
        if Path(name).resolve().is_relative_to(folder.resolve()):
            full = os.open("/dev/full", os.O_WRONLY)
            os.dup2(full, fd)
            os.close(full)
        return fd, name

    def fallocate(fd: int, offset: int, length: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(tf, "mkstemp", mkstemp)
    monkeypatch.setattr(os, "posix_fallocate", fallocate)
    yield
    monkeypatch.setattr(tf, "mkstemp", real_mkstemp)
    monkeypatch.setattr(os, "posix_fallocate", real_fallocate)


def snapshot(root: Path) -> dict[str, bytes | str]:
    """Every file under ``root`` (not following links): its bytes, or where a link points."""
    out: dict[str, bytes | str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*filenames, *dirnames]:
            p = Path(dirpath) / name
            rel = p.relative_to(root).as_posix()
            if p.is_symlink():
                out[rel] = "-> " + os.readlink(p)
            elif p.is_file():
                with contextlib.suppress(OSError):
                    out[rel] = p.read_bytes()
    return out


def comment_words(text: str) -> list[str]:
    """The words of a YAML text's comments, sorted (through the formatter's reader when it can
    read the text, else every ``#`` that starts a line or follows a space)."""
    import re

    from xplan.write.fmt import comments_of
    from xplan.write.parse import LayoutError, read

    try:
        return sorted(comments_of(read(text)).elements())
    except (LayoutError, Exception):  # noqa: BLE001 - an unreadable text: count what looks like comments
        return sorted(w for m in re.finditer(r"(?:(?<=\s)|^)#.*", text, flags=re.M) for w in m.group(0).split())
