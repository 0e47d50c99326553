"""Issue 10: one option vocabulary across every command, incompatible combinations exit 2,
and lint's severity and noise options."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from conftest import PLANS, ROOT
from typer.testing import CliRunner

from xplan.cli import app

runner = CliRunner()
ENV = {"XPLAN_LANG": "en", "NO_COLOR": "1", "COLUMNS": "100"}

# The one option table (README, "Options"): the flags each shared option is spelt with, everywhere.
SHARED = {
    "--format": {"-F", "--format"},
    "--output": {"-o", "--output"},
    "--org": {"--org"},
    "--year": {"--year"},
    "--all": {"--all"},
    "--domain": {"--domain"},
    "--field": {"--field"},
    "--plans": {"--plans"},
    "--width": {"--width"},
    "--export": {"--export"},
    "--bom": {"--bom"},
    "--quiet": {"-q", "--quiet"},
}
# Short flags that once meant different things in different commands, retired (issue 10).
RETIRED = {"-f", "-y", "-d", "-w"}
TABLE_COMMANDS = ("rules", "matrix", "issues", "show", "schedule", "orgs", "rollup", "fields", "agenda", "progress")
VIEW_COMMANDS = ("matrix", "issues", "show", "schedule", "orgs", "rollup", "fields", "agenda", "progress")


def _commands() -> dict[str, Any]:
    # typer vendors its own click (typer._click), so the classes are not checked, only used
    return dict(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def _flags(command: Any) -> dict[str, set[str]]:
    out = {}
    for p in command.params:
        if p.param_type_name == "option":
            long = next((o for o in p.opts if o.startswith("--")), p.opts[0])
            out[long] = set(p.opts) | set(p.secondary_opts)
    return out


def test_shared_options_are_spelt_the_same_in_every_command() -> None:
    for name, command in _commands().items():
        flags = _flags(command)
        for long, want in SHARED.items():
            if long in flags:
                assert flags[long] == want, f"{name} {long}: {flags[long]} != {want}"
        used = set().union(*flags.values()) if flags else set()
        assert not used & RETIRED, f"{name} still uses {used & RETIRED}"


def test_every_view_takes_the_whole_selection_and_output_table() -> None:
    commands = _commands()
    for name in VIEW_COMMANDS:
        flags = _flags(commands[name])
        missing = {"--org", "--year", "--domain", "--field", "--all", "--plans", "--format", "--output",
                   "--export", "--width", "--bom", "--quiet"} - set(flags)
        assert not missing, f"{name} lacks {missing}"
    for name in ("lint", "diff", "rule"):
        assert {"--format", "--output", "--quiet"} <= set(_flags(commands[name])), name


@pytest.mark.parametrize("command", TABLE_COMMANDS)
def test_every_table_command_prints_every_table_format(command: str) -> None:
    args = [command, "--org", "小倉北区"] if command in ("show", "schedule") else [command]
    if command == "agenda":
        args = [command, "--year", "R7", "--quarter", "3"]
    for fmt in ("markdown", "csv", "tsv", "html", "json", "plain", "github"):
        r = runner.invoke(app, [*args, "-F", fmt], env=ENV)
        assert r.exit_code == 0, (command, fmt, r.output)
        assert r.stdout.strip(), (command, fmt)
        if fmt == "json":
            assert json.loads(r.stdout)["version"] == 1


@pytest.mark.parametrize("args", [
    ["issues", "-F", "csv", "--export", "x.svg"],
    ["rollup", "-F", "markdown", "--export", "x.html"],
    ["issues", "-F", "json", "--bom"],
    ["matrix", "--bom"],
    ["orgs", "--export", "x.svg", "-o", "y.txt"],
    ["diff", "R6", "R7", "--brief", "--text"],
    ["rules", "-F", "nonsense"],
    ["lint", "-F", "nonsense"],
    ["lint", "--min-severity", "loud"],
])
def test_options_that_cannot_combine_are_usage_errors(args: list[str], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans").symlink_to(PLANS)
    r = runner.invoke(app, args, env=ENV)
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output
    assert not (tmp_path / "x.svg").exists() and not (tmp_path / "x.html").exists()


def test_output_writes_the_chosen_format_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "issues.csv"
    r = runner.invoke(app, ["issues", "--plans", str(PLANS), "-F", "csv", "--bom", "-o", str(out)], env=ENV)
    assert r.exit_code == 0 and r.stdout == ""
    assert out.read_bytes().startswith("\ufeff".encode()) and "小倉北区" in out.read_text(encoding="utf-8-sig")
    assert r.stderr == f"xplan: wrote {out}\n"  # ENV is English
    ja = runner.invoke(app, ["--lang", "ja", "issues", "--plans", str(PLANS), "-F", "csv", "-o", str(out)], env=ENV)
    assert ja.exit_code == 0 and ja.stderr == f"xplan: {out} に書き出しました\n"
    quiet = runner.invoke(app, ["issues", "--plans", str(PLANS), "-F", "csv", "-o", str(out), "-q"], env=ENV)
    assert quiet.exit_code == 0 and quiet.stderr == ""
    text = tmp_path / "matrix.txt"
    r = runner.invoke(app, ["matrix", "--plans", str(PLANS), "--org", "小倉北区", "-o", str(text)], env=ENV)
    assert r.exit_code == 0 and "\x1b[" not in text.read_text(encoding="utf-8")
    assert "小倉北区" in text.read_text(encoding="utf-8")


def test_fields_takes_field_and_orgs_takes_all() -> None:
    r = runner.invoke(app, ["fields", "--plans", str(PLANS), "--field", "DX推進", "-F", "json"], env=ENV)
    assert r.exit_code == 0
    assert [f["name"] for f in json.loads(r.stdout)["fields"]] == ["DX推進"]
    r = runner.invoke(app, ["orgs", "--plans", str(PLANS), "--all", "-F", "json"], env=ENV)
    assert r.exit_code == 0 and len(json.loads(r.stdout)["orgs"]) == 5


def test_rule_suggests_the_closest_name() -> None:
    r = runner.invoke(app, ["rule", "missing-detial"], env=ENV)
    assert r.exit_code == 2 and "missing-detail" in r.stderr
    r = runner.invoke(app, ["rule", "P321", "-F", "json"], env=ENV)
    assert r.exit_code == 0 and json.loads(r.stdout)["name"] == "missing-detail"


# -- lint: severity and noise --------------------------------------------------------------------

def _lint(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    r = runner.invoke(app, ["lint", *args], env={**ENV, **(env or {})})
    return r.exit_code, r.stdout


def test_min_severity_leaves_out_lower_findings() -> None:
    code, out = _lint(str(PLANS), "-F", "json")
    all_sev = {f["severity"] for f in json.loads(out)["findings"]}
    assert all_sev == {"warning", "info"} and code == 0
    code, out = _lint(str(PLANS), "-F", "json", "--min-severity", "warning")
    assert {f["severity"] for f in json.loads(out)["findings"]} == {"warning"}
    code, out = _lint(str(PLANS), "-F", "json", "--min-severity", "error")
    assert json.loads(out)["findings"] == [] and code == 0


def test_quiet_prints_the_findings_only() -> None:
    code, loud = _lint(str(PLANS / "R7" / "somu-shimin.yaml"), "--min-severity", "warning")
    code, quiet = _lint(str(PLANS / "R7" / "somu-shimin.yaml"), "--min-severity", "warning", "-q")
    assert loud.startswith(quiet) and "P321" in quiet
    assert loud.strip().splitlines()[-1] not in quiet  # the count line
    code, clean = _lint(str(PLANS / "R8" / "kokurakita.yaml"), "--min-severity", "warning", "-q")
    assert code == 0 and clean == ""


def test_github_format_leaves_out_info_and_writes_the_step_summary(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    _code, out = _lint(str(PLANS), "-F", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert "::warning " in out and "::notice " not in out
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n")  # appended, never overwritten
    assert "| P321 | missing-detail |" in text and "P302" not in text


def test_cross_file_only_reads_the_configured_plans_directory(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    data = tmp_path / "data" / "R8"
    data.mkdir(parents=True)
    broken = (PLANS / "R8" / "kokurakita.yaml").read_text(encoding="utf-8").replace("urgency: 高", "urgncy: 高", 1)
    (data / "kokurakita.yaml").write_text(broken, encoding="utf-8")
    (tmp_path / ".xplan.toml").write_text('plans = "data"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out = _lint("--cross-file-only", "-F", "json")
    assert code == 0 and json.loads(out)["files"] == 1 and json.loads(out)["findings"] == []
    shutil.copy(PLANS / "R8" / "kokurakita.yaml", data / "copy.yaml")
    code, out = _lint("--cross-file-only", "-F", "json")
    assert code == 1 and {f["code"] for f in json.loads(out)["findings"]} == {"X401"}
    code, out = _lint("-F", "json")
    assert "S201" in {f["code"] for f in json.loads(out)["findings"]}


def test_hooks_show_warnings_and_errors_and_lint_all_runs_cross_file_rules() -> None:
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    own = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    for text in (hooks, own):
        assert "entry: xplan lint --min-severity warning\n" in text
        assert "entry: xplan lint --cross-file-only --min-severity warning\n" in text


def test_show_pages_a_plan_on_a_terminal_and_prints_it_elsewhere(monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    """On a terminal `show` goes through the pager when it is longer than the screen (XPLAN_PAGER,
    PAGER or less; tests/test_pager.py checks it at a real pseudo-terminal); piped or redirected it
    prints as before. The pager here writes what it was given to a file."""
    import xplan.commands.common as common

    paged = tmp_path / "paged.txt"
    env = {"NO_COLOR": "1", "XPLAN_PAGER": f"cat > {paged}"}
    args = ["show", "--org", "総務市民局", "B1", "--plans", str(PLANS), "--width", "100"]

    monkeypatch.setattr(common, "on_terminal", lambda: False)
    piped = runner.invoke(app, args, env=env)
    assert piped.exit_code == 0, piped.output
    assert "市から地域団体・市民センターへの依頼事項の整理と負担軽減" in piped.output
    assert not paged.exists()

    monkeypatch.setattr(common, "on_terminal", lambda: True)
    on_tty = runner.invoke(app, args, env=env)
    assert on_tty.exit_code == 0, on_tty.output
    assert "市から地域団体・市民センターへの依頼事項の整理と負担軽減" in paged.read_text(encoding="utf-8")
    assert "市から地域団体・市民センターへの依頼事項の整理と負担軽減" not in on_tty.output


def test_command_table_names_what_each_module_registers() -> None:
    # xplan.cli builds only the module of the command being run; a command missing from the table
    # would still run (through the whole group) but a wrong entry would hide it
    from xplan.cli import COMMAND_MODULES, COMMANDS, build_app

    for module in COMMAND_MODULES:
        built = build_app((module,))
        names = {c.name for c in built.registered_commands} | {g.name for g in built.registered_groups}
        assert names == {n for n, m in COMMANDS.items() if m == module}, module
    assert set(COMMANDS.values()) == set(COMMAND_MODULES)


@pytest.mark.parametrize("argv,expected", [
    (["matrix", "--org", "x"], "matrix"), (["--lang", "en", "issues"], "issues"), (["--lang=en", "lint"], "lint"),
    (["--debug", "rollup"], "rollup"), (["--help"], None), (["-V"], None), ([], None), (["matrx"], "matrx"),
])
def test_command_name_is_read_after_the_root_options(argv: list[str], expected: str | None) -> None:
    from xplan.cli import command_name

    assert command_name(argv) == expected


def test_running_one_command_imports_neither_the_others_nor_typers_help(tmp_path: Path) -> None:
    # start-up is most of a warm view's time (issue 13): the other commands' modules, typer's rich help
    # (markdown-it) and Jinja2 are only for help and -F html
    code = ("import sys; from xplan.cli import run; rc = run(['matrix', '--org', '八幡東区', '--no-cache']); "
            "print(rc, sorted(m for m in ('xplan.commands.lint', 'xplan.commands.diff', 'typer.rich_utils', "
            "'jinja2', 'xplan.report.documents') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.strip().splitlines()[-1] == "0 []"


def test_help_and_usage_errors_still_speak_japanese_after_lazy_labels() -> None:
    code = "from xplan.cli import run; import sys; sys.exit(run(sys.argv[1:]))"
    helped = subprocess.run([sys.executable, "-c", code, "matrix", "--help"], capture_output=True, text=True,
                            cwd=ROOT, env={**os.environ, "XPLAN_LANG": "ja", "COLUMNS": "100"})
    assert helped.returncode == 0 and "オプション" in helped.stdout and "例" in helped.stdout
    bad = subprocess.run([sys.executable, "-c", code, "matrix", "--bogus"], capture_output=True, text=True,
                         cwd=ROOT, env={**os.environ, "XPLAN_LANG": "ja", "COLUMNS": "100"})
    assert bad.returncode == 2 and "エラー" in bad.stderr


def test_views_collect_cycles_less_often_but_lint_does_not(monkeypatch: pytest.MonkeyPatch) -> None:
    # a quarter of a warm view on 2,000 plans was the collector (bench/cache.py); lint's YAML workers
    # would only grow by it
    import gc

    import xplan.cli as cli

    calls: list[tuple[int, ...]] = []
    monkeypatch.setattr(gc, "set_threshold", lambda *a: calls.append(a))
    monkeypatch.setattr(cli, "run", lambda args: 0)
    for argv, expected in ((["lint", "plans"], []), (["--lang", "en", "issues", "--all"], [(100_000, 50, 100)])):
        calls.clear()
        with pytest.raises(SystemExit):
            cli.main(argv)
        assert calls == expected, argv


# -- the group's options after the command (issue 31, item 4) ------------------------------------

@pytest.mark.parametrize("argv", [
    ["issues", "--lang", "en"], ["issues", "--lang=en"], ["--lang", "en", "issues"], ["issues", "-F", "csv", "--lang", "en"],
])
def test_lang_works_before_or_after_the_command(argv: list[str]) -> None:
    args = [*argv, "--plans", str(PLANS), "--no-cache"] + ([] if "-F" in argv else ["-F", "csv"])
    r = runner.invoke(app, args, env={**ENV, "XPLAN_LANG": "ja"})
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0].startswith("Organisation,Year,Issue"), r.stdout[:200]


@pytest.mark.parametrize("argv", [["lint", "--version"], ["matrix", "-V"], ["--version"], ["cache", "info", "--version"]])
def test_version_works_before_or_after_the_command(argv: list[str]) -> None:
    r = runner.invoke(app, argv, env=ENV)
    assert r.exit_code == 0, r.output
    assert r.stdout.strip().startswith("xplan ")


def test_debug_works_after_the_command() -> None:
    r = runner.invoke(app, ["orgs", "--plans", str(PLANS), "-F", "csv", "--debug"], env=ENV)
    assert r.exit_code == 0, r.output


def test_the_executable_takes_the_group_options_after_the_command(tmp_path: Path) -> None:
    env = {**os.environ, **ENV, "XPLAN_LANG": "ja"}
    r = subprocess.run([sys.executable, "-m", "xplan", "issues", "--plans", str(PLANS), "-F", "csv", "--lang", "en",
                        "--debug"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Organisation,"), r.stdout[:200]
    r = subprocess.run([sys.executable, "-m", "xplan", "show", "--version"], capture_output=True, text=True, env=env)
    assert r.returncode == 0 and r.stdout.startswith("xplan "), r.stderr


def test_arguments_after_a_double_dash_are_left_alone() -> None:
    from xplan.commands.help import hoist_root_options

    assert hoist_root_options(["lint", "plans", "--lang", "en", "--", "--debug", "-V"]) == \
        ["--lang", "en", "lint", "plans", "--", "--debug", "-V"]
