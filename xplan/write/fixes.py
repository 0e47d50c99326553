"""``xplan lint --fix``: the fixes the findings carry (xplan.plan.fixes), applied in place.

A fix replaces exactly the value's characters in the file, so every comment, quote style and line
outside it stays as it was. The result is checked before it is returned: it must load to the
expected data, or nothing is changed. What is wrong, and what it becomes, is the rule's to say:
nothing here looks for problems.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xplan.i18n import _
from xplan.plan.fixes import CONTINUES, Fix, Pointer
from xplan.write.fmt import unified_diff


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


def fix_path(path: Path, fixes: list[Fix]) -> Fixed:
    """The file's text with ``fixes`` (its findings') applied (nothing is written)."""
    from xplan.plan.loader import load

    from ruamel.yaml.error import YAMLError

    name = str(path)
    loaded = load(path)
    if loaded.data is None or loaded.text is None:
        return Fixed(name, [])
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
