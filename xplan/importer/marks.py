"""Values the importer is unsure of carry their reason (``# xplan: 要確認 <why>`` in the draft)."""

from __future__ import annotations

from typing import Any

WHY = "__xplan_check__"  # the key a mapping carries its reason under until the draft is written
MARK = "要確認"


class Checked(str):
    """A text the importer read with a doubt: the doubt goes next to it as a comment."""

    why: str

    def __new__(cls, text: str, why: str) -> Checked:
        obj = super().__new__(cls, text)
        obj.why = why
        return obj


class CheckedList(list[Any]):
    why: str

    def __init__(self, items: list[Any], why: str) -> None:
        super().__init__(items)
        self.why = why


def check(value: Any, why: str) -> Any:
    """``value`` marked for review with ``why`` (a mapping keeps the reason under WHY)."""
    if isinstance(value, dict):
        value[WHY] = value.get(WHY) or why
        return value
    if isinstance(value, str):
        return Checked(value, why)
    if isinstance(value, list):
        return CheckedList(value, why)
    return value


def reason(value: Any) -> str | None:
    if isinstance(value, dict):
        return value.get(WHY)
    return getattr(value, "why", None)


def count(value: Any) -> int:
    """How many marks a value holds."""
    n = 1 if reason(value) else 0
    if isinstance(value, dict):
        return n + sum(count(v) for k, v in value.items() if k != WHY)
    if isinstance(value, list):
        return n + sum(count(v) for v in value)
    return n
