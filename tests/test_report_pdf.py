"""``xplan report --pdf`` (issue 29 item 3): A4 PDFs printed by Chromium, read back with pypdf."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from browser import in_ci, missing
from conftest import PLANS, ROOT
from test_report_browser import A4_POINTS, _norm, _pattern

from xplan.plan.loader import load
from xplan.plan.model import build_plan


@pytest.fixture(scope="module")
def pdf_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    why = missing()
    if why is not None:
        if in_ci():
            pytest.fail(f"PDF tests cannot run in CI: {why}")
        pytest.skip(why)
    out = tmp_path_factory.mktemp("pdfsite")
    r = subprocess.run([sys.executable, "-m", "xplan", "report", "--no-cache", "--pdf", "-o", str(out), "--plans",
                        str(PLANS)], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    return out


def plans() -> list[tuple[str, Path]]:
    return [(f"{p.parent.name}/{p.stem}", p) for p in sorted(PLANS.rglob("*.yaml"))]


def _reader(path: Path):  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    return PdfReader(path)


def _slug_page(path: Path) -> str:
    data = load(path).data
    return f"{data['fiscal_year']}/{data['organisation']['slug']}"


def test_every_page_of_every_pdf_is_a4(pdf_site: Path) -> None:
    pdfs = sorted(pdf_site.rglob("*.pdf"))
    assert len(pdfs) == len(plans()) + 1 and (pdf_site / "report.pdf") in pdfs
    for pdf in pdfs:
        reader = _reader(pdf)
        assert len(reader.pages) >= 2, pdf
        for page in reader.pages:
            w, h = float(page.mediabox.width), float(page.mediabox.height)
            assert abs(w - A4_POINTS[0]) < 2 and abs(h - A4_POINTS[1]) < 2, (pdf, w, h)


def _issue_texts(path: Path) -> list[tuple[str, list[str]]]:
    """Each issue's heading words and paragraphs, as the plan file has them."""
    plan = build_plan(load(path).data, str(path))
    out = []
    for issue in plan.issues:
        if not issue.has_detail:
            continue
        paras = [b for b in (issue.content or []) + (issue.background or []) + (issue.outcomes or []) + (issue.measures or [])
                 if isinstance(b, str)]
        out.append((issue.title or "", paras))
    return out


@pytest.mark.parametrize("plan", [p for _, p in plans()], ids=[n for n, _ in plans()])
def test_every_issue_of_the_plan_is_in_its_pdf_each_from_a_new_page(pdf_site: Path, plan: Path) -> None:
    reader = _reader(pdf_site / f"{_slug_page(plan)}.pdf")
    pages = [_norm(p.extract_text()) for p in reader.pages]
    whole = "".join(pages)
    issues = _issue_texts(plan)
    assert issues
    for title, paras in issues:
        assert _pattern(_norm(title)).search(whole), title
        for para in paras:
            assert _pattern(_norm(para)[:60]).search(whole), para[:40]
    # each issue starts a page: its heading is at the top of the page it is on
    for title, _paras in issues:
        pat = _pattern(_norm(title)[:20])
        starts = [n for n, t in enumerate(pages) if pat.search(t[:80])]
        assert starts, f"no page starts with the issue {title}"


def test_the_fonts_are_embedded(pdf_site: Path) -> None:
    for pdf in [pdf_site / "report.pdf", pdf_site / "R7" / "seisaku.pdf"]:
        fonts = 0
        for page in _reader(pdf).pages:
            for font in (page["/Resources"].get("/Font") or {}).values():
                font = font.get_object()
                fonts += 1
                if font["/Subtype"] == "/Type3":  # Chromium draws Noto CJK (CFF) as Type 3: glyph programs in the file
                    assert "/CharProcs" in font and "/ToUnicode" in font
                    continue
                desc = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font)["/FontDescriptor"]
                assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.get("/BaseFont")
        assert fonts > 3
    if shutil.which("pdffonts"):  # poppler-utils' own view: every font embedded ("emb" yes)
        out = subprocess.run(["pdffonts", str(pdf_site / "R7" / "seisaku.pdf")], capture_output=True, text=True)
        rows = out.stdout.splitlines()[2:]
        assert rows and all(re.search(r"\byes\s+(yes|no)\s+(yes|no)\s+\d+", r) for r in rows), out.stdout


def test_the_whole_report_has_contents_with_the_right_page_numbers(pdf_site: Path) -> None:
    reader = _reader(pdf_site / "report.pdf")
    outline = {o.title: reader.get_destination_page_number(o) + 1 for o in reader.outline}
    assert {"政策局 R7", "小倉北区 R8", "八幡東区 R6"} <= set(outline)
    contents = reader.pages[0].extract_text()
    for title, page in outline.items():
        entry = re.compile(_pattern(_norm(title)).pattern + r"(\d+)")
        m = next((m for ln in contents.splitlines() if (m := entry.fullmatch(_norm(ln)))), None)
        assert m and int(m.group(1)) == page, (title, page)
        assert _pattern(_norm(title)[:8]).search(_norm(reader.pages[page - 1].extract_text())), title
    # page numbers in the footer
    assert re.search(rf"\b2\s*/\s*{len(reader.pages)}\b", reader.pages[1].extract_text())


def test_a_second_run_keeps_every_pdf(pdf_site: Path, tmp_path: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in pdf_site.rglob("*.pdf")}
    r = subprocess.run([sys.executable, "-m", "xplan", "report", "--no-cache", "--pdf", "-o", str(pdf_site), "--plans",
                        str(PLANS)], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert {p: p.stat().st_mtime_ns for p in pdf_site.rglob("*.pdf")} == before


def test_without_chromium_one_line_says_what_to_install(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": str(tmp_path)}  # no chromium on the PATH
    r = subprocess.run([sys.executable, "-m", "xplan", "report", "--pdf", "-o", str(tmp_path / "site")],
                       capture_output=True, text=True, cwd=ROOT, env=env)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "chromium" in lines[0] and "apt-get install" in lines[0], r.stderr
    assert not (tmp_path / "site").exists()


def test_the_transcribers_notes_are_not_printed(pdf_site: Path) -> None:
    for name, plan in plans():
        data = load(plan).data
        text = "".join(_norm(p.extract_text()) for p in _reader(pdf_site / f"{_slug_page(plan)}.pdf").pages)
        assert data["source"]["document"].split("/")[-1] not in text, name
        assert not _pattern(_norm("出典についての注記")).search(text), name
        if "title" in data["source"]:
            assert _pattern(_norm(data["source"]["title"])).search(text), name
