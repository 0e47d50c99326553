"""Golden outputs of the review-meeting views on the real plans, at a fixed width, without colour.

Each file in tests/golden/views/ was reviewed line by line against the plan files. After an
intended change, regenerate them and review the diff before committing:

    XPLAN_REGEN=1 python -m pytest -q tests/test_views_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xplan.cli import app
from xplan.plan.catalog import Catalog, load_catalog

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "plans"
GOLDEN = Path(__file__).parent / "golden" / "views"
WIDTH = "100"
# Plain output whatever the developer's or CI's terminal settings are.
ENV = {"NO_COLOR": "1", "FORCE_COLOR": None, "TTY_COMPATIBLE": None, "TTY_INTERACTIVE": None, "COLUMNS": None}

CASES: dict[str, list[str]] = {
    # matrix
    "matrix_kokurakita": ["matrix", "--org", "小倉北区"],
    "matrix_yahatahigashi_r6": ["matrix", "--org", "八幡東区"],
    "matrix_somu_shimin": ["matrix", "--org", "総務市民局"],
    "matrix_combined": ["matrix", "--combined", "--org", "小倉北区", "--org", "総務市民局"],
    "matrix_somu_shimin_markdown": ["matrix", "--org", "総務市民局", "--format", "markdown"],
    "matrix_all_json": ["matrix", "--format", "json"],
    # issues
    "issues_all": ["issues"],
    "issues_all_json": ["issues", "--format", "json"],
    "issues_seisaku_github": ["issues", "--org", "政策局", "--format", "github"],
    "issues_somu_shimin_sorted_simple": ["issues", "--org", "総務市民局", "--sort", "urgency", "--format", "simple"],
    # show
    "show_kokurakita": ["show", "--org", "小倉北区"],
    "show_somu_shimin_b1": ["show", "--org", "総務市民局", "B1"],
    "show_somu_shimin_b4_no_detail": ["show", "--org", "総務市民局", "B4"],
    "show_seisaku_b2": ["show", "--org", "政策局", "B2"],
    "show_yahatahigashi_domain_c": ["show", "--org", "八幡東区", "--domain", "C"],
    "show_hoken_fukushi_a1_markdown": ["show", "--org", "保健福祉局", "A1", "--format", "markdown"],
    # the HTML of the report's plan pages (xplan/report/plan_html.py): the Jinja macros' output to the byte
    "show_seisaku_html": ["show", "--org", "政策局", "--format", "html"],
    "show_yahatahigashi_html": ["show", "--org", "八幡東区", "--format", "html"],
    # schedule
    "schedule_kokurakita": ["schedule", "--org", "小倉北区"],
    "schedule_somu_shimin": ["schedule", "--org", "総務市民局"],
    "schedule_seisaku_b2": ["schedule", "--org", "政策局", "B2"],
    "schedule_seisaku_c3_json": ["schedule", "--org", "政策局", "C3", "--format", "json"],
    "schedule_somu_shimin_github": ["schedule", "--org", "総務市民局", "--domain", "B", "--format", "github"],
    "schedule_yahatahigashi_r6": ["schedule", "--org", "八幡東区"],
    "schedule_kokurakita_html": ["schedule", "--org", "小倉北区", "--format", "html"],
    # orgs
    "orgs": ["orgs"],
    "orgs_json": ["orgs", "--format", "json"],
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(PLANS)


def run(args: list[str], catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> str:
    """The command's stdout; the plans are loaded once per module (loading is the slow part)."""
    monkeypatch.setattr("xplan.commands.common.load_plans", lambda plans, *args, **kwargs: catalog)
    result = CliRunner().invoke(app, [*args, "--width", WIDTH], env=ENV)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str, catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    out = run(CASES[name], catalog, monkeypatch)
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("XPLAN_REGEN") == "1":
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(out, encoding="utf-8")
    assert "\x1b[" not in out, "no colour codes without a terminal"
    assert out == path.read_text(encoding="utf-8")


def test_every_golden_file_has_a_case() -> None:
    """A golden file whose case was removed would never be checked again."""
    on_disk = {p.stem for p in GOLDEN.glob("*.txt")}
    assert on_disk == set(CASES)
