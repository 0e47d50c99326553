"""`xplan show` at a real terminal (a pseudo-terminal of 80 columns): the pager only for output
longer than the screen, as git does; never with --no-pager or XPLAN_PAGER=cat (issue 31, item 9)."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from conftest import PLANS

from xplan.commands.pager import fits, pager_command


def _at_terminal(args: list[str], rows: int, pager: str, tmp_path: Path) -> str:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, 80, 0, 0))
    env = {**os.environ, "XPLAN_PAGER": pager, "COLUMNS": "80", "LINES": str(rows), "TERM": "xterm",
           "XPLAN_LANG": "ja"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen([sys.executable, "-m", "xplan", *args, "--plans", str(PLANS), "--no-cache"],
                            stdin=slave, stdout=slave, stderr=slave, env=env, cwd=tmp_path, close_fds=True)
    os.close(slave)
    out = b""
    deadline = time.monotonic() + 60
    while True:
        ready, _, _ = select.select([master], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:  # a pager waiting for a key press (the old behaviour): fail, do not hang
            proc.kill()
            os.close(master)
            pytest.fail("xplan did not finish: a pager is waiting at the terminal\n" + out.decode(errors="replace"))
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the other side closed
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    assert proc.wait(timeout=120) == 0, out.decode(errors="replace")
    return out.decode(errors="replace")


def test_a_short_issue_is_printed_without_the_pager(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    out = _at_terminal(["show", "--org", "総務市民局", "B4"], 40, f"cat > {paged}", tmp_path)
    assert not paged.exists()
    assert "予約システムの導入" in out


def test_a_plan_longer_than_the_screen_goes_to_the_pager(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    out = _at_terminal(["show", "--org", "総務市民局"], 24, f"cat > {paged}", tmp_path)
    assert paged.exists() and "予約システムの導入" in paged.read_text(encoding="utf-8")
    assert "予約システムの導入" not in out


@pytest.mark.parametrize("how", ["--no-pager", "XPLAN_PAGER=cat"])
def test_no_pager_prints_a_long_plan_straight(how: str, tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    args = ["show", "--org", "総務市民局"] + (["--no-pager"] if how == "--no-pager" else [])
    out = _at_terminal(args, 24, "cat" if how != "--no-pager" else f"cat > {paged}", tmp_path)
    assert not paged.exists() and "予約システムの導入" in out


def test_the_pager_is_chosen_as_git_chooses_it() -> None:
    assert pager_command({"XPLAN_PAGER": "most", "PAGER": "less"}) == "most"
    assert pager_command({"PAGER": "more"}) == "more"
    assert pager_command({"XPLAN_PAGER": "", "PAGER": "less"}) is None
    assert pager_command({"PAGER": "cat"}) is None
    assert fits("a\n" * 23, 24) and not fits("a\n" * 24, 24)
