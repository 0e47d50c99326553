"""JSON as the commands print it (xplan/output/jsontext.py): the same data as json.dumps, one
record per line."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import PLANS
from typer.testing import CliRunner

from xplan.cli import app
from xplan.output.jsontext import dumps

CASES: list[Any] = [
    {}, [], None, 0, "", "課題A（1）", 1.5, True, {"a": []}, {"a": {}}, [[]], [{}],
    {"version": 1, "issues": [{"org": "政策局", "impact": "高", "tags": ["a", "b"]}, {"org": "小倉北区", "impact": None}]},
    {"q4": [{"continues": True}], "deep": {"x": {"y": {"z": [1, [2, [3]]]}}}},
    ["\"quoted\" \\ and \n newline", "\u2028", {"k\"ey": "v"}],
]


@pytest.mark.parametrize("value", CASES)
def test_same_data_as_json_dumps(value: Any) -> None:
    text = dumps(value)
    assert text.endswith("\n")
    assert json.loads(text) == value
    assert json.loads(text) == json.loads(json.dumps(value, ensure_ascii=False, indent=2))


def test_each_issue_is_one_line_of_the_real_output() -> None:
    r = CliRunner().invoke(app, ["issues", "--all", "-F", "json", "--plans", str(PLANS), "--no-cache"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    lines = r.stdout.splitlines()
    assert lines[0] == "{" and lines[1] == '  "version": 1,'
    rows = [line for line in lines if line.startswith('    {"org": ')]
    assert len(rows) == len(data["issues"]) > 50
    assert all(json.loads(row.rstrip(",")) in data["issues"] for row in rows)


def _json_values() -> Any:
    from hypothesis import strategies as st

    scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                        max_leaves=20)


def test_any_json_value_round_trips() -> None:
    from hypothesis import given, settings

    @settings(max_examples=300, deadline=None)
    @given(_json_values())
    def check(value: Any) -> None:
        assert json.loads(dumps(value)) == value

    check()
