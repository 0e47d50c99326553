"""Issue 10: Japanese line breaking and content-based column sizing.

Phrases come from BudouX, no line starts with a closing or small character (、。）」ー・ッ), ASCII
words are never split, and at the terminal's usual 80 columns ``issues`` and ``rollup`` stay one
readable row per issue or group: a golden rendering at 80 columns, and the same rules checked at
80, 100 and 160 columns on every row."""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path

import pytest
from conftest import PLANS
from typer.testing import CliRunner

from xplan.cli import app
from xplan.output.wrap import NO_START, phrases, width, wrap

GOLDEN = Path(__file__).parent / "golden" / "widths"
ENV = {"NO_COLOR": "1", "FORCE_COLOR": None, "TTY_COMPATIBLE": None, "TTY_INTERACTIVE": None, "COLUMNS": None}
runner = CliRunner()


# -- the wrapper itself ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "小倉北区内の観光資源の掘り起こし・情報発信の強化、並びに 区の垣根を超えた観光ルート等の造成",
    "来庁者や職員にとって、安全安心で快適な区役所づくり(カスタマーハラスメント対応)",
    "AI・RPA・ローコードツール等による業務効率化の拡大",
    "政策連携団体（アジア女性交流・研究フォーラム）の在り方",
    "「デジタルで快適・便利な幸せなまち」の実現",
])
@pytest.mark.parametrize("limit", [6, 10, 16, 24, 40])
def test_wrap_keeps_the_rules(text: str, limit: int) -> None:
    lines = wrap(text, limit)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost, nothing added
    assert all(width(line) <= limit for line in lines)
    for line in lines[1:]:
        assert line[0] not in NO_START, lines  # kinsoku: no line starts with 、。）」ー・ッ …
    for a, b in itertools.pairwise(lines):
        assert not (a[-1:].isascii() and a[-1:].isalnum() and b[:1].isascii() and b[:1].isalnum()), lines  # AI, RPA
    # greedy: the phrase that starts a line would not have fitted on the line before
    starts, offset = {}, 0
    for piece in phrases(text):
        starts[offset] = piece
        offset += len(piece)
    position = 0
    for a, b in itertools.pairwise(lines):
        position = text.index(b, position + len(a) - 1)
        first = starts.get(position) or starts.get(position - 1)  # a line does not start with a space
        if first is not None:
            gap = " " if text[position - 1] == " " else ""  # the space the line break took
            assert width(a + gap + first.strip()) > limit, (a, b)


def test_phrases_are_budoux_phrases_with_kinsoku() -> None:
    assert phrases("区役所づくり(カスタマーハラスメント対応)")[-1] == "(カスタマーハラスメント対応)"
    assert all(p[0] not in NO_START for p in phrases("強化、並びに区の垣根を超えた"))
    assert "AI" in "".join(phrases("AI・RPA")) and not any(p.endswith("A") and q.startswith("I")
                                                           for p, q in zip(phrases("AI活用"), phrases("AI活用")[1:]))


# -- the views at 80, 100 and 160 columns ---------------------------------------------------------

def render(args: list[str], columns: int) -> str:
    r = runner.invoke(app, [*args, "--plans", str(PLANS), "--width", str(columns)], env=ENV)
    assert r.exit_code == 0, r.output
    return r.stdout


def cells(out: str) -> list[str]:
    """Every cell line of a rendered table (text between column gaps, headings and rules left out)."""
    found = []
    for line in out.splitlines():
        if set(line.strip()) <= set("─━┃│┏┓┗┛┡┩┠┨╇╋┼├┤┬┴┌┐└┘═ "):
            continue
        found += [c.strip() for c in re.split(r"│|┃|\s{2,}", line) if c.strip()]
    return found


@pytest.mark.parametrize("columns", [80, 100, 160])
@pytest.mark.parametrize("args", [["issues"], ["issues", "--all"], ["rollup"], ["rollup", "--by", "org"],
                                  ["issues", "--org", "小倉北区"]])
def test_no_cell_line_starts_with_a_forbidden_character(args: list[str], columns: int) -> None:
    out = render(args, columns)
    assert all(width(line) <= columns for line in out.splitlines())
    bad = [c for c in cells(out) if c[0] in NO_START and c not in ("-", "ー")]
    assert not bad, bad


@pytest.mark.parametrize("columns", [80, 100, 160])
@pytest.mark.parametrize("args", [["matrix"], ["matrix", "--all"], ["matrix", "--combined"],
                                  ["matrix", "--org", "八幡東区"], ["matrix", "--org", "小倉北区"]])
def test_matrix_issue_lists_wrap_at_phrases(args: list[str], columns: int) -> None:
    """The issue lists inside the grid and under it (unrated) wrap like every Japanese cell: at
    80 columns 八幡東区's A4 used to put its closing ) on a line of its own."""
    out = render(args, columns)
    assert all(width(line) <= columns for line in out.splitlines())
    bad = [c for c in cells(out) if c[0] in NO_START and c not in ("-", "ー")]
    assert not bad, bad
    if args[-1] == "八幡東区":  # the unrated list: every title whole once its lines are joined
        titles = re.findall(r"^([ABC]\d+) (.*)\n((?:   \S.*\n)*)", out, flags=re.M)
        assert len(titles) == 15
        a4 = next(t for t in titles if t[0] == "A4")
        assert (a4[1] + "".join(line.strip() for line in a4[2].splitlines())).replace(" ", "") == \
            "来庁者や職員にとって、安全安心で快適な区役所づくり(カスタマーハラスメント対応)"


@pytest.mark.parametrize("columns", [80, 100, 160])
@pytest.mark.parametrize("org", ["政策局", "総務市民局", "小倉北区"])
def test_schedule_cells_wrap_at_phrases(org: str, columns: int) -> None:
    """The quarterly cells are the plans' prose: 「…（6～12月）」 used to leave its ） on a line of its
    own at 80 columns, and a cell's second item lost its first line to the one before it."""
    import json

    out = render(["schedule", "--org", org], columns)
    assert all(width(line) <= columns for line in out.splitlines())
    # a cell of several items shows each as a bullet (・): a line may start with the bullet of an item
    data = json.loads(render(["schedule", "--org", org, "-F", "json"], columns))
    items = [str(i) for p in data["plans"] for s in p["issues"] for r in s["rows"]
             for q in ("q1", "q2", "q3", "q4") for i in (r.get(q) or []) if isinstance(i, str)]
    bullet = [c for c in cells(out) if c.startswith("・") and any(i.replace(" ", "").startswith(
        c[1:].replace(" ", "")) for i in items)]
    bad = [c for c in cells(out) if c[0] in NO_START and c not in ("-", "ー") and c not in bullet]
    assert not bad, bad
    if org == "政策局":  # A1's first quarter holds two items: both there, each from its first phrase
        joined = "".join(c for c in cells(out))
        assert "・ローコード" in joined and "・各ツール" in joined


@pytest.mark.parametrize("columns", [80, 100, 160])
@pytest.mark.parametrize("org", ["政策局", "総務市民局", "保健福祉局", "小倉北区", "八幡東区"])
def test_show_prose_wraps_at_phrases(org: str, columns: int) -> None:
    """A plan's prose (bullets, lead-ins, field values, headings) in ``show``: rich alone started
    lines with 、 and 。 (「…八幡東区でも同様の状況があり、…」)."""
    out = render(["show", "--org", org], columns)
    assert all(width(line) <= columns for line in out.splitlines())
    # "・" is also the bullet glyph at the start of an item: only the other characters are checked
    bad = [c for c in cells(out) if c[0] in NO_START and c[0] != "・" and c not in ("-", "ー")]
    assert not bad, bad


@pytest.mark.parametrize("columns", [80, 100, 160])
def test_issues_one_row_per_issue_with_readable_titles(columns: int) -> None:
    out = render(["issues", "--all"], columns)
    # every issue code appears once, at the start of its row; the title column is never squeezed
    # below the longest phrase of 10 columns, and wide terminals need fewer lines
    codes = re.findall(r"^\S.*?\b([ABC]\d+)\b", out, flags=re.M)
    assert len(codes) == 61
    assert len(out.splitlines()) <= {80: 200, 100: 150, 160: 100}[columns]


@pytest.mark.parametrize("name, args", [("issues_80", ["issues"]), ("rollup_80", ["rollup"])])
def test_golden_at_80_columns(name: str, args: list[str]) -> None:
    out = render(args, 80)
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("XPLAN_REGEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")
