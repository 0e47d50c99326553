"""``xplan show -F docx``: each bundled plan as a Word document, opened by LibreOffice Writer
(headless) and printed to PDF; every text of the plan file is in the PDF's text, in the order of
the city's document, and the Word structure (heading styles, tables, the TOC field) is real."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import PLANS, ROOT
from robust_helpers import TRACEBACK, xplan

docx = pytest.importorskip("docx")

# The plan files' keys whose values are identifiers or dates for xplan, not the document's words
# (the document prints them in its own way: 課題A（1）, 令和7年12月時点, 令和7年度).
NOT_PRINTED = {"id", "domain", "as_of", "year", "schema_version", "template", "layout", "kind"}
SLUGS = {p.stem for p in PLANS.glob("*/*.yaml")}


def _strings(node: Any, key: str = "") -> list[str]:
    if isinstance(node, str):
        return [] if key in NOT_PRINTED else [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() if k != "source" for s in _strings(v, k)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v, key)]
    return []


def _squash(text: str) -> str:
    """Text without white space: a PDF breaks lines wherever the page does."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("docx")
    made = {}
    for f in sorted(PLANS.glob("*/*.yaml")):
        target = out / f"{f.parent.name}-{f.stem}.docx"
        r = xplan("show", "--org", f.stem, "--year", f.parent.name, "-F", "docx", "-o", str(target), cwd=ROOT,
                  lang="ja")
        assert r.returncode == 0, r.stderr
        made[f"{f.parent.name}/{f.stem}"] = target
    return made


@pytest.fixture(scope="module")
def pdf_texts(documents: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    from pypdf import PdfReader

    out = tmp_path_factory.mktemp("pdf")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{out}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), *map(str, documents.values())], capture_output=True, timeout=600, check=True)
    return {key: "\n".join(page.extract_text() for page in PdfReader(out / f"{path.stem}.pdf").pages)
            for key, path in documents.items()}


def test_every_text_of_the_plan_is_in_the_printed_document(pdf_texts: dict[str, str]) -> None:
    from xplan.plan.loader import load

    for key, text in pdf_texts.items():
        data = load(PLANS / f"{key}.yaml").data
        assert data is not None
        printed = _squash(text)
        strings = _strings(data)
        assert len(strings) > 50
        missing = [s for s in strings if _squash(s) not in printed]
        assert missing == [], key


def test_in_the_order_of_the_citys_document(pdf_texts: dict[str, str]) -> None:
    text = _squash(pdf_texts["R7/seisaku"])
    parts = ["1組織の使命", "2基本情報", "3令和6年度局区X方針の振り返り", "4課題"]
    body = text[text.index("出典についての注記") + 9 :]  # after the table of contents, whose last entry it is
    assert [body.index(p) for p in parts] == sorted(body.index(p) for p in parts)
    issue = body[body.index("課題A（1）") :]
    marks = ["①インパクト", "②課題の内容", "③課題の背景や現状", "④目指す成果", "⑤令和7年度の取組内容", "⑥進捗状況"]
    assert [issue.index(m) for m in marks] == sorted(issue.index(m) for m in marks)
    retro = _squash(pdf_texts["R6/hoken-fukushi"])
    assert "⑦変革が実現した課題" in retro and "⑧取組・進捗が十分でなかった項目" in retro


def test_word_structure(documents: dict[str, Path]) -> None:
    from xplan.plan.loader import load
    from xplan.plan.model import QUARTERS

    doc = docx.Document(str(documents["R7/seisaku"]))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "1 組織の使命") in headings and ("Heading 1", "4 課題") in headings
    data = load(PLANS / "R7/seisaku.yaml").data
    assert data is not None
    issue_headings = [t for s, t in headings if s == "Heading 2" and t.startswith("課題")]
    assert len(issue_headings) == len(data["issues"])
    # the quarterly tables are Word tables: one per action's table, the →-cells carry the arrow
    a1 = data["issues"][0]
    tables = doc.tables
    first = tables[0]
    assert [c.text for c in first.rows[0].cells] == ["第1四半期(4～6月)", "第2四半期(7～9月)", "第3四半期(10～12月)",
                                                     "第4四半期(1～3月)"]
    row = a1["actions"][0]["schedule"][0]
    for cell, q in zip(first.rows[1].cells, QUARTERS):
        want = row[q]
        if any(isinstance(i, dict) for i in want):
            assert "→" in cell.text and cell.paragraphs[0]._p.pPr.find(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr") is not None
        else:
            assert [p.text.lstrip("・") for p in cell.paragraphs if p.text] == want
    assert first.rows[0]._tr.trPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") \
        is not None
    # the table of contents is a TOC field
    body = doc.element.body.xml
    assert "TOC \\o" in body and 'w:fldCharType="begin"' in body


def test_same_plan_same_bytes_one_issue_and_errors(documents: dict[str, Path], tmp_path: Path) -> None:
    again = tmp_path / "again.docx"
    r = xplan("show", "--org", "seisaku", "--year", "R7", "-F", "docx", "-o", str(again), cwd=ROOT, lang="ja")
    assert r.returncode == 0
    assert again.read_bytes() == documents["R7/seisaku"].read_bytes()
    one = tmp_path / "b6.docx"
    assert xplan("show", "--org", "政策局", "B6", "-F", "docx", "-o", str(one), cwd=ROOT).returncode == 0
    doc = docx.Document(str(one))
    texts = [p.text for p in doc.paragraphs]
    assert any(t.startswith("課題B（6）") for t in texts) and not any(t.startswith("課題A（1）") for t in texts)
    for args in (["-o", str(tmp_path / "no" / "x.docx")], ["--bom", "-o", str(tmp_path / "x.docx")],
                 ["--export", str(tmp_path / "x.svg")]):
        r = xplan("show", "--org", "政策局", "-F", "docx", *args, cwd=ROOT)
        assert r.returncode == 2 and TRACEBACK not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_refused_on_a_terminal_written_to_a_pipe() -> None:
    import os
    import pty
    import sys

    main, side = pty.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "xplan", "show", "--org", "政策局", "A1", "-F", "docx"],
                              stdout=side, stderr=subprocess.PIPE, cwd=ROOT, timeout=120)
        assert proc.returncode == 2 and b"-o FILE.docx" in proc.stderr
    finally:
        os.close(main)
        os.close(side)
    piped = subprocess.run([sys.executable, "-m", "xplan", "show", "--org", "政策局", "A1", "-F", "docx"],
                           capture_output=True, cwd=ROOT, timeout=120)
    assert piped.returncode == 0 and piped.stdout.startswith(b"PK")  # a zip: the .docx itself
