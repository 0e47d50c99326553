"""One file linted on its own: load, schema, plan rules, suppressions and the positions a report
needs. Below both the engine (which lints many files and runs the cross-file rules) and the cache
(which keeps these results), so that neither imports the other's caller."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from xplan.lint.suppress import Suppression
from xplan.plan.findings import Finding
from xplan.plan.model import Issue, Plan

if TYPE_CHECKING:
    from xplan.plan.loader import Loaded


@dataclass
class FileResult:
    path: str
    findings: list[Finding]
    plan: Plan | None = None  # slim: enough for the cross-file rules
    suppressions: list[Suppression] = field(default_factory=list)
    lines: list[str] | None = None  # source lines, kept only when there are findings
    # For a file without findings: where the cross-file rules may point (organisation, lineage)
    # and the source lines there and at each suppression, so the report never reads a file twice
    # (it may have changed or gone since).
    anchors: dict[tuple[str | int, ...], tuple[int, int, int, int]] = field(default_factory=dict)
    snippets: dict[int, str] = field(default_factory=dict)

    def source_lines(self) -> list[str] | None:
        """The full lines when kept, else the known lines in place (others empty)."""
        if self.lines is not None or not self.snippets:
            return self.lines
        out = [""] * max(self.snippets)
        for n, text in self.snippets.items():
            out[n - 1] = text
        return out



def _slim(plan: Plan) -> Plan:
    issues = [Issue(i.pointer, i.id, i.domain, i.number, title=i.title, lineage=i.lineage) for i in plan.issues]
    return replace(plan, raw={}, mission=[], themes=[], issues=issues)


def _locate(findings: list[Finding], text: str, root: object = None) -> None:
    from xplan.plan.locate import Locator

    todo = [f for f in findings if not f.located]
    if not todo:
        return
    loc = Locator(text, root)
    for f in todo:
        f.line, f.column, f.end_line, f.end_column = loc.span(f.pointer, f.at_key)


def lint_file(path: str, options: dict[str, str] | None = None) -> FileResult:
    """Everything one file can tell on its own. Never raises for bad input.

    ``options`` are the configuration's settings for rules that are off by default."""
    from xplan.plan.loader import load

    return lint_loaded(path, load(path), options)


def lint_loaded(path: str, loaded: Loaded, options: dict[str, str] | None = None) -> FileResult:
    """``lint_file`` for a file already read (the cache reads and hashes it once)."""
    from xplan.lint import rules
    from xplan.lint.suppress import parse as parse_suppressions
    from xplan.plan import schema
    from xplan.plan.model import build_plan

    findings = list(loaded.findings)
    plan = None
    if loaded.data is not None:
        problems = schema.check(loaded.data, path)
        findings.extend(problems)
        rejected = {f.pointer for f in problems if f.code in REJECTED_VALUE}
        plan = build_plan(_without_top_level(loaded.data, rejected), path)
        findings.extend(f for f in rules.run(plan, options) if not _under(f.pointer, rejected))
    text = loaded.text or ""
    if plan is not None and text:
        findings.extend(rules.run_text(plan, text))
    if findings and text:
        _locate(findings, text, loaded.node)
    result = FileResult(path, findings, _slim(plan) if plan else None, parse_suppressions(text),
                        text.splitlines() if findings and text else None)
    if text:
        _keep_anchors(result, plan, text, loaded.node)
    return result


# A value the schema rejected (wrong kind, or outside what the format allows) is not judged
# again by the plan rules: `fiscal_year: "2025"` is one S204, not 27 checkpoint warnings and a
# path mismatch; `number: "one"` is one S203, not a numbering gap.
REJECTED_VALUE = ("S203", "S204")


def _without_top_level(data: dict[str, object], rejected: set[tuple[str | int, ...]]) -> dict[str, object]:
    """The plan data with rejected top-level values (fiscal_year, template, layout…) left out,
    so that rules reading them see "unknown" rather than a wrong value."""
    drop = {p[0] for p in rejected if len(p) == 1}
    return {k: v for k, v in data.items() if k not in drop} if drop else data


def _under(pointer: tuple[str | int, ...], rejected: set[tuple[str | int, ...]]) -> bool:
    return bool(rejected) and any(pointer[:n] in rejected for n in range(1, len(pointer) + 1))


def _keep_anchors(result: FileResult, plan: Plan | None, text: str, node: object) -> None:
    """Positions and lines a later step may need, taken while the text is at hand."""
    from xplan.plan.locate import Locator

    wanted: list[tuple[str | int, ...]] = []
    if plan is not None:
        wanted.append(("organisation",))
        for issue in plan.issues:
            if issue.lineage is not None:
                wanted += [issue.pointer + ("lineage", k) for k in ("id", "domain", "year")]
    if wanted and node is not None:
        loc = Locator(text, node)
        result.anchors = {pointer: loc.span(pointer) for pointer in wanted}
    fill_snippets(result, text)


def fill_snippets(result: FileResult, text: str) -> None:
    """The source lines at the anchors and suppressions, for a file whose lines are not all kept."""
    if result.lines is not None:
        result.snippets = {}
        return
    lines = text.splitlines()
    wanted = {span[0] for span in result.anchors.values()} | {s.line for s in result.suppressions}
    result.snippets = {n: lines[n - 1] for n in wanted if 0 < n <= len(lines)}
