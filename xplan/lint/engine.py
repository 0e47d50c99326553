"""Lint plan files: load, schema, plan rules, cross-file rules, configuration, suppressions.

Findings are collected first into a ``LintResult``; reporters (xplan/lint/engine/reporters) turn it into
text, JSON, GitHub annotations or SARIF. Nothing here prints.

Speed: files are linted in worker processes (both cores), positions are computed only for files
that have findings (a clean file is parsed once, by the fast safe loader), and workers send back
a slim copy of each plan for the cross-file rules.
"""

from __future__ import annotations

import fnmatch
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from xplan.config import Config, ConfigError
from xplan.i18n import _
from xplan.lint.single import FileResult, lint_file
from xplan.plan.findings import Finding

if TYPE_CHECKING:
    from xplan.plan.cache import Cache

PARALLEL_MIN_FILES = 8  # below this a process pool costs more than it saves


@dataclass
class LintResult:
    files: list[str]
    findings: list[Finding]
    sources: dict[str, list[str]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        c = Counter(f.severity for f in self.findings)
        return {"error": c["error"], "warning": c["warning"], "info": c["info"]}

    def summary(self) -> dict[str, object]:
        counts = self.counts()
        return {"errors": counts["error"], "warnings": counts["warning"], "info": counts["info"],
                "files_with_findings": len({f.file for f in self.findings}),
                "by_rule": dict(sorted(Counter(f.code for f in self.findings).items()))}

    def exit_code(self, strict: bool = False) -> int:
        counts = self.counts()
        return 1 if counts["error"] or (strict and counts["warning"]) else 0


def _selected(cfg: Config, finding: Finding) -> bool:
    from xplan.lint.registry import matches

    if cfg.select and not any(matches(s, finding.code, finding.name) for s in cfg.select):
        return False
    if any(matches(s, finding.code, finding.name) for s in cfg.ignore):
        return False
    rel = _relative(finding.file, cfg)
    for pattern, sels in cfg.per_file_ignores.items():
        if (fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(finding.file, pattern)) and any(
                matches(s, finding.code, finding.name) for s in sels):
            return False
    return True


def _relative(file: str, cfg: Config) -> str:
    try:
        return Path(file).resolve().relative_to(cfg.root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):  # outside the root, or a symlink loop (RuntimeError in 3.11)
        return Path(file).as_posix()


def check_config(cfg: Config) -> None:
    """Every rule a configuration names must exist (else exit code 2)."""
    from xplan.lint.registry import find_rule, known_selector

    named = [*cfg.select, *cfg.ignore, *(s for sels in cfg.per_file_ignores.values() for s in sels)]
    bad = [s for s in named if not known_selector(s)]
    bad += [s for s in cfg.severity if find_rule(s) is None]
    if bad:
        where = cfg.path or _("configuration")
        raise ConfigError(_("{where}: unknown rule {rules}; see `xplan rules`").format(
            where=where, rules=", ".join(bad)))


def _apply_severity(cfg: Config, finding: Finding) -> None:
    from xplan.lint.registry import find_rule

    for sel, level in cfg.severity.items():
        rule = find_rule(sel)
        if rule and rule.code == finding.code:
            finding.severity = level


def _run_files(paths: list[str], jobs: int, progress: Callable[[int, int], None] | None,
               cache: Cache | None = None, options: dict[str, str] | None = None,
               whole: bool = False) -> list[FileResult]:
    """Every file's FileResult, in the order given: from the cache when unchanged, else linted
    (in worker processes when there are enough files left to lint)."""
    total = len(paths)
    found: dict[str, FileResult] = {}
    from functools import partial

    worker: Callable[[str], FileResult] = partial(lint_file, options=options)
    if cache is not None:
        from xplan.lint.cache import lint_file_cached, lookup

        for p in paths:
            hit = lookup(cache, p, options)
            if hit is not None:
                found[p] = hit
        if found and progress:
            progress(len(found), total)
        worker = partial(lint_file_cached, cache=cache, options=options, whole=whole)
    todo = [p for p in paths if p not in found]
    done = len(found)
    if jobs <= 1 or len(todo) < PARALLEL_MIN_FILES:
        for p in todo:
            found[p] = worker(p)
            done += 1
            if progress:
                progress(done, total)
        return [found[p] for p in paths]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        for p, r in zip(todo, pool.map(worker, todo, chunksize=max(1, len(todo) // (jobs * 8)))):
            found[p] = r
            done += 1
            if progress:
                progress(done, total)
    return [found[p] for p in paths]


def lint_paths(paths: list[Path], cfg: Config | None = None, *, cross_file: bool | None = None,
               jobs: int | None = None, progress: Callable[[int, int], None] | None = None,
               cache: Cache | None = None, keep_plans: bool = False) -> LintResult:
    """Lint files and directories. ``cross_file`` defaults to on when a directory was given.
    With a ``cache`` (xplan.plan.cache), unchanged files' single-file results are reused
    (xplan.lint.cache); the configuration, suppressions and cross-file rules always apply afresh.
    ``keep_plans``: a file linted now also leaves its whole plan in the cache, for a caller that
    loads every plan next (the plan is then parsed once, in lint's worker processes).

    Raises PathError / ConfigError for usage problems (exit 2); bad files become findings.
    """
    from xplan.lint import rules as rules_pkg
    from xplan.lint.registry import UNUSED, known_selector
    from xplan.plan.catalog import walk

    cfg = cfg or Config()
    check_config(cfg)
    found, walk_problems = walk(paths)
    files = [str(p) for p in found]
    if cross_file is None:
        cross_file = any(p.is_dir() for p in paths)
    # never more workers than cores or files (`-j 512` must not start 512 processes)
    workers = max(1, min(jobs or os.cpu_count() or 1, os.cpu_count() or 1, len(files)))
    results = _run_files(files, workers, progress, cache, cfg.rule_options(), keep_plans)
    by_file = {r.path: r for r in results}

    findings = [f for r in results for f in r.findings] + walk_problems
    if cross_file:
        plans = [r.plan for r in results if r.plan is not None]
        corpus: list[Finding] = []
        for rule in rules_pkg.plan_rules():
            if rule.check_corpus:
                corpus.extend(rule.check_corpus(plans))
        for f in corpus:  # located from what the per-file pass kept: the file is not read again
            anchors = by_file[f.file].anchors if f.file in by_file else {}
            span = next((anchors[f.pointer[:n]] for n in range(len(f.pointer), 0, -1)
                         if f.pointer[:n] in anchors), (1, 1, 1, 1))
            f.line, f.column, f.end_line, f.end_column = span
        findings.extend(corpus)

    kept: list[Finding] = []
    for f in findings:
        if not _selected(cfg, f):
            continue
        _apply_severity(cfg, f)
        sups = by_file[f.file].suppressions if f.file in by_file else []
        hit = [s for s in sups if s.covers(f)]
        for s in hit:
            s.used = True
        if not hit:
            kept.append(f)
    for r in results:
        for s in r.suppressions:
            unknown = [x for x in s.rules if not known_selector(x)]
            if s.used and not unknown:
                continue
            why = (_("the suppression comment names an unknown rule {rules}").format(rules=", ".join(unknown))
                   if unknown else _("the suppression comment suppresses no finding; remove it"))
            f = Finding(r.path, UNUSED.code, UNUSED.name, UNUSED.severity, why,
                        line=s.line, column=s.column, end_line=s.line, end_column=s.column)
            if _selected(cfg, f):
                _apply_severity(cfg, f)
                kept.append(f)
    kept.sort(key=Finding.sort_key)
    reported = {f.file for f in kept}
    sources = {r.path: lines for r in results if r.path in reported and (lines := r.source_lines()) is not None}
    return LintResult(files, kept, sources)
