"""Fiscal years as users type them: R7, 令和7, 令和7年度, 2025, FY2025 (full- or half-width)."""

from __future__ import annotations

import re
import unicodedata

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
    raise YearError(f"年度として読めません: {text!r} (use R7, 令和7, 2025 or FY2025)")


_CANONICAL = re.compile(r"R([0-9]{1,3})")  # ASCII digits only: ``R⑦`` and ``R²`` pass str.isdigit()


def year_number(year: str) -> int:
    """The Reiwa number of a canonical year: ``R7`` -> 7; YearError (a ValueError) otherwise."""
    m = _CANONICAL.fullmatch(year) if isinstance(year, str) else None
    if m is None:
        raise YearError(f"年度として読めません: {year!r} (use R7, 令和7, 2025 or FY2025)")
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
            raise YearError(f"年度の範囲が逆です: {text!r}")
        return [f"R{n}" for n in range(lo, hi + 1)]
    return [parse_year(p) for p in norm.split(",") if p.strip()]
