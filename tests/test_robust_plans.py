"""One typo in one plan never takes down lint or the views (issue 17, cases 1–4, 11, 13, 14; issue 16
item 3). Each test breaks a copy of a real plan the way a person typing would and runs the real
command line: the bad value is one located finding, the other files are still reported, and every
view either shows the plans or names the one it skipped — never a traceback."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from robust_helpers import TRACEBACK, commands, copy_plans, lint_json, mutate, xplan

from xplan.plan.loader import load

GOOD_FILES = {"R6/hoken-fukushi.yaml", "R6/yahatahigashi.yaml", "R7/seisaku.yaml", "R7/somu-shimin.yaml",
              "R8/kokurakita.yaml"}


def _by_file(report: dict[str, Any], plans: Path) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for f in report["findings"]:
        out.setdefault(Path(f["file"]).resolve().relative_to(plans.resolve()).as_posix(), []).append(f)
    return out


def _assert_views_survive(plans: Path, broken: str) -> None:
    """Every command exits 0/1/2, never with a traceback, and a view that skips the broken file says so."""
    for args in commands(plans):
        r = xplan(*args)
        assert r.returncode in (0, 1, 2), (args, r.returncode, r.stderr)
        assert TRACEBACK not in r.stderr and "internal error" not in r.stderr, (args, r.stderr)
        if args[0] != "lint" and r.returncode == 0:
            assert broken in r.stderr, (args, r.stderr)  # the skipped plan is named
        if r.returncode == 0 and "json" in args:
            json.loads(r.stdout, parse_constant=lambda c, args=args: pytest.fail(f"{args}: {c} is not JSON"))


# -- case 1: an as_of that is not YYYY-MM ------------------------------------------------------

def test_checkpoint_date_in_words_is_one_schema_finding(tmp_path: Path) -> None:
    plans = copy_plans(tmp_path)
    target = plans / "R7" / "seisaku.yaml"
    mutate(target, lambda d: d["issues"][0]["progress"][0].__setitem__("as_of", "令和7年12月"))
    code, report, _ = lint_json(str(plans))
    files = _by_file(report, plans)
    mine = [f for f in files["R7/seisaku.yaml"] if f["severity"] == "error"]
    assert [f["code"] for f in mine] == ["S204"] and mine[0]["path"] == "/issues/0/progress/0/as_of"
    assert not [f for f in files["R7/seisaku.yaml"] if f["code"] == "P351"]  # the rule is skipped
    assert code == 1 and set(files) >= {"R8/kokurakita.yaml", "R7/somu-shimin.yaml"}  # others still reported


# -- case 2: a list that is a number, NaN, or true -----------------------------------------------

@pytest.mark.parametrize("value", [5, float("nan"), True])
def test_issues_not_a_list(tmp_path: Path, value: object) -> None:
    plans = copy_plans(tmp_path)
    mutate(plans / "R8" / "kokurakita.yaml", lambda d: d.__setitem__("issues", value))
    code, report, _ = lint_json(str(plans))
    mine = _by_file(report, plans)["R8/kokurakita.yaml"]
    assert [(f["code"], f["path"]) for f in mine] == [("S203", "/issues")]
    assert code == 1
    _assert_views_survive(plans, "kokurakita.yaml")


def test_progress_true_inside_an_issue(tmp_path: Path) -> None:
    plans = copy_plans(tmp_path)
    mutate(plans / "R7" / "seisaku.yaml", lambda d: d["issues"][1].__setitem__("progress", True))
    _code, report, _ = lint_json(str(plans))
    mine = _by_file(report, plans)["R7/seisaku.yaml"]
    assert [(f["code"], f["path"]) for f in mine if f["severity"] == "error"] == [("S203", "/issues/1/progress")]
    _assert_views_survive(plans, "seisaku.yaml")


# -- case 3: a year whose digits are not ASCII --------------------------------------------------

@pytest.mark.parametrize("year", ["R⑦", "R²", "R٨"])
def test_fiscal_year_with_unicode_digit(tmp_path: Path, year: str) -> None:
    plans = copy_plans(tmp_path)
    mutate(plans / "R8" / "kokurakita.yaml", lambda d: d.__setitem__("fiscal_year", year))
    _code, report, _ = lint_json(str(plans))
    mine = _by_file(report, plans)["R8/kokurakita.yaml"]
    assert [(f["code"], f["path"]) for f in mine if f["severity"] == "error"] == [("S204", "/fiscal_year")]
    _assert_views_survive(plans, "kokurakita.yaml")


# -- case 4: standard tags that build objects, and merge keys ------------------------------------

@pytest.mark.parametrize("tagged", [
    "mission: !!binary aGVsbG8=",
    "mission: !!set {a, b}",
    "mission: !!omap [a: 1, b: 2]",
    "mission: !!pairs [a: 1, b: 2]",
])
def test_standard_tags_are_refused(tmp_path: Path, tagged: str) -> None:
    plans = copy_plans(tmp_path)
    target = plans / "R8" / "kokurakita.yaml"
    text = target.read_text(encoding="utf-8")
    line = text.splitlines().index(next(ln for ln in text.splitlines() if ln.startswith("mission:"))) + 1
    lines = text.splitlines()
    end = next(i for i in range(line, len(lines)) if lines[i] and not lines[i].startswith((" ", "-")))
    target.write_text("\n".join(lines[: line - 1] + [tagged] + lines[end:]) + "\n", encoding="utf-8")
    code, report, _ = lint_json(str(plans))
    [finding] = _by_file(report, plans)["R8/kokurakita.yaml"]
    assert (finding["code"], finding["line"], finding["column"]) == ("E107", line, 10)
    assert code == 1
    _assert_views_survive(plans, "kokurakita.yaml")


def test_merge_key_is_named_as_such(tmp_path: Path) -> None:
    f = tmp_path / "merge.yaml"
    f.write_text("base: &b {kind: ward}\norganisation:\n  <<: *b\n  name: 小倉北区\n", encoding="utf-8")
    [finding] = load(f).findings
    assert (finding.code, finding.line, finding.column) == ("E107", 3, 3)
    assert "<<" in finding.message and "!!merge" not in finding.message


# -- case 11: a document with millions of entries ----------------------------------------------

@pytest.mark.parametrize("shape", ["flow", "block"])
def test_millions_of_entries_are_refused_up_front(tmp_path: Path, shape: str) -> None:
    f = tmp_path / "many.yaml"
    body = "k: [" + "1," * 2_600_000 + "1]\n" if shape == "flow" else "k:\n" + "- a\n" * 1_300_000
    assert len(body.encode()) < 5 * 2**20  # under the size cap: the node count must stop it
    f.write_text(body, encoding="utf-8")
    start = time.monotonic()
    [finding] = load(f).findings
    assert finding.code == "E112", finding.message
    assert time.monotonic() - start < 5  # refused before parsing (the parser needs 15–23 s)


def test_views_skip_a_plan_with_millions_of_entries(tmp_path: Path) -> None:
    plans = copy_plans(tmp_path)
    (plans / "R8" / "many.yaml").write_text("k:\n" + "- a\n" * 1_300_000, encoding="utf-8")
    r = xplan("orgs", "--plans", str(plans), "-F", "csv", timeout=30)
    assert r.returncode == 0 and "many.yaml" in r.stderr and TRACEBACK not in r.stderr
    assert "小倉北区" in r.stdout


# -- case 13: one verdict whichever parser reads the file ----------------------------------------

def test_colon_in_flow_list_has_one_verdict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from xplan.plan import loader

    f = tmp_path / "colon.yaml"
    f.write_text("k: [6月:全区]\n", encoding="utf-8")
    with_c = load(f)
    assert [x.code for x in with_c.findings] == []  # YAML 1.2 editors read it as text too
    original = loader._compose_with
    monkeypatch.setattr(loader, "_compose_with", lambda cls, text, pure: original(cls, text, pure=True))
    pure_only = load(f)  # as without ruamel.yaml.clib
    assert [x.code for x in with_c.findings] == [x.code for x in pure_only.findings] == []
    assert with_c.data == pure_only.data == {"k": ["6月:全区"]}


# -- case 14: infinite amounts -------------------------------------------------------------------

def test_infinite_amount_is_refused_and_never_printed(tmp_path: Path) -> None:
    plans = copy_plans(tmp_path)
    target = plans / "R7" / "seisaku.yaml"
    text = target.read_text(encoding="utf-8")
    assert "      oku_yen: 129\n" in text
    target.write_text(text.replace("      oku_yen: 129\n", "      oku_yen: .inf\n"), encoding="utf-8")
    _code, report, _ = lint_json(str(plans))
    mine = _by_file(report, plans)["R7/seisaku.yaml"]
    errors = [f for f in mine if f["severity"] == "error"]
    assert [f["code"] for f in errors] == ["S204"] and errors[0]["path"].endswith("/oku_yen")
    r = xplan("show", "--plans", str(plans), "--org", "政策局", "-F", "json")
    assert TRACEBACK not in r.stderr and "Infinity" not in r.stdout
    if r.returncode == 0:
        json.loads(r.stdout, parse_constant=lambda c: pytest.fail(f"{c} is not JSON"))
    assert "seisaku.yaml" in r.stderr


# -- issue 16 item 3: rules do not run on a value the schema rejected ------------------------------

def test_number_in_words_is_one_finding(tmp_path: Path) -> None:
    plans = copy_plans(tmp_path)
    mutate(plans / "R8" / "kokurakita.yaml", lambda d: d["issues"][0].__setitem__("number", "one"))
    code, report, _ = lint_json(str(plans))
    mine = _by_file(report, plans)["R8/kokurakita.yaml"]
    errors = [f for f in mine if f["severity"] == "error"]
    assert [(f["code"], f["path"]) for f in errors] == [("S203", "/issues/0/number")]
    assert not [f for f in mine if f["code"] in ("P331", "P332", "P333")]
    text = "\n".join(f["message"] for f in mine)
    assert "（0）" not in text and "（one）" not in text  # the issue keeps its name, 課題A（1）
    assert code == 1


def test_fiscal_year_as_western_year_is_one_finding(tmp_path: Path) -> None:
    plans = copy_plans(tmp_path)
    mutate(plans / "R7" / "seisaku.yaml", lambda d: d.__setitem__("fiscal_year", "2025"))
    code, report, _ = lint_json(str(plans))
    mine = _by_file(report, plans)["R7/seisaku.yaml"]
    assert [(f["code"], f["path"]) for f in mine if f["severity"] != "info"] == [("S204", "/fiscal_year")]
    assert not [f for f in mine if f["code"] in ("P351", "P361", "P341")]
    assert code == 1
