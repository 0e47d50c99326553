"""The draft's text: the canonical ``xplan fmt`` layout, with each doubt as a comment on its line."""

from __future__ import annotations

from typing import Any

from xplan.importer.marks import MARK, WHY, reason
from xplan.write.tree import Document, Entry, Item, Map, Node, Scalar, Seq
from xplan.write.tree import render as render_doc


def _comment(why: str) -> str:
    return f"# xplan: {MARK} {why}"


def _node(value: Any) -> tuple[Node, str | None]:
    """A tree node for ``value`` and the comment its line carries (None: no doubt)."""
    why = reason(value)
    if isinstance(value, dict):
        return Map([_entry(k, v) for k, v in value.items() if k != WHY]), why
    if isinstance(value, list):
        node = Seq([])
        for v in value:
            child, child_why = _node(v)
            node.items.append(Item(child, eol=_comment(child_why) if child_why else None))
        if why and not value:
            return node, why
        if why and node.items:
            first = node.items[0]
            note = _comment(why)
            first.eol = f"{note}  {first.eol}" if first.eol else note
            return node, None
        return node, None
    return Scalar(str(value) if isinstance(value, str) else value), why


def _entry(key: str, value: Any) -> Entry:
    node, why = _node(value)
    return Entry(Scalar(key), node, eol=_comment(why) if why else None)


def render(data: dict[str, Any], modeline: str | None) -> str:
    from xplan.plan.schema import load_schema
    from xplan.write.order import order

    root, _ = _node(data)
    assert isinstance(root, Map)
    schema = load_schema()
    order(root, schema, schema)
    return render_doc(Document(root, [modeline] if modeline else []))


def plain(data: Any) -> Any:
    """The data without the importer's marks (what the draft file loads as)."""
    if isinstance(data, dict):
        return {k: plain(v) for k, v in data.items() if k != WHY}
    if isinstance(data, list):
        return [plain(v) for v in data]
    if isinstance(data, str):
        return str(data)
    return data
