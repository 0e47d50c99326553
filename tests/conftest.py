from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Japanese is the default language; tests pin it so that a developer's English locale changes
# nothing (tests of English set XPLAN_LANG=en or --lang en themselves).
os.environ["XPLAN_LANG"] = "ja"

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "plans"
SEEDS = ROOT.parent / "shared" / "seeds"

# plan file -> the seed document it was transcribed from
SOURCES = {
    "R8/kokurakita": "000_3be246f0ef899417.txt",
    "R7/somu-shimin": "001_4a827f50e632d607.txt",
    "R6/yahatahigashi": "002_b66f2de6f03bd872.txt",
    "R7/seisaku": "003_dfcb48dd885b145d.txt",
    "R6/hoken-fukushi": "004_fd441cf22175362f.txt",
}


@pytest.fixture(autouse=True, scope="session")
def _session_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every test's commands use one cache for the session (not .xplan_cache in the checkout), so the
    suite runs both cold and warm; tests of the cache itself point XPLAN_CACHE_DIR elsewhere."""
    old = os.environ.get("XPLAN_CACHE_DIR")
    os.environ["XPLAN_CACHE_DIR"] = str(tmp_path_factory.mktemp("xplan-cache"))
    yield
    if old is None:
        os.environ.pop("XPLAN_CACHE_DIR", None)
    else:
        os.environ["XPLAN_CACHE_DIR"] = old


def seed_text(plan_key: str) -> str:
    path = SEEDS / SOURCES[plan_key]
    if not path.is_file():
        pytest.skip(f"seed documents not found at {SEEDS}")
    return path.read_text(encoding="utf-8")


def plan(plan_key: str):  # type: ignore[no-untyped-def]
    from xplan.plan.loader import load
    from xplan.plan.model import build_plan

    loaded = load(PLANS / f"{plan_key}.yaml")
    assert loaded.data is not None, loaded.findings
    return build_plan(loaded.data, str(PLANS / f"{plan_key}.yaml"))


@pytest.fixture
def english():  # type: ignore[no-untyped-def]
    """Library calls in English for the test, then back to the default."""
    from xplan.i18n import set_language

    set_language("en")
    yield
    set_language("ja")


@pytest.fixture(autouse=True)
def _default_language():  # type: ignore[no-untyped-def]
    """Each test starts in the default language (a CLI run with --lang en leaves it switched)."""
    from xplan.i18n import set_language

    set_language("ja")
    yield
