"""Adding entries to a plan file through the round-trip writer, proven to add and nothing else.

A plan is read into ``xplan.write.tree`` with every comment attached to its element, the entries
are added to the tree (with the comments the writer wants beside them), and the tree is printed in
the canonical layout (``xplan fmt``). Before the text is returned it is checked: read again, every
value the file held is still there and unchanged, every comment is still there, and xplan loads
the same data plus the additions. Otherwise nothing is written (``UnsafeEdit``, a bug).

A file that is not in the canonical layout is laid out as ``xplan fmt`` would (``Edit.relaid``
says so); a file that is already canonical — every bundled plan — changes only where entries are
added.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from xplan.i18n import _
from xplan.write.fmt import canonical, comments_of, unified_diff
from xplan.write.parse import LayoutError, read
from xplan.write.tree import Document, Entry, Map, Scalar, Seq, from_data, to_data

_Node = TypeVar("_Node", Seq, Map)


class EditError(Exception):
    """A plan the writer cannot change safely (not YAML, duplicate keys, schema errors): exit 2.

    The message is located (``file:line:column``) and says what to do."""


class UnsafeEdit(Exception):
    """The result would change a value or lose a comment: a bug, never written."""


@dataclass
class Added:
    """One entry added: the issue, the action (None: the issue as a whole) and what was added."""

    issue: str
    action: int | None
    what: str


@dataclass
class Edit:
    path: Path
    before: str
    after: str
    added: list[Added] = field(default_factory=list)
    relaid: bool = False  # the file was not in the canonical layout and has been laid out as fmt does
    original: bytes = b""  # the bytes read: a writer replaces the file only if it still holds them

    @property
    def changed(self) -> bool:
        return self.after != self.before

    def diff(self) -> str:
        return unified_diff(str(self.path), self.before, self.after) if self.changed else ""


def read_plan(path: Path) -> tuple[bytes, str, Document, dict[str, Any]]:
    """A plan's bytes, its text, its tree with comments and its data as xplan loads it.

    Raises EditError, located, when the file is not a plan the writer may touch: unreadable, not
    YAML, duplicate keys, or against the schema (a value the writer does not understand)."""
    from xplan.plan.catalog import schema_errors
    from xplan.plan.loader import load_bytes

    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise EditError(_("{where}: {message} — not changed").format(
            where=path, message=exc.strerror or exc)) from None
    loaded = load_bytes(str(path), raw)
    errors = [f for f in loaded.findings if f.severity == "error"]
    if loaded.data is not None and not errors:
        errors = schema_errors(loaded, str(path))
    if errors or loaded.data is None or loaded.text is None:
        first = errors[0] if errors else None
        where = f"{path}:{first.line}:{first.column}" if first else str(path)
        message = first.message if first else _("the file cannot be read as a plan")
        raise EditError(_("{where}: {message} — not changed; correct it first (xplan lint {path})").format(
            where=where, message=message, path=path))
    text = loaded.text.removeprefix("\ufeff")
    try:
        doc = read(text)
    except LayoutError as exc:
        raise EditError(_("{where}: {message} — not changed").format(
            where=f"{path}:{exc.line}:{exc.column}", message=exc.message)) from None
    return raw, text, doc, loaded.data


def entry(m: Map, key: str) -> Entry | None:
    return next((e for e in m.entries if e.key.value == key), None)


def issue_maps(doc: Document) -> list[Map]:
    """The issues' mappings, in the file's order (parallel to the data's ``issues``)."""
    issues = entry(doc.root, "issues")
    if issues is None or not isinstance(issues.value, Seq):
        return []
    return [it.value for it in issues.value.items if isinstance(it.value, Map)]


def new_entry(key: str, value: Any, comments: list[str] | None = None) -> Entry:
    return Entry(Scalar(key), from_data(value), before=comment_lines(comments or []))


def comment_lines(lines: list[str]) -> list[str]:
    """Comment lines, each one line (a line break inside would end the comment)."""
    return ["# " + " ".join(line.split("\n")).rstrip() if line.strip() else "#" for line in lines]


def contained(before: Any, after: Any) -> bool:
    """Whether ``after`` holds every value of ``before`` unchanged: mappings may gain keys and
    lists may gain items at their end, nothing else."""
    if isinstance(before, dict):
        return isinstance(after, dict) and all(k in after and contained(v, after[k]) for k, v in before.items())
    if isinstance(before, list):
        return isinstance(after, list) and len(after) >= len(before) and all(
            contained(b, a) for b, a in zip(before, after))
    return type(before) is type(after) and before == after


def finish(path: Path, text: str, doc: Document, added: list[Added], original: bytes = b"") -> Edit:
    """Print the changed tree and prove that it only adds (or raise UnsafeEdit)."""
    from xplan.plan.loader import parse

    if not added:
        return Edit(path, text, text, original=original)
    before_doc = read(text)
    expected = to_data(doc.root)
    after = canonical(doc)
    again = read(after)
    if to_data(again.root) != expected or not contained(to_data(before_doc.root), expected):
        raise UnsafeEdit("the new entries would change a value of the plan")
    if comments_of(before_doc) - comments_of(again):
        raise UnsafeEdit("the new entries would lose a comment of the plan")
    old, new = parse("before", text), parse("after", after)
    if old.data is None or new.data is None or not contained(old.data, new.data):
        raise UnsafeEdit("the new entries would change the data as xplan loads it")
    return Edit(path, text, after, added, relaid=canonical(read(text)) != text, original=original)


def edit_plan(path: Path, change: Callable[[Document, dict[str, Any]], list[Added]]) -> Edit:
    """Read a plan, let ``change`` add to its tree (given the loaded data), and finish."""
    raw, text, doc, data = read_plan(path)
    return finish(path, text, doc, change(doc, data), raw)


def _child(m: Map, key: str, kind: type[_Node]) -> _Node:
    """The node under ``key``, added (empty) when the mapping has none."""
    e = entry(m, key)
    if e is None:
        e = Entry(Scalar(key), kind())
        m.entries.append(e)
    assert isinstance(e.value, kind)
    return e.value


def seq_of(m: Map, key: str) -> Seq:
    """The sequence under ``key``, added (empty) when the mapping has none."""
    return _child(m, key, Seq)


def map_of(m: Map, key: str) -> Map:
    """The mapping under ``key``, added (empty) when the mapping has none."""
    return _child(m, key, Map)

