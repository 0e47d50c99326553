"""The cache of parsed plans (xplan/plan/cache.py): the same answers warm as cold, and every way
a cache can be wrong — a changed plan, a corrupt, truncated, foreign, other-version, planted or
unwritable cache, two writers at once — ends in a fresh parse, never a stale answer or a traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PLANS
from typer.testing import CliRunner

from xplan.cli import app
from xplan.plan import cache as cache_mod
from xplan.plan.cache import Cache, cache_dir, json_exact, probe
from xplan.plan.catalog import load_catalog, load_file
from xplan.plan.loader import load

runner = CliRunner()
KURO = "R8/kokurakita.yaml"


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    """A copy of the real plans (tests change files in it)."""
    target = tmp_path / "plans"
    shutil.copytree(PLANS, target)
    return target


def entry_file(cache: Cache, kind: str, path: Path) -> Path:
    found = probe(path)
    assert found is not None
    return cache._entry_path(kind, found.key)


def test_warm_catalog_equals_cold(plans: Path, tmp_path: Path) -> None:
    cold = load_catalog(plans)
    cache = Cache(tmp_path / "c")
    first = load_catalog(plans, cache)
    assert (cache.hits, cache.misses) == (0, 5)
    warm_cache = Cache(tmp_path / "c")
    warm = load_catalog(plans, warm_cache)
    assert (warm_cache.hits, warm_cache.misses) == (5, 0)
    assert first.plans == cold.plans and warm.plans == cold.plans  # every field, raw data included
    assert [p.path for p in warm.plans] == [p.path for p in cold.plans]


def test_cache_directory_layout(plans: Path, tmp_path: Path) -> None:
    root = tmp_path / ".xplan_cache"
    load_catalog(plans, Cache(root))
    assert (root / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert (root / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert len(list((root / "plan").glob("*.json"))) == 5


def test_an_existing_directory_named_as_the_cache_gets_no_gitignore(plans: Path, tmp_path: Path) -> None:
    mine = tmp_path / "my-folder"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine", encoding="utf-8")
    load_catalog(plans, Cache(mine))
    assert len(list((mine / "plan").glob("*.json"))) == 5
    assert not (mine / ".gitignore").exists() and not (mine / "CACHEDIR.TAG").exists()


@pytest.mark.parametrize("summary", [False, True], ids=["plans", "summaries"])
def test_one_byte_changed_with_same_size_and_mtime_is_seen(plans: Path, tmp_path: Path, summary: bool) -> None:
    path = plans / KURO
    load_catalog(plans, Cache(tmp_path / "c"), summary)
    before = os.stat(path)
    raw = path.read_bytes()
    assert b"fiscal_year: R8" in raw
    path.write_bytes(raw.replace(b"fiscal_year: R8", b"fiscal_year: R9", 1))  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(path)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    cache = Cache(tmp_path / "c")
    cat = load_catalog(plans, cache, summary)
    # only the changed file misses (with summaries: its summary, then its plan data, which the first
    # run, a table view, did not keep)
    assert (cache.hits, cache.misses) == (4, 2 if summary else 1)
    assert {p.fiscal_year for p in cat.plans if p.org.name == "小倉北区"} == {"R9"}


def test_changing_one_file_reparses_only_that_file(plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_catalog(plans, Cache(tmp_path / "c"))
    path = plans / KURO
    path.write_text(path.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    parsed: list[str] = []
    from xplan.plan import loader, schema

    real = loader.load_bytes
    monkeypatch.setattr(loader, "load_bytes", lambda name, data: parsed.append(name) or real(name, data))
    checked: list[str] = []
    real_check = schema.check
    monkeypatch.setattr(schema, "check", lambda data, file: checked.append(file) or real_check(data, file))
    load_catalog(plans, Cache(tmp_path / "c"))
    assert parsed == [str(path)] and checked == [str(path)]  # nor schema-checked again


def test_schema_doubts_are_the_same_warm(plans: Path, tmp_path: Path) -> None:
    """A plan that breaks the schema is named by the views, located, from the cache too."""
    path = plans / KURO
    # a rating outside 高/低: shown, with a doubt (a value of the wrong kind, `fiscal_year: 8`, makes
    # the views skip the plan instead: tests/test_robust_plans.py)
    path.write_text(path.read_text(encoding="utf-8").replace("impact: 高", "impact: 中", 1),
                    encoding="utf-8")
    cold = load_catalog(plans)
    assert str(path) in cold.doubts and all(f.line > 0 for f in cold.doubts[str(path)])
    for _ in range(2):
        cache = Cache(tmp_path / "c")
        cat = load_catalog(plans, cache)
        assert cat.doubts == cold.doubts and cat.plans == cold.plans
    assert cache.hits == 5
    # the errors are kept in the language they were written in; another language finds them again
    from xplan import i18n

    found = probe(path)
    assert found is not None
    before = i18n.language()
    try:
        i18n.set_language("en" if before == "ja" else "ja")
        hit = Cache(tmp_path / "c").get_plan(found)
        assert hit is not None and hit[1] is None
    finally:
        i18n.set_language(before)
    hit = Cache(tmp_path / "c").get_plan(found)
    assert hit is not None and hit[1] == cold.doubts[str(path)]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "payload_byte", "header_only", "not_json_header"])
def test_damaged_entries_are_ignored_and_rebuilt(plans: Path, tmp_path: Path, damage: str) -> None:
    path = plans / KURO
    cache = Cache(tmp_path / "c")
    good = load_file(path, cache)[0].data
    entry = entry_file(cache, "plan", path)
    blob = entry.read_bytes()
    head, _, body = blob.partition(b"\n")
    damaged = {
        "garbage": b"\x80\x00not a cache entry\xff" * 10,
        "truncated": blob[: len(blob) // 2],
        "empty": b"",
        # a different value of the same length inside the payload: valid JSON, wrong content
        "payload_byte": head + b"\n" + body.replace(b'"R8"', b'"R9"', 1),
        "header_only": head,
        "not_json_header": b"{" + head[1:-1] + b"\n" + body,
    }[damage]
    assert damaged != blob
    entry.write_bytes(damaged)
    again = Cache(tmp_path / "c")
    loaded = load_file(path, again)[0]
    assert loaded.data == good and (again.hits, again.misses) == (0, 1)
    assert entry.read_bytes() == blob  # rebuilt
    third = Cache(tmp_path / "c")
    assert load_file(path, third)[0].data == good and third.hits == 1


def test_entry_from_another_version_is_ignored(plans: Path, tmp_path: Path) -> None:
    path = plans / KURO
    cache = Cache(tmp_path / "c")
    load_file(path, cache)
    entry = entry_file(cache, "plan", path)
    head, _, body = entry.read_bytes().partition(b"\n")
    header = json.loads(head)
    for key, value in (("environment", "0" * 64), ("format", 99), ("kind", "lint")):
        forged = dict(header, **{key: value})
        entry.write_bytes(json.dumps(forged).encode() + b"\n" + body)
        again = Cache(tmp_path / "c")
        assert again.get("plan", probe(path)) is None, key  # type: ignore[arg-type]


def test_environment_covers_version_code_and_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    import xplan

    base = cache_mod.environment()
    cache_mod.environment.cache_clear()
    monkeypatch.setattr(xplan, "__version__", "9.9.9")
    try:
        assert cache_mod.environment() != base
    finally:
        cache_mod.environment.cache_clear()
    monkeypatch.undo()
    assert cache_mod.environment() == base


def test_planted_entries_are_not_believed(plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = plans / KURO
    cache = Cache(tmp_path / "c")
    load_file(path, cache)
    entry = entry_file(cache, "plan", path)
    # owned by someone else
    monkeypatch.setattr(os, "geteuid", lambda: os.getuid() + 4242)
    assert Cache(tmp_path / "c").get("plan", probe(path)) is None  # type: ignore[arg-type]
    monkeypatch.undo()
    # a symlink to another file, and a FIFO (which must not block the reader)
    real = tmp_path / "elsewhere.json"
    real.write_bytes(entry.read_bytes())
    entry.unlink()
    entry.symlink_to(real)
    assert Cache(tmp_path / "c").get("plan", probe(path)) is None  # type: ignore[arg-type]
    entry.unlink()
    if hasattr(os, "mkfifo"):
        os.mkfifo(entry)
        assert Cache(tmp_path / "c").get("plan", probe(path)) is None  # type: ignore[arg-type]
        entry.unlink()
    # and after all that, a fresh parse
    assert load_file(path, Cache(tmp_path / "c"))[0].data == load(path).data


def test_pickle_is_never_involved() -> None:
    source = Path(cache_mod.__file__).read_text(encoding="utf-8")
    assert "import pickle" not in source and "import marshal" not in source and "json.loads" in source


def test_unwritable_cache_is_a_slower_run_not_an_error(plans: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    cache = Cache(blocker / "cache")  # cannot be created below a file
    cat = load_catalog(plans, cache)
    assert len(cat.plans) == 5 and cache.writable is False
    assert cat.plans == load_catalog(plans).plans


def test_unwritable_cache_from_the_command_line(plans: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    args = ["issues", "--all", "-F", "json", "--plans", str(plans)]
    plain = runner.invoke(app, [*args, "--no-cache"])
    r = runner.invoke(app, args, env={"XPLAN_CACHE_DIR": str(blocker / "cache")})
    assert r.exit_code == 0 and r.stdout == plain.stdout


def test_leftover_temporary_files_are_ignored_and_cleaned(plans: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c")
    load_file(plans / KURO, cache)
    (tmp_path / "c" / "plan" / ".tmp-abandoned.part").write_bytes(b'{"half": ')
    warm = Cache(tmp_path / "c")
    assert load_file(plans / KURO, warm)[0].data == load(plans / KURO).data and warm.hits == 1
    assert warm.clean() == 1
    assert not (tmp_path / "c").exists()


def test_concurrent_writers_give_correct_answers(plans: Path, tmp_path: Path) -> None:
    """Several xplan processes filling the same cold cache at once: every output is right, and the
    entries they leave are all usable."""
    env = {**os.environ, "XPLAN_CACHE_DIR": str(tmp_path / "c"), "NO_COLOR": "1"}
    cmd = [sys.executable, "-m", "xplan", "issues", "--all", "-F", "json", "--plans", str(plans)]
    if not (Path(sys.modules["xplan"].__file__).parent / "__main__.py").exists():
        cmd = [sys.executable, "-c", "import sys; from xplan.cli import main; sys.argv[0] = 'xplan'; main()",
               *cmd[3:]]
    expected = runner.invoke(app, ["issues", "--all", "-F", "json", "--plans", str(plans), "--no-cache"]).stdout
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(3)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [e for _, e in outs]
    assert all(out.decode() == expected for out, _ in outs)
    cache = Cache(tmp_path / "c")
    load_catalog(plans, cache, summary=True)  # what `issues` left: the table views' summaries
    assert (cache.hits, cache.misses) == (5, 0)
    assert not list((tmp_path / "c" / "view").glob(".tmp-*"))


def test_data_that_json_cannot_carry_exactly_is_not_cached(tmp_path: Path) -> None:
    assert json_exact({"a": [1, 2.5, None, True, "x", {"b": []}]})
    assert not json_exact({1: "integer key"})
    shared: list[str] = ["alias"]
    assert not json_exact({"a": shared, "b": shared})
    plan = tmp_path / "plans" / "R7" / "odd.yaml"
    plan.parent.mkdir(parents=True)
    plan.write_text("schema_version: 1\nfiscal_year: R7\n1: integer key\nx: &a [1]\ny: *a\n", encoding="utf-8")
    cache = Cache(tmp_path / "c")
    first = load_file(plan, cache)[0]
    assert first.data == {"schema_version": 1, "fiscal_year": "R7", 1: "integer key", "x": [1], "y": [1]}
    again = Cache(tmp_path / "c")
    assert load_file(plan, again)[0].data == first.data and again.hits == 0


def test_files_that_fail_to_load_report_the_same_findings(tmp_path: Path) -> None:
    bad = tmp_path / "plans" / "R7" / "bad.yaml"
    bad.parent.mkdir(parents=True)
    bad.write_text("issues: [unclosed\n", encoding="utf-8")
    for _ in range(2):
        cat = load_catalog(tmp_path / "plans", Cache(tmp_path / "c"))
        assert [f.code for f in cat.problems] == [f.code for f in load(bad).findings] == ["E103"]


def test_cache_dir_resolution(tmp_path: Path) -> None:
    plans = tmp_path / "proj" / "plans"
    assert cache_dir(plans, None, {}) == tmp_path / "proj" / ".xplan_cache"
    assert cache_dir(plans, tmp_path / "cfg", {}) == tmp_path / "cfg"
    assert cache_dir(plans, tmp_path / "cfg", {"XPLAN_CACHE_DIR": str(tmp_path / "env")}) == tmp_path / "env"


def test_config_cache_dir_and_env(plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = plans.parent
    (project / ".xplan.toml").write_text('plans = "plans"\ncache-dir = "build/xcache"\n', encoding="utf-8")
    monkeypatch.chdir(project)
    monkeypatch.delenv("XPLAN_CACHE_DIR")
    r = runner.invoke(app, ["orgs", "-F", "json"])
    assert r.exit_code == 0, r.output
    assert len(list((project / "build" / "xcache" / "view").glob("*.json"))) == 5
    assert not (project / ".xplan_cache").exists()
    monkeypatch.setenv("XPLAN_CACHE_DIR", str(tmp_path / "from-env"))
    assert runner.invoke(app, ["orgs", "-F", "json"]).exit_code == 0
    assert len(list((tmp_path / "from-env" / "view").glob("*.json"))) == 5


def test_default_location_is_beside_the_plans_directory(plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(plans.parent)
    monkeypatch.delenv("XPLAN_CACHE_DIR")
    r = runner.invoke(app, ["matrix", "--org", "八幡東区", "-F", "json"])
    assert r.exit_code == 0, r.output
    root = plans.parent / ".xplan_cache"
    assert len(list((root / "view").glob("*.json"))) == 5
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q", str(plans.parent)], check=True)
        status = subprocess.run(["git", "-C", str(plans.parent), "status", "--porcelain", "--untracked-files=all"],
                                capture_output=True, text=True, check=True).stdout
        assert ".xplan_cache" not in status and "plans/" in status


def test_no_cache_neither_reads_nor_writes(plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XPLAN_CACHE_DIR", str(tmp_path / "c"))
    for args in (["issues", "--all"], ["rollup", "--by", "field", "--all"], ["matrix"], ["orgs"], ["fields"],
                 ["show", "--org", "八幡東区"], ["schedule", "--org", "小倉北区"],
                 ["agenda", "--quarter", "R7Q3"], ["progress", "--year", "R7"]):
        r = runner.invoke(app, [*args, "-F", "json", "--plans", str(plans), "--no-cache"])
        assert r.exit_code == 0, (args, r.output)
    r = runner.invoke(app, ["diff", "R6", "R7", "-F", "json", "--plans", str(plans), "--no-cache"])
    assert r.exit_code == 0, r.output
    assert not (tmp_path / "c").exists()


def test_views_answer_the_same_cold_warm_and_without_cache(plans: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XPLAN_CACHE_DIR", str(tmp_path / "c"))
    for args in (["issues", "--all", "-F", "json"], ["rollup", "--by", "field", "--all", "-F", "json"],
                 ["diff", "R6", "R7", "-F", "json"], ["matrix", "--org", "八幡東区", "-F", "json"]):
        outs = [runner.invoke(app, [*args, "--plans", str(plans), *extra]) for extra in ([], [], ["--no-cache"])]
        assert all(o.exit_code == 0 for o in outs), [o.output for o in outs]
        assert outs[0].stdout == outs[1].stdout == outs[2].stdout, args


def test_cache_clean_and_info(plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "c"
    monkeypatch.setenv("XPLAN_CACHE_DIR", str(root))
    runner.invoke(app, ["orgs", "--plans", str(plans)])
    (root / "notes.txt").write_text("not ours", encoding="utf-8")
    from xplan import i18n

    before = i18n.language()
    i18n.set_language("en")
    try:
        info = runner.invoke(app, ["--lang", "en", "cache", "info", "--plans", str(plans)])
        r = runner.invoke(app, ["--lang", "en", "cache", "clean", "--plans", str(plans)])
    finally:
        i18n.set_language(before)
    assert info.exit_code == 0 and "entries: 5" in info.stdout and str(root) in info.stdout
    assert r.exit_code == 0 and "removed 5 cache entries" in r.output
    assert not (root / "plan").exists() and (root / "notes.txt").exists()  # only xplan's own files go
    (root / "notes.txt").unlink()
    runner.invoke(app, ["orgs", "--plans", str(plans)])
    assert runner.invoke(app, ["cache", "clean", "--plans", str(plans)]).exit_code == 0
    assert not root.exists()


# -- the table views' summaries (xplan/plan/summary.py) -------------------------------------------

SUMMARY_VIEWS = (
    ["issues", "--all", "-F", "json"], ["issues", "--all", "-F", "csv"], ["matrix", "--all", "-F", "json"],
    ["matrix", "--org", "八幡東区"], ["orgs", "--all", "-F", "json"], ["rollup", "--by", "field", "--all", "-F", "json"],
    ["rollup", "--by", "quadrant", "--all", "-F", "json"], ["rollup", "--by", "org", "--years", "all", "-F", "json"],
    ["fields", "--all", "-F", "json"], ["issues", "--all", "--field", "行財政改革", "-F", "json"],
)


def _views_from_summaries_equal_views_from_plans(plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("XPLAN_CACHE_DIR", str(tmp_path / "c"))
    checked = 0
    for args in SUMMARY_VIEWS:
        full = runner.invoke(app, [*args, "--plans", str(plans), "--no-cache"])
        runner.invoke(app, [*args, "--plans", str(plans)])  # fills the summaries
        summarised = runner.invoke(app, [*args, "--plans", str(plans)])
        assert full.exit_code == summarised.exit_code, (args, full.output, summarised.output)
        assert full.stdout == summarised.stdout, args
        checked += bool(full.stdout.strip())
    return checked


def test_table_views_answer_the_same_from_summaries(plans: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    assert _views_from_summaries_equal_views_from_plans(plans, tmp_path, monkeypatch) >= len(SUMMARY_VIEWS) - 1
    assert len(list((tmp_path / "c" / "view").glob("*.json"))) == 5


def test_table_views_answer_the_same_from_summaries_of_generated_plans(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # the benchmark's plans: every field filled, some with deliberate schema errors
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from generate import generate

    generated = tmp_path / "plans"
    generate(generated, 12)
    assert _views_from_summaries_equal_views_from_plans(generated, tmp_path, monkeypatch) >= 8


def test_a_summary_is_the_plan_with_keys_left_out() -> None:
    from xplan.plan.summary import summarise

    def contained(small: object, big: object) -> bool:
        if isinstance(small, dict):
            return isinstance(big, dict) and all(k in big and contained(v, big[k]) for k, v in small.items())
        if isinstance(small, list):
            return isinstance(big, list) and len(small) == len(big) and all(map(contained, small, big))
        return small == big

    for path in sorted(PLANS.rglob("*.yaml")):
        data = load(path).data
        assert data is not None
        small = summarise(data)
        assert contained(small, data), path
        assert len(json.dumps(small, ensure_ascii=False)) < len(json.dumps(data, ensure_ascii=False)) / 3, path
        built, whole = load_catalog_plan(small, path), load_catalog_plan(data, path)
        assert [(i.code, i.display_title, i.field, i.quadrant, i.action_count) for i in built.issues] == \
               [(i.code, i.display_title, i.field, i.quadrant, i.action_count) for i in whole.issues]


def load_catalog_plan(data: dict, path: Path):  # type: ignore[no-untyped-def]
    from xplan.plan.model import build_plan

    return build_plan(data, str(path))


def test_a_changed_plan_is_seen_by_the_summaries_too(plans: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XPLAN_CACHE_DIR", str(tmp_path / "c"))
    args = ["issues", "--org", "小倉北区", "--year", "R8", "-F", "json", "--plans", str(plans)]
    before = runner.invoke(app, args)
    runner.invoke(app, args)
    target = plans / KURO
    text = target.read_text(encoding="utf-8")
    stat = target.stat()
    first = json.loads(before.stdout)["issues"][0]["title"]
    changed = text.replace(first, first[:-1] + ("X" if first[-1] != "X" else "Y"), 1)
    target.write_text(changed, encoding="utf-8")
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    after = runner.invoke(app, args)
    assert json.loads(after.stdout)["issues"][0]["title"] != first


def test_a_lint_run_leaves_the_views_warm(plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the pre-commit hook lints: the review meeting's views then answer from the summaries
    monkeypatch.setenv("XPLAN_CACHE_DIR", str(tmp_path / "c"))
    runner.invoke(app, ["lint", str(plans)])
    cache = Cache(tmp_path / "c")
    warm = load_catalog(plans, cache, summary=True)
    assert (cache.hits, cache.misses) == (5, 0)
    assert [p.key for p in warm.plans] == [p.key for p in load_catalog(plans).plans]


def _plans_at_hand(tmp_path: Path) -> list[Path]:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from generate import generate

    generate(tmp_path / "generated", 12)
    return sorted(PLANS.rglob("*.yaml")) + sorted((tmp_path / "generated").rglob("*.yaml")) + \
        sorted((Path(__file__).parent).rglob("*.yaml"))


def test_rows_give_back_the_summary_model_of_every_plan_at_hand(tmp_path: Path) -> None:
    from xplan.plan.summary import from_rows, summarise, summary_plan, to_rows

    compact = 0
    for path in _plans_at_hand(tmp_path):
        data = load(path).data
        if not isinstance(data, dict):
            continue
        model = summary_plan(summarise(data), str(path))
        rows = to_rows(model)
        if rows is None:
            continue
        compact += 1
        again = from_rows(json.loads(json.dumps(rows, ensure_ascii=False)), str(path))
        assert again == model, path
    assert compact >= 17  # the five real plans and the twelve generated ones at least


def test_every_real_plan_is_kept_as_rows(plans: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c")
    load_catalog(plans, cache, summary=True)
    for path in sorted(plans.rglob("*.yaml")):
        payload = cache.get("view", probe(path))  # type: ignore[arg-type]
        assert isinstance(payload, dict) and isinstance(payload.get("rows"), dict), path


@pytest.mark.parametrize("damage", ["title is a number", "org is not a list", "rows are short", "action is text"])
def test_rows_of_the_wrong_shape_are_a_miss_not_a_traceback(plans: Path, tmp_path: Path, damage: str) -> None:
    # an entry that passes the hash check but was not written by xplan (forged, or another version
    # that kept the format number) must not reach the views
    from xplan.plan.summary import from_rows

    cache = Cache(tmp_path / "c")
    load_catalog(plans, cache, summary=True)
    found = probe(plans / KURO)
    assert found is not None
    rows = cache.get("view", found)["rows"]
    if damage == "title is a number":
        rows["rows"][0][4] = 7
    elif damage == "org is not a list":
        rows["org"] = "小倉北区"
    elif damage == "rows are short":
        rows["rows"][0] = rows["rows"][0][:5]
    else:
        rows["rows"][0][14] = ["取組1"]
    assert from_rows(rows, str(plans / KURO)) is None
    payload = {"rows": rows, "doubts": [], "lang": "ja"}
    cache.put("view", found, payload)  # a well-formed entry with a valid hash, holding bad rows
    again = Cache(tmp_path / "c")
    cat = load_catalog(plans, again, summary=True)
    assert again.misses == 1 and len(cat.plans) == 5
    assert cat.plans == load_catalog(plans, Cache(tmp_path / "fresh"), summary=True).plans
