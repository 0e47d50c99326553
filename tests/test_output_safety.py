"""Plan text is data in every output (issue 23, cases 7 and 8).

- ``-F unsafehtml`` (and ``latex_raw``), which pass cell text through as markup, are refused;
- markdown headings and cells show plan text as written (``<script>``, ``**``, ``|``, ``#``);
- CSV/TSV cells a spreadsheet would run as formulas get OWASP's leading ``'``; numbers stay
  numbers; xlsx cells hold such text as text (checked by reading the file back, and with
  LibreOffice where it is installed);
- ``diff --text`` is bounded on long runs of one character: the result still reads back to both
  texts exactly, and a long run is answered at once (timings: bench/textdiff.py).
"""

from __future__ import annotations

import csv
import io
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PLANS
from writer_faults import run

from xplan.output.cells import looks_like_formula
from xplan.output.cells import neutralise as neutralise_formula
from xplan.output.escape import markdown_text

TITLE = "多様な人々が気軽に交流できる地域づくり"
NASTY = '=HYPERLINK("http://example.invalid/?x","詳細") <script>alert(1)</script> **太字** | #見出し & [リンク](x)'


@pytest.fixture
def nasty_plans(tmp_path: Path) -> Path:
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    f = plans / "R8" / "kokurakita.yaml"
    text = f.read_text(encoding="utf-8")
    assert f"title: {TITLE}\n" in text
    f.write_text(text.replace(f"title: {TITLE}\n", f"title: '{NASTY}'\n", 1), encoding="utf-8")
    return plans


@pytest.mark.parametrize("fmt", ["unsafehtml", "latex_raw"])
def test_formats_that_pass_markup_through_are_refused(fmt: str) -> None:
    code, out, err = run(["issues", "--plans", str(PLANS), "-F", fmt])
    assert code == 2 and out == "" and "unescaped" in err, err


@pytest.mark.parametrize("args", [
    ["issues", "-F", "markdown"],
    ["schedule", "--org", "小倉北区", "-F", "markdown"],
    ["matrix", "--org", "小倉北区", "-F", "markdown"],
    ["show", "--org", "小倉北区", "A1", "-F", "markdown"],
])
def test_markdown_shows_plan_text_as_written(nasty_plans: Path, args: list[str]) -> None:
    code, out, err = run([args[0], "--plans", str(nasty_plans), *args[1:]])
    assert code == 0, err
    assert "<script>" not in out and "**太字**" not in out and "[リンク](x)" not in out
    assert r"\<script\>" in out or args[0] == "schedule"  # schedule shows actions, not the title
    if args[0] == "issues":  # the | in the title does not open a column: 8 columns, 9 bars
        import re

        row = next(line for line in out.splitlines() if "HYPERLINK" in line)
        assert len(re.findall(r"(?<!\\)\|", row)) == 9, row


def test_markdown_escape_reads_back_as_the_text() -> None:
    """A CommonMark reader (markdown-it, which rich brings) shows the escaped text as written."""
    import html

    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    for text in (NASTY, "a_b_c", "`code`", "~~消~~", "&lt;", "x\\y", "# 見出し"):
        rendered = md.renderInline(markdown_text(text))
        assert html.unescape(rendered) == text, rendered


@pytest.mark.parametrize("cell, want", [
    ("=1+1", "'=1+1"), ("+SUM(A1)", "'+SUM(A1)"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("-17", "-17"), ("+3.5", "+3.5"), ("0", "0"),
    ("計画", "計画"), ("", ""), ("a=1", "a=1"),
])
def test_formula_cells_are_neutralised(cell: str, want: str) -> None:
    assert neutralise_formula(cell) == want
    assert looks_like_formula(cell) == (want != cell)


@pytest.mark.parametrize("fmt, delimiter", [("csv", ","), ("tsv", "\t")])
def test_csv_and_tsv_cells_never_start_a_formula(nasty_plans: Path, fmt: str, delimiter: str) -> None:
    code, out, err = run(["issues", "--plans", str(nasty_plans), "--all", "-F", fmt])
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out), delimiter=delimiter))
    cells = [c for row in rows for c in row]
    assert f"'{NASTY}" in cells
    assert not [c for c in cells if looks_like_formula(c)]
    # rollup's change columns stay plain numbers (README: -17 and 0)
    code, out, err = run(["rollup", "--plans", str(PLANS), "--years", "all", "-F", fmt])
    numbers = [c for row in csv.reader(io.StringIO(out), delimiter=delimiter) for c in row
               if c.lstrip("+-").isdigit()]
    assert numbers and not [c for c in numbers if c.startswith("'")]


def test_xlsx_holds_formula_like_text_as_text(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from xplan.output.xlsx import Sheet, write_sheets

    out = tmp_path / "t.xlsx"
    write_sheets(out, [Sheet("s", ["題名", "数"], [[NASTY, -17], ["@SUM(A1)", 3]])])
    ws = openpyxl.load_workbook(out)["s"]
    assert [(c.value, c.data_type) for c in ws[2]] == [(NASTY, "s"), (-17, "n")]
    assert (ws["A3"].value, ws["A3"].data_type) == ("@SUM(A1)", "s")
    if shutil.which("soffice") is None:
        return
    # 44,34,76: comma, double quote, UTF-8
    r = subprocess.run(["soffice", "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
                        "--outdir", str(tmp_path), str(out)],
                       capture_output=True, timeout=180)
    if r.returncode != 0 or not (tmp_path / "t.csv").exists():
        pytest.skip("LibreOffice could not convert here")
    rows = list(csv.reader(io.StringIO((tmp_path / "t.csv").read_text(encoding="utf-8"))))
    assert rows[1][0] == NASTY and rows[2][0] == "@SUM(A1)"  # the text, not a computed value


# -- diff --text: bounded ---------------------------------------------------------------------------

def _reads_back(old: str, new: str) -> None:
    from xplan.diff.textdiff import DELETE, INSERT, word_diff

    pieces = word_diff(old, new)
    assert "".join(p.text for p in pieces if p.kind != INSERT) == old
    assert "".join(p.text for p in pieces if p.kind != DELETE) == new


def test_word_diff_reads_back_to_both_texts() -> None:
    rng = random.Random(23)
    letters = "あいう漢字試験アイウabcＡＢ１2①。、 \n"
    for _ in range(200):
        old = "".join(rng.choice(letters) for _ in range(rng.choice([0, 5, 300, 12_000, 30_000])))
        new = list(old)
        for _ in range(rng.randint(0, 4)):
            at = rng.randint(0, len(new))
            new[at:at + rng.randint(0, 3)] = rng.choices(letters, k=rng.randint(0, 3))
        _reads_back(old, "".join(new))


@pytest.mark.parametrize("run_of", ["a", "漢", "。"])
def test_a_long_run_of_one_character_is_compared_within_the_bound(run_of: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The word-level comparison never gets more token pairs than its bound (it was quadratic:
    22 s for 1.6 M characters; bench/textdiff.py times it), and still marks only the change."""
    import difflib

    from xplan.diff import textdiff

    sizes: list[int] = []
    real = difflib.SequenceMatcher

    def counting(junk: object, a: list[str], b: list[str], autojunk: bool = True) -> difflib.SequenceMatcher[str]:
        sizes.append(len(a) * len(b))
        return real(junk, a, b, autojunk=autojunk)  # type: ignore[arg-type]

    monkeypatch.setattr(textdiff.difflib, "SequenceMatcher", counting)
    old = run_of * 1_600_000
    new = old[:800_000] + "変更" + old[800_001:]
    pieces = textdiff.word_diff(old, new)
    assert sizes and max(sizes) <= textdiff.MAX_WORD_PAIRS
    changed = [p for p in pieces if p.kind != textdiff.EQUAL]
    assert sum(len(p.text) for p in changed) < 300  # word level: the change and the run around it
    _reads_back(old, new)


def test_a_long_text_changed_everywhere_falls_back_to_the_whole_changed_part() -> None:
    from xplan.diff.textdiff import DELETE, INSERT, word_diff

    rng = random.Random(7)
    old = "".join(rng.choice("あいう。") for _ in range(50_000))
    new = "".join(rng.choice("かきく、") for _ in range(50_000))
    assert [p.kind for p in word_diff(old, new)] == [DELETE, INSERT]
    _reads_back(old, new)
