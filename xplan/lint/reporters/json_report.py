"""The JSON contract: {"version": 1, "files": N, "findings": [...], "summary": {...}}."""

from __future__ import annotations

from xplan.lint.engine import LintResult
from xplan.output.jsontext import dumps as json_text


def as_dict(result: LintResult) -> dict[str, object]:
    return {"version": 1, "files": len(result.files), "findings": [f.to_dict() for f in result.findings],
            "summary": result.summary()}


def render(result: LintResult, *, color: bool = False, statistics: bool = False, width: int | None = None) -> str:
    return json_text(as_dict(result))
