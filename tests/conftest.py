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
# The published texts the plans were transcribed from, kept in the repository so that the fidelity
# and plan tests run on any clone (each plan's source.document names its file, relative to the plan).
SEEDS = ROOT / "sources"


def _source_document(plan_file: Path) -> str:
    for line in plan_file.read_text(encoding="utf-8").splitlines():
        if line.startswith("  document: "):
            return line.split(": ", 1)[1].strip()
    raise AssertionError(f"{plan_file}: no source.document")


# plan file -> the seed document it was transcribed from, as the plan names it
SOURCES = {
    key: (PLANS / f"{key}.yaml").parent.joinpath(_source_document(PLANS / f"{key}.yaml")).resolve().name
    for key in ("R8/kokurakita", "R7/somu-shimin", "R6/yahatahigashi", "R7/seisaku", "R6/hoken-fukushi")
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
    """The text of the document a bundled plan was transcribed from: the file its source.document
    names (part of the repository, so a missing one is a failure, never a skip)."""
    plan_file = PLANS / f"{plan_key}.yaml"
    path = (plan_file.parent / _source_document(plan_file)).resolve()
    assert path.parent == SEEDS, f"{plan_file}: source.document should name a file in {SEEDS}"
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


@pytest.fixture
def parsed_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files xplan parses from now on, one entry per parse (``xplan.plan.loader.load_bytes``,
    which every path that reads a plan file goes through: loader, lint, cache misses)."""
    from typing import Any

    from xplan.plan import loader

    parsed: list[str] = []
    real = loader.load_bytes

    def counting(path: Any, data: bytes) -> Any:
        parsed.append(str(path))
        return real(path, data)

    monkeypatch.setattr(loader, "load_bytes", counting)
    return parsed
