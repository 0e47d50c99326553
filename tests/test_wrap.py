"""Japanese text wraps between phrases: on every string of the real plans, at several widths,
no line is wider than asked, none starts with closing punctuation, and nothing is lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from xplan.output.wrap import NO_START, wrap
from xplan.plan.catalog import load_catalog
from xplan.plan.model import block_texts

PLANS = Path(__file__).resolve().parents[1] / "plans"


@pytest.fixture(scope="module")
def texts() -> list[str]:
    out = []
    for plan in load_catalog(PLANS).plans:
        for issue in plan.issues:
            for name in ("content", "background", "outcomes"):
                out += [t for _, t in block_texts(getattr(issue, name), ())]
            for cp in issue.progress:
                out += [t for _, t in block_texts(cp.items, ())]
    assert len(out) > 100
    return out


@pytest.mark.parametrize("width", [20, 37, 60, 76])
def test_wrapped_plan_text(texts: list[str], width: int) -> None:
    for text in texts:
        lines = wrap(text, width)
        assert "".join("".join(lines).split()) == "".join(text.split())  # only spaces at a break go
        assert all(cell_len(line) <= width for line in lines), (text, lines)
        assert not any(line[:1] in NO_START for line in lines[1:]), (text, lines)


def test_phrases_keep_words_whole() -> None:
    lines = wrap("国内外の都市の広報手法の情報を収集済み。現在策定中の海外戦略の方向性に応じたターゲットの選定", 30)
    assert not any(line.endswith("ターゲッ") for line in lines)
    assert all(cell_len(line) <= 30 for line in lines)
