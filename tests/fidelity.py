"""Compare a plan file with the seed document it was transcribed from.

Two checks, both on text with white space, HTML tags, list markers and the bullet
character ・ removed (PDF extraction scatters those; the words themselves must match):

* ``invented(plan, seed)``: strings in the plan that do not occur in the seed.
  A faithful file has none: it only says what its document says.
* ``uncovered(plan, seed)``: pieces of seed lines (split at tabs and bullets) that
  occur nowhere in the plan. A faithful file leaves only structural text here
  (section headings, table headers, the legend), which is listed per plan in
  ``tests/fidelity/<slug>.allow`` after review.

Run as a script to see both lists for one plan:
``python tests/fidelity.py plans/R8/kokurakita.yaml ../shared/seeds/000_....txt``
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


def main(argv: list[str]) -> int:
    plan_path, seed_path = Path(argv[0]), Path(argv[1])
    plan = load(plan_path)
    seed = seed_path.read_text(encoding="utf-8")
    inv = invented(plan, seed)
    unc = uncovered(plan, seed)
    print(f"# invented ({len(inv)}): plan strings not found in the seed")
    for s in inv:
        print(s)
    print(f"# uncovered ({len(unc)}): seed pieces not found in the plan")
    for s in unc:
        print(s)
    return 1 if inv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
