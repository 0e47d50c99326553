"""A YAML document as a tree that carries its comments, and the one canonical way to print it.

The canonical layout (``xplan fmt``): two-space indentation; block mappings and block sequences,
with a sequence's dashes two columns in from its key; ``[]`` and ``{}`` only for empty
collections; text unquoted unless YAML needs quotes (then double quotes, or single quotes when
the text holds ``"`` or ``\\``), multi-line text as a literal block; no line is ever folded, so
long Japanese sentences stay on one line. Comments are kept byte for byte: a comment on its own
line is printed before the element it precedes, at that element's indentation; a comment at
the end of a line stays at the end of that element's line, two spaces after it. A blank line
before an element or comment is kept as one blank line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

INDENT = 2


@dataclass
class Scalar:
    value: Any  # str, int, float, bool or None
    source: str | None = None  # a number as written (1.50 stays 1.50); unused for text


@dataclass
class Entry:
    key: Scalar
    value: Node
    before: list[str] = field(default_factory=list)  # comment lines ('# …'); '' is a blank line
    eol: str | None = None  # the comment at the end of the entry's line


@dataclass
class Item:
    value: Node
    before: list[str] = field(default_factory=list)
    eol: str | None = None


@dataclass
class Map:
    entries: list[Entry] = field(default_factory=list)
    trailing: list[str] = field(default_factory=list)  # comment lines after the last entry


@dataclass
class Seq:
    items: list[Item] = field(default_factory=list)
    trailing: list[str] = field(default_factory=list)


Node = Scalar | Map | Seq


@dataclass
class Document:
    root: Map
    header: list[str] = field(default_factory=list)  # comment lines before the first key (the modeline)


def from_data(value: Any) -> Node:
    """A tree without comments from plain data (dicts, lists, scalars), in the data's order."""
    if isinstance(value, dict):
        return Map([Entry(Scalar(k), from_data(v)) for k, v in value.items()])
    if isinstance(value, (list, tuple)):
        return Seq([Item(from_data(v)) for v in value])
    return Scalar(value)


def to_data(node: Node) -> Any:
    if isinstance(node, Map):
        return {e.key.value: to_data(e.value) for e in node.entries}
    if isinstance(node, Seq):
        return [to_data(i.value) for i in node.items]
    return node.value


# -- scalars ---------------------------------------------------------------------------------

# YAML's printable characters, less the ones a plain or single-quoted scalar cannot hold as is
# (tab, line breaks, NEL, the Unicode line and paragraph separators, the byte order mark).
_UNPRINTABLE = re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_RESOLVERS: list[Any] = []


def _resolves_to_text(text: str) -> bool:
    """Whether ``text`` written plain is read back as text by YAML 1.2 (as xplan reads it,
    timestamps included) and by YAML 1.1 (as older tools read it: yes, on, 0777 …)."""
    if not _RESOLVERS:
        from ruamel.yaml.nodes import ScalarNode
        from ruamel.yaml.resolver import VersionedResolver

        _RESOLVERS.extend([ScalarNode, VersionedResolver(version=(1, 2)), VersionedResolver(version=(1, 1))])
    node_class, *resolvers = _RESOLVERS
    return all(r.resolve(node_class, text, (True, False)) == "tag:yaml.org,2002:str" for r in resolvers)


def plain_ok(text: str) -> bool:
    """Whether a string can be written without quotes in block context and read back unchanged."""
    if not text or text != text.strip(" ") or _UNPRINTABLE.search(text):
        return False
    first = text[0]
    if first in _INDICATORS and not (first in "-?:" and len(text) > 1 and text[1] != " "):
        return False
    if ": " in text or " #" in text or text.endswith(":") or text.startswith(("---", "...")):
        return False
    return _resolves_to_text(text)


def _double_quoted(text: str) -> str:
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif _UNPRINTABLE.match(ch):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def quoted(text: str) -> str:
    """Double quotes, or single quotes for single-line text holding a double quote or backslash."""
    if ('"' in text or "\\" in text) and not _UNPRINTABLE.search(text):
        return "'" + text.replace("'", "''") + "'"
    return _double_quoted(text)


def _literal_ok(text: str) -> bool:
    lines = text.split("\n")
    if not text.rstrip("\n") or any(_UNPRINTABLE.search(line.replace("\t", " ")) for line in lines):
        return False
    # a last line of spaces would be read as indentation, not content
    return text.rstrip("\n").split("\n")[-1].strip(" ") != ""


def scalar_lines(s: Scalar, indent: int, key: bool = False) -> list[str]:
    """The scalar's text: one inline line, plus the body lines of a literal block (at ``indent``)."""
    v = s.value
    if v is None:
        return ["null"]
    if isinstance(v, bool):
        return ["true" if v else "false"]
    if isinstance(v, int):
        return [str(v)]
    if isinstance(v, float):
        if s.source is not None:
            return [s.source]
        if v != v:
            return [".nan"]
        if v in (float("inf"), float("-inf")):
            return [".inf" if v > 0 else "-.inf"]
        return [repr(v)]
    if not isinstance(v, str):
        raise TypeError(f"cannot write a {type(v).__name__} to a plan file")
    if plain_ok(v):
        return [v]
    if "\n" in v and not key and _literal_ok(v) and not v.endswith("\n\n"):
        body = v.rstrip("\n")
        trailing = len(v) - len(body)
        chomp = "-" if trailing == 0 else ""
        lead = body.lstrip("\n")
        header = "|" + (str(INDENT) if lead[:1] == " " else "") + chomp
        pad = " " * indent
        out = [header]
        out.extend(pad + line if line else "" for line in body.split("\n"))
        return out
    return [quoted(v)]


# -- the printer -----------------------------------------------------------------------------

def _comments(lines: list[str], indent: int, out: list[str]) -> None:
    for c in lines:
        if c == "":
            if out and out[-1] != "":
                out.append("")
        else:
            out.append(" " * indent + c)


def _eol(comment: str | None) -> str:
    return f"  {comment}" if comment else ""


def _empty(node: Node) -> str | None:
    if isinstance(node, Map) and not node.entries:
        return "{}"
    if isinstance(node, Seq) and not node.items:
        return "[]"
    return None


def _value(node: Node, head: str, eol: str | None, indent: int, out: list[str]) -> None:
    """``head`` (a key with its colon, or a dash) followed by the node, whose block content is
    indented to ``indent``."""
    if isinstance(node, Scalar):
        lines = scalar_lines(node, indent)
        out.append(f"{head} {lines[0]}{_eol(eol)}")
        out.extend(lines[1:])
        return
    empty = _empty(node)
    if empty is not None:
        out.append(f"{head} {empty}{_eol(eol)}")
        _comments(node.trailing, indent, out)
        return
    if head.endswith(":"):
        out.append(head + _eol(eol))
        if isinstance(node, Map):
            _map(node, indent, out)
        else:
            _seq(node, indent, out)
        return
    # a collection as a sequence item: its first line shares the dash's line
    members: list[Any] = node.entries if isinstance(node, Map) else node.items
    member: Any = _entry if isinstance(node, Map) else _item
    _comments(members[0].before, len(head) - 1, out)
    member(members[0], head + " ", indent, out, eol)
    for m in members[1:]:
        _comments(m.before, indent, out)
        member(m, " " * indent, indent, out)
    _comments(node.trailing, indent, out)


def key_text(key: Scalar) -> str:
    return scalar_lines(key, 0, key=True)[0]


def _entry(e: Entry, prefix: str, indent: int, out: list[str], extra_eol: str | None = None) -> None:
    eol = e.eol or extra_eol
    if e.eol and extra_eol:
        eol = f"{extra_eol}  {e.eol}"
    _value(e.value, f"{prefix}{key_text(e.key)}:", eol, indent + INDENT, out)


def _item(it: Item, prefix: str, indent: int, out: list[str], extra_eol: str | None = None) -> None:
    eol = it.eol or extra_eol
    if it.eol and extra_eol:
        eol = f"{extra_eol}  {it.eol}"
    _value(it.value, f"{prefix}-", eol, indent + INDENT, out)


def _map(m: Map, indent: int, out: list[str]) -> None:
    for e in m.entries:
        _comments(e.before, indent, out)
        _entry(e, " " * indent, indent, out)
    _comments(m.trailing, indent, out)


def _seq(s: Seq, indent: int, out: list[str]) -> None:
    for it in s.items:
        _comments(it.before, indent, out)
        _item(it, " " * indent, indent, out)
    _comments(s.trailing, indent, out)


def render(doc: Document) -> str:
    """The document's text in the canonical layout."""
    out: list[str] = []
    _comments(doc.header, 0, out)
    _map(doc.root, 0, out)
    while out and out[0] == "":
        out.pop(0)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"
