"""``xplan search 電子申請 -DX``: a word after ``-`` is a word to leave out, not an option (click read
``-DX`` as ``-D -X`` and stopped; ``-online`` as ``-o nline``, a file to write)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ROOT
from robust_helpers import TRACEBACK, xplan


def _hits(*args: str, cwd: Path = ROOT) -> list[tuple[str, str, str]]:
    r = xplan("search", "--all", "-F", "json", "--limit", "0", *args, cwd=cwd)  # options first: `--` ends them
    assert r.returncode == 0, r.stderr
    return [(h["org"], h["code"], h["section"]) for h in json.loads(r.stdout)["hits"]]


def test_a_dash_word_excludes_as_the_quoted_query_does() -> None:
    plain = _hits("DX")
    without = _hits("DX", "-AI")
    assert without == _hits("DX -AI") == _hits("--", "DX", "-AI")
    assert 0 < len(without) < len(plain)  # AI is in some of the DX issues, not in all
    assert without == _hits("DX", "-ＡＩ")  # NFKC: the full-width exclusion is the same word


def test_words_and_options_in_any_order(tmp_path: Path) -> None:
    assert _hits("-AI", "DX") == _hits("DX -AI")
    out = tmp_path / "hits.json"
    r = xplan("search", "DX", "-online", "-o", str(out), "-F", "json", "--plans", str(ROOT / "plans"), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["query"] == "DX -online"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hits.json"]  # no file "nline"


def test_options_are_still_options() -> None:
    r = xplan("search", "DX", "--bogus", cwd=ROOT)
    assert r.returncode == 2 and "--bogus" in r.stderr and TRACEBACK not in r.stderr
    r = xplan("search", "-AI", cwd=ROOT)  # only a word to leave out: nothing to look for
    assert r.returncode == 2 and TRACEBACK not in r.stderr
    assert xplan("search", "--help", cwd=ROOT).returncode == 0
