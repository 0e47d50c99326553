"""`xplan lint`, `xplan rules`, `xplan rule` — thin wrappers; the work is in xplan.lint.engine."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import typer

from xplan.commands.common import fail


def _progress_reporter() -> tuple[Callable[[int, int], None] | None, Callable[[], None]]:
    """A progress bar on stderr for runs that take over a second, on a terminal, outside CI."""
    if not sys.stderr.isatty() or os.environ.get("CI") or "NO_COLOR" in os.environ and not sys.stderr.isatty():
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


def run_lint(paths: list[Path], fmt: str | None = None, output: Path | None = None, statistics: bool = False,
             strict: bool = False, config_path: Path | None = None, select: list[str] | None = None,
             ignore: list[str] | None = None, jobs: int | None = None) -> int:
    """Lint and report; returns the exit code (0 clean, 1 error findings, 2 usage/config error)."""
    from xplan import config as config_mod
    from xplan.plan.catalog import PathError
    from xplan.config import ConfigError
    from xplan.lint.engine import lint_paths
    from xplan.output.files import OutputError, write_atomic
    from xplan.lint.reporters import REPORTERS, get

    fmt = fmt or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if fmt not in REPORTERS:
        typer.echo(f"xplan: unknown format {fmt!r}; choose from {', '.join(REPORTERS)}", err=True)
        return 2
    try:
        cfg = config_mod.load(config_path)
        cfg.select = [*cfg.select, *(select or [])]
        cfg.ignore = [*cfg.ignore, *(ignore or [])]
        targets = paths or [cfg.plans_dir()]
        update, stop = _progress_reporter()
        try:
            result = lint_paths(targets, cfg, jobs=jobs, progress=update)
        finally:
            stop()
    except (PathError, ConfigError) as exc:
        typer.echo(f"xplan: {exc}", err=True)
        return 2
    color = output is None and fmt == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    report = get(fmt)(result, color=color, statistics=statistics)
    if output is not None:
        try:
            write_atomic(output, report)
        except OutputError as exc:
            typer.echo(f"xplan: {exc}", err=True)
            return 2
    else:
        sys.stdout.write(report)
    return result.exit_code(strict)


def register(app: typer.Typer) -> None:
    @app.command("lint")
    def lint(
        paths: list[Path] = typer.Argument(None, help="Files and directories (recursive *.yaml/*.yml). "
                                                      "Default: plans/ (or `plans` from config)."),
        fmt: str = typer.Option(None, "--format", "-f", "-F", help="text (default), json, github (default under "
                                                             "GitHub Actions) or sarif."),
        output: Path = typer.Option(None, "--output", "-o", help="Write the report to FILE instead of stdout."),
        statistics: bool = typer.Option(False, "--statistics", help="Add a count of findings per rule."),
        strict: bool = typer.Option(False, "--strict", help="Exit 1 on warnings too."),
        config: Path = typer.Option(None, "--config", help="Use this config file instead of searching."),
        select: list[str] = typer.Option(None, "--select", help="Only these rules (code, name or prefix)."),
        ignore: list[str] = typer.Option(None, "--ignore", help="Skip these rules (code, name or prefix)."),
        jobs: int = typer.Option(None, "--jobs", "-j", min=1,
                                 help="Worker processes (default and at most: all cores)."),
    ) -> None:
        """Check plan files: YAML, schema and plan rules, with exact locations."""
        raise typer.Exit(run_lint(paths or [], fmt, output, statistics, strict, config, select, ignore, jobs))

    @app.command("rules")
    def rules_cmd() -> None:
        """List every rule with its code, name, default severity and summary."""
        from xplan.lint.registry import all_rules

        width = max(len(r.name) for r in all_rules())
        for r in all_rules():
            scope = " (cross-file)" if r.cross_file else ""
            typer.echo(f"{r.code}  {r.name:<{width}}  {r.severity:<7}  {r.summary}{scope}")

    @app.command("rule")
    def rule_cmd(rule: str = typer.Argument(..., help="Rule code (P321) or name (missing-detail).")) -> None:
        """Show one rule's documentation."""
        from xplan.lint.registry import find_rule

        info = find_rule(rule)
        if info is None:
            raise fail(f"unknown rule {rule!r}; see `xplan rules`")
        typer.echo(f"{info.code} {info.name} (default: {info.severity}{', cross-file' if info.cross_file else ''})\n")
        typer.echo(info.doc)
