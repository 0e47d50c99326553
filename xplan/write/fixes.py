"""``xplan lint --fix``: the fixes that cannot change what a plan means, applied in place.

Only mechanical slips are fixed, each for the rule that reports it:

- S204 invalid-value: full-width letters and digits in ids, domains and years (``Ａ１`` → ``A1``,
  ``Ｒ７`` → ``R7``), when the NFKC form is what the schema asks for;
- P333 id-mismatch: an issue's ``id`` set to its ``domain`` and ``number``;
- P305 continuation-as-text: a cell item written as the text ``→`` rewritten ``continues: true``.

A fix replaces exactly the value's characters in the file, so every comment, quote style and line
outside it stays as it was. The result is checked before it is returned: it must load to the
expected data, or nothing is changed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xplan.i18n import _
from xplan.plan.model import QUARTERS
from xplan.write.fmt import unified_diff

Pointer = tuple[str | int, ...]
CONTINUES: dict[str, Any] = {"continues": True}
ARROWS = frozenset({"→", "⇒", "➡"})
_ISSUE_ID = re.compile(r"^[ABC][1-9][0-9]*$")
_YEAR = re.compile(r"^R[1-9][0-9]?$")
_DOMAIN = re.compile(r"^[ABC]$")


@dataclass
class Fix:
    rule: str  # the code of the rule whose finding this puts right
    pointer: Pointer
    old: Any
    new: Any

    @property
    def path(self) -> str:
        return "/" + "/".join(str(p) for p in self.pointer)


@dataclass
class Fixed:
    """One file: the fixes, its text before and after, or why it was left alone."""

    path: str
    fixes: list[Fix]
    before: str | None = None
    after: str | None = None
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.after is not None and self.after != self.before

    def diff(self) -> str:
        return unified_diff(self.path, self.before, self.after) if self.changed else ""


def _nfkc(value: Any, pattern: re.Pattern[str]) -> str | None:
    """The NFKC form of a value that the schema refuses as written but accepts normalised."""
    if not isinstance(value, str) or pattern.match(value):
        return None
    norm = unicodedata.normalize("NFKC", value).strip()
    return norm if pattern.match(norm) else None


def _list(value: Any) -> list[Any]:
    """A list the schema asks for, or nothing: ``actions: 5`` is the schema's to report (S203)."""
    return value if isinstance(value, list) else []


def find_fixes(data: dict[str, Any]) -> list[Fix]:
    """Every safe fix for plan data, in document order."""
    fixes: list[Fix] = []

    def width(container: Any, pointer: Pointer, key: str, pattern: re.Pattern[str]) -> Any:
        if not isinstance(container, dict) or key not in container:
            return None
        new = _nfkc(container[key], pattern)
        if new is not None:
            fixes.append(Fix("S204", (*pointer, key), container[key], new))
            return new
        return container[key]

    for key in ("fiscal_year", "template"):
        width(data, (), key, _YEAR)
    for i, issue in enumerate(_list(data.get("issues"))):
        if not isinstance(issue, dict):
            continue
        at: Pointer = ("issues", i)
        raw_id = issue.get("id")
        domain = width(issue, at, "domain", _DOMAIN)
        number = issue.get("number")
        want = _nfkc(raw_id, _ISSUE_ID) or raw_id
        if isinstance(domain, str) and _DOMAIN.match(domain) and isinstance(number, int) \
                and not isinstance(number, bool) and number >= 1:
            want = f"{domain}{number}"
        if isinstance(raw_id, str) and raw_id != want and isinstance(want, str) and _ISSUE_ID.match(want):
            # one fix for the id: a full-width id (S204), or one that disagrees with domain+number (P333)
            rule = "S204" if unicodedata.normalize("NFKC", raw_id).strip() == want else "P333"
            fixes.append(Fix(rule, (*at, "id"), raw_id, want))
        lineage = issue.get("lineage")
        if isinstance(lineage, dict):
            width(lineage, (*at, "lineage"), "year", _YEAR)
            width(lineage, (*at, "lineage"), "domain", _DOMAIN)
            width(lineage, (*at, "lineage"), "id", _ISSUE_ID)
        rows: list[tuple[Pointer, Any]] = [((*at, "schedule", r), row) for r, row in enumerate(_list(issue.get("schedule")))]
        for a, action in enumerate(_list(issue.get("actions"))):
            if isinstance(action, dict):
                rows += [((*at, "actions", a, "schedule", r), row)
                         for r, row in enumerate(_list(action.get("schedule")))]
        for pointer, row in rows:
            if not isinstance(row, dict):
                continue
            for q in QUARTERS:
                cell = row.get(q)
                if isinstance(cell, list):
                    for n, item in enumerate(cell):
                        if isinstance(item, str) and item.strip() in ARROWS:
                            fixes.append(Fix("P305", (*pointer, q, n), item, dict(CONTINUES)))
    return fixes


def _node_at(root: Any, pointer: Pointer) -> Any:
    node = root
    for part in pointer:
        if node.id == "mapping":
            node = next(v for k, v in node.value if k.value == part)
        else:
            node = node.value[part]
    return node


def _offset(line_starts: list[int], mark: Any) -> int:
    return line_starts[mark.line] + mark.column


def apply_fixes(text: str, fixes: list[Fix]) -> str:
    """The text with each fix's value replaced in place. Raises ValueError if the result would
    not load to the fixed data."""
    from xplan.plan.loader import compose_marked, parse
    from xplan.write.parse import yaml_line_starts
    from xplan.write.tree import Scalar, scalar_lines

    if not fixes:
        return text
    root, pure = compose_marked(text)  # the loader's verdict: C parser, else pure Python (`x: [6月:全区]`)
    line_starts = yaml_line_starts(text, pure)  # lines as that parser counts them (NEL, U+2028 …)
    edits: list[tuple[int, int, str]] = []
    for fix in fixes:
        node = _node_at(root, fix.pointer)
        start, end = _offset(line_starts, node.start_mark), _offset(line_starts, node.end_mark)
        if fix.new == CONTINUES:
            parent = _node_at(root, fix.pointer[:-1])
            new = "{continues: true}" if getattr(parent, "flow_style", False) else "continues: true"
        else:
            new = scalar_lines(Scalar(fix.new), 0, key=True)[0]
        edits.append((start, end, new))
    out = text
    for start, end, new in sorted(edits, reverse=True):
        out = out[:start] + new + out[end:]
    expected = parse("before", text).data
    assert expected is not None
    for fix in fixes:
        container: Any = expected
        for part in fix.pointer[:-1]:
            container = container[part]
        container[fix.pointer[-1]] = fix.new
    if parse("after", out).data != expected:
        raise ValueError("the fixed text does not load to the fixed data")
    return out


def fix_path(path: Path) -> Fixed:
    """The safe fixes for one file and its fixed text (nothing is written)."""
    from xplan.plan.loader import load

    from ruamel.yaml.error import YAMLError

    name = str(path)
    loaded = load(path)
    if loaded.data is None or loaded.text is None:
        return Fixed(name, [])
    fixes = find_fixes(loaded.data)
    if not fixes:
        return Fixed(name, [])
    try:
        raw = Path(path).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return Fixed(name, fixes, error=_("the file changed or went away while it was read ({reason})").format(
            reason=getattr(exc, "strerror", None) or exc))
    bom = "\ufeff" if raw.startswith("\ufeff") else ""
    if raw[len(bom):] != loaded.text:  # the fixes are for the text loaded: never write them over another
        return Fixed(name, fixes, error=_("the file changed while it was read; run the command again"))
    try:
        after = bom + apply_fixes(loaded.text, fixes)
    except (ValueError, StopIteration, IndexError, KeyError, YAMLError):
        return Fixed(name, fixes, raw, None, _("the fixes could not be applied without changing something else; "
                                               "the file was left as it was: fix it by hand as `xplan lint` says"))
    return Fixed(name, fixes, raw, after)
