"""A Markdown summary for the GitHub Actions job page ($GITHUB_STEP_SUMMARY): counts per rule.

The annotations themselves stay in the log (github.py); this is the one table a reviewer sees on
the run's summary page. The command appends it to the file, as several steps may add to it."""

from __future__ import annotations

from collections import Counter

from xplan.i18n import _
from xplan.lint.engine import LintResult
from xplan.plan.findings import severity_label


def summary_markdown(result: LintResult) -> str:
    counts = result.counts()
    lines = ["### xplan lint", "",
             _("{errors} errors, {warnings} warnings, {info} info in {hit} of {files} files").format(
                 errors=counts["error"], warnings=counts["warning"], info=counts["info"],
                 hit=len({f.file for f in result.findings}), files=len(result.files)), ""]
    by_rule = Counter((f.code, f.name, f.severity) for f in result.findings)
    if by_rule:
        lines += [f"| {_('code')} | {_('name')} | {_('severity')} | {_('count')} |", "|---|---|---|---:|"]
        for (code, name, severity), n in sorted(by_rule.items()):
            lines.append(f"| {code} | {name} | {severity_label(severity)} | {n} |")
        lines.append("")
    return "\n".join(lines) + "\n"

