"""Make the README's screenshots of the report: a plan page and matrix.html, at 1280 px wide.

    python docs/screenshots.py          # writes docs/report-plan.png and docs/report-matrix.png
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import browser_context  # noqa: E402

from xplan.report.site import make_site, write_site  # noqa: E402

SHOTS = {"report-plan.png": ("R8/kokurakita.html", "#A1", 1600), "report-matrix.png": ("matrix.html", "#grid-R7-seisaku", 1100)}


def main() -> None:
    out = Path(tempfile.mkdtemp(prefix="xplan-site-"))
    site, documents = make_site(ROOT / "plans")
    write_site(out, documents, files=site.extra["files"])
    with browser_context(viewport={"width": 1280, "height": 800}) as ctx:
        page = ctx.new_page()
        for name, (path, anchor, height) in SHOTS.items():
            page.set_viewport_size({"width": 1280, "height": height})
            page.goto((out / path).as_uri() + (anchor or ""))
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(ROOT / "docs" / name))
            print(f"wrote docs/{name}")


if __name__ == "__main__":
    main()
