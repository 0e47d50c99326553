"""Every plan says only what its seed says (no invented string) and drops nothing but the
reviewed structural pieces listed in tests/fidelity/<slug>.allow."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PLANS, SOURCES, seed_text
from fidelity import invented, load, uncovered

ALLOW = Path(__file__).parent / "fidelity"


@pytest.mark.parametrize("key", sorted(SOURCES))
def test_nothing_invented(key: str) -> None:
    assert invented(load(PLANS / f"{key}.yaml"), seed_text(key)) == []


@pytest.mark.parametrize("key", sorted(SOURCES))
def test_nothing_dropped(key: str) -> None:
    allow = (ALLOW / f"{key.split('/')[1]}.allow").read_text(encoding="utf-8").splitlines()
    missing = uncovered(load(PLANS / f"{key}.yaml"), seed_text(key))
    assert sorted(set(missing) - set(allow)) == [], "seed text no longer in the plan"
    assert sorted(set(allow) - set(missing)) == [], "stale allow entries: remove them"


def test_checker_catches_a_dropped_and_an_invented_sentence() -> None:
    data = load(PLANS / "R8/kokurakita.yaml")
    seed = seed_text("R8/kokurakita")
    dropped = data["issues"][0]["content"].pop(0)
    data["issues"][0]["content"].append("市民センターで毎週マルシェを開催する。")
    assert "市民センターで毎週マルシェを開催する。" in invented(data, seed)
    assert any(dropped.startswith(piece[:20]) or piece in dropped for piece in uncovered(data, seed))
