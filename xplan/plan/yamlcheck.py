"""What the YAML parser says, in a planner's words, and what it lets through that editors refuse.

ruamel.yaml reports a syntax error with an English phrase ("mapping values are not allowed here");
``explain`` turns the phrases a plan file can meet into a sentence saying what is wrong and what to
do, so that no finding carries the parser's English (issue 31). A few documents the parser reads
are nonetheless invalid YAML, and yaml-language-server (VS Code) underlines them: a bracketed list,
a mapping in braces or a quoted text that goes on to the next line must indent that line further
than the key or ``-`` it belongs to, and with spaces (``continuation_problems``). A ``%YAML`` line
naming a version other than 1.1 or 1.2 is refused before parsing (the pure-Python parser fails on it
with an internal assertion).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from xplan.i18n import N_, _

# (a phrase of ruamel's problem or context, what it means). Both parsers' wordings are listed: the C
# parser (ruamel.yaml.clib, libyaml) says "did not find expected …", the pure-Python one "expected …".
_EXPLANATIONS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("mapping values are not allowed", "found unexpected ':'"),
     N_("a colon and a space (\": \") inside a value, or a key indented out of line: put text holding \": \" "
        "in quotes, or line the key up with the keys beside it")),
    (("could not find expected ':'",),
     N_("a key without its colon, or text that runs on from the line before without quotes: write "
        "\"key: value\", or put the text in quotes")),
    (("did not find expected key", "expected <block end>", "did not find expected '-' indicator"),
     N_("the indentation does not line up: the keys of one mapping, and the items (\"- \") of one list, "
        "start in the same column")),
    (("found unexpected end of stream",),
     N_("the file ends inside quotes or brackets: close the quote or the bracket")),
    (("expected ',' or ']'", "did not find expected ',' or ']'"),
     N_("a list in [ ] does not close where expected: check the commas and the closing ]")),
    (("expected ',' or '}'", "did not find expected ',' or '}'"),
     N_("a mapping in { } does not close where expected: check the commas and the closing }")),
    (("found undefined alias",),
     N_("an alias (*name) refers to no anchor (&name) before it: write the value out instead")),
    (("unknown escape character",),
     N_("a backslash in double quotes that YAML does not know: write \\\\ for a backslash, or use single quotes")),
    (("that cannot start any token",),
     N_("a value cannot begin with this character (such as @ or `): put the value in quotes")),
    (("while scanning an anchor", "while scanning an alias", "alphabetic or numeric character"),
     N_("a value beginning with & or * is read as an anchor or alias: put text beginning with them in quotes")),
    (("expected the node content", "did not find expected node content"),
     N_("a value is missing here, or a bracket or sign is out of place")),
    (("while scanning a block scalar", "chomping or indentation indicator"),
     N_("after | or > only a digit, + or - may follow on the same line: move the text to the next line")),
    (("expected <document start>",),
     N_("text after the end of the document (...): remove it or the ... line")),
    (("expected a comment or a line break", "did not find expected comment or line break"),
     N_("text after a closing quote or bracket: put the whole value in quotes")),
    (("unacceptable character", "control characters are not allowed"),
     N_("a control character (an invisible character other than tab and line break): delete it")),
    (("while scanning a quoted scalar", "while scanning a double-quoted scalar",
      "while scanning a single-quoted scalar", "while parsing a quoted scalar"),
     N_("quotes that are not closed where expected: check the quotes on this line")),
)
_DIRECTIVE = ("%YAML", "%TAG", "YAML directive", "incompatible YAML document", "while parsing a %TAG",
              "while parsing an directive", "while scanning a directive", "expected URI", "tag URI")


def explain(problem: str, context: str = "") -> str | None:
    """The planner's sentence for a parser problem, or None when the phrase is not one we know."""
    said = f"{problem} {context}"
    for phrases, explanation in _EXPLANATIONS:
        if any(p in said for p in phrases):
            return _(explanation)
    return None


def is_directive_problem(problem: str, context: str = "") -> bool:
    said = f"{problem} {context}"
    return any(p in said for p in _DIRECTIVE)


_YAML_LINE = re.compile(r"^%YAML[ \t]+(\S*)", re.M)


def unsupported_version(text: str) -> tuple[str, int] | None:
    """``(version, line)`` of a ``%YAML`` directive naming a version other than 1.1 or 1.2."""
    head = text.split("\n---", 1)[0] if not text.startswith("---") else ""
    for m in _YAML_LINE.finditer(head):
        if m.group(1) not in ("1.1", "1.2"):
            return m.group(1), head.count("\n", 0, m.start()) + 1
    return None


# a line that opens [ or { and does not close it: only then can a flow collection span lines
_OPEN_FLOW = re.compile(r"^[^#\n]*[\[{][^\]}\n]*$", re.M)
_QUOTED_OPEN = re.compile(r"""^[^#\n]*(?:^|[\s:\-\[{,])["'][^"'\n]*$""", re.M)


def continuation_problems(text: str, node: Any) -> Iterator[tuple[str, int, int, str]]:
    """``(code, line, column, message)`` for every line that continues a flow collection or a quoted
    text with too little indentation (E115) or with a tab where the indentation should be (E116).

    The rule, as YAML 1.2 and yaml-language-server read it: such a line is indented by more spaces
    than the block mapping or list the value belongs to starts at (a blank or comment line is free).
    """
    if node is None or not (_OPEN_FLOW.search(text) or _QUOTED_OPEN.search(text)):
        return  # the usual plan: every [ ], { } and quote closes on its own line
    lines = text.split("\n")
    stack: list[tuple[Any, int]] = [(node, -1)]
    seen: set[int] = set()
    while stack:
        current, parent_indent = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        kind = current.id
        spans = current.start_mark.line < current.end_mark.line
        if kind in ("sequence", "mapping") and current.flow_style:
            if spans:
                yield from _check_lines(lines, current, parent_indent,
                                        N_("list in [ ]") if kind == "sequence" else N_("mapping in { }"))
            continue  # what is inside shares the lines just checked
        if kind == "scalar":
            if spans and current.style in ('"', "'"):
                yield from _check_lines(lines, current, parent_indent, N_("quoted text"))
            continue
        own = current.start_mark.column
        children = ([c for pair in current.value for c in pair] if kind == "mapping" else list(current.value))
        stack.extend((child, own) for child in reversed(children))


def _check_lines(lines: list[str], node: Any, parent_indent: int, what: str) -> Iterator[tuple[str, int, int, str]]:
    start, end = node.start_mark.line, node.end_mark.line
    for index in range(start + 1, min(end, len(lines) - 1) + 1):
        line = lines[index]
        stripped = line.lstrip(" ")
        if not stripped.strip() or stripped.startswith("#"):
            continue
        spaces = len(line) - len(stripped)
        if spaces > parent_indent:
            continue
        if stripped.startswith("\t"):
            yield "E116", index + 1, spaces + 1, _(
                "this line goes on with the {what} begun on line {line} but starts with a tab; YAML indents "
                "with spaces only: replace the tab with spaces").format(what=_(what), line=start + 1)
        else:
            yield "E115", index + 1, spaces + 1, _(
                "this line goes on with the {what} begun on line {line} but is indented too little: indent it "
                "further than the key or \"-\" it belongs to").format(what=_(what), line=start + 1)
        return  # one finding per collection: the first line that is wrong
