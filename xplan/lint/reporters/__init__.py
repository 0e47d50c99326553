"""Lint reporters, chosen by name. Each turns a LintResult into a string (bytes for a binary format,
``BINARY = True``: only to a file); the CLI prints or writes it."""

from __future__ import annotations

import importlib
from typing import Protocol

from xplan.lint.engine import LintResult

REPORTERS = {"text": "text", "json": "json_report", "github": "github", "sarif": "sarif", "xlsx": "xlsx"}


class Reporter(Protocol):
    def __call__(self, result: LintResult, *, color: bool = False, statistics: bool = False,
                 width: int | None = None) -> str | bytes: ...


def get(name: str) -> Reporter:
    if name not in REPORTERS:
        raise ValueError(f"unknown format {name!r}; choose from {', '.join(REPORTERS)}")
    render: Reporter = importlib.import_module(f"xplan.lint.reporters.{REPORTERS[name]}").render
    return render


def binary(name: str) -> bool:
    return bool(getattr(importlib.import_module(f"xplan.lint.reporters.{REPORTERS[name]}"), "BINARY", False))
