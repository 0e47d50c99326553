"""GitHub Actions workflow commands: one ::error/::warning/::notice annotation per finding.

The runner's rules (actions/runner, ``ActionCommand`` and ``IssueCommandExtension``): property
values escape ``%``, ``\\r``, ``\\n``, ``:`` and ``,``; the message escapes ``%``, ``\\r`` and
``\\n``; and ``col``/``endColumn`` are refused when ``line`` and ``endLine`` differ. A finding that
spans lines (a key missing from a mapping spans the whole mapping, often the whole file) is
therefore anchored to its first line and column: GitHub would draw a multi-line span at its last
line, far from where the reader should look.
"""

from __future__ import annotations

from xplan.lint.engine import LintResult

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def properties(d: dict[str, object]) -> dict[str, object]:
    """The location properties of one finding (``Finding.to_dict()``), as the runner accepts them."""
    if d["line"] != d["end_line"]:
        return {"line": d["line"], "col": d["column"]}  # first line only: no endLine, no endColumn
    return {"line": d["line"], "col": d["column"], "endLine": d["end_line"], "endColumn": d["end_column"]}


def render(result: LintResult, *, color: bool = False, statistics: bool = False, width: int | None = None) -> str:
    lines = []
    for f in result.findings:
        d = f.to_dict()
        where = ",".join(f"{k}={v}" for k, v in properties(d).items())
        props = f"file={_prop(str(d['file']))},{where},title={_prop(f'{f.code} {f.name}')}"
        lines.append(f"::{_LEVEL[f.severity]} {props}::{_data(f.message)}")
    return "".join(line + "\n" for line in lines)
