"""The retrospective sheet (振り返りシート, R6): one table row per issue, columns ①–⑧."""

from __future__ import annotations

import re
from typing import Any

from xplan.importer.lines import Line

SHEET = re.compile(r"振り返りシート")


def looks_retro(lines: list[Line]) -> int:
    return sum(5 for x in lines if SHEET.search(x.norm))


def build(lines: list[Line], fiscal_year: str) -> tuple[dict[str, Any], list[str]]:
    return {"issues": []}, []
