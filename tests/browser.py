"""Chromium for the browser tests and the README screenshots: Debian's ``chromium`` package driven
by Playwright for Python (``executable_path``; Playwright's own browser download is never used).

Outside CI a machine without Chromium skips the browser tests; under CI (``CI`` set) a missing
browser is a failure, since ``.ci/run`` installs it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto")


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def cjk_font() -> bool:
    return any(Path(d, "NotoSansCJK-Regular.ttc").is_file() for d in FONT_DIRS)


def missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    if chromium_path() is None:
        return "chromium is not installed (apt-get install chromium)"
    if not cjk_font():
        return "fonts-noto-cjk is not installed (apt-get install fonts-noto-cjk)"
    return None


@contextmanager
def browser_context(**options: Any) -> Iterator[Any]:
    """A persistent context on a fresh user-data directory, removed afterwards."""
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="xplan-chromium-")
    try:
        with sync_playwright() as pw:
            ctx = pw.chromium.launch_persistent_context(
                profile, executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS,
                viewport=options.pop("viewport", {"width": 1280, "height": 800}), **options)
            try:
                yield ctx
            finally:
                ctx.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def in_ci() -> bool:
    return bool(os.environ.get("CI"))
