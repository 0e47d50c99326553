"""`xplan lint`, `xplan rules`, `xplan rule` — thin wrappers; the work is in xplan.lint.engine."""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from xplan.commands.common import Opt, UsageError, emit, fail, output_options, table_command, usage_errors, write_output
from xplan.i18n import N_, _
from xplan.output.jsontext import dumps as json_text
from xplan.output.view import Options
from xplan.plan.findings import severity_label


def _progress_reporter() -> tuple[Callable[[int, int], None] | None, Callable[[], None]]:
    """A progress bar on stderr for runs that take over a second, on a terminal, outside CI."""
    if not sys.stderr.isatty() or os.environ.get("CI") or ("NO_COLOR" in os.environ and not sys.stderr.isatty()):
        return None, lambda: None
    start = time.monotonic()
    state: dict[str, object] = {}

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            if time.monotonic() - start < 1.0:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

            bar = Progress("lint", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                           console=Console(file=sys.stderr), transient=True)
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task("lint", total=total)
        state["bar"].update(state["task"], completed=done)  # type: ignore[attr-defined]

    def stop() -> None:
        if "bar" in state:
            state["bar"].stop()  # type: ignore[attr-defined]

    return update, stop


SEVERITY_ORDER = {"info": 0, "warning": 1, "error": 2}


def _cache_beside(plans: Path, targets: list[Path]) -> Path:
    """The directory the cache goes beside: the plans directory, or when there is none here (files
    linted from elsewhere) the first directory linted, so that no stray .xplan_cache appears in
    the working directory."""
    if plans.is_dir() or not targets:
        return plans
    first = targets[0]
    return first if first.is_dir() else first.parent
LINT_FORMATS = ("text", "json", "github", "sarif", "gitlab", "xlsx")


def run_lint(paths: list[Path], fmt: str | None = None, output: Path | None = None, statistics: bool = False,
             strict: bool = False, config_path: Path | None = None, select: list[str] | None = None,
             ignore: list[str] | None = None, jobs: int | None = None, min_severity: str | None = None,
             quiet: bool = False, cross_file_only: bool = False, no_cache: bool = False) -> int:
    """Lint and report; returns the exit code (0 clean, 1 error findings, 2 usage/config error).

    ``min_severity`` leaves out findings below it (the github format leaves out info unless asked);
    ``cross_file_only`` keeps only the rules that need the whole tree (the xplan-lint-all hook)."""
    from dataclasses import replace

    from xplan import config as config_mod
    from xplan import i18n
    from xplan.commands.common import open_cache
    from xplan.config import ConfigError
    from xplan.i18n import speaking
    from xplan.lint.engine import check_config, lint_paths
    from xplan.lint.registry import all_rules
    from xplan.lint.reporters import binary, get
    from xplan.output.files import OutputError, write_atomic
    from xplan.plan.catalog import PathError, walk

    fmt = fmt or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if fmt not in LINT_FORMATS:
        typer.echo("xplan: " + _("unknown format {fmt!r}; choose from {choices}").format(
            fmt=fmt, choices=", ".join(LINT_FORMATS)), err=True)
        return 2
    if output is None and binary(fmt) and sys.stdout.isatty():
        from xplan.formats import BINARY_TO_TERMINAL

        typer.echo("xplan: " + _(BINARY_TO_TERMINAL).format(fmt=fmt), err=True)
        return 2
    if min_severity is not None and min_severity not in SEVERITY_ORDER:
        typer.echo("xplan: " + _("unknown severity {value!r}; choose from {choices}").format(
            value=min_severity, choices="info, warning, error"), err=True)
        return 2
    floor = min_severity or ("warning" if fmt == "github" else "info")
    try:
        cfg = config_mod.load(config_path)
        cfg.select = [*cfg.select, *(select or [])]
        cfg.ignore = [*cfg.ignore, *(ignore or [])]
        targets = paths or [cfg.plans_dir()]
        check_config(cfg)  # a usage error speaks the chosen language, even for JSON
        update, stop = _progress_reporter() if not quiet else (None, lambda: None)
        try:
            try:
                # JSON is the same whatever the language: its messages are in the default language
                # (the lint cache is keyed by the language the messages are written in)
                with speaking(i18n.DEFAULT if fmt == "json" else i18n.language()):
                    result = lint_paths(targets, cfg, jobs=jobs, progress=update,
                                        cross_file=True if cross_file_only else None,
                                        cache=open_cache(_cache_beside(cfg.plans_dir(), targets), no_cache, cfg))
            except PathError:
                walk(targets)  # the same usage error again, in the chosen language
                raise
        finally:
            stop()
    except (PathError, ConfigError) as exc:
        typer.echo(f"xplan: {exc}", err=True)
        return 2
    cross = {r.code for r in all_rules() if r.cross_file}
    kept = [f for f in result.findings if SEVERITY_ORDER.get(f.severity, 0) >= SEVERITY_ORDER[floor]
            and (not cross_file_only or f.code in cross)]
    result = replace(result, findings=kept)
    terminal = output is None and fmt == "text" and sys.stdout.isatty()
    color = terminal and "NO_COLOR" not in os.environ
    # on a terminal, messages wrap at phrases to its width (a pipe or file gets one line per finding)
    width = shutil.get_terminal_size().columns if terminal else None
    if quiet and fmt == "text":
        # the findings without the count line; the statistics, asked for, still follow them
        from xplan.lint.reporters.text import statistics_lines

        text = get(fmt)(result, color=color, statistics=False, width=width)
        assert isinstance(text, str)
        report: str | bytes = _findings_only(text) + (
            "\n".join(statistics_lines(result)) + "\n" if statistics else "")
    else:
        report = get(fmt)(result, color=color, statistics=statistics, width=width)
    if output is not None:
        try:
            write_atomic(output, report)
        except OutputError as exc:
            typer.echo(f"xplan: {exc}", err=True)
            return 2
    else:
        write_output(report, None)
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt == "github" and summary_path:
        from xplan.lint.reporters.step_summary import summary_markdown

        with open(summary_path, "a", encoding="utf-8") as fh:  # appended: other steps write there too
            fh.write(summary_markdown(result))
    return result.exit_code(strict)


def _findings_only(report: str) -> str:
    """-q with the text format: the findings, without the closing count line (nothing when clean)."""
    body = report.rstrip("\n").split("\n")[:-1]
    while body and not body[-1].strip():
        body.pop()
    return "".join(line + "\n" for line in body)


def _doc_width(width: int | None, output: Path | None) -> int:
    """--width, else the terminal's (at most 100: prose is hard to read wider), else 80."""
    if width:
        return width
    if output is None and sys.stdout.isatty():
        return min(shutil.get_terminal_size().columns, 100)
    return 80


def _scope(rule: Any) -> str:
    """per file / cross-file, and how a rule that is off by default is switched on."""
    scope = _("cross-file") if rule.cross_file else _("per file")
    if rule.option:
        scope += "; " + _("off by default, on with {option}").format(option=rule.option)
    return scope


def register(app: typer.Typer) -> None:
    @app.command("lint", help=N_("Check plan files: YAML, schema and plan rules, with exact locations."))
    def lint(
        paths: list[Path] = typer.Argument(None, help=N_("Files and directories (recursive *.yaml/*.yml). "
                                                        "Default: plans/ (or `plans` from the configuration).")),
        fmt: str = typer.Option(None, "--format", "-F", metavar="FORMAT",
                                help=N_("text (default), json, github (default under GitHub Actions), sarif, gitlab "
                                       "(Code Quality), or xlsx (with -o FILE).")),
        output: Path = Opt.output,
        min_severity: str = typer.Option(None, "--min-severity", metavar="info|warning|error",
                                         help=N_("Leave out findings below this severity (default: info; "
                                                "warning for the github format).")),
        quiet: bool = typer.Option(False, "--quiet", "-q", help=N_("Print only the findings: no count line, "
                                                                  "no progress bar.")),
        statistics: bool = typer.Option(False, "--statistics", help=N_("Add a count of findings per rule.")),
        strict: bool = typer.Option(False, "--strict", help=N_("Exit 1 on warnings too.")),
        cross_file_only: bool = typer.Option(False, "--cross-file-only",
                                             help=N_("Run only the rules that need the whole tree (duplicate "
                                                    "plans, lineage across years): the xplan-lint-all hook.")),
        config: Path = typer.Option(None, "--config", metavar="FILE",
                                    help=N_("Use this configuration file instead of searching.")),
        select: list[str] = typer.Option(None, "--select", metavar="RULE",
                                         help=N_("Only these rules (code, name or prefix).")),
        ignore: list[str] = typer.Option(None, "--ignore", metavar="RULE",
                                         help=N_("Skip these rules (code, name or prefix).")),
        jobs: int = typer.Option(None, "--jobs", "-j", metavar="N", min=1,
                                 help=N_("Worker processes (default and at most: all cores).")),
        no_cache: bool = Opt.no_cache,
        fix: bool = typer.Option(False, "--fix", help=N_("First apply the safe fixes (`xplan rules` says which "
                                                        "rules have one), keeping comments; then report what remains.")),
        diff: bool = typer.Option(False, "--diff", help=N_("With --fix: write nothing, print the fixes as a unified "
                                                          "diff, exit 1 if there are any.")),
    ) -> None:
        if diff and not fix:
            raise fail(_("--diff goes with --fix"))
        fixed = 0
        if fix:
            from xplan.commands.write import run_fix

            fixed = run_fix(paths or [], diff, quiet, config)
            if diff:
                raise typer.Exit(fixed)
        linted = run_lint(paths or [], fmt, output, statistics, strict, config, select, ignore, jobs,
                          min_severity, quiet, cross_file_only, no_cache)
        # a file --fix could not fix or write (exit 2) is still linted, with the others
        raise typer.Exit(max(linted, fixed))

    @table_command(app, "rules", N_("List every rule with its code, name, default severity and summary."), select=False)
    def rules_cmd(*, options: Options) -> None:
        from xplan.lint.registry import all_rules
        from xplan.output.tables import Table, to_rich
        from xplan.output.view import Section, ViewOutput

        rules = all_rules()
        table = Table((_("code"), _("name"), _("severity"), _("scope"), _("--fix"), _("summary")),
                      [[r.code, r.name, severity_label(r.severity),
                        _scope(r), _("fixable") if r.fix else "", r.shown_summary()] for r in rules])

        def as_json() -> dict[str, Any]:
            from xplan import i18n

            # sentences in JSON are Japanese whatever --lang says, as lint -F json's messages are
            with i18n.speaking(i18n.DEFAULT):
                return {"version": 1, "rules": [{"code": r.code, "name": r.name, "severity": r.severity,
                                                 "cross_file": r.cross_file, "enabled_by": r.option,
                                                 "fix": r.shown_fix(), "summary": r.shown_summary()}
                                                for r in rules]}

        # at a terminal, severity, scope and --fix share one column, a line each, so that the summary
        # has the width (at 80 columns it had 14); the text formats keep a column for each
        terminal = Table((_("code"), _("name"), _("severity"), _("summary")),
                         [[r.code, r.name, "\n".join(x for x in (
                             severity_label(r.severity), _("cross-file") if r.cross_file else _("per file"),
                             _("off by default") if r.option else "", _("fixable") if r.fix else "") if x),
                           r.shown_summary()] for r in rules])
        emit(ViewOutput("rules", _("Rules"), lambda: [to_rich(terminal, compact=True)], as_json,
                        lambda: [Section([table])], lambda: table), options)

    @app.command("rule", help=N_("Show one rule's documentation."))
    def rule_cmd(
        rule: str = typer.Argument(..., metavar="CODE|NAME", help=N_("Rule code (P321) or name (missing-detail).")),
        fmt: str = typer.Option("text", "--format", "-F", metavar="text|json",
                                help=N_("text (default) or json.")),
        output: Path | None = Opt.output, width: int | None = Opt.width, quiet: bool = Opt.quiet,
    ) -> None:
        from xplan.lint.registry import NBSP, all_rules, find_rule
        from xplan.output.wrap import reflow

        with usage_errors():
            output_options(fmt, output, formats=("text", "json"))
            info = find_rule(rule)
            if info is None:
                import difflib

                names = [r.name for r in all_rules()] + [r.code for r in all_rules()]
                close = difflib.get_close_matches(rule, names, n=1, cutoff=0.6)
                hint = (" " + _("Did you mean {name}?").format(name=close[0])) if close else ""
                raise UsageError(_("unknown rule {rule!r}; see `xplan rules`").format(rule=rule) + hint)
            if fmt == "json":
                from xplan import i18n

                with i18n.speaking(i18n.DEFAULT):  # Japanese whatever --lang says, like lint -F json
                    text = json_text({"version": 1, "code": info.code, "name": info.name, "severity": info.severity,
                                      "cross_file": info.cross_file, "enabled_by": info.option,
                                      "fix": info.shown_fix(), "summary": info.shown_summary(),
                                      "doc": info.shown_doc()})
            else:
                scope = _scope(info)
                head = f"{info.code} {info.name} ({_('default severity')}: {severity_label(info.severity)}, {scope})"
                paragraphs = [head, info.shown_doc(whole=True)]
                if info.fix:
                    paragraphs.append(_("xplan lint --fix: {what}").format(what=info.shown_fix()))
                # refilled to the width, broken at phrases like every Japanese text; never inside a literal
                text = reflow("\n\n".join(paragraphs), _doc_width(width, output)).replace(NBSP, " ") + "\n"
            write_output(text, output, quiet)

