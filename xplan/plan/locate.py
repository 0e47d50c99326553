"""Find the line and column of a JSON path in YAML text.

Works on the nodes the loader composed (they carry start and end marks); text that has no
composed document yet is composed lazily, once.
"""

from __future__ import annotations

from typing import Any

Span = tuple[int, int, int, int]  # line, column, end line, end column (1-based)


def _span(node: Any) -> Span:
    s, e = node.start_mark, node.end_mark
    return s.line + 1, s.column + 1, e.line + 1, e.column + 1


class Locator:
    def __init__(self, text: str, root: Any = None) -> None:
        self._text = text
        self._root: Any = root  # the loader's composed document, when it has one
        self._failed = False

    def _compose(self) -> Any:
        if self._root is None and not self._failed:
            from ruamel.yaml import YAML

            try:
                self._root = YAML(typ="safe", pure=False).compose(self._text)
            except Exception:  # the file did not parse; findings keep their own positions
                self._failed = True
        return self._root

    def span(self, pointer: tuple[str | int, ...], at_key: bool = False) -> Span:
        """The span of the value at ``pointer`` (or of its key), or of the nearest ancestor
        that exists — a missing key is reported at the mapping that should hold it."""
        node = self._compose()
        if node is None:
            return 1, 1, 1, 1
        key_node = None
        for part in pointer:
            tag = getattr(node, "id", "")
            if tag == "mapping":
                for k, v in node.value:
                    if str(k.value) == str(part):
                        key_node, node = k, v
                        break
                else:
                    break
            elif tag == "sequence" and isinstance(part, int) and 0 <= part < len(node.value):
                key_node, node = None, node.value[part]
            else:
                break
        else:
            if at_key and key_node is not None:
                return _span(key_node)
            return _span(node)
        # stopped early: point at the key of the deepest node reached, if any, for a short span
        return _span(key_node) if key_node is not None else _span(node)
