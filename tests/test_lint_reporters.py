"""The machine-read lint formats, checked the way their consumers read them (issue 16, items 6–8):

- GitHub annotations are parsed as the Actions runner parses workflow commands
  (actions/runner: ``ActionCommand.TryParseV2`` and ``IssueCommandExtension.ValidateLinesAndColumns``,
  re-implemented below from their published source), so that nothing the runner would drop,
  rewrite or mis-split gets through;
- SARIF is validated against the SARIF 2.1.0 schema Microsoft's validator uses (vendored in
  tests/schemas, see its README) with format checking on, and its URIs are resolved back to files;
- every format names a file the same way however xplan was called.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from conftest import PLANS, ROOT
from typer.testing import CliRunner

from xplan.cli import app
from xplan.lint.engine import LintResult
from xplan.plan.findings import Finding

runner = CliRunner()
SARIF_SCHEMA = Path(__file__).parent / "schemas" / "sarif-2.1.0.json"


# -- GitHub workflow commands, read as the runner reads them -------------------------------------

# The runner's escape tables (ActionCommand._escapeDataMappings / _escapePropertyMappings), in the
# order it unescapes them: "%25" last, so an escaped "%" can never form another escape.
DATA_ESCAPES = [("\r", "%0D"), ("\n", "%0A"), ("%", "%25")]
PROPERTY_ESCAPES = [("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C"), ("%", "%25")]
ISSUE_PROPERTIES = {"file", "line", "endLine", "col", "endColumn", "title"}


def unescape(text: str, table: list[tuple[str, str]]) -> str:
    for token, replacement in table:
        text = text.replace(replacement, token)
    return text


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """``TryParseV2``: ``::name k=v,k=v::data``; properties split on ``,`` then on the first ``=``."""
    assert line.startswith("::"), line
    end = line.index("::", 2)
    info, data = line[2:end], line[end + 2:]
    name, _, props = info.partition(" ")
    properties: dict[str, str] = {}
    for item in props.strip().split(","):
        if item:
            key, sep, value = item.partition("=")
            assert sep and key and value, f"property without a value: {item!r} in {line!r}"
            properties[key] = unescape(value, PROPERTY_ESCAPES)
    return name, properties, unescape(data, DATA_ESCAPES)


def runner_objections(props: dict[str, str]) -> list[str]:
    """What ``ValidateLinesAndColumns`` would complain about (and then silently repair)."""
    def number(key: str) -> int | None:
        return int(props[key]) if key in props and props[key].lstrip("-").isdigit() else None

    line, end_line, col, end_col = number("line"), number("endLine"), number("col"), number("endColumn")
    out = []
    if end_line is not None and line is None:
        out.append("'endLine' can only be set if 'line' is provided")
    if end_col is not None and col is None:
        out.append("'endColumn' can only be set if 'col' is provided")
    if line is None and (col is not None or end_col is not None):
        out.append("'col' and 'endColumn' can only be set if 'line' value is provided")
    if end_line is not None and props.get("line") != props.get("endLine") and (col is not None or end_col is not None):
        out.append("'col' and 'endColumn' cannot be set if 'line' and 'endLine' are different values")
    if line is not None and end_line is not None and end_line < line:
        out.append("'endLine' cannot be less than 'line'")
    if col is not None and end_col is not None and end_col < col:
        out.append("'endColumn' cannot be less than 'col'")
    return out


def annotations(text: str) -> list[tuple[str, dict[str, str], str]]:
    lines = text.splitlines()
    assert all(line.startswith("::") for line in lines)
    return [parse_command(line) for line in lines]


def render_github(findings: list[Finding]) -> str:
    from xplan.lint.reporters import get

    return get("github")(LintResult(sorted({f.file for f in findings}), findings))


def test_github_escapes_properties_and_messages_as_the_runner_requires() -> None:
    """A file name and a message holding every character the syntax reserves come back intact."""
    name = "plans/R7/a,b:c%d 100%25.yaml"
    message = "行1\r\n行2: 50%, %0A stays literal :: and so does this"
    f = Finding(name, "S203", "wrong-type", "error", message, line=3, column=2, end_line=3, end_column=9)
    (command, props, data), = annotations(render_github([f]))
    assert command == "error" and data == message
    assert props == {"file": name, "line": "3", "col": "2", "endLine": "3", "endColumn": "9",
                     "title": "S203 wrong-type"}
    assert set(props) <= ISSUE_PROPERTIES and runner_objections(props) == []


def test_github_multi_line_findings_are_anchored_to_their_first_line(tmp_path: Path) -> None:
    """Issue 16, item 7: a finding spanning lines carried col/endColumn, which the runner drops
    ("cannot be set if 'line' and 'endLine' are different"), and a missing key, which spans the
    whole mapping, was drawn at the mapping's last line."""
    plan = tmp_path / "R7" / "seisaku.yaml"
    plan.parent.mkdir()
    text = (PLANS / "R7" / "seisaku.yaml").read_text(encoding="utf-8")
    plan.write_text("".join(line for line in text.splitlines(keepends=True) if not line.startswith("fiscal_year:")),
                    encoding="utf-8")
    r = runner.invoke(app, ["lint", "--format", "github", str(plan)])
    assert r.exit_code == 1
    found = annotations(r.stdout)
    for _, props, _ in found:
        assert set(props) <= ISSUE_PROPERTIES and runner_objections(props) == [], props
    missing = [(p, d) for c, p, d in found if p["title"] == "S202 missing-key"]
    assert len(missing) == 1 and "fiscal_year" in missing[0][1]
    props = missing[0][0]
    first = next(n for n, line in enumerate(plan.read_text(encoding="utf-8").splitlines(), 1)
                 if line and not line.startswith("#"))  # the plan's mapping starts after the schema comment
    assert props["line"] == str(first) and "endLine" not in props and "endColumn" not in props
    # the same finding in JSON still spans the whole file: only the annotation is anchored
    data = json.loads(runner.invoke(app, ["lint", "--format", "json", str(plan)]).stdout)
    span = next(f for f in data["findings"] if f["code"] == "S202")
    assert span["line"] == first and span["end_line"] > first + 100


def test_github_annotations_on_the_real_plans_pass_the_runner() -> None:
    r = runner.invoke(app, ["lint", "--format", "github", "--min-severity", "info", str(PLANS)])
    found = annotations(r.stdout)
    assert len(found) > 50
    assert all(runner_objections(p) == [] and set(p) <= ISSUE_PROPERTIES for _, p, _ in found)
    all_high = next(p for _, p, _ in found if p["title"] == "P312 all-high-high")  # spans 政策局's issues
    assert "endLine" not in all_high and "endColumn" not in all_high


# -- SARIF -----------------------------------------------------------------------------------------

def sarif_validator() -> object:
    """The vendored schema with format checking that really checks URIs (jsonschema skips a
    format whose checker library is missing, so this is asserted, not assumed)."""
    from jsonschema import FormatChecker, validators

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    checker = FormatChecker()
    assert not checker.conforms("R7/a b#c.yaml", "uri-reference") and not checker.conforms("no scheme", "uri")
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=checker)


def lint_sarif(*args: str) -> dict:  # type: ignore[type-arg]
    r = runner.invoke(app, ["lint", "--format", "sarif", *args])
    assert r.exit_code in (0, 1), r.output
    return json.loads(r.stdout)


def errors(log: dict) -> list[str]:  # type: ignore[type-arg]
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in sarif_validator().iter_errors(log)]  # type: ignore[attr-defined]


def resolve(run: dict, location: dict) -> Path:  # type: ignore[type-arg]
    """An artifactLocation back to a path, as a SARIF consumer does (base id, then RFC 3986)."""
    uri = location["uri"]
    if "uriBaseId" in location:
        base = run["originalUriBaseIds"][location["uriBaseId"]]["uri"]
        assert base.endswith("/") and urlparse(base).scheme == "file"
        uri = urljoin(base, uri)
    parsed = urlparse(uri)
    assert parsed.scheme == "file"
    return Path(unquote(parsed.path))


def test_sarif_uris_survive_spaces_percent_hash_and_japanese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 16, item 6: bare paths failed the schema's uri-reference format (and Microsoft's
    SARIF1002); now each is percent-encoded and relative to %SRCROOT%, the working directory."""
    folder = tmp_path / "R7"
    folder.mkdir()
    odd = folder / "政策 #1 100%.yaml"
    shutil.copy(PLANS / "R7" / "seisaku.yaml", odd)
    monkeypatch.chdir(tmp_path)
    log = lint_sarif("R7")
    assert errors(log) == []
    run = log["runs"][0]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "R7/%E6%94%BF%E7%AD%96%20%231%20100%25.yaml", "uriBaseId": "%SRCROOT%"}
    assert resolve(run, location) == odd
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"


def test_sarif_of_the_real_plans_is_valid_and_files_outside_get_absolute_uris(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    log = lint_sarif()
    assert errors(log) == []
    run = log["runs"][0]
    files = {resolve(run, r["locations"][0]["physicalLocation"]["artifactLocation"]) for r in run["results"]}
    assert files and all(f.is_file() and f.is_relative_to(PLANS) for f in files)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    monkeypatch.chdir(outside)
    log = lint_sarif(str(PLANS / "R7" / "seisaku.yaml"))
    assert errors(log) == []
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert "uriBaseId" not in location and resolve(log["runs"][0], location) == PLANS / "R7" / "seisaku.yaml"


def test_sarif_links_the_tool_and_each_rule_when_the_project_has_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    from xplan.lint.reporters import sarif

    monkeypatch.setattr(sarif, "project_urls", lambda: {"Homepage": "https://example.org/xplan",
                                                        "Documentation": "https://example.org/xplan/rules"})
    log = lint_sarif(str(PLANS / "R7" / "somu-shimin.yaml"))
    assert errors(log) == []
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://example.org/xplan"
    rules = {r["id"]: r for r in driver["rules"]}
    assert rules["P321"]["helpUri"] == "https://example.org/xplan/rules#p321-missing-detail"
    assert all(r["helpUri"].startswith("https://example.org/xplan/rules#") for r in driver["rules"])


@pytest.mark.skipif(not (os.environ.get("SARIF_MULTITOOL") or shutil.which("sarif-multitool")),
                    reason="Microsoft's sarif-multitool is not installed (npm i @microsoft/sarif-multitool)")
def test_sarif_passes_microsofts_validator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Optional: with the validator installed (SARIF_MULTITOOL=path or on PATH), no error result."""
    import subprocess

    tool = os.environ.get("SARIF_MULTITOOL") or shutil.which("sarif-multitool")
    (tmp_path / "R7").mkdir()
    shutil.copy(PLANS / "R7" / "seisaku.yaml", tmp_path / "R7" / "政策 #1 100%.yaml")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "xplan.sarif"
    assert runner.invoke(app, ["lint", "--format", "sarif", "--output", str(out), "R7"]).exit_code in (0, 1)
    report = tmp_path / "validation.sarif"
    subprocess.run([str(tool), "validate", str(out), "--output", str(report)], check=True, capture_output=True,
                   timeout=300)
    results = json.loads(report.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert [r for r in results if r.get("level") == "error"] == []


# -- paths ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_bare_lint_and_lint_plans_name_files_alike(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 16, item 8: bare `xplan lint` (plans/ from the configuration, an absolute path)
    reported absolute paths and `xplan lint plans` relative ones."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("NO_COLOR", "1")
    bare = runner.invoke(app, ["lint", "--format", fmt]).stdout
    given = runner.invoke(app, ["lint", "--format", fmt, "plans"]).stdout
    absolute = runner.invoke(app, ["lint", "--format", fmt, str(PLANS)]).stdout
    assert bare == given == absolute
    assert str(ROOT) not in bare.replace(ROOT.as_uri(), "")  # only SARIF's base URI names the directory
    assert "plans/R7/somu-shimin.yaml" in bare
    monkeypatch.chdir(PLANS)
    inside = runner.invoke(app, ["lint", "--format", "json"]).stdout
    assert {f["file"] for f in json.loads(inside)["findings"]} >= {"R7/somu-shimin.yaml", "R6/yahatahigashi.yaml"}


# -- one finding per problem (issue 31, item 1) --------------------------------------------------

MISSING_KEYS = {"fiscal_year", "template", "layout", "source", "issues", "kind", "slug"}


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_a_missing_key_is_one_finding_in_every_format(fmt: str, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A plan missing seven keys gets seven S202 findings: jsonschema raises one "required" error per
    missing key, each naming the mapping's whole list, which once made 29 findings of seven."""
    (tmp_path / "plans" / "R7").mkdir(parents=True)
    (tmp_path / "plans" / "R7" / "x.yaml").write_text("schema_version: 1\norganisation:\n  name: 八幡西区\n",
                                                      encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    r = runner.invoke(app, ["lint", "--no-cache", "--format", fmt, "plans"])
    assert r.exit_code == 1, r.output
    if fmt == "json":
        found = [f["message"] for f in json.loads(r.stdout)["findings"] if f["code"] == "S202"]
    elif fmt == "sarif":
        found = [res["message"]["text"] for res in json.loads(r.stdout)["runs"][0]["results"]
                 if res["ruleId"] == "S202"]
    else:
        found = [line for line in r.stdout.splitlines() if "S202" in line]
    assert len(found) == len(MISSING_KEYS), found
    assert {key for key in MISSING_KEYS for message in found if f"'{key}'" in message} == MISSING_KEYS
