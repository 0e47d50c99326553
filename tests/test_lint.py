"""`xplan lint`: the JSON contract, exit codes, configuration, suppressions, reporters,
cross-file rules, and what it says about the real plans."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import PLANS
from typer.testing import CliRunner

from xplan.cli import app
from xplan.config import Config, ConfigError
from xplan.lint.engine import lint_paths

runner = CliRunner()
BASE = (Path(__file__).parent / "rule_cases" / "_base.yaml").read_text(encoding="utf-8")


def lint_json(*args: str) -> tuple[int, dict]:
    r = runner.invoke(app, ["lint", "--format", "json", *args])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return r.exit_code, json.loads(r.stdout)


def write(tmp: Path, rel: str, text: str) -> Path:
    p = tmp / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


# -- the real plans ----------------------------------------------------------------------------

def test_real_plans_report_is_true() -> None:
    code, report = lint_json(str(PLANS))
    assert code == 0  # the documents' gaps are warnings, not errors
    assert report["files"] == 5 and report["summary"]["errors"] == 0
    missing = [f for f in report["findings"] if f["code"] == "P321"]
    assert {f["file"].rsplit("/", 1)[-1] for f in missing} == {"somu-shimin.yaml"}
    assert [f["message"].split("「")[0] for f in missing] == [
        "課題B（4）", "課題B（5）", "課題B（6）", "課題B（7）", "課題C（1）", "課題C（2）"]
    # R6 templates had no matrix and no schedule: nothing about either is reported for them
    r6 = [f for f in report["findings"] if "/R6/" in f["file"]]
    assert not [f for f in r6 if f["code"] in ("P301", "P302", "P303", "P304", "P311", "P312")]
    # 総務市民局 B(3) stops before ⑤; 八幡東区 A(8)'s overview entry is cut off
    gaps = {(f["file"].rsplit("/", 1)[-1], f["message"].split(":")[0]) for f in report["findings"] if f["code"] == "P381"}
    assert gaps == {("somu-shimin.yaml", "課題B（3）"), ("yahatahigashi.yaml", "課題A（8）")}


def test_json_contract() -> None:
    _code, report = lint_json(str(PLANS / "R7" / "somu-shimin.yaml"))
    assert set(report) == {"version", "files", "findings", "summary"} and report["version"] == 1
    f = report["findings"][0]
    assert set(f) == {"file", "line", "column", "end_line", "end_column", "code", "name", "severity", "message", "path"}
    assert all(isinstance(f[k], int) and f[k] >= 1 for k in ("line", "column", "end_line", "end_column"))
    assert f["path"].startswith("/")
    b4 = next(x for x in report["findings"] if x["code"] == "P321")
    assert b4["path"] == "/issues/5" and b4["name"] == "missing-detail" and b4["severity"] == "warning"
    lines = (PLANS / "R7" / "somu-shimin.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[b4["line"] - 1].strip() == "- id: B4"


def test_strict_makes_warnings_fail() -> None:
    assert runner.invoke(app, ["lint", "--strict", str(PLANS)]).exit_code == 1


def test_missing_key_message_in_planners_terms(tmp_path: Path) -> None:
    f = write(tmp_path, "R7/test-ward.yaml", BASE.replace("    urgency: 高\n", ""))
    code, report = lint_json(str(f))
    # urgency is optional in the schema (a document may not state it); the rule reports the gap
    assert code == 0 and [x for x in report["findings"] if x["severity"] == "error"] == []
    [gap] = [x for x in report["findings"] if x["code"] == "P311"]
    assert gap["message"] == "課題B（1）: 緊急度が未記入です。①の記載どおり高か低を書いてください"


def test_rule_messages_in_english(tmp_path: Path, english: None) -> None:
    f = write(tmp_path, "R7/test-ward.yaml", BASE.replace("    urgency: 高\n", ""))
    [gap] = [x for x in lint_paths([f]).findings if x.code == "P311"]
    assert gap.message == "課題B（1）: urgency is missing; add 高 or 低 as ① states it"


def test_unknown_key_points_at_the_key(tmp_path: Path) -> None:
    f = write(tmp_path, "R7/test-ward.yaml", BASE.replace("    urgency: 高\n", "    urgncy: 高\n"))
    code, report = lint_json(str(f))
    [err] = [x for x in report["findings"] if x["code"] == "S201"]
    line = f.read_text(encoding="utf-8").splitlines()[err["line"] - 1]
    assert line[err["column"] - 1:].startswith("urgncy") and "'urgency' の誤り" in err["message"]
    assert err["path"] == "/issues/1/urgncy" and code == 1


def test_missing_required_key_points_at_parent(tmp_path: Path) -> None:
    f = write(tmp_path, "R7/test-ward.yaml", BASE.replace("  - id: B1\n    domain: B\n", "  - id: B1\n"))
    _, report = lint_json(str(f))
    [err] = [x for x in report["findings"] if x["code"] == "S202"]
    assert "課題B（1）: 課題領域が未記入です（キー 'domain'" in err["message"] and err["path"] == "/issues/1"
    assert f.read_text(encoding="utf-8").splitlines()[err["line"] - 1].strip() == "- id: B1"


def test_anyof_reports_best_match(tmp_path: Path) -> None:
    f = write(tmp_path, "R7/test-ward.yaml", BASE.replace("q4: [{continues: true}]", "q4: [{continue: true}]"))
    _, report = lint_json(str(f))
    errs = [x for x in report["findings"] if x["severity"] == "error"]
    assert len(errs) == 1 and errs[0]["path"].startswith("/issues/0/actions/0/schedule/0/q4/0")


# -- cross-file ---------------------------------------------------------------------------------

def test_cross_file_rules_run_on_directories_only(tmp_path: Path) -> None:
    a = write(tmp_path, "R7/test-ward.yaml", BASE)
    write(tmp_path, "drafts/test-ward.yaml", BASE)
    new = BASE.replace("fiscal_year: R7", "fiscal_year: R8").replace("template: R7", "template: R8") \
              .replace("as_of: 2025-12", "as_of: 2026-12") \
              .replace("    impact: 高\n", "    impact: 高\n    lineage: {year: R7, domain: B, id: B9}\n", 1)
    write(tmp_path, "R8/test-ward.yaml", new)
    found = lint_paths([tmp_path]).findings
    dir_codes = [f.code for f in found]
    assert dir_codes.count("X401") == 1 and dir_codes.count("P342") == 1
    [dup] = [f.message for f in found if f.code == "X401"]
    assert dup.startswith("テスト区のR7年度の計画が") and dup.endswith("にもあります"), dup
    [unknown] = [f.message for f in found if f.code == "P342"]
    assert unknown.startswith("課題A（1）: R7の計画（") and "に課題B9がありません（あるのは A1, B1）" in unknown, unknown
    file_codes = [f.code for f in lint_paths([a, tmp_path / "drafts/test-ward.yaml"]).findings]
    assert "X401" not in file_codes


# -- configuration -------------------------------------------------------------------------------

def test_select_ignore_by_code_name_and_prefix() -> None:
    all_codes = {f.code for f in lint_paths([PLANS]).findings}
    assert {"P302", "P321", "P323"} <= all_codes
    assert {f.code for f in lint_paths([PLANS], Config(ignore=["P302", "title-mismatch"])).findings} == \
        all_codes - {"P302", "P323"}
    assert {f.code for f in lint_paths([PLANS], Config(select=["P32"])).findings} == {"P321", "P323"}


def test_per_file_ignores_and_severity(tmp_path: Path) -> None:
    cfg = Config(path=PLANS.parent / "pyproject.toml", per_file_ignores={"plans/R7/*.yaml": ["P302"]},
                 severity={"missing-detail": "error"})
    result = lint_paths([PLANS], cfg)
    assert not [f for f in result.findings if f.code == "P302" and "/R7/" in f.file]
    assert all(f.severity == "error" for f in result.findings if f.code == "P321")
    assert result.exit_code() == 1


def test_unknown_rule_in_config_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError):
        lint_paths([PLANS], Config(ignore=["no-such-rule"]))
    write(tmp_path, "pyproject.toml", '[tool.xplan]\nignore = ["Z999"]\n')
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["lint", str(PLANS)])
    assert r.exit_code == 2 and "不明なルール Z999" in r.stderr
    # a usage error speaks the chosen language, even when the report would be JSON
    r = runner.invoke(app, ["--lang", "en", "lint", "-F", "json", str(PLANS)])
    assert r.exit_code == 2 and "unknown rule Z999; see `xplan rules`" in r.stderr and r.stdout == ""


def test_config_found_walking_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, ".xplan.toml", 'plans = "p"\nignore = ["P302"]\n')
    shutil.copytree(PLANS, tmp_path / "p")
    (tmp_path / "deep" / "er").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "deep" / "er")
    _code, report = lint_json()  # default path comes from the config
    assert report["files"] == 5 and "P302" not in report["summary"]["by_rule"]


def test_bad_toml_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, ".xplan.toml", "ignore = [\n")
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["lint", str(PLANS)])
    assert r.exit_code == 2 and "TOML" in r.stderr


# -- suppressions ----------------------------------------------------------------------------------

def test_suppressions_line_next_line_file_and_unused(tmp_path: Path) -> None:
    text = BASE.replace("    urgency: 高\n", "")  # P311 on B1's mapping line
    text = text.replace("  - id: B1\n", "  - id: B1  # xplan: ignore[rating-missing] the document has none\n")
    text = text.replace("            q2: [調達]\n", "            # xplan: ignore[P302]\n            q2: []\n")
    text += "# xplan: ignore[P999]\n"
    text = text.replace("layout: current\n", "layout: current  # xplan: ignore[P321] stale\n")
    f = write(tmp_path, "R7/test-ward.yaml", text)
    findings = lint_paths([f]).findings
    assert [x.code for x in findings if x.code in ("P311", "P302")] == []
    unused = [x for x in findings if x.code == "N901"]
    assert [(x.line, "不明なルール P999" in x.message) for x in unused] == \
        [(text.splitlines().index("layout: current  # xplan: ignore[P321] stale") + 1, False),
         (len(text.splitlines()), True)]


def test_file_wide_suppression(tmp_path: Path) -> None:
    text = "# xplan: ignore-file[P30] cells are as printed\n" + BASE.replace("q2: [調達]", "q2: []")
    f = write(tmp_path, "R7/test-ward.yaml", text)
    assert [x.code for x in lint_paths([f]).findings] == []


# -- reporters and output ---------------------------------------------------------------------------

def test_text_report_places_caret_by_display_width(tmp_path: Path) -> None:
    f = write(tmp_path, "R7/test-ward.yaml", BASE.replace("  - id: B1\n    domain: B\n    number: 1\n    title: 地域の担い手づくり\n",
                                                       "  - id: B1\n    domain: B\n    number: 1\n    title: 地域の担い手づくり\n    overview_title: 担い手\n"))
    r = runner.invoke(app, ["lint", str(f)], env={"NO_COLOR": "1"})
    lines = r.stdout.splitlines()
    i = next(n for n, line in enumerate(lines) if "overview_title: 担い手" in line)
    source, caret = lines[i], lines[i + 1]
    from wcwidth import wcswidth
    start = source.index("担い手")
    assert caret.index("^") == wcswidth(source[:start]) and caret.count("^") == wcswidth("担い手")
    assert "\x1b[" not in r.stdout  # no colour when not a terminal


def test_github_and_sarif(tmp_path: Path) -> None:
    r = runner.invoke(app, ["lint", "--format", "github", str(PLANS / "R7" / "somu-shimin.yaml")])
    first = r.stdout.splitlines()[0]
    assert first.startswith("::") and "file=" in first and ",line=" in first and "title=P" in first
    assert any(line.startswith("::warning ") for line in r.stdout.splitlines())
    # info findings are noise in a pull request's annotations: left out unless asked for (issue 10)
    assert not any(line.startswith("::notice ") for line in r.stdout.splitlines())
    r = runner.invoke(app, ["lint", "-F", "github", "--min-severity", "info", str(PLANS / "R7" / "somu-shimin.yaml")])
    assert any(line.startswith("::notice ") for line in r.stdout.splitlines())
    out = tmp_path / "report.sarif"
    r = runner.invoke(app, ["lint", "--format", "sarif", "-o", str(out), str(PLANS)])
    assert r.exit_code == 0 and r.stdout == ""
    sarif = json.loads(out.read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    rules = {x["id"]: x for x in run["tool"]["driver"]["rules"]}
    assert rules["P321"]["name"] == "missing-detail" and "総務市民局" in rules["P321"]["help"]["text"]
    res = run["results"][0]
    assert res["ruleId"] in rules and res["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1


def test_github_format_is_chosen_under_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    r = runner.invoke(app, ["lint", str(PLANS / "R7" / "somu-shimin.yaml")])
    assert r.stdout.startswith("::")


def test_statistics_and_rule_docs() -> None:
    r = runner.invoke(app, ["lint", "--statistics", str(PLANS)], env={"NO_COLOR": "1", "XPLAN_LANG": "en"})
    assert "Findings per rule" in r.stdout and "missing-detail" in r.stdout
    r = runner.invoke(app, ["rule", "P321"])
    assert r.exit_code == 0 and "missing-detail" in r.stdout and "課題一覧" in r.stdout
    assert runner.invoke(app, ["rule", "missing-detail"]).stdout == r.stdout
    assert runner.invoke(app, ["rule", "nope"]).exit_code == 2
    listing = runner.invoke(app, ["--lang", "en", "rules", "-F", "plain"]).stdout
    assert "P342" in listing and "cross-file" in listing and "E107" in listing


def test_unknown_format_is_exit_2() -> None:
    assert runner.invoke(app, ["lint", "--format", "xml", str(PLANS)]).exit_code == 2


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("width", [60, 80, 100])
def test_text_report_on_a_terminal_wraps_messages_at_phrases(lang: str, width: int) -> None:
    """On a terminal (the command passes its width) a message wraps at phrases under a hanging
    indent, and a long source line ends at the edge: nothing folds under the gutter or splits a
    word, no line starts with 、。）; piped, each finding stays on one line."""
    from xplan.i18n import speaking
    from xplan.lint.reporters.text import HANG, render
    from xplan.output.wrap import NO_START
    from xplan.output.wrap import width as columns

    with speaking(lang):
        result = lint_paths([PLANS])
        shown = render(result, width=width)
        piped = render(result)
    lines = shown.splitlines()[:-1]  # the count line last: one line, whatever its width (-q drops it)
    assert all(columns(line) <= width for line in lines), [line for line in lines if columns(line) > width]
    assert not [line for line in lines if line.startswith(HANG) and line.strip()[0] in NO_START]
    # each message, read back from its lines, is the whole message
    heads = [n for n, line in enumerate(lines) if line.startswith("  ") and not line.startswith(HANG)
             and " | " not in line[:9]]
    assert len(heads) == len(result.findings)
    for n, f in zip(heads, result.findings):
        more = []
        for line in lines[n + 1:]:
            if not line.startswith(HANG) or re.match(r"\s*\d* \| ", line):  # the source gutter
                break
            more.append(line[len(HANG):])
        text = lines[n].split(f"{f.name}  ", 1)[1] if f"{f.name}  " in lines[n] else ""
        for part in more:
            text += ("" if not text or not text[-1].isascii() or not part[0].isascii() else " ") + part
        assert text.replace(" ", "") == f.message.replace(" ", ""), (text, f.message)
    assert any(line.endswith("…") for line in lines)  # the long overview_title lines of 小倉北区 R8
    assert len(piped.splitlines()) < len(lines) and all(f.message in piped for f in result.findings)


def test_quiet_statistics_keep_every_rule_row_and_drop_only_the_count_line() -> None:
    from typer.testing import CliRunner

    from xplan.cli import app

    full = CliRunner().invoke(app, ["lint", str(PLANS), "--statistics", "--no-cache"], env={"XPLAN_LANG": "ja"})
    quiet = CliRunner().invoke(app, ["lint", str(PLANS), "--statistics", "-q", "--no-cache"], env={"XPLAN_LANG": "ja"})
    assert full.exit_code == quiet.exit_code == 0
    stats = full.stdout[full.stdout.index("ルールごとの件数"):]
    rules = {line.split()[0] for line in stats.splitlines()[2:]}
    assert {"P302", "P312", "P321", "P323", "P381"} <= rules
    assert quiet.stdout.endswith(stats)  # every row, the last one too
    count_line = full.stdout[:full.stdout.index("ルールごとの件数")].rstrip().splitlines()[-1]
    assert count_line.startswith("エラー ") and count_line not in quiet.stdout
