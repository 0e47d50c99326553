"""``xplan report --pdf``: the site as A4 PDFs, one per plan and one for the whole report.

The engine is Chromium, driven through Playwright for Python on the system's ``chromium``
(``executable_path``: Playwright's own browser download is never needed). Why Chromium rather
than WeasyPrint: the pages are already checked in Chromium (tests/test_report_browser.py: the print
stylesheet keeps every quarterly row whole there), Playwright is already what the tests use, and
WeasyPrint would bring Pango and its own CSS subset, which lays Japanese out differently from
the browsers people print from. Chromium embeds (subsets) the fonts it draws with, so the PDFs
carry their Japanese glyphs (Noto Sans CJK from fonts-noto-cjk).

Each PDF is the printed page (``@media print``: A4, the navigation hidden) with a few rules for
paper only: each issue starts a page, a quarterly table is never cut when it fits on a page (and
its rows never), and the footer carries the page number. The whole report's PDF opens with a table
of contents whose page numbers come from the PDF itself: it is printed once, the page of each
section read back from the named destinations Chromium writes for the contents' links, and
printed again with the numbers (the contents keep their length, so no page moves); the same
sections are the PDF's bookmarks.
"""

from __future__ import annotations

import html
import io
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xplan.i18n import _

PAPER_CSS = """
@page { size: A4; margin: 14mm 10mm 16mm; }
article.issue { break-before: page; }
table.schedule { break-inside: avoid; }
table.schedule tr { break-inside: avoid; }
figure.chart { break-inside: avoid; }
.site-nav, .site-footer, details.transcriber-notes { display: none !important; }
"""

FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#444;font-family:sans-serif">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


class PdfUnavailable(Exception):
    """What to install for ``--pdf`` (one line; exit code 2)."""


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def check_engine() -> None:
    """Raises PdfUnavailable with what to install when --pdf cannot run here."""
    try:
        import playwright.sync_api  # noqa: F401
        import pypdf  # noqa: F401
    except ImportError:
        raise PdfUnavailable(_("--pdf needs Playwright and pypdf: pip install 'xplan[pdf]' "
                               "(and Chromium: apt-get install chromium fonts-noto-cjk)")) from None
    if chromium_path() is None:
        raise PdfUnavailable(_("--pdf needs Chromium: apt-get install chromium fonts-noto-cjk "
                               "(or put chromium on the PATH)"))


@contextmanager
def engine() -> Iterator[Any]:
    """A headless Chromium page, on a throw-away profile."""
    import tempfile

    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="xplan-pdf-")
    try:
        with sync_playwright() as pw:
            ctx = pw.chromium.launch_persistent_context(profile, executable_path=chromium_path(), headless=True,
                                                        args=CHROMIUM_ARGS)
            try:
                page = ctx.new_page()
                yield page
            finally:
                ctx.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def print_page(page: Any, url: str) -> bytes:
    """One HTML file of the site (written already, so its stylesheet resolves) as an A4 PDF."""
    page.goto(url)
    page.wait_for_load_state("load")
    page.add_style_tag(content=PAPER_CSS)
    page.emulate_media(media="print")
    return bytes(page.pdf(format="A4", print_background=True, prefer_css_page_size=True,
                          display_header_footer=True, header_template="<span></span>", footer_template=FOOTER))


@dataclass
class Part:
    """A section of the whole report: a page of the site, under a heading in the contents."""

    id: str
    title: str
    file: Path


def _body(document: str) -> str:
    m = re.search(r"<main>(.*)</main>", document, re.S)
    return m.group(1) if m else ""


def _local_ids(body: str, prefix: str) -> str:
    """Ids and in-page links of one page made unique in the combined document (two plan pages
    both have an ``A1``)."""
    body = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', body)
    body = re.sub(r'\bhref="#([^"]*)"', lambda m: f'href="#{prefix}-{m.group(1)}"', body)
    # links to other pages of the site do not resolve inside one PDF: keep the words, drop the link
    return re.sub(r'<a href="(?!#)[^"]*"[^>]*>(.*?)</a>', r"\1", body, flags=re.S)


def whole_report(parts: list[Part], title: str, stylesheet: str, numbers: dict[str, int] | None) -> str:
    """The combined document: a title page with the contents, then each part from a new page."""
    toc = []
    for part in parts:
        n = str(numbers[part.id]) if numbers and part.id in numbers else "000"
        toc.append(f'<li><a href="#{part.id}">{html.escape(part.title)}</a><span class="toc-page">{n}</span></li>')
    sections = []
    for part in parts:
        body = _local_ids(_body(part.file.read_text(encoding="utf-8")), part.id)
        sections.append(f'<section class="pdf-part" id="{part.id}">{body}</section>')
    return ('<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{stylesheet}\n{PAPER_CSS}\n"
            ".pdf-part { break-before: page; } ol.pdf-toc { list-style: none; padding: 0; }"
            " ol.pdf-toc li { display: flex; gap: .5em; border-bottom: 1px dotted #999; padding: .15em 0; }"
            " ol.pdf-toc a { flex: 1; color: inherit; text-decoration: none; }"
            " .toc-page { font-variant-numeric: tabular-nums; min-width: 3em; text-align: right; }"
            f'</style></head><body><main><h1>{html.escape(title)}</h1><h2>{html.escape(_("Contents"))}</h2>'
            f'<ol class="pdf-toc">{"".join(toc)}</ol></main>{"".join(sections)}</body></html>')


def print_whole(page: Any, parts: list[Part], title: str, stylesheet: str, work: Path) -> bytes:
    """The whole report with its contents' page numbers (two passes) and bookmarks."""
    from pypdf import PdfReader, PdfWriter

    source = work / ".xplan-whole-report.html"
    try:
        source.write_text(whole_report(parts, title, stylesheet, None), encoding="utf-8")
        first = PdfReader(io.BytesIO(print_page(page, source.as_uri())))
        numbers = {name.lstrip("/"): (first.get_destination_page_number(d) or 0) + 1
                   for name, d in first.named_destinations.items()}
        source.write_text(whole_report(parts, title, stylesheet, numbers), encoding="utf-8")
        pdf = print_page(page, source.as_uri())
    finally:
        source.unlink(missing_ok=True)
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    dests = {name.lstrip("/"): reader.get_destination_page_number(d) for name, d in reader.named_destinations.items()}
    for part in parts:
        where = dests.get(part.id)
        if where is not None:
            writer.add_outline_item(title=part.title, page_number=where)
    writer.add_metadata({"/Title": title, "/Creator": "xplan report --pdf"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class Printer:
    """Prints the site's pages; Chromium is started at the first PDF that must be made (a run that
    keeps every PDF starts no browser) and stopped by ``close``."""

    def __init__(self, out_dir: Path, title: str) -> None:
        self.out_dir = out_dir
        self.title = title
        self._engine: Any = None
        self._page: Any = None

    def page(self) -> Any:
        if self._page is None:
            self._engine = engine()
            self._page = self._engine.__enter__()
        return self._page

    def close(self) -> None:
        if self._engine is not None:
            self._engine.__exit__(None, None, None)
            self._engine = self._page = None

    def __enter__(self) -> Printer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _printer(self, path: str) -> Callable[[], list[bytes]]:
        return lambda: [print_page(self.page(), (self.out_dir / path).as_uri())]

    def files(self, site: Any, pages: list[Any], keys: dict[str, str | None]) -> list[Any]:
        """``update_site``'s extra files: a PDF beside each plan page, and ``report.pdf``."""
        from xplan.report import output
        from xplan.report.render import stylesheet
        from xplan.report.site import Extra

        plan_pages = [p for p in pages if p.template == "plan.html"]
        out = []
        for p in plan_pages:
            key = keys.get(p.path)
            out.append(Extra(p.path.removesuffix(".html") + ".pdf", None if key is None else output.digest("pdf", key),
                             self._printer(p.path)))
        order = {"index.html": 0, "rollup.html": 1, "matrix.html": 2}
        parts = sorted((p for p in pages if p.template != "lint.html"),
                       key=lambda p: (order.get(p.path, 3 if p.template != "plan.html" else 4)))
        whole = [Part("part-" + re.sub(r"[^A-Za-z0-9]+", "-", p.path).strip("-"), p.title, self.out_dir / p.path)
                 for p in parts]
        out.append(Extra(WHOLE, None, lambda: [print_whole(self.page(), whole, self.title, stylesheet(), self.out_dir)]))
        return out


WHOLE = "report.pdf"
