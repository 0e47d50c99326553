"""GitHub Actions workflow commands: one ::error/::warning/::notice annotation per finding."""

from __future__ import annotations

from xplan.lint.engine import LintResult

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: LintResult, *, color: bool = False, statistics: bool = False, width: int | None = None) -> str:
    lines = []
    for f in result.findings:
        d = f.to_dict()
        props = (f"file={_prop(str(d['file']))},line={d['line']},col={d['column']},"
                 f"endLine={d['end_line']},endColumn={d['end_column']},title={_prop(f'{f.code} {f.name}')}")
        lines.append(f"::{_LEVEL[f.severity]} {props}::{_data(f.message)}")
    return "".join(line + "\n" for line in lines)
