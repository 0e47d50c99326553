"""``xplan fmt``: one canonical layout for plan files (see ``xplan.write.tree`` for the layout).

``format_text`` lays a file out again: schema key order, indentation, sequence style, quoting,
with every comment kept. Before a result is returned it is checked: the text must load to the
same data as before and hold the same comments, or the file is left alone and the difference is
reported as an internal error — formatting must never change what a plan says.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from xplan.i18n import _
from xplan.write.parse import LayoutError, PositionMismatch, read
from xplan.write.tree import Document, render


def unified_diff(path: str, before: str | None, after: str | None) -> str:
    """A file's change as a unified diff (what `fmt --diff` and `lint --fix --diff` print)."""
    return "".join(difflib.unified_diff((before or "").splitlines(keepends=True),
                                        (after or "").splitlines(keepends=True), path, path))


class UnsafeFormat(Exception):
    """The layout would change the data or lose a comment: a bug, never written to disk."""


@dataclass
class Formatted:
    """One file's outcome: its text before and after, or why it could not be formatted."""

    path: str
    before: str | None = None
    after: str | None = None
    error: LayoutError | None = None

    @property
    def changed(self) -> bool:
        return self.after is not None and self.after != self.before

    def diff(self) -> str:
        return unified_diff(self.path, self.before, self.after) if self.changed else ""


def canonical(doc: Document) -> str:
    """Order the document's keys as the schema does and print it in the canonical layout."""
    from xplan.plan.schema import load_schema
    from xplan.write.order import order

    schema = load_schema()
    order(doc.root, schema, schema)
    return render(doc)


def comments_of(doc: Document) -> Counter[str]:
    """The words of every comment of a document, counted (two comments that end up on one line
    are one comment when read again, so words are compared, not whole comments). Where each
    comment belongs rests on the reader counting lines as the parser does, which the reader
    checks itself (``parse._Reader.build``: every key must be found where the parser saw it)."""
    from xplan.write.tree import Map, Seq

    texts: list[str] = list(doc.header)

    def walk(node: object) -> None:
        if isinstance(node, (Map, Seq)):
            texts.extend(node.trailing)
            for element in node.entries if isinstance(node, Map) else node.items:
                texts.extend(element.before)
                texts.append(element.eol or "")
                walk(element.value)

    walk(doc.root)
    return Counter(word for text in texts for word in text.split())


def format_text(text: str) -> str:
    """The canonical layout of ``text``. Raises LayoutError (bad input) or UnsafeFormat (a bug)."""
    from xplan.plan.loader import parse
    from xplan.write.tree import to_data

    if text.startswith("\ufeff"):
        text = text[1:]
    loaded_before = parse("before", text)
    if loaded_before.data is None:
        # what lint refuses to load (duplicate keys, tags, merge keys, several documents …) is not
        # laid out either: the same finding, located, and the file is left alone
        first = loaded_before.findings[0]
        raise LayoutError(first.message, first.line, first.column, f"{first.code} {first.name}")
    try:
        doc = read(text)
    except PositionMismatch as exc:
        raise UnsafeFormat(str(exc)) from None
    before_data, before_comments = to_data(doc.root), comments_of(doc)
    after = canonical(doc)
    check = read(after)
    if to_data(check.root) != before_data or comments_of(check) != before_comments:
        raise UnsafeFormat("the canonical layout would change the data or drop a comment")
    loaded_after = parse("after", after)
    if loaded_before.data != loaded_after.data:
        raise UnsafeFormat("the canonical layout would change the data as xplan loads it")
    return after


def format_path(path: Path) -> Formatted:
    """Format one file's text (nothing is written). Bad input gives ``error``, never an exception."""
    from xplan.plan.loader import decode

    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return Formatted(name, error=LayoutError(_("cannot read the file: {reason}").format(reason=exc.strerror or exc)))
    text, problems = decode(name, raw)
    if text is None:
        first = problems[0]
        return Formatted(name, error=LayoutError(first.message, first.line, first.column))
    original = raw.decode("utf-8")  # as it is: a BOM or CRLF line ends count as changes
    try:
        return Formatted(name, original, format_text(text))
    except LayoutError as exc:
        return Formatted(name, original, error=exc)
