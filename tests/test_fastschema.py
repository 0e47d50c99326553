"""The compiled fast check must agree with jsonschema: never accept what jsonschema rejects
(that would hide a schema error) and never reject what it accepts."""

from __future__ import annotations

import random
from typing import Any

import pytest
from conftest import PLANS, SOURCES

from xplan.plan.fastschema import Unsupported, compile_schema
from xplan.plan.loader import load
from xplan.plan.schema import load_schema, validator

REPLACEMENTS: list[Any] = [None, True, False, 0, 1, 1.0, 2.5, -1, "", "x", "高", "R7", "2025-12", "A1",
                           "6～12月", [], ["x"], [{"continues": True}], {}, {"x": 1}, {"continues": True},
                           {"heading": "h", "items": []}, {"text": "t", "period": "6～12月"},
                           {"lead": "l", "items": ["x"]}, {"lead": "l", "items": [], "tail": "t"},
                           {"lead": "l", "tail": "t"}, {"lead": 1, "items": []},
                           # schedule rows: a month range alone, and with a quarter cell (the row's if/then)
                           {"period": "6～12月"}, {"period": "6～12月", "q2": []}, {"q1": [], "q4": ["x"]}]


def _slots(node: Any, out: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    if isinstance(node, dict):
        for k, v in node.items():
            out.append((node, k))
            _slots(v, out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.append((node, i))
            _slots(v, out)
    return out


def _agree(doc: Any, rng: random.Random, samples: int) -> int:
    """Mutate sampled slots of ``doc`` one at a time (then restore) and compare the verdicts."""
    fast, slow = compile_schema(load_schema()), validator()
    assert fast(doc) and slow.is_valid(doc)
    checked = 0
    slots = _slots(doc, [])
    for container, k in rng.sample(slots, min(len(slots), samples)):
        original = container[k]
        for value in rng.sample(REPLACEMENTS, 6):
            container[k] = value
            assert fast(doc) == slow.is_valid(doc), (k, value)
            checked += 1
        container[k] = original
        if isinstance(container, dict):  # removing a key, and adding an unknown one beside it
            del container[k]
            assert fast(doc) == slow.is_valid(doc), ("removed", k)
            container[k] = original
            container["unknown_key"] = 1
            assert fast(doc) == slow.is_valid(doc), ("added beside", k)
            del container["unknown_key"]
            checked += 2
    assert fast(doc) and slow.is_valid(doc)
    return checked


@pytest.mark.parametrize("key", sorted(SOURCES) + ["rule_base"])
def test_fast_check_agrees_with_jsonschema_on_mutations(key: str) -> None:
    path = PLANS.parent / "tests/rule_cases/_base.yaml" if key == "rule_base" else PLANS / f"{key}.yaml"
    data = load(path).data
    rng = random.Random(key)
    # whole-plan verdicts on the header, then one-issue plans so each check stays cheap
    checked = _agree({**data, "issues": []}, rng, 25)
    for issue in rng.sample(data["issues"], min(4, len(data["issues"]))):
        checked += _agree({**data, "issues": [issue]}, rng, 25)
    assert checked > 400


def test_unknown_keyword_refuses_to_compile() -> None:
    with pytest.raises(Unsupported):
        compile_schema({"type": "object", "propertyNames": {"pattern": "^a"}})


def test_json_equality_semantics() -> None:
    check = compile_schema({"const": True})
    assert check(True) and not check(1)
    assert compile_schema({"type": "integer"})(1.0) and not compile_schema({"type": "integer"})(True)


def _lead_ins(node: Any, out: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        if "lead" in node:
            out.append(node)
        for v in node.values():
            _lead_ins(v, out)
    elif isinstance(node, list):
        for v in node:
            _lead_ins(v, out)
    return out


def test_lead_in_blocks_agree_with_jsonschema() -> None:
    """Every lead-in of the real plans, broken each way a hand edit could break it."""
    fast, slow = compile_schema(load_schema()), validator()
    mutations: list[tuple[str, Any]] = [("items", None), ("lead", None), ("tail", None), ("extra", 1),
                                        ("items", "x"), ("lead", ["x"]), ("tail", 3), ("items", [{"lead": "l"}])]
    checked = 0
    for key in SOURCES:
        data = load(PLANS / f"{key}.yaml").data
        for issue_or_top in [{**data, "issues": []}] + [{**data, "issues": [i]} for i in data["issues"]]:
            for node in _lead_ins(issue_or_top, []):
                for k, value in mutations:
                    saved = dict(node)
                    if value is None:
                        node.pop(k, None)
                    else:
                        node[k] = value
                    assert fast(issue_or_top) == slow.is_valid(issue_or_top), (key, k, value)
                    assert not fast(issue_or_top) or k == "tail", (key, k, value)  # only tail is optional
                    node.clear()
                    node.update(saved)
                    checked += 1
            assert fast(issue_or_top)
    assert checked >= 8 * 9  # nine lead-ins in the bundled plans


def test_schedule_row_period_and_quarters_agree() -> None:
    """The row's if/then (a month range excludes quarter cells) is compiled, not handed over."""
    fast, slow = compile_schema(load_schema()), validator()
    row_schema = {"$ref": "#/$defs/schedule_row", "$defs": load_schema()["$defs"]}
    fast_row = compile_schema(row_schema)
    for row, ok in [({"period": "6～12月"}, True), ({"q1": [], "q2": [], "q3": [], "q4": []}, True),
                    ({"period": "6～12月", "q1": []}, False), ({"period": "6～12月", "q4": ["x"]}, False),
                    ({"period": "13月"}, False), ({"label": "x", "actions": [1], "q2": [{"continues": True}]}, True)]:
        assert fast_row(row) is ok and slow.evolve(schema=row_schema).is_valid(row) is ok, row
    assert fast is not None
