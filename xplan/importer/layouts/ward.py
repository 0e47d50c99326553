"""The older ward layout (R6): themes with sub-themes, each issue 課題A(1)<theme> with ① 課題名,
② 課題の内容, ③ 課題の背景, ④ 課題に対する取組み."""

from __future__ import annotations

import re
from typing import Any

from xplan.importer.lines import Line

ISSUE = re.compile(r"^課題\s*([A-C])\s*[(（]\s*(\d+)\s*[)）]\s*(.*)$")
NAME = re.compile(r"^①\s*課題名")


def looks_ward(lines: list[Line]) -> int:
    return sum(3 for x in lines if NAME.match(x.norm))


def build(lines: list[Line], fiscal_year: str) -> tuple[dict[str, Any], list[str]]:
    return {"issues": []}, []
