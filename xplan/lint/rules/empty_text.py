import sys
from collections.abc import Iterator
from typing import Any

from xplan.i18n import N_, _
from xplan.lint.rules import make
from xplan.plan.findings import Finding
from xplan.plan.model import Plan

# The rule's documentation (`xplan rule` prints it): a message like any other, in the catalog.
__doc__ = N_("""An empty text item.

A bullet, paragraph, heading, title or cell item with no text (``- ""``, ``title: ""``) says
nothing. A cell printed empty is written ``[]``, not as a list holding an empty string.""")

CODE = "P371"
NAME = "empty-text"
SEVERITY = "warning"


def strings(node: Any, pointer: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string value in plain data, with its JSON path."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(node, pointer)]
    while stack:
        value, ptr = stack.pop()
        if isinstance(value, str):
            yield ptr, value
        elif isinstance(value, dict):
            stack.extend((v, ptr + (k,)) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((v, ptr + (i,)) for i, v in reversed(list(enumerate(value))))


def check(plan: Plan) -> Iterator[Finding]:
    from xplan.lint.rules import where

    for ptr, text in strings(plan.raw):
        if not text.strip():
            yield make(sys.modules[__name__], plan,
                       _("{where}: empty text at {pointer}; remove it or write the text").format(
                           where=where(plan, ptr), pointer="/".join(map(str, ptr))), ptr)
