"""A pager only for output longer than the screen, as git does (issue 31).

``xplan show`` of one short issue used to open ``less`` and wait for ``q``. Now the output is
rendered first and printed as it is when it fits the terminal's height; only a longer one goes to
the pager: ``XPLAN_PAGER``, else ``PAGER``, else ``less`` (with ``LESS=FRX`` unless set: colours
kept, quit at the end, the screen not cleared). ``XPLAN_PAGER=cat`` (or empty) never pages, nor does
``--no-pager``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from typing import Any


def pager_command(environ: dict[str, str] | os._Environ[str] | None = None) -> str | None:
    """The pager to run, or None when paging is switched off (``cat`` or empty)."""
    env = os.environ if environ is None else environ
    for name in ("XPLAN_PAGER", "PAGER"):
        if name in env:
            value = env[name].strip()
            return None if value in ("", "cat") else value
    return "less" if shutil.which("less") else None


def fits(text: str, height: int) -> bool:
    """Whether the rendered text fits the screen, leaving the line the shell prompt takes."""
    return text.count("\n") < max(height, 2)


def show(console: Any, parts: Iterable[Any], page: bool = True) -> None:
    """Print rich renderables; through the pager only when ``page`` and they overflow the screen.
    Piped or redirected, lines carry no trailing spaces (rich pads every line to the width)."""
    with console.capture() as captured:
        for part in parts:
            console.print(part)
    text = captured.get()
    if not console.is_terminal:
        from xplan.formats.terminal import strip_trailing

        text = strip_trailing(text)
    command = pager_command() if page else None
    if command is None or fits(text, console.size.height):
        _write(console, text)
        return
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # colours, quit at the end, leave the text on screen (git's default)
    try:
        proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        _write(console, text)
        return
    assert proc.stdin is not None
    try:
        proc.stdin.write(text.encode(sys.stdout.encoding or "utf-8", errors="replace"))
        proc.stdin.close()
    except BrokenPipeError:  # the reader quit the pager before the end: nothing more to show
        pass
    proc.wait()


def _write(console: Any, text: str) -> None:
    """Write the text; when the reader went away (``xplan issues | head``) stop quietly with 141 as
    everywhere (click would turn the broken pipe inside a command into exit 1)."""
    try:
        console.file.write(text)
        console.file.flush()
    except BrokenPipeError:
        import typer

        from xplan.commands.errors import quiet_broken_pipe

        raise typer.Exit(quiet_broken_pipe()) from None
