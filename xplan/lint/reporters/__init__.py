"""Lint reporters, chosen by name. Each turns a LintResult into a string; the CLI prints it."""

from __future__ import annotations

import importlib
from typing import Protocol

from xplan.lint.engine import LintResult

REPORTERS = {"text": "text", "json": "json_report", "github": "github", "sarif": "sarif", "gitlab": "gitlab"}


class Reporter(Protocol):
    def __call__(self, result: LintResult, *, color: bool = False, statistics: bool = False,
                 width: int | None = None) -> str: ...


def get(name: str) -> Reporter:
    if name not in REPORTERS:
        raise ValueError(f"unknown format {name!r}; choose from {', '.join(REPORTERS)}")
    return importlib.import_module(f"xplan.lint.reporters.{REPORTERS[name]}").render
