"""Fiscal years as users type them: R7, 令和7, 令和7年度, 2025, FY2025 (full- or half-width)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from xplan.i18n import _

REIWA_OFFSET = 2018  # 令和1年度 starts in April 2019
_PATTERNS = [
    (re.compile(r"^(?:R|令和)(\d{1,2})(?:年度?)?$", re.I), "reiwa"),
    (re.compile(r"^(?:FY)?(\d{4})(?:年度)?$", re.I), "western"),
]


class YearError(ValueError):
    """A year the user typed that cannot be read."""


def parse_year(text: str) -> str:
    """Return the canonical ``R<n>`` for any accepted spelling, or raise YearError."""
    norm = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    for pattern, kind in _PATTERNS:
        m = pattern.match(norm)
        if not m:
            continue
        n = int(m.group(1))
        if kind == "western":
            n -= REIWA_OFFSET
        if n >= 1:
            return f"R{n}"
    raise YearError(_("cannot read {text!r} as a fiscal year (use R7, 令和7, 2025 or FY2025)").format(text=text))


_CANONICAL = re.compile(r"R([0-9]{1,3})")  # ASCII digits only: ``R⑦`` and ``R²`` pass str.isdigit()


def year_number(year: str) -> int:
    """The Reiwa number of a canonical year: ``R7`` -> 7; YearError (a ValueError) otherwise."""
    m = _CANONICAL.fullmatch(year) if isinstance(year, str) else None
    if m is None:
        raise YearError(_("cannot read {text!r} as a fiscal year (use R7, 令和7, 2025 or FY2025)").format(text=year))
    return int(m.group(1))


def is_year(year: object) -> bool:
    """Whether a value is a canonical fiscal year (``R7``) as plans write it."""
    return isinstance(year, str) and _CANONICAL.fullmatch(year) is not None and year != "R0"


def western(year: str) -> int:
    """The calendar year in which the fiscal year starts: ``R7`` -> 2025."""
    return year_number(year) + REIWA_OFFSET


def previous(year: str) -> str:
    return f"R{year_number(year) - 1}"


_ISO_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})(?:-[0-9]{2})?")


def month_in_year(year: str, iso: str) -> bool | None:
    """Whether an ISO date or month (``2025-12`` / ``2025-12-01``) falls in the fiscal year;
    None when either cannot be read (the schema reports a date not written 2025-12)."""
    m = _ISO_MONTH.fullmatch(iso) if isinstance(iso, str) else None
    if m is None:
        return None
    try:
        start = western(year)
    except YearError:
        return None
    y, month = int(m.group(1)), int(m.group(2))
    return (y == start and month >= 4) or (y == start + 1 and month <= 3)


def parse_year_range(text: str) -> list[str] | None:
    """``R6..R8`` -> [R6, R7, R8]; ``all`` -> None (meaning every year present)."""
    norm = unicodedata.normalize("NFKC", text).strip()
    if norm.lower() == "all":
        return None
    if ".." in norm:
        lo, hi = (year_number(parse_year(p)) for p in norm.split("..", 1))
        if lo > hi:
            raise YearError(_("the year range {text!r} runs backwards (write the earlier year first)").format(text=text))
        return [f"R{n}" for n in range(lo, hi + 1)]
    return [parse_year(p) for p in norm.split(",") if p.strip()]


# -- quarters and months ------------------------------------------------------------------------
# A fiscal year's quarters: 第1四半期 = April–June … 第4四半期 = January–March of the next year.
QUARTER_KEYS = ("q1", "q2", "q3", "q4")
QUARTER_FIRST_MONTH = {"q1": 4, "q2": 7, "q3": 10, "q4": 1}

_QUARTER = re.compile(r"^(?:(?P<year>(?:FY)?\d{4}|(?:R|令和)\d{1,2})(?:年度?)?[-/.]?)?"
                      r"(?:Q|第)?(?P<q>[1-4])(?:四半期|Q)?$", re.I)
_MONTH_PATTERNS = [
    # 2025-11, 2025/11, 2025.11, 2025年11月, 2025-11-30 (the day is ignored)
    (re.compile(r"^(\d{4})[-/.年](\d{1,2})月?(?:[-/.]\d{1,2}日?)?$"), "western"),
    # 令和7年11月, R7.11, R7/11, R7-11 — a calendar year of the 令和 era (令和7年 = 2025)
    (re.compile(r"^(?:R|令和)(\d{1,2})[-/.年](\d{1,2})月?(?:[-/.]\d{1,2}日?)?(?:時点)?$", re.I), "reiwa"),
]


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def parse_quarter(text: str) -> tuple[str | None, str]:
    """A quarter as users type it -> (fiscal year or None, ``q1``..``q4``).

    ``3``, ``Q3``, ``q3``, ``第3四半期``, ``３`` -> (None, q3); ``2025Q3``, ``FY2025Q3``, ``R7Q3``,
    ``令和7年度第3四半期`` -> (R7, q3): the quarter of the fiscal year (2025Q3 = October–December 2025).
    """
    m = _QUARTER.match(_norm(text))
    if not m:
        raise YearError(_("cannot read {text!r} as a quarter (use 3, Q3, 第3四半期 or 2025Q3)").format(text=text))
    year = parse_year(m.group("year")) if m.group("year") else None
    return year, f"q{m.group('q')}"


def parse_month(text: str) -> str:
    """A month as users type it -> ISO ``YYYY-MM``: 2025-12, 2025/12, 2025年12月, 令和7年12月, R7.12."""
    norm = _norm(text)
    for pattern, kind in _MONTH_PATTERNS:
        m = pattern.match(norm)
        if not m:
            continue
        y, month = int(m.group(1)), int(m.group(2))
        if kind == "reiwa":
            y += REIWA_OFFSET
        if 1 <= month <= 12 and y > REIWA_OFFSET - 100:
            return f"{y:04d}-{month:02d}"
    raise YearError(_("cannot read {text!r} as a month (use 2025-12, 2025年12月 or 令和7年12月)").format(text=text))


_MONTH_RANGE = re.compile(r"^(\d{1,2})月?(?:[~〜\-－―](\d{1,2})月?)?$")


def quarters_of(period: str) -> tuple[str, ...] | None:
    """A month range within the fiscal year -> its quarters: ``6～12月`` -> (q1, q2, q3);
    ``1～3月`` -> (q4,); None if it is not such a range."""
    norm = unicodedata.normalize("NFKC", period).replace(" ", "")  # NFKC turns ～ into ~
    m = _MONTH_RANGE.match(norm)
    if not m:
        return None
    start, end = int(m.group(1)), int(m.group(2) or m.group(1))
    if not (1 <= start <= 12 and 1 <= end <= 12):
        return None
    first, last = (start - 4) % 12, (end - 4) % 12  # months from April
    if last < first:
        return None
    return QUARTER_KEYS[first // 3:last // 3 + 1]


def is_month(text: object) -> bool:
    """Whether a value is an ISO month or date (``2025-12``, ``2025-12-01``) with a real month: a
    plan's ``as_of: x`` is a schema error that lint reports, and the views read around it."""
    m = _ISO_MONTH.fullmatch(text) if isinstance(text, str) else None
    return m is not None and 1 <= int(m.group(2)) <= 12


def fiscal_quarter(iso: str) -> tuple[str, str]:
    """The fiscal year and quarter a month falls in: ``2025-11`` -> (R7, q3); ``2026-02`` -> (R7, q4).
    Raises YearError for anything that is not such a month."""
    if not is_month(iso):
        raise YearError(_("cannot read {text!r} as a month (use 2025-12, 2025年12月 or 令和7年12月)").format(text=iso))
    y, m = (int(part) for part in iso.split("-")[:2])
    start = y if m >= 4 else y - 1
    return f"R{start - REIWA_OFFSET}", QUARTER_KEYS[((m - 4) % 12) // 3]


def quarter_months(year: str, quarter: str) -> tuple[str, str]:
    """The first and last month of a fiscal quarter: (R7, q3) -> (2025-10, 2025-12)."""
    first = QUARTER_FIRST_MONTH[quarter]
    y = western(year) + (1 if first < 4 else 0)
    return f"{y:04d}-{first:02d}", f"{y:04d}-{first + 2:02d}"


def quarters_started(year: str, iso: str) -> tuple[str, ...]:
    """The quarters of a fiscal year that have begun by a month (inclusive): (R7, 2025-11) -> q1..q3.

    Before the year: none; after it: all four."""
    return tuple(q for q in QUARTER_KEYS if quarter_months(year, q)[0] <= iso[:7])


def resolve_quarter(quarter: str | None, month: str | None, years: list[str] | None,
                    today: str) -> tuple[str | None, str]:
    """The fiscal year (None: leave it to --year or the default) and quarter a command asks for.

    ``--quarter`` may carry its own year (2025Q3); ``--month`` means the quarter it falls in and
    that quarter's year; with neither, the quarter of ``today`` (``YYYY-MM``) and its year unless
    --year names one. A year given twice must agree.
    """
    if quarter is not None and month is not None:
        raise YearError(_("give --quarter or --month, not both"))
    year: str | None
    if month is not None:
        year, q = fiscal_quarter(parse_month(month))
    elif quarter is not None:
        year, q = parse_quarter(quarter)
    else:
        year, q = fiscal_quarter(today)
        if years:
            year = None
    if year is not None and years:
        named = {parse_year(y) for y in years}
        if named != {year}:
            raise YearError(_("{given} is in {year}, but --year says {named}").format(
                given=quarter or month or today, year=year, named=", ".join(sorted(named))))
    return year, q


@lru_cache(maxsize=1024)
def year_sort_key(year: str) -> int:
    """R6 < R7 < R10 (not string order); anything that is not a year sorts first."""
    try:
        return year_number(year)
    except ValueError:
        return 0
