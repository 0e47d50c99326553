"""YAML that is valid but no plan, and YAML the parser lets through while editors refuse it, found
with third-party YAML corpora (issue 31, item 6): each gets a located finding with a code of its own
and words a planner understands — the same in lint and in the views — and never the parser's
English or Python's exception text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import PLANS
from typer.testing import CliRunner

from xplan.cli import app

runner = CliRunner()
HEAD = "schema_version: 1\n"

# name: (text, code, line, column, words the Japanese message must hold)
CASES: dict[str, tuple[str, str, int, int, str]] = {
    "complex_key": (HEAD + "? [a, b]\n: c\n", "E113", 2, 3, "複合キー"),
    "complex_mapping_key": (HEAD + "? {a: 1}\n: c\n", "E113", 2, 3, "複合キー"),
    "two_documents": (HEAD + "---\nschema_version: 1\n", "E114", 2, 1, "1つのファイルに文書が複数あります"),
    "text_after_end": (HEAD + "...\nfiscal_year: R7\n", "E114", 3, 1, "1つのファイルに文書が複数あります"),
    "tab_in_flow": (HEAD + "aliases: [a,\n\tb]\n", "E116", 3, 1, "タブ"),
    "flow_indent": (HEAD + "organisation:\n  aliases: [a,\n  b]\n", "E115", 4, 3, "インデントが足りません"),
    "flow_in_list": (HEAD + "issues:\n  - [a,\nb]\n", "E115", 4, 1, "インデントが足りません"),
    "quoted_indent": (HEAD + 'mission: "a\nb"\n', "E115", 3, 1, "引用符で囲んだ文"),
    "yaml_1_3": ("%YAML 1.3\n---\n" + HEAD, "E117", 1, 1, "%YAML 1.3"),
    "duplicate_directive": ("%YAML 1.2\n%YAML 1.2\n---\n" + HEAD, "E117", 2, 1, "%YAML"),
    "colon_in_value": (HEAD + "mission: 目的: 市民\n", "E103", 2, 12, "「: 」"),
    "unknown_escape": (HEAD + 'mission: "a\\qb"\n', "E103", 2, 12, "「\\」"),
    "control_character": (HEAD + "mission: a\x07b\n", "E103", 2, 11, "制御文字"),
}
# The parser's English and Python's exception text: none of it may reach a planner
FOREIGN = re.compile(r"unhashable|found|expected|allowed|scanning|parsing|token|character|version minor|"
                     r"document start|Error|\^\[|\]\*\$|\$\b")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "plans" / "R7" / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


@pytest.mark.parametrize("name", sorted(CASES))
def test_lint_names_it_with_its_own_code_and_place(name: str, tmp_path: Path) -> None:
    text, code, line, column, words = CASES[name]
    path = _write(tmp_path, name, text)
    r = runner.invoke(app, ["lint", "--no-cache", "-F", "json", str(path)])
    assert r.exit_code == 1, r.output
    findings = json.loads(r.stdout)["findings"]
    assert [(f["code"], f["line"], f["column"]) for f in findings] == [(code, line, column)], findings
    message = findings[0]["message"]
    assert words in message, message
    assert not FOREIGN.search(message), message


@pytest.mark.parametrize("name", sorted(CASES))
def test_english_says_what_to_do_too(name: str, tmp_path: Path) -> None:
    text, code, *_ = CASES[name]
    path = _write(tmp_path, name, text)
    r = runner.invoke(app, ["--lang", "en", "lint", "--no-cache", str(path)])
    lines = [ln for ln in r.stdout.splitlines() if code in ln]
    assert len(lines) == 1 and not re.search(r"unhashable|Error|\^\[", lines[0]), r.stdout


def test_views_name_the_file_with_the_same_code_and_words(tmp_path: Path) -> None:
    for name, (text, *_) in CASES.items():
        _write(tmp_path, name, text)
    (tmp_path / "plans" / "R8").mkdir()
    (tmp_path / "plans" / "R8" / "kokurakita.yaml").write_bytes((PLANS / "R8" / "kokurakita.yaml").read_bytes())
    lint = json.loads(runner.invoke(app, ["lint", "--no-cache", "-F", "json", str(tmp_path / "plans")]).stdout)
    said = {Path(f["file"]).stem: f for f in lint["findings"] if f["code"].startswith("E")}
    assert set(said) == set(CASES)
    r = runner.invoke(app, ["issues", "--no-cache", "-F", "csv", "--plans", str(tmp_path / "plans")])
    assert r.exit_code == 0 and "小倉北区" in r.stdout, r.output
    for name, f in said.items():
        note = next(ln for ln in r.stderr.splitlines() if f"{name}.yaml:" in ln)
        assert f":{f['line']}:{f['column']}: {f['code']} {f['message']}" in note, note


def test_the_rules_are_documented(tmp_path: Path) -> None:
    for code in ("E113", "E114", "E115", "E116", "E117"):
        r = runner.invoke(app, ["rule", code])
        assert r.exit_code == 0 and code in r.stdout and re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", r.stdout)


def test_a_multi_line_list_indented_enough_is_a_plan_like_any_other(tmp_path: Path) -> None:
    """What YAML allows stays allowed: a bracketed list continued further right than its key."""
    text = (PLANS / "R8" / "kokurakita.yaml").read_text(encoding="utf-8")
    head, sep, rest = text.partition("  aliases:\n    - 小倉北区役所\n")
    assert sep, "the fixture lines moved"
    path = _write(tmp_path, "kokurakita", head + "  aliases: [小倉北区役所,\n    小倉北区]\n" + rest)
    from xplan.plan.loader import load

    loaded = load(path)
    assert loaded.findings == [] and loaded.data["organisation"]["aliases"] == ["小倉北区役所", "小倉北区"]


@pytest.mark.parametrize("name", ["tab_in_flow", "flow_indent", "flow_in_list", "quoted_indent"])
def test_an_editor_underlines_what_xplan_refuses(name: str, tmp_path: Path) -> None:
    """The cases the parser lets through are the ones yaml-language-server (VS Code) flags."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent / "editor"))
    from yls_client import diagnostics, find_server

    server = find_server()
    if server is None:
        pytest.skip("yaml-language-server not installed (.ci/run installs it)")
    path = _write(tmp_path, name, CASES[name][0])
    said = diagnostics(path, server)
    assert any(d["range"]["start"]["line"] + 1 == CASES[name][2] for d in said), said
