"""Fixes that live with their findings (as sqlfluff's ``LintResult(fixes=…)``): a finding that can be
put right mechanically carries what the value becomes, and ``xplan lint --fix`` applies exactly
those (xplan/write/fixes.py). Below both the linter, which finds, and the writer, which edits, so
what is wrong is decided once, by the rule that reports it.

The fixes never change what a plan means: S204 full-width letters and digits where the NFKC form is
what the schema asks for (``Ａ１`` → ``A1``, ``Ｒ７`` → ``R7``); P333 an issue's id from its domain and
number; P305 a cell item written as the text ``→`` made ``continues: true``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any, TypeGuard

from xplan.i18n import _
from xplan.plan.findings import Finding

Pointer = tuple[str | int, ...]
CONTINUES: dict[str, Any] = {"continues": True}
ARROWS = frozenset({"→", "⇒", "➡"})  # the document's "continues", typed as text
FIX = "fix"  # the key of Finding.extra that holds the new value


def is_arrow(item: Any) -> TypeGuard[str]:
    """A cell item that is the text → (with spaces around it, or a look-alike arrow)."""
    return isinstance(item, str) and item.strip() in ARROWS


def nfkc(value: Any) -> str | None:
    """The NFKC form of a text value (full-width letters and digits made ASCII), if it differs."""
    if not isinstance(value, str):
        return None
    norm = unicodedata.normalize("NFKC", value).strip()
    return norm if norm != value else None


@dataclass
class Fix:
    rule: str  # the code of the finding this puts right
    pointer: Pointer
    new: Any

    @property
    def path(self) -> str:
        return "/" + "/".join(str(p) for p in self.pointer)


def with_fix(finding: Finding, new: Any) -> Finding:
    """The finding, carrying the value its pointer's value becomes; its message says that
    ``xplan lint --fix`` repairs it (issue 31)."""
    finding.extra[FIX] = new
    finding.message += _(" (xplan lint --fix can repair it)")
    return finding


def fixes_of(findings: list[Finding]) -> list[Fix]:
    """The fixes the findings carry, one per value (the first finding's, in order)."""
    out: dict[Pointer, Fix] = {}
    for f in findings:
        if FIX in f.extra:
            out.setdefault(f.pointer, Fix(f.code, f.pointer, f.extra[FIX]))
    return list(out.values())
