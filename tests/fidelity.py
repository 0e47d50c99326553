"""Compare a plan file with the seed document it was transcribed from.

Two checks, both on text with white space, HTML tags, list markers and the bullet
character ・ removed (PDF extraction scatters those; the words themselves must match):

* ``invented(plan, seed)``: strings in the plan that do not occur in the seed.
  A faithful file has none: it only says what its document says.
* ``uncovered(plan, seed)``: pieces of seed lines (split at tabs and bullets) that
  occur nowhere in the plan. A faithful file leaves only structural text here
  (section headings, table headers, the legend), which is listed per plan in
  ``tests/fidelity/<slug>.allow`` after review.

Three more checks read the document's layout, not just its words:

* ``split_bullets(plan, seed)``: bullets (a line starting with ・ and the lines that continue it
  without a ・ of their own) that the plan holds in pieces rather than in one string.
* ``lead_ins_out_of_order(plan, seed)``: lead-in blocks (``lead``, ``items``, ``tail``) whose
  words do not read in the seed as one passage in that order.
* ``nesting_lost(plan, seed)``: items the seed indents under a line (``  - …``) that the plan does
  not hold as sub-items of that line's lead-in (or, under 「取組内容(N)」, in action N's progress).
* ``subheadings_dropped(plan, seed)``: sub-headings the seed prints on a line of their own
  (``<令和7年度の取組内容>``, ``＜…＞``, ``【…】``) that the plan does not hold as a ``heading``.
  These are the document's words, never structure: no allow list excuses one.

Run as a script to see every list for one plan (the document is the plan's ``source.document``,
a path relative to the plan, unless a second argument names another):
``python tests/fidelity.py plans/R8/kokurakita.yaml``
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

# Keys whose string values are identifiers, codes or metadata rather than document text.
# (Numbers and booleans are never text, so keys like `number` or a row's `actions` need no entry.)
NON_TEXT_KEYS = {
    "schema_version", "slug", "kind", "fiscal_year", "template", "layout", "source",
    "as_of", "id", "domain", "year", "aliases", "in_overview", "has_detail", "impact", "urgency",
}

_TAG = re.compile(r"</?[A-Za-z][^>]*>")  # HTML only: <自治会・町内会> is document text
_LINE_MARKERS = re.compile(r"^\s*(?:#+|[-*]|\d+\.)\s+")
_SPACE = re.compile(r"[\s\u3000]+")
# A leading number such as (1), （２）, ① or 1 is structure; the text after it is what counts.
_LEADING_NUMBER = re.compile(r"^(?:[\(（][0-9０-９]+[\)）]|[①-⑳])")


def squash(text: str) -> str:
    """Remove everything that PDF extraction moves around but that carries no words."""
    text = _TAG.sub(" ", text)
    text = text.replace("・", "").replace("**", "")  # ** is markdown bold from the extraction
    return _SPACE.sub("", text)


def plan_strings(node: Any, key: str | None = None) -> Iterator[str]:
    """Every document-text string in a loaded plan, in file order."""
    if key in NON_TEXT_KEYS:
        return
    if isinstance(node, dict):
        for k, v in node.items():
            yield from plan_strings(v, str(k))
    elif isinstance(node, list):
        for item in node:
            yield from plan_strings(item, key)
    elif isinstance(node, str):
        yield node


def load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def seed_lines(seed_text: str) -> list[str]:
    return [_LINE_MARKERS.sub("", line) for line in seed_text.splitlines()]


def invented(plan: Any, seed_text: str) -> list[str]:
    haystack = squash("".join(seed_lines(seed_text)))
    return [s for s in plan_strings(plan) if squash(s) and squash(s) not in haystack]


def seed_pieces(seed_text: str) -> Iterator[str]:
    for line in seed_lines(seed_text):
        line = _TAG.sub("\t", line)
        for piece in re.split(r"\t|・", line):
            piece = _LEADING_NUMBER.sub("", piece.strip()).strip()
            if squash(piece):
                yield piece.strip()


def uncovered(plan: Any, seed_text: str) -> list[str]:
    blob = "".join(squash(s) for s in plan_strings(plan))
    seen: set[str] = set()
    missing = []
    for piece in seed_pieces(seed_text):
        key = squash(piece)
        if key not in blob and key not in seen:
            seen.add(key)
            missing.append(piece)
    return missing


# -- layout: bullets, lead-ins, nesting ------------------------------------------------------

_BULLET_START = re.compile(r"^(?:\s*-\s+)?[\u3000 ]*・")
# Lines that end a bullet: headings, sub-headings, the sheet's ー, numbered labels, row labels,
# the repeated column header of the retrospective sheet.
_BULLET_STOP = re.compile(r"^(?:#|【|＜|<|ー|\||項目No|ABC$|(?:-\s+)?(?:取組内容|○|\(\d|（\d|[①-⑳]|[ＡＢＣ]（))")
# Bullets or cells that extraction ran into one line: 「…運用の開始 ・(国際)…」, 「…した。 ー ・…」.
# (A ・ that joins two words, 調査・分析, has no space before it.)
_RUN_TOGETHER = re.compile(r"(?<=[^\s\-])[ \u3000]+(?=(?:ー[ \u3000]+)?・)")


def seed_bullets(seed_text: str) -> Iterator[str]:
    """Each bullet of the seed with its continuation lines, joined as printed."""
    cur: list[str] | None = None
    for raw in seed_text.splitlines():
        if "\t" in raw and not raw.startswith("・\t"):  # a table row, not a tab after a bullet
            if cur:
                yield "".join(cur)
            cur = None
            continue
        for k, line in enumerate(_RUN_TOGETHER.split(raw)):
            line = re.sub(r"^ー[ \u3000]+", "", line) if k else line
            text = line.strip()
            if not text or _BULLET_STOP.match(text):
                if cur:
                    yield "".join(cur)
                cur = None
            elif _BULLET_START.match(line):
                if cur:
                    yield "".join(cur)
                cur = [_LINE_MARKERS.sub("", line)]
            elif cur is not None:
                if re.match(r"^\s*-\s", line):  # the next markdown list item
                    yield "".join(cur)
                    cur = None
                else:
                    cur.append(line)
    if cur:
        yield "".join(cur)


def split_bullets(plan: Any, seed_text: str) -> list[str]:
    strings = [squash(s) for s in plan_strings(plan)]
    blob = "".join(strings)
    out = []
    for bullet in seed_bullets(seed_text):
        key = squash(bullet)
        first = squash(bullet.splitlines()[0] if "\n" in bullet else bullet)[:12]
        if first not in blob:
            continue  # text the plan does not hold at all: uncovered() reports it
        if not any(key in s for s in strings):
            out.append(bullet)
    return out


def lead_ins(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    """Every lead-in block of a loaded plan, with its path."""
    if isinstance(node, dict):
        if isinstance(node.get("lead"), str):
            yield path, node
        for k, v in node.items():
            if k not in NON_TEXT_KEYS:
                yield from lead_ins(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from lead_ins(v, path + (i,))


def lead_ins_out_of_order(plan: Any, seed_text: str) -> list[str]:
    haystack = squash("".join(seed_lines(seed_text)))
    out = []
    for path, block in lead_ins(plan):
        passage = "".join(squash(s) for s in plan_strings(block))  # lead, items (headings first), tail
        if passage not in haystack:
            out.append("/".join(map(str, path)) + ": " + block["lead"])
    return out


def _nested_items(seed_text: str) -> Iterator[tuple[str, str]]:
    """(parent line, item) for every list item the seed indents under another line."""
    lines = seed_text.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"^( {2,})-\s+(.*)$", line)
        if not m:
            continue
        depth = len(m.group(1))
        for prev in reversed(lines[:i]):
            if prev.strip() and len(prev) - len(prev.lstrip(" ")) < depth:
                yield _LINE_MARKERS.sub("", prev).strip(), m.group(2)
                break


def nesting_lost(plan: Any, seed_text: str) -> list[str]:
    blob = "".join(squash(s) for s in plan_strings(plan))
    leads = {squash(b["lead"]): [squash(s) for s in plan_strings(b.get("items"))] for _, b in lead_ins(plan)}
    progress = [c for i in plan.get("issues") or [] for c in i.get("progress") or []]
    out = []
    for parent, item in _nested_items(seed_text):
        key = squash(item)
        if key not in blob:
            continue  # not transcribed at all (a legend line): uncovered() has it
        action = re.fullmatch(r"取組内容\((\d+)\)", squash(parent))
        if action:  # the sub-items of 「取組内容(N)」 are action N's progress
            if any(c.get("action") == int(action.group(1)) and key in [squash(s) for s in plan_strings(c.get("items"))]
                   for c in progress):
                continue
        elif any(key in items for lead, items in leads.items() if lead == squash(parent)):
            continue
        out.append(f"{parent} > {item}")
    return out


# A sub-heading alone on its line: <…>, ＜…＞, 〈…〉 or 【…】 (not the issue heading's 【政策分野：…】
# nor the overview's 【凡例】, which are the template's own labels).
_SUBHEADING = re.compile(r"^\s*(?:-\s+)?・?\s*([<＜〈][^<>＜＞〈〉]+[>＞〉]|【[^】]+】)[\s\u3000]*$")
_TEMPLATE_LABELS = re.compile(r"^【(?:政策分野|凡例|インパクト|緊急度)")


def seed_subheadings(seed_text: str) -> Iterator[str]:
    for line in seed_text.splitlines():
        m = _SUBHEADING.match(line)
        if m and not _TEMPLATE_LABELS.match(m.group(1)):
            yield m.group(1)


def headings(node: Any) -> Iterator[str]:
    """Every ``heading`` of a headed block in a loaded plan."""
    if isinstance(node, dict):
        if isinstance(node.get("heading"), str) and "items" in node:
            yield node["heading"]
        for k, v in node.items():
            if k not in NON_TEXT_KEYS:
                yield from headings(v)
    elif isinstance(node, list):
        for v in node:
            yield from headings(v)


def subheadings_dropped(plan: Any, seed_text: str) -> list[str]:
    held = {squash(h) for h in headings(plan)}
    blob = "".join(squash(s) for s in plan_strings(plan))
    out = []
    for heading in seed_subheadings(seed_text):
        key = squash(heading)
        # held as a heading, or (the retrospective sheet's 【…】 topics) at the start of a text
        if key not in held and key not in blob and heading not in out:
            out.append(heading)
    return out


def main(argv: list[str]) -> int:
    plan_path = Path(argv[0])
    plan = load(plan_path)
    seed_path = Path(argv[1]) if len(argv) > 1 else plan_path.parent / plan["source"]["document"]
    seed = seed_path.read_text(encoding="utf-8")
    inv = invented(plan, seed)
    unc = uncovered(plan, seed)
    print(f"# invented ({len(inv)}): plan strings not found in the seed")
    for s in inv:
        print(s)
    print(f"# uncovered ({len(unc)}): seed pieces not found in the plan")
    for s in unc:
        print(s)
    layout = {"split bullets": split_bullets(plan, seed), "lead-ins out of order": lead_ins_out_of_order(plan, seed),
              "nesting lost": nesting_lost(plan, seed), "sub-headings dropped": subheadings_dropped(plan, seed)}
    for name, found in layout.items():
        print(f"# {name} ({len(found)})")
        for s in found:
            print(s)
    return 1 if inv or any(layout.values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
