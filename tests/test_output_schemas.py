"""Issue 10: every JSON output is documented by schema/output/<name>.schema.json, and the real
outputs on the real plans (and the diff fixtures) validate against it. Each schema is also checked
to reject the other vocabulary (high_high, "high"), so the test could fail."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import PLANS, ROOT
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from typer.testing import CliRunner

from xplan.cli import app

OUTPUT = ROOT / "schema" / "output"
FIXTURES = ROOT / "tests" / "fixtures" / "diff" / "plans"
runner = CliRunner()

CASES = [
    ("issues", ["issues", "--all"]),
    ("issues", ["issues", "--org", "小倉北区", "--impact", "高"]),
    ("matrix", ["matrix", "--all"]),
    ("matrix", ["matrix", "--combined"]),
    ("orgs", ["orgs", "--all"]),
    ("fields", ["fields", "--all"]),
    ("rules", ["rules"]),
    ("rule", ["rule", "P321"]),
    ("rollup", ["rollup", "--all"]),
    ("rollup", ["rollup", "--by", "quadrant"]),
    ("rollup", ["rollup", "--years", "R6..R8", "--by", "org"]),
    ("schedule", ["schedule", "--org", "政策局"]),
    ("schedule", ["schedule", "--org", "八幡東区"]),
    ("show", ["show", "--org", "総務市民局"]),
    ("show", ["show", "--org", "政策局", "B2"]),
    ("lint", ["lint", str(PLANS)]),
    ("diff", ["diff", "R7", "R8", "--plans", str(FIXTURES)]),
    ("diff", ["diff", "R7", "R8", "--plans", str(FIXTURES), "--brief"]),
    ("diff", ["diff", "R6", "R7"]),
    ("agenda", ["agenda", "--quarter", "3", "--year", "R7"]),
    ("progress", ["progress", "--all"]),
    ("progress", ["progress", "--org", "政策局", "--as-of", "2025-12"]),
    ("search", ["search", "AI", "--all"]),
    ("search", ["search", "市民センター -DX", "--all", "--count"]),
    ("search", ["search", "の", "--all", "--limit", "5"]),  # 5 of the hits listed, the total given
    ("related", ["related", "--org", "小倉北区", "A2"]),
    ("related", ["related", "--all-pairs", "--all", "--threshold", "0.1"]),
    ("status", ["status", "--as-of", "2025-12"]),
    ("status", ["status", "--year", "R6", "--as-of", "2025-12"]),
]
ORGS = ("政策局", "総務市民局", "保健福祉局", "小倉北区", "八幡東区")  # every plan in plans/, one per organisation
# the per-plan views on every plan: notes a plan gives rise to (the R6 template's missing schedule,
# actions without a table of their own) are sentences that must not follow --lang in JSON
PER_PLAN = [(view, [view, "--org", org]) for view in ("schedule", "show", "progress", "matrix", "issues")
            for org in ORGS]


def validator(name: str) -> Draft202012Validator:
    plan = json.loads((ROOT / "schema" / "plan.schema.json").read_text(encoding="utf-8"))
    registry = Registry().with_resource(plan["$id"], Resource.from_contents(plan))
    schema = json.loads((OUTPUT / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=registry)


def output(args: list[str], lang: str = "ja") -> object:
    extra = [] if args[0] in ("lint", "rule", "rules") or "--plans" in args else ["--plans", str(PLANS)]
    r = runner.invoke(app, ["--lang", lang, *args, *extra, "-F", "json"])
    assert r.exit_code in (0, 1), r.output
    return json.loads(r.stdout)


@pytest.mark.parametrize("name, args", CASES, ids=[" ".join(a) for _, a in CASES])
def test_real_output_validates(name: str, args: list[str]) -> None:
    data = output(args)
    errors = sorted(validator(name).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_every_json_output_has_a_schema() -> None:
    assert {p.name.removesuffix(".schema.json") for p in OUTPUT.glob("*.schema.json")} >= {n for n, _ in CASES}


def _json_commands() -> set[str]:
    """Every command that takes -F (and so -F json)."""
    import click
    import typer.main

    group = typer.main.get_command(app)
    ctx = click.Context(group)
    return {name for name in group.list_commands(ctx)  # type: ignore[attr-defined]
            if any("-F" in getattr(p, "opts", ()) for p in group.get_command(ctx, name).params)}  # type: ignore[attr-defined]


def test_every_json_command_is_compared_across_languages() -> None:
    assert _json_commands() <= {args[0] for _, args in CASES}, "add the command to CASES"


@pytest.mark.parametrize("name, args", CASES + PER_PLAN, ids=[" ".join(a) for _, a in CASES + PER_PLAN])
def test_json_is_the_same_in_both_languages(name: str, args: list[str]) -> None:
    """Keys and values are fixed whatever the language: byte for byte, sentences included."""
    extra = [] if args[0] in ("lint", "rule", "rules") or "--plans" in args else ["--plans", str(PLANS)]
    ja, en = (runner.invoke(app, ["--lang", lang, *args, *extra, "-F", "json"]) for lang in ("ja", "en"))
    assert ja.exit_code == en.exit_code and ja.exit_code in (0, 1), ja.output
    assert ja.stdout == en.stdout


def test_schedule_notes_are_in_json_in_one_language() -> None:
    """The notes JSON carries are the default language's (Japanese) in every language."""
    r6 = output(["schedule", "--org", "保健福祉局"], "en")["plans"][0]
    assert r6["has_schedule"] is False and r6["note"] == "保健福祉局 R6: R6様式には四半期の取組表がありません"
    notes = [n for i in output(["schedule", "--org", "総務市民局"], "en")["plans"][0]["issues"] for n in i["notes"]]
    assert "⑤取組内容の記載なし" in notes


def test_schemas_reject_the_other_vocabulary() -> None:
    issues = output(["issues", "--org", "政策局"])
    issues["issues"][0]["impact"] = "high"
    assert not validator("issues").is_valid(issues)
    matrix = output(["matrix", "--org", "政策局"])
    matrix["plans"][0]["quadrants"]["high_high"] = matrix["plans"][0]["quadrants"].pop("高/高")
    assert not validator("matrix").is_valid(matrix)
    rollup = output(["rollup"])
    rollup["groups"][0]["quadrants"]["high_high"] = 0
    assert not validator("rollup").is_valid(rollup)


# -- usable offline, one $id base (issue 31, item 5) ----------------------------------------------

SCHEMAS = sorted(p.name for p in OUTPUT.glob("*.schema.json"))
BASE = "https://xplan.kitakyushu.example/schema/"
OFFLINE = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
           "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9", "NO_PROXY": ""}


def _refs(node: object) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_every_schema_has_an_id_on_one_base() -> None:
    plan = json.loads((ROOT / "schema" / "plan.schema.json").read_text(encoding="utf-8"))
    assert plan["$id"] == BASE + "plan.schema.json"
    for name in SCHEMAS:
        schema = json.loads((OUTPUT / name).read_text(encoding="utf-8"))
        assert schema["$id"] == BASE + "output/" + name, name
        # no reference by address: a relative one, resolved to a copy bundled in the file
        assert not [r for r in _refs(schema) if "://" in r], name


def test_bundled_plan_schema_is_the_plan_schema() -> None:
    from bundle_schemas import bundled

    plan = json.loads((ROOT / "schema" / "plan.schema.json").read_text(encoding="utf-8"))
    for name in SCHEMAS:
        schema = json.loads((OUTPUT / name).read_text(encoding="utf-8"))
        assert bundled(schema, plan) == schema, f"{name} is stale: run python tests/bundle_schemas.py"


@pytest.mark.skipif(shutil.which("check-jsonschema") is None, reason="check-jsonschema is in the test extra")
@pytest.mark.parametrize("name", SCHEMAS)
def test_check_jsonschema_validates_each_output_with_no_network(name: str, tmp_path: Path) -> None:
    """`check-jsonschema --schemafile schema/output/X.schema.json out.json` as a user runs it, with
    every proxy pointing nowhere, so that a reference that needs the network fails."""
    args = next(a for n, a in CASES if f"{n}.schema.json" == name)
    out = tmp_path / "out.json"
    out.write_text(json.dumps(output(args), ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, **OFFLINE}
    for extra in (["--check-metaschema", str(OUTPUT / name)], ["--schemafile", str(OUTPUT / name), str(out)]):
        r = subprocess.run(["check-jsonschema", "--no-cache", *extra], capture_output=True, text=True, env=env,
                           cwd=tmp_path, timeout=120)
        assert r.returncode == 0, r.stdout + r.stderr
    if name == "show.schema.json":  # the plan schema really is applied: a rating it does not allow is refused
        data = json.loads(out.read_text(encoding="utf-8"))
        data["plans"][0]["issues"][0]["impact"] = "中"
        out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        r = subprocess.run(["check-jsonschema", "--no-cache", "--schemafile", str(OUTPUT / name), str(out)],
                           capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
        assert r.returncode == 1 and "中" in r.stdout, r.stdout + r.stderr
