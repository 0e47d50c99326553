"""Key order as in the schema: each mapping's keys in the order its schema lists its properties.

The schema is walked alongside the data: ``$ref`` is followed, and where a place allows several
shapes (``anyOf``/``oneOf``, e.g. a text block that is a string, a headed group or an item with a
period) the shape whose properties cover most of the mapping's keys gives the order. Keys the
schema does not know (a typo that lint reports) keep their relative order after the known ones.
"""

from __future__ import annotations

from typing import Any

from xplan.write.tree import Map, Node, Seq


def _deref(schema: Any, root: dict[str, Any]) -> Any:
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema and seen < 32:
        ref = schema["$ref"]
        if not ref.startswith("#/"):
            return None
        target: Any = root
        for part in ref[2:].split("/"):
            target = target.get(part) if isinstance(target, dict) else None
        schema, seen = target, seen + 1
    return schema if isinstance(schema, dict) else None


def _alternatives(schema: Any, root: dict[str, Any]) -> list[dict[str, Any]]:
    s = _deref(schema, root)
    if s is None:
        return []
    out = [s]
    for key in ("anyOf", "oneOf", "allOf"):
        for alt in s.get(key, ()):
            out.extend(_alternatives(alt, root))
    for key in ("then", "else"):
        if key in s:
            out.extend(_alternatives(s[key], root))
    return out


def _object_shape(schema: Any, root: dict[str, Any], keys: list[Any]) -> dict[str, Any] | None:
    """The properties of the shape that fits these keys best (most keys known, first on ties)."""
    best, best_score = None, -1
    for alt in _alternatives(schema, root):
        props = alt.get("properties")
        if isinstance(props, dict):
            score = sum(1 for k in keys if k in props)
            if score > best_score:
                best, best_score = props, score
    return best


def _items_schema(schema: Any, root: dict[str, Any]) -> Any:
    for alt in _alternatives(schema, root):
        if "items" in alt:
            return alt["items"]
    return None


def order(node: Node, schema: Any, root: dict[str, Any]) -> None:
    """Reorder every mapping under ``node`` in place."""
    if isinstance(node, Map):
        keys = [e.key.value for e in node.entries]
        props = _object_shape(schema, root, keys) if schema is not None else None
        if props:
            rank = {k: i for i, k in enumerate(props)}
            node.entries.sort(key=lambda e: rank.get(e.key.value, len(rank)) if isinstance(e.key.value, str) else len(rank))
        for e in node.entries:
            child = props.get(e.key.value) if props and isinstance(e.key.value, str) else None
            order(e.value, child, root)
    elif isinstance(node, Seq):
        items = _items_schema(schema, root) if schema is not None else None
        for it in node.items:
            order(it.value, items, root)
