"""Inline suppression comments in plan files.

    urgency: 低  # xplan: ignore[P311] the document leaves it out
    # xplan: ignore[title-mismatch] reason…     (alone on a line: applies to the next line)
    # xplan: ignore-file[P302] empty cells are as printed

Rules are named by code, name or prefix; without ``[...]`` every rule is meant. Text after the
bracket is the reason. A suppression that suppresses nothing is reported (N901).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xplan.lint.registry import matches
from xplan.plan.findings import Finding

_COMMENT = re.compile(r"#\s*xplan:\s*(ignore-file|ignore)\b(?:\[([^\]]*)\])?\s*(.*)$")


@dataclass
class Suppression:
    line: int  # where the comment is
    column: int
    target: int | None  # the line it applies to; None for the whole file
    rules: list[str] = field(default_factory=list)  # empty: every rule
    reason: str = ""
    used: bool = False

    def covers(self, finding: Finding) -> bool:
        if self.target is not None and finding.line != self.target:
            return False
        return not self.rules or any(matches(r, finding.code, finding.name) for r in self.rules)


def parse(text: str) -> list[Suppression]:
    if "xplan:" not in text:
        return []
    lines = text.splitlines()
    out: list[Suppression] = []
    for n, line in enumerate(lines, start=1):
        if "xplan:" not in line:
            continue
        m = _COMMENT.search(line)
        if not m:
            continue
        rules = [r.strip() for r in (m.group(2) or "").split(",") if r.strip()]
        target: int | None = n
        if m.group(1) == "ignore-file":
            target = None
        elif not line[: m.start()].strip():  # a comment alone on its line covers the next content line
            target = next((k for k in range(n + 1, len(lines) + 1)
                           if lines[k - 1].strip() and not lines[k - 1].lstrip().startswith("#")), n)
        out.append(Suppression(n, m.start() + 1, target, rules, m.group(3).strip()))
    return out
