"""Lint through the cache (xplan/lint/cache.py): a warm run reports exactly what a cold one does,
re-lints only changed files, and always applies the configuration, suppressions and cross-file
rules afresh."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import PLANS
from typer.testing import CliRunner

from xplan import i18n
from xplan.cli import app
from xplan.config import Config
from xplan.lint import cache as lint_cache
from xplan.lint.engine import lint_file, lint_paths
from xplan.plan import cache as cache_mod
from xplan.plan.cache import Cache, probe

runner = CliRunner()
BASE = (Path(__file__).parent / "rule_cases" / "_base.yaml").read_text(encoding="utf-8")


def write(root: Path, rel: str, text: str) -> Path:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def report(result: object) -> list[dict[str, object]]:
    return [f.to_dict() for f in result.findings]  # type: ignore[attr-defined]


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    target = tmp_path / "plans"
    shutil.copytree(PLANS, target)
    return target


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files actually linted (parsed) rather than taken from the cache."""
    seen: list[str] = []
    real = lint_cache.lint_loaded
    monkeypatch.setattr(lint_cache, "lint_loaded",
                        lambda path, loaded, options=None: seen.append(path) or real(path, loaded, options))
    return seen


def test_warm_lint_reports_exactly_what_cold_does(plans: Path, tmp_path: Path, counted: list[str]) -> None:
    plain = lint_paths([plans], jobs=1)
    cold = lint_paths([plans], jobs=1, cache=Cache(tmp_path / "c"))
    assert len(counted) == 5
    warm_cache = Cache(tmp_path / "c")
    warm = lint_paths([plans], jobs=1, cache=warm_cache)
    assert len(counted) == 5 and warm_cache.hits == 5  # nothing parsed the second time
    assert report(plain) == report(cold) == report(warm)
    assert plain.sources == warm.sources and plain.files == warm.files
    assert warm.findings  # the real plans' documented gaps: warnings with located lines
    assert all(f.line > 0 for f in warm.findings)


def test_worker_processes_fill_and_use_the_cache(tmp_path: Path) -> None:
    root = tmp_path / "plans"
    for n in range(9):  # above PARALLEL_MIN_FILES: linted in worker processes
        write(root, f"R7/org-{n}.yaml", BASE.replace("test-ward", f"org-{n}").replace("テスト区", f"テスト区{n}"))
    cold = lint_paths([root], jobs=2, cache=Cache(tmp_path / "c"))
    warm_cache = Cache(tmp_path / "c")
    warm = lint_paths([root], jobs=2, cache=warm_cache)
    assert warm_cache.hits == 9 and report(cold) == report(warm) == report(lint_paths([root], jobs=2))


def test_changing_one_file_relints_only_that_file(plans: Path, tmp_path: Path, counted: list[str]) -> None:
    lint_paths([plans], jobs=1, cache=Cache(tmp_path / "c"))
    counted.clear()
    target = plans / "R7" / "seisaku.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("    urgency: 高\n", "\n", 1), encoding="utf-8")
    result = lint_paths([plans], jobs=1, cache=Cache(tmp_path / "c"))
    assert counted == [str(target)]
    assert report(result) == report(lint_paths([plans], jobs=1))


def test_one_byte_changed_with_same_size_and_mtime_is_relinted(tmp_path: Path) -> None:
    path = write(tmp_path, "plans/R7/test-ward.yaml", BASE)
    lint_paths([path], cache=Cache(tmp_path / "c"))
    before = os.stat(path)
    raw = path.read_bytes()
    path.write_bytes(raw.replace(b"impact: \xe9\xab\x98", b"impakt: \xe9\xab\x98", 1))  # same length, a typo
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(path).st_size == before.st_size
    result = lint_paths([path], cache=Cache(tmp_path / "c"))
    assert "S201" in {f.code for f in result.findings}
    assert report(result) == report(lint_paths([path]))


def test_configuration_applies_to_cached_results(plans: Path, tmp_path: Path) -> None:
    lint_paths([plans], cache=Cache(tmp_path / "c"))
    codes = {f.code for f in lint_paths([plans], cache=Cache(tmp_path / "c")).findings}
    assert "P302" in codes
    ignored = lint_paths([plans], Config(ignore=["P302"]), cache=Cache(tmp_path / "c"))
    assert "P302" not in {f.code for f in ignored.findings}
    strict = lint_paths([plans], Config(severity={"missing-detail": "error"}), cache=Cache(tmp_path / "c"))
    assert any(f.code == "P321" and f.severity == "error" for f in strict.findings)
    # and the cached entries were not changed by the severity applied on top
    again = lint_paths([plans], cache=Cache(tmp_path / "c"))
    assert all(f.severity == "warning" for f in again.findings if f.code == "P321")


def test_cross_file_rules_always_run(tmp_path: Path) -> None:
    root = tmp_path / "plans"
    old = write(root, "R7/test-ward.yaml", BASE)
    new = BASE.replace("fiscal_year: R7", "fiscal_year: R8").replace("template: R7", "template: R8") \
              .replace("as_of: 2025-12", "as_of: 2026-12") \
              .replace("    impact: 高\n", "    impact: 高\n    lineage: {year: R7, domain: A, id: A1}\n", 1)
    write(root, "R8/test-ward.yaml", new)
    first = lint_paths([root], cache=Cache(tmp_path / "c"))
    assert "P342" not in {f.code for f in first.findings}
    # the R7 plan loses A1: the unchanged R8 file, taken from the cache, now points at nothing
    old.write_text(old.read_text(encoding="utf-8").replace("id: A1\n    domain: A\n    number: 1\n",
                                                           "id: A9\n    domain: A\n    number: 9\n", 1),
                   encoding="utf-8")
    cache = Cache(tmp_path / "c")
    second = lint_paths([root], cache=cache)
    assert cache.hits == 1 and "P342" in {f.code for f in second.findings}
    assert report(second) == report(lint_paths([root]))
    # a copy of a cached plan is a duplicate (X401) whether or not either came from the cache
    shutil.copy(root / "R8/test-ward.yaml", root / "R8/copy.yaml")
    assert "X401" in {f.code for f in lint_paths([root], cache=Cache(tmp_path / "c")).findings}


def test_suppressions_apply_to_cached_findings(tmp_path: Path) -> None:
    text = BASE.replace("    urgency: 高\n", "\n", 1).replace(
        "schema_version: 1", "# xplan: ignore-file[P311] test\n# xplan: ignore-file[P999]\nschema_version: 1", 1)
    path = write(tmp_path, "plans/R7/test-ward.yaml", text)
    expected = report(lint_paths([path]))
    assert "P311" not in {f["code"] for f in expected} and "N901" in {f["code"] for f in expected}
    for _ in range(2):
        assert report(lint_paths([path], cache=Cache(tmp_path / "c"))) == expected


def test_files_that_fail_to_load_are_cached_with_their_findings(tmp_path: Path, counted: list[str]) -> None:
    bad = write(tmp_path, "plans/R7/bad.yaml", "issues: [unclosed\n")
    sjis = tmp_path / "plans/R7/sjis.yaml"
    sjis.write_bytes("組織: 小倉北区\n".encode("cp932"))
    plain = report(lint_paths([bad, sjis]))
    for _ in range(2):
        result = lint_paths([bad, sjis], cache=Cache(tmp_path / "c"))
        assert report(result) == plain and set(result.sources) == {str(bad)}
    assert len(counted) == 2


def test_message_language_is_part_of_the_key(tmp_path: Path) -> None:
    """Messages are written in the language in force, so a result kept in Japanese is never shown
    to someone who asked for English."""
    path = write(tmp_path, "plans/R7/test-ward.yaml", BASE.replace("    urgency: 高\n", "\n", 1))
    before = i18n.language()
    try:
        i18n.set_language("ja")
        lint_paths([path], cache=Cache(tmp_path / "c"))
        assert lint_cache.lookup(Cache(tmp_path / "c"), str(path)) is not None
        i18n.set_language("en")
        assert lint_cache.lookup(Cache(tmp_path / "c"), str(path)) is None
        assert report(lint_paths([path], cache=Cache(tmp_path / "c"))) == report(lint_paths([path]))
        assert lint_cache.lookup(Cache(tmp_path / "c"), str(path)) is not None
    finally:
        i18n.set_language(before)


def test_damaged_or_other_version_entries_are_relinted(tmp_path: Path) -> None:
    path = write(tmp_path, "plans/R7/test-ward.yaml", BASE.replace("    urgency: 高\n", "\n", 1))
    expected = report(lint_paths([path]))
    cache = Cache(tmp_path / "c")
    lint_paths([path], cache=cache)
    found = probe(path)
    assert found is not None
    entry = cache._entry_path("lint", found.key)
    head, _, body = entry.read_bytes().partition(b"\n")
    for damaged in (body[:10], head + b"\n" + body[:-3],
                    json.dumps(dict(json.loads(head), environment="other")).encode() + b"\n" + body,
                    # a payload with the right hash but the wrong shape
                    json.dumps(dict(json.loads(head), payload_sha256=cache_mod.hashlib.sha256(b"[1]").hexdigest()))
                    .encode() + b"\n[1]"):
        entry.write_bytes(damaged)
        again = Cache(tmp_path / "c")
        assert report(lint_paths([path], cache=again)) == expected
    assert Cache(tmp_path / "c").get("lint", found, lint_cache._extra()) is not None  # rebuilt


def test_slim_plan_round_trips_for_the_real_plans() -> None:
    for path in sorted(PLANS.rglob("*.yaml")):
        result = lint_file(str(path))
        found = probe(path)
        assert found is not None and result.plan is not None
        payload = json.loads(json.dumps(lint_cache.to_payload(result)))
        back = lint_cache.from_payload(payload, found)
        assert back is not None
        assert back.plan == result.plan and back.findings == result.findings
        assert back.suppressions == result.suppressions and back.lines == result.lines
        assert back.anchors == result.anchors and back.snippets == result.snippets


def test_a_changed_rule_module_changes_the_environment() -> None:
    rule = Path(lint_cache.__file__).parent / "rules" / "placeholder.py"
    st = os.stat(rule)
    base = cache_mod.environment()
    try:
        os.utime(rule, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        cache_mod.environment.cache_clear()
        assert cache_mod.environment() != base
    finally:
        os.utime(rule, ns=(st.st_atime_ns, st.st_mtime_ns))
        cache_mod.environment.cache_clear()
    assert cache_mod.environment() == base


def test_lint_command_no_cache_and_cache_agree(plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XPLAN_CACHE_DIR", str(tmp_path / "c"))
    outs = [runner.invoke(app, ["lint", "--format", "json", str(plans), *extra])
            for extra in ([], [], ["--no-cache"])]
    assert [o.exit_code for o in outs] == [0, 0, 0]
    assert outs[0].stdout == outs[1].stdout == outs[2].stdout
    assert len(list((tmp_path / "c" / "lint").glob("*.json"))) == 5
    assert len(list((tmp_path / "c" / "view").glob("*.json"))) == 5  # lint also warms the table views
    shutil.rmtree(tmp_path / "c")
    assert runner.invoke(app, ["lint", str(plans), "--no-cache"]).exit_code == 0
    assert not (tmp_path / "c").exists()


def test_cache_goes_beside_the_plans_linted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    path = write(project, "plans/R7/test-ward.yaml", BASE)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv("XPLAN_CACHE_DIR")
    assert runner.invoke(app, ["lint", str(path)]).exit_code == 0
    assert not (elsewhere / ".xplan_cache").exists()  # no plans/ here: nothing left in the working directory
    assert len(list((project / "plans" / ".xplan_cache" / "lint").glob("*.json"))) == 1
    monkeypatch.chdir(project)
    assert runner.invoke(app, ["lint"]).exit_code == 0  # the configured default, plans/
    assert len(list((project / ".xplan_cache" / "lint").glob("*.json"))) == 1


def test_rule_settings_are_part_of_the_key(plans: Path, tmp_path: Path) -> None:
    """progress-as-of switches P352 on: a result cached without it is not reused with it."""
    def p352(cfg: Config) -> int:
        result = lint_paths([plans], cfg, jobs=1, cache=Cache(tmp_path / "c"))
        return sum(1 for f in result.findings if f.code == "P352")

    assert p352(Config()) == 0
    assert p352(Config(progress_as_of="2025-12")) == 1   # 総務市民局 R7 has no ⑥
    assert p352(Config(progress_as_of="2026-03")) > 1    # the December checkpoints are older
    assert p352(Config()) == 0
