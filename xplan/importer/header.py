"""Organisation and fiscal year, as the document prints them."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from xplan.importer.lines import Line
from xplan.plan.orgs import BUREAUS, WARDS


@dataclass
class Found:
    value: str
    how: str  # what in the document says so
    sure: bool = True


_ORG = "|".join(sorted((re.escape(n) for n in (*BUREAUS, *WARDS)), key=len, reverse=True))
_TITLED = re.compile(rf"(?:〈|<|＜)({_ORG})(?:〉|>|＞)|(?:R\s*\d+\s*|令和\s*\d+\s*年度\s*)?({_ORG})(?:役所)?\s*X\s*方針")
_ANY = re.compile(_ORG)


def organisation(lines: list[Line]) -> Found | None:
    """The organisation named in a title (``局区X方針〈八幡東区〉``, ``総務市民局 X方針 課題一覧``),
    else the one the text names most often (to check: the document has no title)."""
    for line in lines:
        m = _TITLED.search(line.norm)
        if m:
            return Found(m.group(1) or m.group(2), line.text.strip())
    counts = Counter(m.group(0) for line in lines for m in _ANY.finditer(line.norm))
    if not counts:
        return None
    (name, n), *rest = counts.most_common(2) + [("", 0)]
    if n < 2 or (rest and rest[0][1] * 2 > n):
        return None
    return Found(name, f"本文で最も多く出る組織名（{n}回）", sure=False)


_BUDGET_YEAR = re.compile(r"令和\s*(\d+)\s*年度\s*(?:局|区)全体当初予算")
_TITLE_YEAR = re.compile(r"^R\s*(\d+)\s*\S*X\s*方針")
_ACTIONS_YEAR = re.compile(r"⑤\s*令和\s*(\d+)\s*年度")
_UNITS_YEAR = re.compile(r"\(R\s*(\d+)\.4\.1\s*付\)")


def fiscal_year(lines: list[Line]) -> Found | None:
    """The plan's year from the budget label, the title (``R6…X方針``), ⑤'s heading or the units' date."""
    for pattern in (_BUDGET_YEAR, _TITLE_YEAR, _ACTIONS_YEAR, _UNITS_YEAR):
        for line in lines:
            m = pattern.search(line.norm)
            if m:
                return Found(f"R{int(m.group(1))}", line.text.strip())
    return None
