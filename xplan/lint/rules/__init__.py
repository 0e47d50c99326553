"""Plan rules: one module per rule, each with a code, a kebab-case name, a default severity and
a generator of findings. The module's ``__doc__`` is the rule's user documentation (``xplan rule
CODE`` prints it, its first line is the summary ``xplan rules`` lists). It is set with
``__doc__ = N_(…)`` rather than written as a docstring so that it is a message like any
other: extracted into the catalog and read in the chosen language.

A rule module defines ``CODE``, ``NAME``, ``SEVERITY`` and either ``check(plan)`` (one plan at a
time) or ``check_corpus(plans)`` (across every plan linted together, e.g. a directory).

A rule that reads the file's comments also defines ``check_text(plan, text)``, whose findings
carry their line and column.

A rule that is off by default also defines ``OPTION``, the configuration key that switches it on
(``progress-as-of``); it runs only when that key is set, as ``check(plan, value)``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType

from xplan.i18n import N_, _
from xplan.plan.findings import Finding
from xplan.plan.model import Issue, Plan, ScheduleRow

# Listed, not discovered, so start-up never scans the file system.
_MODULES = (
    "schedule_missing_quarter", "schedule_empty_cell", "leading_continuation", "action_without_schedule",
    "continuation_as_text",
    "rating_missing", "all_high_high",
    "missing_detail", "missing_from_overview", "title_mismatch", "missing_section",
    "numbering_gap", "duplicate_id", "id_mismatch",
    "lineage_year", "lineage_unknown_issue",
    "checkpoint_outside_year", "path_mismatch", "duplicate_plan",
    "empty_text", "placeholder", "to_fill",
    "progress_missing", "to_check",
)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    summary: str
    doc: str
    check: Callable[[Plan], Iterable[Finding]] | None = None
    check_corpus: Callable[[list[Plan]], Iterable[Finding]] | None = None
    option: str | None = None  # off by default: the configuration key that switches it on
    fix: str | None = None  # what `xplan lint --fix` does for it (xplan/write/fixes.py), if anything
    check_text: Callable[[Plan, str], Iterable[Finding]] | None = None  # also reads the file's text (comments)

    @property
    def cross_file(self) -> bool:
        return self.check_corpus is not None


def _rule_from(module: ModuleType) -> Rule:
    doc = (module.__doc__ or "").strip()
    return Rule(module.CODE, module.NAME, module.SEVERITY, doc.splitlines()[0] if doc else "", doc,
                getattr(module, "check", None), getattr(module, "check_corpus", None), getattr(module, "OPTION", None),
                getattr(module, "FIX", None), getattr(module, "check_text", None))


@lru_cache(maxsize=1)
def plan_rules() -> tuple[Rule, ...]:
    return tuple(_rule_from(importlib.import_module(f"xplan.lint.rules.{m}")) for m in _MODULES)


def make(rule_module: ModuleType, plan: Plan, message: str, pointer: tuple[str | int, ...] = (),
         at_key: bool = False) -> Finding:
    """A finding of the calling rule, with its default severity (configuration may change it)."""
    return Finding(plan.path, rule_module.CODE, rule_module.NAME, rule_module.SEVERITY, message,
                   pointer, at_key)


def where(plan: Plan, pointer: tuple[str | int, ...]) -> str:
    """課題B（3） / 課題B（3） 取組(2) for a pointer into the plan's issues."""
    if len(pointer) >= 2 and pointer[0] == "issues":
        issue = next((i for i in plan.issues if i.pointer == tuple(pointer[:2])), None)
        if issue is not None:
            text = issue.label
            if len(pointer) >= 4 and pointer[2] == "actions" and issue.actions:
                action = next((a for a in issue.actions if a.pointer == tuple(pointer[:4])), None)
                if action is not None:
                    text += f" 取組({action.number})" if action.number else " 取組"
            return text
    from xplan.plan.schema import context

    return context(plan.raw, pointer)


# A quarter as messages name it: the YAML key and its months in English, the document's column
# heading (xplan.plan.model.QUARTER_LABELS, 第1四半期(4～6月)) in the Japanese catalog.
_QUARTER_NAMES = {"q1": N_("q1 (Apr–Jun)"), "q2": N_("q2 (Jul–Sep)"),
                  "q3": N_("q3 (Oct–Dec)"), "q4": N_("q4 (Jan–Mar)")}


def quarter_name(quarter: str) -> str:
    """``q1`` as a message names it, in the chosen language."""
    return _(_QUARTER_NAMES[quarter])


def overview_issues(plan: Plan) -> Iterator[Issue]:
    """Every issue of a plan whose document has the 課題一覧 overview table (none otherwise)."""
    if plan.has_overview:
        yield from plan.issues


def schedule_rows(plan: Plan) -> Iterator[ScheduleRow]:
    """Every quarterly-table row of a plan whose template has the table (R7 onwards)."""
    if plan.has_schedule:
        for issue in plan.issues:
            for _, row in issue.schedules():
                yield row


def run(plan: Plan, options: Mapping[str, str] | None = None) -> Iterator[Finding]:
    """Every single-file rule on one plan; ``options`` (from the configuration) switch on the rules
    that are off by default."""
    for rule in plan_rules():
        if rule.check is None:
            continue
        if rule.option is None:
            yield from rule.check(plan)
        elif options and options.get(rule.option):
            yield from rule.check(plan, options[rule.option])  # type: ignore[call-arg]


def run_text(plan: Plan, text: str) -> Iterator[Finding]:
    """The rules that read the file's text itself (its comments), on one plan."""
    for rule in plan_rules():
        if rule.check_text is not None:
            yield from rule.check_text(plan, text)
