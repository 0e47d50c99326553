"""`xplan cache clean` and `xplan cache info` — the cache of parsed plans and lint results
(xplan.plan.cache). A thin wrapper."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import typer

from xplan.commands.common import Opt
from xplan.i18n import _


def _shown(path: Path) -> str:
    """A path relative to the working directory when it is below it, else absolute."""
    try:
        return os.path.relpath(path) if path.is_relative_to(Path.cwd()) else str(path)
    except ValueError:
        return str(path)


def _cache_for(plans: Path | None) -> Any:
    from xplan.commands.common import open_cache, plans_dir

    return open_cache(plans_dir(plans).absolute())


def run_clean(plans: Path | None = None, quiet: bool = False) -> int:
    """Remove every cache entry; returns the exit code."""
    from xplan.config import ConfigError

    try:
        cache = _cache_for(plans)
    except ConfigError as exc:
        typer.echo(f"xplan: {exc}", err=True)
        return 2
    try:
        removed = cache.clean()
    except OSError as exc:
        typer.echo("xplan: " + _("cannot remove the cache {path}: {reason}").format(
            path=_shown(cache.root), reason=exc.strerror or exc), err=True)
        return 2
    if not quiet:
        typer.echo("xplan: " + _("removed {count} cache entries from {path}").format(
            count=removed, path=_shown(cache.root)), err=True)
    return 0


def run_info(plans: Path | None = None) -> int:
    """Print where the cache is and how much it holds; returns the exit code."""
    from xplan.config import ConfigError

    try:
        cache = _cache_for(plans)
        count, size = cache.entries()
    except ConfigError as exc:
        typer.echo(f"xplan: {exc}", err=True)
        return 2
    typer.echo(_("cache directory: {path}").format(path=_shown(cache.root)))
    typer.echo(_("entries: {count} ({size:.1f} MB)").format(count=count, size=size / 1e6))
    return 0


def register(app: typer.Typer) -> None:
    group = typer.Typer(help=_("The cache of parsed plans and lint results (.xplan_cache beside the plans "
                               "directory, cache-dir in the configuration, or XPLAN_CACHE_DIR)."),
                        no_args_is_help=True)

    @group.command("clean", help=_("Remove every cached plan and lint result (they are rebuilt when next needed)."))
    def clean_cmd(plans: Path | None = Opt.plans, quiet: bool = Opt.quiet) -> None:
        raise typer.Exit(run_clean(plans, quiet))

    @group.command("info", help=_("Show where the cache is and how much it holds."))
    def info_cmd(plans: Path | None = Opt.plans) -> None:
        raise typer.Exit(run_info(plans))

    app.add_typer(group, name="cache")
