"""The last line of defence: what the user sees when something goes wrong outside the checks.

Bad input is always a finding or a usage error (exit 1 or 2). What is left is a bug in xplan,
and a bug must not look like a failed lint: it is one line naming the exception and where it
happened, exit code 3, and the traceback only when asked for (``--debug`` or ``XPLAN_DEBUG=1``).
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

from xplan import __version__
from xplan.i18n import N_, _

USAGE_ERROR = 2  # also: output that could not be written
INTERNAL_ERROR = 3
BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for `cmd | head`
# Where a bug is reported: the project's maintainers, through the repository xplan came from.
REPORT_TO = N_("the xplan maintainers (the issue tracker of the repository xplan was installed from)")


def tolerant_streams() -> None:
    """Output that cannot be encoded degrades instead of crashing.

    A Windows console or a redirect may be CP932 (no en dash, no em dash) or ASCII; a file name that
    is not UTF-8 carries surrogates. Unencodable characters become ``?`` on stdout (and an escape
    on stderr, Python's default there) rather than a UnicodeEncodeError half way through a report.
    """
    for stream, errors in ((sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors=errors)
            except (ValueError, OSError):  # a closed or unusual stream: leave it as it is
                pass


def quiet_broken_pipe() -> int:
    """The reader went away (``| head``): stop quietly, and let Python's final flush not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # stdout without a file descriptor (tests)
        pass
    return BROKEN_PIPE


def cannot_write(exc: OSError) -> int:
    """Output that could not be written (a full disk, ``> /dev/full``, an ``-o`` path refused):
    one line naming what and why, exit 2. Standard output is pointed at /dev/null afterwards, so
    that the interpreter's last flush of what is still buffered does not fail a second time."""
    from xplan.output.files import OutputError

    if isinstance(exc, OutputError):
        message = str(exc)
    else:
        where = exc.filename if exc.filename is not None else _("standard output")
        message = _("{where}: cannot write ({reason}); the output is incomplete").format(
            where=where, reason=exc.strerror or exc)
        if exc.filename is None:
            quiet_broken_pipe()  # the same redirection of stdout; its exit code is not ours
    try:
        print(f"xplan: {message}", file=sys.stderr)
    except OSError:
        pass
    return USAGE_ERROR


def _where(exc: BaseException) -> str:
    """The innermost frame inside xplan (else the innermost at all), as ``xplan/x.py:12``."""
    frames = traceback.extract_tb(exc.__traceback__)
    package = Path(__file__).resolve().parent.parent
    ours = [f for f in frames if Path(f.filename).resolve().is_relative_to(package)]
    if not (ours or frames):
        return "?"
    frame = (ours or frames)[-1]
    try:
        shown = Path(frame.filename).resolve().relative_to(package.parent).as_posix()
    except ValueError:
        shown = Path(frame.filename).name
    return f"{shown}:{frame.lineno}"


def internal_error(exc: BaseException, debug: bool) -> int:
    """Report an unexpected exception in one line (plus the traceback with --debug); exit code 3."""
    try:
        sys.stdout.flush()
    except Exception:  # noqa: BLE001 - the report below matters more than what was buffered
        pass
    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    message = _("xplan: internal error: {kind} at {where} (xplan {version}). This is a bug in xplan, not in "
                "your plans; please report it to {report_to} with the command you ran{hint}.").format(
        kind=type(exc).__name__, where=_where(exc), version=__version__, report_to=_(REPORT_TO),
        hint="" if debug else _(" and the output of the same command with --debug"))
    print(message, file=sys.stderr)
    return INTERNAL_ERROR
