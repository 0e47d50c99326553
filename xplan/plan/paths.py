"""How a file's path is shown in every report: relative to the working directory.

`xplan lint` (plans/ found through the configuration, an absolute path) and `xplan lint plans`
must name a file the same way, in text, JSON, GitHub annotations and SARIF alike. A file outside
the working directory keeps its absolute path: ``../../`` chains say less than the path itself.
Symbolic links are not resolved, so a file is named by the path the user can see.
"""

from __future__ import annotations

import os
from pathlib import Path


def shown(path: str | os.PathLike[str], cwd: str | os.PathLike[str] | None = None) -> Path:
    """``path`` relative to ``cwd`` (default: the working directory) when it lies below it."""
    if cwd is None and not os.path.isabs(path):
        # the common case, cheaply (2,000 files a run): a relative path already is relative to the
        # working directory; only one that climbs out of it (../x) needs the long way
        norm = os.path.normpath(path)
        if norm != "." and norm != os.pardir and not norm.startswith(os.pardir + os.sep):
            return Path(norm)
    here = os.path.abspath(cwd if cwd is not None else os.getcwd())
    if os.path.isabs(path):
        # the other common case: plans/ found through the configuration is absolute; below the
        # working directory, what follows it is the relative path (commonpath and relpath, the
        # long way, took a tenth of a warm view of 2,000 plans)
        norm = os.path.normpath(path)
        if norm.startswith(here) and norm[len(here):len(here) + 1] == os.sep and here != os.sep:
            return Path(norm[len(here) + 1:])
    full = os.path.abspath(path)  # normalises ./ and ../ without touching the file system
    try:
        inside = os.path.commonpath([here, full]) == here
    except ValueError:  # different drives on Windows
        inside = False
    return Path(os.path.relpath(full, here)) if inside and full != here else Path(full if os.path.isabs(path) else path)
