"""Helpers for the import tests: compare an imported plan with the reviewed file field by field,
and render a seed text as other extractors would give it.

``agreement(reviewed, imported)`` counts two things:

* facts: each issue's id, title, overview title, field, ratings, lineage, overview/detail flags,
  theme; each action's number, title and period; each quarter cell (and row label); each progress
  entry's label, date and action;
* text blocks: every block of every text list (mission, review, approach, ②–④, descriptions,
  progress items, …), counted as identical when the import holds the same block in the same list.

A fact or block of the reviewed file the import gets wrong is listed with its place; the test
prints the agreement and what differs.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

QUARTERS = ("q1", "q2", "q3", "q4")
ISSUE_FACTS = ("title", "overview_title", "field", "impact", "urgency", "lineage", "in_overview", "has_detail",
               "theme", "sub_theme")
TEXT_KEYS = {"mission", "overall", "achieved", "fell_short", "approach", "content", "background", "outcomes",
             "measures", "description", "items", "actions_intro", "names", "direct", "designated_manager", "other"}


def _norm(value: Any, loose: bool) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return unicodedata.normalize("NFKC", text) if loose else text


def _same(a: Any, b: Any) -> bool:
    return isinstance(a, str) and isinstance(b, str) and unicodedata.normalize("NFKC", a) == unicodedata.normalize("NFKC", b)


def facts(plan: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], Any]]:
    for issue in plan.get("issues") or []:
        iid = issue.get("id")
        yield (iid,), True
        for key in ISSUE_FACTS:
            if key == "overview_title" and _same(issue.get(key), issue.get("title")):
                continue  # the same words once NFKC (a rendering may print both brackets alike)
            if key in issue:
                yield (iid, key), issue[key]
        for k, action in enumerate(issue.get("actions") or []):
            for key in ("number", "title", "period"):
                if key in action:
                    yield (iid, "action", k, key), action[key]
            yield from _rows((iid, "action", k), action.get("schedule") or [])
        yield from _rows((iid,), issue.get("schedule") or [])
        for k, entry in enumerate(issue.get("progress") or []):
            for key in ("label", "as_of", "action"):
                if key in entry:
                    yield (iid, "progress", k, key), entry[key]


def _rows(where: tuple[Any, ...], rows: list[dict[str, Any]]) -> Iterator[tuple[tuple[Any, ...], Any]]:
    for r, row in enumerate(rows):
        for key in ("label", "period", *QUARTERS):
            if key in row:
                yield (*where, "row", r, key), row[key]


def blocks(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """(list path, block) for every block of every text list."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("source", "organisation", "unplaced"):
                continue
            p = path + ((node["id"],) if "id" in node and k != "id" and path[-1:] != (node["id"],) else ()) + (k,)
            if k in TEXT_KEYS and isinstance(v, list):
                for b in v:
                    yield p, b
            elif isinstance(v, (dict, list)):
                yield from blocks(v, p)
            elif k == "text" and isinstance(v, str) and path and path[-1] in ("budget",):
                yield p, v
    elif isinstance(node, list):
        for i, v in enumerate(node):
            key = v.get("id", v.get("number", i)) if isinstance(v, dict) else i
            yield from blocks(v, path + (key,))


@dataclass
class Agreement:
    facts: int = 0
    facts_equal: int = 0
    blocks: int = 0
    blocks_equal: int = 0
    differences: list[str] = field(default_factory=list)

    @property
    def fact_ratio(self) -> float:
        return self.facts_equal / self.facts if self.facts else 1.0

    @property
    def block_ratio(self) -> float:
        return self.blocks_equal / self.blocks if self.blocks else 1.0

    def __str__(self) -> str:
        return (f"facts {self.facts_equal}/{self.facts} ({self.fact_ratio:.1%}), "
                f"text blocks {self.blocks_equal}/{self.blocks} ({self.block_ratio:.1%})")


def agreement(reviewed: dict[str, Any], imported: dict[str, Any], loose: bool = False) -> Agreement:
    """How much of the reviewed plan the import reproduces (``loose``: compared after NFKC)."""
    a = Agreement()
    got = {k: _norm(v, loose) for k, v in facts(imported)}
    for key, value in facts(reviewed):
        a.facts += 1
        if got.get(key) == _norm(value, loose):
            a.facts_equal += 1
        else:
            a.differences.append(f"fact {'/'.join(map(str, key))}: {value!r} != {got.get(key)!r}")
    have: dict[tuple[Any, ...], Counter[str]] = {}
    for path, b in blocks(imported):
        have.setdefault(path, Counter())[_norm(b, loose)] += 1
    for path, b in blocks(reviewed):
        a.blocks += 1
        c = have.get(path)
        n = _norm(b, loose)
        if c and c[n] > 0:
            c[n] -= 1
            a.blocks_equal += 1
        else:
            a.differences.append(f"block {'/'.join(map(str, path))}: {str(b)[:60]!r}")
    return a


# -- renderings another extractor might give -----------------------------------------------------

_HEAD = re.compile(r"^(#{1,6})\s+")
_TAGGED = re.compile(r"(<[^>]*>)")
_STRUCTURE = re.compile(r"^(?:\d\s+\S|課題[A-CＡ-Ｃ]|課題領域|[①-⑥]|○)")


def no_heading_marks(text: str) -> str:
    return "\n".join(_HEAD.sub("", line) for line in text.split("\n"))


def heading_marks(text: str) -> str:
    out = []
    for line in text.split("\n"):
        if not _HEAD.match(line) and "\t" not in line and _STRUCTURE.match(line):
            line = "### " + line
        out.append(line)
    return "\n".join(out)


def pipe_tables(text: str) -> str:
    out: list[str] = []
    in_table = False
    for line in text.split("\n"):
        if "\t" in line:
            cells = [c.strip().replace("|", "｜") for c in line.split("\t")]
            out.append("| " + " | ".join(cells) + " |")
            if not in_table:
                out.append("|" + "|".join("---" for _ in cells) + "|")
            in_table = True
        else:
            in_table = False
            out.append(line)
    return "\n".join(out)


def _wide(ch: str) -> str:
    if ch.isascii() and (ch.isalnum() or ch in "()~"):
        return "～" if ch == "~" else chr(ord(ch) + 0xFEE0)
    return ch


def full_width(text: str) -> str:
    """ASCII letters, digits and brackets in their full-width forms (outside HTML tags)."""
    out = []
    for line in text.split("\n"):
        head = _HEAD.match(line) or re.match(r"^\s*-\s+", line)
        start = head.end() if head else 0
        parts = _TAGGED.split(line[start:])
        out.append(line[:start] + "".join(p if p.startswith("<") else "".join(_wide(c) for c in p) for p in parts))
    return "\n".join(out)


def wrapped(text: str, width: int = 40) -> str:
    """Every line that is not a table row cut into pieces of ``width`` characters."""
    out: list[str] = []
    for line in text.split("\n"):
        if "\t" in line or line.lstrip().startswith("|") or len(line) <= width:
            out.append(line)
            continue
        out.extend(line[i:i + width] for i in range(0, len(line), width))
    return "\n".join(out)


def page_numbers(text: str, every: int = 23) -> str:
    out: list[str] = []
    page = 1
    for k, line in enumerate(text.split("\n"), 1):
        out.append(line)
        if k % every == 0 and "\t" not in line:
            page += 1
            out.append(f"- {page} -")
    return "\n".join(out)


RENDERINGS: dict[str, Callable[[str], str]] = {
    "no-heading-marks": no_heading_marks,
    "heading-marks": heading_marks,
    "pipe-tables": pipe_tables,
    "full-width": full_width,
    "wrapped-40": wrapped,
    "page-numbers": page_numbers,
    "all-at-once": lambda t: page_numbers(wrapped(full_width(pipe_tables(heading_marks(t))))),
}
