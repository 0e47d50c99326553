"""Read YAML text into a ``tree.Document``, attaching every comment to the element it belongs to.

ruamel.yaml composes the text into position-carrying nodes (the same parse as the loader, so the
same values: dates stay text). Comments are then found by position: a ``#`` that starts a line's
content, or follows white space outside every scalar, begins a comment. ruamel's round-trip mode
also keeps comments, but it hangs a comment line on the *previous* element's value, so reordering
keys would carry comments away from the key they describe; attaching them by position does not:

- a comment at the end of a line belongs to the deepest element whose line it ends;
- a comment on its own line belongs to the next element, unless it is indented deeper than that
  element: then it closes the deeper block above it and stays at that block's end;
- comments before the first key are the document's header (the yaml-language-server modeline).
"""

from __future__ import annotations

import bisect
import re
import sys
from dataclasses import dataclass
from typing import Any

from xplan.i18n import _
from xplan.write.tree import Document, Entry, Item, Map, Node, Scalar, Seq

_STR = "tag:yaml.org,2002:str"


class LayoutError(Exception):
    """The text cannot be laid out: not YAML, or a construct the canonical layout does not keep."""

    def __init__(self, message: str, line: int = 1, column: int = 1, code: str | None = None) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column
        self.code = code  # the lint rule that reports the same problem (E104 duplicate-key …), if one does

    def __str__(self) -> str:
        return f"{self.code} {self.message}" if self.code else self.message


class PositionMismatch(Exception):
    """The reader's lines disagree with the parser's marks: a bug in xplan, never written."""


@dataclass
class _Element:
    target: Entry | Item
    line: int  # 0-based line where the element starts (its key, or its dash)
    column: int  # column of the key or the dash
    container: Map | Seq
    chain: tuple[tuple[Map | Seq, int], ...]  # enclosing collections with their element columns, outermost first


# What ends a line for each parser (after CR and CRLF are made LF): the C parser reads YAML 1.1,
# where NEL, U+2028 and U+2029 are line breaks too; its marks count them, so the comments must be
# found on lines counted the same way, or they attach to the wrong element (issue 23, case 3).
_C_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_PURE_BREAKS = re.compile("\r\n|[\r\n]")
_ODD_BREAKS = re.compile("[\x85\u2028\u2029]")


def yaml_line_starts(text: str, pure: bool) -> list[int]:
    """The offset in ``text`` at which each line begins, lines counted as the parser that read
    the text counts them (``pure``: ruamel's pure-Python parser; else the C parser)."""
    return [0, *(m.end() for m in (_PURE_BREAKS if pure else _C_BREAKS).finditer(text))]


def yaml_lines(text: str, pure: bool) -> list[str]:
    """The lines of ``text`` as the parser that read it counts them (see ``yaml_line_starts``)."""
    return (_PURE_BREAKS if pure else _C_BREAKS).split(text)


class _Reader:
    def __init__(self, text: str, pure: bool = False) -> None:
        self.text = text
        self.lines = yaml_lines(text, pure)
        self.elements: list[_Element] = []
        self.claims: dict[int, Entry | Item] = {}  # line -> the element whose line-end comment it takes
        self.covered: dict[int, list[tuple[int, int]]] = {}  # line -> column spans inside scalars
        self.seen: set[int] = set()

    # -- scalars and their spans ---------------------------------------------------------------
    def _cover(self, node: Any) -> None:
        start, end = node.start_mark, node.end_mark
        style = getattr(node, "style", None)
        if style in ("|", ">"):
            # a block scalar runs from its header to the line before the next token
            self.covered.setdefault(start.line, []).append((start.column, start.column + 1))
            for line in range(start.line + 1, end.line + (1 if end.column else 0)):
                self.covered.setdefault(line, []).append((0, 1 << 30))
            return
        if start.line == end.line:
            self.covered.setdefault(start.line, []).append((start.column, end.column))
            return
        self.covered.setdefault(start.line, []).append((start.column, 1 << 30))
        for line in range(start.line + 1, end.line):
            self.covered.setdefault(line, []).append((0, 1 << 30))
        self.covered.setdefault(end.line, []).append((0, end.column))

    def _scalar(self, node: Any, constructor: Any) -> Scalar:
        self._cover(node)
        tag = node.tag if isinstance(node.tag, str) else str(node.tag)
        if tag == _STR:
            return Scalar(node.value)
        value = constructor.construct_object(node, deep=True)
        if isinstance(value, str):
            return Scalar(value)
        if value is not None and not isinstance(value, (bool, int, float)):
            raise LayoutError(_("a value of type {kind} cannot be kept by the formatter; write it as text")
                              .format(kind=type(value).__name__), node.start_mark.line + 1, node.start_mark.column + 1)
        source = node.value if isinstance(value, float) and not node.style else None
        return Scalar(value, source)

    def _end_line(self, node: Any) -> int:
        """The line on which a value ends, for its line-end comment."""
        if node.id == "scalar" and getattr(node, "style", None) in ("|", ">"):
            return int(node.start_mark.line)
        if node.id == "scalar" or getattr(node, "flow_style", False):
            end = node.end_mark
            return int(end.line if end.column or end.line == node.start_mark.line else end.line - 1)
        return -1

    def _dash(self, node: Any) -> tuple[int, int]:
        """Line and column of the dash before a block sequence item."""
        line, col = node.start_mark.line, node.start_mark.column
        while line >= 0:
            before = self.lines[line][:col] if line == node.start_mark.line else self.lines[line]
            stripped = before.rstrip()
            if stripped.endswith("-") and stripped[:-1].strip(" -") == "" and stripped.lstrip(" ") != "":
                # '- - x': the innermost dash is the last one
                return line, len(stripped) - 1
            line -= 1
            col = len(self.lines[line]) if line >= 0 else 0
        return node.start_mark.line, node.start_mark.column

    def _check_position(self, key: Any) -> None:
        """A plain key must stand in the text where the parser saw it. If it does not, lines are
        being counted differently from the parser and comments would attach to the wrong keys
        (issue 23, case 3): stop before anything is laid out."""
        start, end = key.start_mark, key.end_mark
        if key.style or start.line != end.line or not isinstance(key.value, str):
            return
        line = self.lines[start.line] if start.line < len(self.lines) else ""
        if line[start.column:end.column] != key.value:
            raise PositionMismatch(f"key {key.value!r} not found at line {start.line + 1}, column {start.column + 1}")

    # -- the tree ------------------------------------------------------------------------------
    def build(self, node: Any, constructor: Any, chain: tuple[tuple[Map | Seq, int], ...]) -> Node:
        if id(node) in self.seen:
            raise LayoutError(_("anchors and aliases (&name, *name) are not kept by the formatter; "
                                "write the content out"), node.start_mark.line + 1, node.start_mark.column + 1)
        self.seen.add(id(node))
        if getattr(node, "anchor", None):
            raise LayoutError(_("anchors and aliases (&name, *name) are not kept by the formatter; "
                                "write the content out"), node.start_mark.line + 1, node.start_mark.column + 1)
        if node.id == "scalar":
            return self._scalar(node, constructor)
        flow = bool(getattr(node, "flow_style", False))
        if node.id == "mapping":
            m = Map()
            column = node.value[0][0].start_mark.column if node.value else 0
            inner = (*chain, (m, column))
            for key_node, value_node in node.value:
                if key_node.id != "scalar":
                    raise LayoutError(_("a key that is a list or a mapping cannot be kept by the formatter"),
                                      key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                self._check_position(key_node)
                entry = Entry(self._scalar(key_node, constructor), Scalar(None))
                self.elements.append(_Element(entry, key_node.start_mark.line, key_node.start_mark.column, m, inner))
                end = self._end_line(value_node)
                self.claims[key_node.start_mark.line if end < 0 else end] = entry
                entry.value = self.build(value_node, constructor, inner)
                m.entries.append(entry)
            return m
        s = Seq()
        for n, item_node in enumerate(node.value):
            if flow:
                line, column = item_node.start_mark.line, item_node.start_mark.column
            else:
                line, column = self._dash(item_node)
            if n == 0:
                inner = (*chain, (s, column))
            item = Item(Scalar(None))
            self.elements.append(_Element(item, line, column, s, inner))
            end = self._end_line(item_node)
            if end >= 0:
                self.claims[end] = item
            item.value = self.build(item_node, constructor, inner)
            s.items.append(item)
        return s

    # -- comments ------------------------------------------------------------------------------
    def _comment_start(self, line: int) -> int | None:
        text = self.lines[line]
        spans = self.covered.get(line, ())
        pos = text.find("#")
        while pos >= 0:
            if (pos == 0 or text[pos - 1] in " \t") and not any(a <= pos < b for a, b in spans):
                return pos
            pos = text.find("#", pos + 1)
        return None

    def attach(self, doc: Document) -> None:
        starts = [e.line for e in self.elements]
        pending_blank = False
        for line, text in enumerate(self.lines):
            spans = self.covered.get(line, ())
            if any(a == 0 and b >= 1 << 30 for a, b in spans):
                continue  # inside a multi-line scalar
            stripped = text.strip()
            if not stripped:
                pending_blank = True
                continue
            pos = self._comment_start(line)
            if pos is None:
                if pending_blank:
                    self._blank_before(doc, starts, line)
                pending_blank = False
                continue
            comment = text[pos:].rstrip()
            own_line = not text[:pos].strip() or text[:pos].strip() in ("---", "...")
            if not own_line and line in self.claims:
                target = self.claims[line]
                target.eol = comment if target.eol is None else f"{target.eol}  {comment}"
                if pending_blank:
                    self._blank_before(doc, starts, line)
                pending_blank = False
                continue
            self._place(doc, starts, line, pos if own_line else len(text[:pos].rstrip()), comment, pending_blank)
            pending_blank = False
        self._split_header(doc)

    def _split_header(self, doc: Document) -> None:
        """Comments right above the first key (no blank line between) describe that key, unless
        they are or precede the yaml-language-server modeline, which stays at the top."""
        cut = 0
        for n, line in enumerate(doc.header):
            if line == "" or line.startswith("# yaml-language-server:"):
                cut = n + 1
        if cut < len(doc.header) and self.elements:
            self.elements[0].target.before[:0] = doc.header[cut:]
            del doc.header[cut:]

    def _blank_before(self, doc: Document, starts: list[int], line: int) -> None:
        here = self._starts_here(starts, line)
        if here is not None:
            # a blank line after the header comments stays with the header
            (doc.header if here is self.elements[0] else here.target.before).append("")

    def _starts_here(self, starts: list[int], line: int) -> _Element | None:
        i = bisect.bisect_left(starts, line)
        return self.elements[i] if i < len(starts) and starts[i] == line else None

    def _place(self, doc: Document, starts: list[int], line: int, column: int, comment: str, blank: bool) -> None:
        """A comment on its own line: before the next element, or at the end of the block above."""
        i = bisect.bisect_right(starts, line)
        if i == 0:
            target_list = doc.header  # before the first key
        else:
            nxt = self.elements[i] if i < len(self.elements) else None
            prev = self.elements[i - 1]
            if nxt is not None and self._starts_here(starts, line) is not None:
                nxt = self._starts_here(starts, line)  # an unclaimed comment on a content line
            if nxt is not None:
                # '- key:' starts an item and its first key: a comment indented to the key is the key's
                j = self.elements.index(nxt) + 1
                while j < len(self.elements) and self.elements[j].line == nxt.line \
                        and self.elements[j].column <= column:
                    nxt, j = self.elements[j], j + 1
            limit = nxt.column if nxt is not None else -1
            home = None
            if nxt is None or column > limit:
                # the deepest block above that has ended and whose elements sit at or left of the comment
                for depth in range(len(prev.chain) - 1, -1, -1):
                    col = prev.chain[depth][1]
                    if limit < col <= column:
                        # a sequence written at its key's column belongs with the mapping outside it
                        while depth > 0 and prev.chain[depth - 1][1] == col:
                            depth -= 1
                        home = prev.chain[depth][0]
                        break
                if home is None and nxt is None:
                    home = doc.root
            target_list = home.trailing if home is not None else nxt.target.before  # type: ignore[union-attr]
        if blank:
            target_list.append("")
        target_list.append(comment)


def read(text: str) -> Document:
    """Parse YAML text into a tree with its comments. Raises LayoutError with a location."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    from xplan.plan.loader import _plan_constructor, compose_marked

    # CR and CRLF end a line for every parser, inside scalars too (folded like LF): one kind of line end
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = _plan_constructor()
    limit = sys.getrecursionlimit()
    try:
        sys.setrecursionlimit(max(limit, 4000))
        node, pure = compose_marked(text)  # the loader's verdict: C parser, else pure Python (issue 17 case 13)
    except (MarkedYAMLError, YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise LayoutError(_("not valid YAML: {problem}").format(problem=problem),
                          mark.line + 1 if mark else 1, mark.column + 1 if mark else 1) from None
    except Exception as exc:  # noqa: BLE001 - ruamel asserts on some input (`%YAML 1.3`): bad input, not a bug
        raise LayoutError(_("not valid YAML: {problem}").format(problem=exc)) from None
    finally:
        sys.setrecursionlimit(limit)
    if node is None or node.id != "mapping":
        raise LayoutError(_("the top level must be a mapping of plan keys"))
    odd = _ODD_BREAKS.search(text) if pure else None
    if odd is not None:
        # the pure-Python parser ends comments at these but does not count them as lines: no
        # position it gives after one can be trusted, so the file is left alone
        line = text.count("\n", 0, odd.start())
        raise LayoutError(_("the character U+{code:04X} (a line break for some YAML readers, text for others) "
                            "cannot be laid out safely; replace it with an ordinary line break or remove it")
                          .format(code=ord(odd.group())), line + 1, odd.start() - text.rfind("\n", 0, odd.start()))
    reader = _Reader(text, pure)
    root = reader.build(node, yaml.constructor, ())
    assert isinstance(root, Map)
    doc = Document(root)
    reader.attach(doc)
    return doc
