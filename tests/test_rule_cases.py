"""Data-driven rule cases (tests/rule_cases/<CODE>.yaml), in the style of sqlfluff's
std_rule_cases: each file names one rule and its passing and failing cases. A case patches the
clean base plan (tests/rule_cases/_base.yaml) with JSON-pointer edits (and, for the rules that read
comments, ``edit`` find/replace on the written text or ``append``), lints it, and expects
that many findings of the rule — and no schema findings, so every case is a valid plan.

A failing case of a rule that ``xplan lint --fix`` can fix also says what the fix makes of it
(``fix:``, as JSON-pointer patches). A rule that is off by default is switched on by ``config`` (the configuration keys it reads, as
in ``[tool.xplan]``), given for the whole file or per case (a case's ``config: {}`` leaves it off)."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from xplan.config import parse
from xplan.i18n import speaking
from xplan.lint.engine import lint_file
from xplan.lint.registry import find_rule
from xplan.lint.rules import where
from xplan.plan.model import build_plan

CASES = Path(__file__).parent / "rule_cases"
GLUED = re.compile(r"\((?:[a-z]+ ){2,}")  # "…がありません (the action has no …"
JAPANESE_WORD = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]+")


def _load(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def _base() -> Any:
    from xplan.plan.loader import load

    return load(CASES / "_base.yaml").data


def _apply(doc: Any, patch: dict[str, Any]) -> None:
    *parents, last = patch["path"].split("/")[1:]
    node = doc
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if patch.get("remove"):
        del node[int(last) if isinstance(node, list) else last]
    elif isinstance(node, list):
        node.append(patch["set"]) if last == "-" else node.__setitem__(int(last), patch["set"])
    else:
        node[last] = patch["set"]


def _cases() -> list[Any]:
    out = []
    for f in sorted(CASES.glob("[A-Z]*.yaml")):
        spec = _load(f)
        for name, case in spec["cases"].items():
            case = {"config": spec.get("config", {}), **case}
            out.append(pytest.param(spec["rule"], case, id=f"{spec['rule']}-{name}"))
    return out


def test_base_plan_is_clean(tmp_path: Path) -> None:
    target = tmp_path / "R7" / "test-ward.yaml"
    target.parent.mkdir()
    target.write_text((CASES / "_base.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert [f.code for f in lint_file(str(target)).findings] == []


def test_every_plan_rule_has_cases() -> None:
    from xplan.lint.rules import plan_rules

    covered = {_load(f)["rule"] for f in CASES.glob("[A-Z]*.yaml")}
    single_file = {r.code for r in plan_rules() if not r.cross_file}
    assert single_file - covered == set()


@pytest.mark.parametrize(("rule", "case"), _cases())
def test_rule_case(rule: str, case: dict[str, Any], tmp_path: Path) -> None:
    doc = copy.deepcopy(_base())
    for patch in case.get("patch", []):
        _apply(doc, patch)
    target = tmp_path / case.get("file", "R7/test-ward.yaml")
    target.parent.mkdir(parents=True, exist_ok=True)
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    with target.open("w", encoding="utf-8") as fh:
        yaml.dump(doc, fh)
    if case.get("edit") or case.get("append"):  # comments: what a data patch cannot write
        text = target.read_text(encoding="utf-8")
        for e in case.get("edit", []):
            assert e["find"] in text, e["find"]
            text = text.replace(e["find"], e["replace"], 1)
        target.write_text(text + case.get("append", ""), encoding="utf-8")
    cfg = parse(target, case["config"])  # the same reading as [tool.xplan]
    findings = lint_file(str(target), cfg.rule_options()).findings
    assert [f.message for f in findings if f.code.startswith("S")] == []
    hits = [f for f in findings if f.code == rule]
    assert len(hits) == case["expect"], [f.message for f in hits]
    for f in hits:
        assert f.line >= 1 and f.column >= 1  # every finding is located
    # a fixable rule's failing case says what `lint --fix` makes of it: each finding's value and
    # what it becomes, written as a patch (sqlfluff's fix_str)
    if find_rule(rule).fix and case["expect"]:
        assert "fix" in case, f"{rule}: a failing case of a fixable rule states its fix:"
    if "fix" in case:
        assert [{"path": f.path, "set": f.extra.get("fix")} for f in hits if "fix" in f.extra] == case["fix"]
    # one language at a time: no English glued on in Japanese, and in English no Japanese but the
    # plan's own words (titles, placeholders, 高/低) and the place it names (課題B（1） 取組(1))
    text = target.read_text(encoding="utf-8")
    with speaking("en"):
        english = [f for f in lint_file(str(target), cfg.rule_options()).findings if f.code == rule]
        plan = build_plan(YAML(typ="safe", pure=True).load(text), str(target))
        places = [where(plan, f.pointer) for f in english]
    assert len(english) == len(hits)
    for f in hits:
        assert not GLUED.search(f.message), f.message
    for f, place in zip(english, places):
        words = JAPANESE_WORD.findall(f.message.replace(place, "", 1))
        assert all(w in text or w in ("高", "低") for w in words), f.message
