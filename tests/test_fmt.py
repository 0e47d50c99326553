"""`xplan fmt`: the canonical layout keeps every plan's data and every comment, is idempotent,
and brings a messy copy of a real plan (re-indented, keys shuffled, flow style, comments in many
places) back to the same layout as the plan itself."""

from __future__ import annotations

import io
import random
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import PLANS, SOURCES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xplan.plan.loader import parse
from xplan.write.fmt import format_path, format_text
from xplan.write.parse import LayoutError
from xplan.write.tree import plain_ok

REAL = sorted(SOURCES)


def _data(text: str) -> Any:
    loaded = parse("t.yaml", text)
    assert loaded.data is not None, loaded.findings
    return loaded.data


def _comments(text: str) -> list[str]:
    return [m.group(0).rstrip() for m in re.finditer(r"(?:(?<=\s)|^)#.*", text, flags=re.M)]


@pytest.mark.parametrize("key", REAL)
def test_real_plan_keeps_its_data_and_modeline_and_is_idempotent(key: str) -> None:
    text = (PLANS / f"{key}.yaml").read_text(encoding="utf-8")
    once = format_text(text)
    assert _data(once) == _data(text)
    assert once.splitlines()[0] == "# yaml-language-server: $schema=../../schema/plan.schema.json"
    assert format_text(once) == once
    # the layout: two-space steps, dashes two in from their key, no folded lines
    assert "\n    - id: " not in once and "\n  - id: A1\n" in once
    assert len(once.splitlines()) == len(text.splitlines())


def _shuffle(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict):
        keys = list(value)
        rng.shuffle(keys)
        return {k: _shuffle(value[k], rng) for k in keys}
    if isinstance(value, list):
        return [_shuffle(v, rng) for v in value]
    return value


def _messy(text: str, seed: int) -> tuple[str, list[tuple[str, str]]]:
    """The plan's data with keys shuffled, dumped four-wide with some flow style, plus comments
    before some keys and at the ends of some lines. Returns the text and, for each comment put
    on its own line, the comment and the line it was put before."""
    from ruamel.yaml import YAML

    rng = random.Random(seed)
    yaml = YAML(typ="rt")
    yaml.indent(mapping=4, sequence=4, offset=2 if seed % 2 else 0)
    yaml.width = 60  # folds long Japanese lines: fmt must join them back
    buf = io.StringIO()
    yaml.dump(_shuffle(_data(text), rng), buf)
    lines = buf.getvalue().splitlines()
    out: list[str] = ["# yaml-language-server: $schema=../../schema/plan.schema.json", "# header note", ""]
    placed: list[tuple[str, str]] = []
    for n, line in enumerate(lines):
        stripped = line.strip()
        key_line = re.match(r"^(\s*)(?:- )?([a-z_0-9]+):", line)
        if key_line and rng.random() < 0.08:
            comment = f"# before {n} 注記"
            indent = len(line) - len(line.lstrip(" -"))
            out.append(" " * indent + comment)
            placed.append((comment, stripped.removeprefix("- ")))
        if key_line and not line.rstrip().endswith(("|", ">", "|-", ">-")) and rng.random() < 0.05 \
                and not stripped.startswith(("'", '"')) and line.count('"') % 2 == 0 and line.count("'") % 2 == 0:
            line = f"{line}   # eol {n}"
        out.append(line)
        if rng.random() < 0.01:
            out.append("")
    return "\n".join(out) + "\n", placed


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("key", ["R7/seisaku", "R7/somu-shimin"])
def test_messy_copy_comes_back_canonical_with_all_comments(key: str, seed: int) -> None:
    text = (PLANS / f"{key}.yaml").read_text(encoding="utf-8")
    canonical = format_text(text)
    messy, placed = _messy(text, seed)
    assert messy != canonical and _data(messy) == _data(text)
    result = format_text(messy)
    assert _data(result) == _data(text)
    assert sorted(_comments(result)) == sorted(_comments(messy))
    assert format_text(result) == result  # a second run changes nothing
    # without the added comments it is exactly the plan's own canonical layout
    bare = "\n".join(ln for ln in result.splitlines()
                     if not re.match(r"^\s*# (before \d+ 注記|header note)$", ln)).replace("\n\n", "\n")
    bare = re.sub(r"   *# eol \d+$", "", bare, flags=re.M)
    assert bare + "\n" == canonical
    # each comment put on its own line still stands right before the key it described
    lines = result.splitlines()
    for comment, following in placed:
        at = next(i for i, ln in enumerate(lines) if ln.strip() == comment)
        nxt = lines[at + 1].strip().removeprefix("- ")
        assert nxt.split(":")[0] == following.split(":")[0], (comment, following, nxt)


def test_comments_stay_with_their_keys_when_keys_move() -> None:
    messy = (
        "# yaml-language-server: $schema=x\n"
        "fiscal_year: R7   # the year\n"
        "schema_version: 1\n"
        "organisation:\n"
        "    slug: seisaku\n"
        "    # the kind, bureau or ward\n"
        "    kind: bureau\n"
        "    name: '政策局'\n"
        "issues:\n"
        "- number: 1\n"
        "  domain: A\n"
        "  id: A1  # xplan: ignore[P333] reason\n"
        "  actions:\n"
        "  - schedule:\n"
        "    - {q2: [a], q1: []}\n"
        "    - q4:\n"
        "      - continues: true\n"
        "        # after the continuation\n"
        "      q1: []\n"
        "# end of file\n"
    )
    assert format_text(messy) == (
        "# yaml-language-server: $schema=x\n"
        "schema_version: 1\n"
        "organisation:\n"
        "  name: 政策局\n"
        "  # the kind, bureau or ward\n"
        "  kind: bureau\n"
        "  slug: seisaku\n"
        "fiscal_year: R7  # the year\n"
        "issues:\n"
        "  - id: A1  # xplan: ignore[P333] reason\n"
        "    domain: A\n"
        "    number: 1\n"
        "    actions:\n"
        "      - schedule:\n"
        "          - q1: []\n"
        "            q2:\n"
        "              - a\n"
        "          - q1: []\n"
        "            q4:\n"
        "              - continues: true\n"
        "                # after the continuation\n"
        "# end of file\n"
    )


@pytest.mark.parametrize("text, quoted", [
    ("政策局", False), ("6～12月", False), ("2025-12", False), ("A1", False), ("(計画)サステナブル", False),
    ("2025-04-01", True), ("12", True), ("yes", True), ("null", True), ("x: y", True), ("#x", True),
    ("- x", True), ("", True), (" lead", True), ("a #b", True), ("@x", True), ("0o17", True), ("1e3", True),
])
def test_quotes_only_where_yaml_needs_them(text: str, quoted: bool) -> None:
    assert plain_ok(text) is not quoted
    out = format_text(f"k: {text!r}\n" if quoted else f"k: {text}\n")
    assert _data(out) == {"k": text}
    assert (out != f"k: {text}\n") is quoted


def test_bad_yaml_is_a_located_error() -> None:
    with pytest.raises(LayoutError) as exc:
        format_text("a: 1\nb: [1, 2\nc: 3\n")
    assert exc.value.line >= 2
    with pytest.raises(LayoutError):
        format_text("a: &x 1\nb: *x\n")


def test_bom_and_crlf_count_as_changes(tmp_path: Path) -> None:
    f = tmp_path / "p.yaml"
    f.write_bytes(b"\xef\xbb\xbfa: 1\r\nb: x\r\n")
    result = format_path(f)
    assert result.changed and result.after == "a: 1\nb: x\n"


# -- property: formatting never changes the data ---------------------------------------------

_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12) | \
    st.sampled_from(["2025-04-01", "yes", "no", "on", "~", "null", "1_000", "0x1f", ".inf", "- a", "? b", ": c",
                     "a: b", "a #b", "#c", "'q'", '"d"', "x\ny", "x\n", "\n", " x ", "政策局：DX", "[a]", "{b}",
                     "→", "!tag", "&a", "*a", "|", ">", "%", "@", "`", "---", "...", "\t", "a\\b"])
_scalars = _text | st.integers(-10**6, 10**6) | st.booleans() | st.none() | \
    st.floats(allow_nan=False, allow_infinity=True, width=64)
_keys = st.sampled_from(["id", "title", "q1", "q2", "items", "heading", "period", "text", "x", "q3"]) | _text
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
                       max_leaves=20)


def _dump(data: Any, flow: bool | None, indent: int) -> str:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = flow
    yaml.indent = indent
    yaml.width = 20
    yaml.allow_unicode = True
    buf = io.StringIO()
    yaml.dump(data, buf)
    return buf.getvalue()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_keys, _values, min_size=1, max_size=5), st.sampled_from([None, True, False]),
       st.sampled_from([2, 3, 4]))
def test_any_data_keeps_its_value(data: dict[str, Any], flow: bool | None, indent: int) -> None:
    text = _dump(data, flow, indent)
    loaded = parse("t.yaml", text)
    if loaded.data is None:
        return  # not something the loader accepts (a key that is not text, …)
    try:
        out = format_text(text)
    except LayoutError as exc:
        # the one refusal allowed here: U+0085/U+2028/U+2029 in a file only the pure-Python parser
        # reads (it does not count them as lines, so no position after one can be trusted); the
        # file is left as it is, with a located message
        assert re.search("[\x85\u2028\u2029]", text) and "U+" in str(exc), exc
        return
    assert _data(out) == loaded.data
    assert format_text(out) == out


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(REAL), st.randoms(use_true_random=False), st.lists(_values, min_size=1, max_size=6),
       st.sampled_from([None, False]), st.sampled_from([2, 4]))
def test_mutated_real_plans_keep_their_data(key: str, rnd: random.Random, values: list[Any],
                                            flow: bool | None, indent: int) -> None:
    data = _data((PLANS / f"{key}.yaml").read_text(encoding="utf-8"))
    data["issues"] = [rnd.choice(data["issues"])]  # one issue keeps each example quick
    slots: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for k, v in items:
            slots.append((node, k))
            walk(v)

    walk(data)
    for value in values:
        container, k = rnd.choice(slots)
        container[k] = value
    data = _shuffle(data, rnd)
    text = _dump(data, flow, indent)
    before = parse("t.yaml", text).data
    if before is None:
        return
    out = format_text(text)
    assert _data(out) == before
    assert format_text(out) == out


# -- the command -------------------------------------------------------------------------------

def _copy(tmp_path: Path, key: str = "R7/seisaku") -> Path:
    target = tmp_path / "plans" / f"{key}.yaml"
    target.parent.mkdir(parents=True)
    target.write_text((PLANS / f"{key}.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return target


def test_fmt_check_lists_files_and_exits_1_then_fmt_writes_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from xplan.commands.write import run_fmt

    plan = _copy(tmp_path)
    canonical = format_text(plan.read_text(encoding="utf-8"))
    plan.write_text(canonical.replace("  kind: bureau\n", "  kind: 'bureau'   # 局\n"), encoding="utf-8")
    plan.chmod(0o640)
    assert run_fmt([tmp_path / "plans"], check=True) == 1
    out = capsys.readouterr()
    assert str(plan) in out.out and "bureau" not in out.out
    assert run_fmt([plan], diff=True) == 0
    out = capsys.readouterr()
    assert "-  kind: 'bureau'   # 局\n+  kind: bureau  # 局\n" in out.out
    assert "'bureau'" in plan.read_text(encoding="utf-8")  # --diff writes nothing
    assert run_fmt([plan]) == 0
    assert plan.read_text(encoding="utf-8") == canonical.replace("  kind: bureau\n", "  kind: bureau  # 局\n")
    assert plan.stat().st_mode & 0o777 == 0o640
    assert run_fmt([plan], check=True) == 0


def test_fmt_reports_a_broken_file_and_still_formats_the_others(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from xplan.commands.write import run_fmt

    good = _copy(tmp_path, "R8/kokurakita")
    bad = tmp_path / "plans" / "R8" / "broken.yaml"
    bad.write_text("schema_version: 1\nissues: [\n", encoding="utf-8")
    assert run_fmt([tmp_path / "plans"]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:3:1: " in err
    assert good.read_text(encoding="utf-8") == format_text(good.read_text(encoding="utf-8"))
    assert bad.read_text(encoding="utf-8") == "schema_version: 1\nissues: [\n"


def test_schema_command_prints_and_writes_the_bundled_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from xplan.commands.write import run_schema
    from xplan.plan.schema import load_schema, schema_path

    assert run_schema() == 0
    printed = capsys.readouterr().out
    assert json.loads(printed) == load_schema() and printed == schema_path().read_text(encoding="utf-8")
    assert run_schema(tmp_path / "plan.schema.json") == 0
    assert (tmp_path / "plan.schema.json").read_text(encoding="utf-8") == printed


def test_bundled_plans_are_in_the_canonical_layout(capsys: pytest.CaptureFixture[str]) -> None:
    """`xplan fmt --check plans/` passes: CI keeps the bundled plans formatted (run `xplan fmt plans/`)."""
    from xplan.commands.write import run_fmt

    assert run_fmt([PLANS], check=True) == 0, capsys.readouterr().out
