"""``xplan checkpoint``, ``xplan retro`` and ``xplan status``: the plan's year (thin wrappers over
``xplan.cycle``)."""

from __future__ import annotations

import datetime
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from xplan.commands.common import (
    BomOpt,
    FormatOpt,
    NoCacheOpt,
    OrgOpt,
    OutputOpt,
    PlansOpt,
    QuietOpt,
    WidthOpt,
    fail,
    plans_dir,
    usage_errors,
)
from xplan.i18n import N_, _, ngettext


def _say(message: str) -> None:
    typer.echo(f"xplan: {message}", err=True)


def this_month() -> str:
    return datetime.date.today().strftime("%Y-%m")


def _plans_of(plans: Path | None, org: list[str] | None, year: str | None, all_orgs: bool) -> list[Any]:
    """The plans of ``year`` of the named organisations (every organisation with ``all_orgs``);
    without a year, each organisation's latest plan."""
    from xplan.plan.catalog import load_catalog
    from xplan.plan.select import select

    if not org and not all_orgs:
        raise fail(_("name the organisation with --org (or give --all-orgs)"))
    cat = load_catalog(plans_dir(plans))  # the plans of the folder given: see _outside
    for f in cat.problems:
        _say(_("skipped {place}: {message} (run xplan lint)").format(
            place=f"{f.file}:{f.line}:{f.column}", message=f.message))
    with usage_errors():
        return select(cat.plans, orgs=None if all_orgs else org, years=[year] if year else None).plans


def _checkpoint_summary(n: int, diff: bool) -> str:
    if diff:
        return ngettext("{path}: would add {n} ⑥ progress entry", "{path}: would add {n} ⑥ progress entries", n)
    return ngettext("{path}: added {n} ⑥ progress entry", "{path}: added {n} ⑥ progress entries", n)


def _retro_summary(n: int, diff: bool) -> str:
    if diff:
        return ngettext("{path}: would add ⑦⑧ to {n} issue", "{path}: would add ⑦⑧ to {n} issues", n)
    return ngettext("{path}: added ⑦⑧ to {n} issue", "{path}: added ⑦⑧ to {n} issues", n)


def _outside(f: Path, root: Path) -> Path | None:
    """Where ``f`` really is, if a symbolic link (to the file, or a folder on the way) takes it out
    of the plans folder: a writer never writes outside the folder it was given."""
    import os

    real, top = Path(os.path.realpath(f)), Path(os.path.realpath(root))
    return None if real.is_relative_to(top) else real


def _write(plans: list[Any], root: Path, make: Callable[[Path], Any], diff: bool, quiet: bool,
           summary: Callable[[int, bool], str]) -> int:
    """Make each plan's edit, then show it (--diff) or write it atomically; the exit code."""
    from xplan.cycle.checkpoint import DateError
    from xplan.cycle.edit import EditError, UnsafeEdit
    from xplan.output.files import write_atomic

    code, wrote = 0, 0
    for plan in plans:
        path = Path(plan.path)
        real = _outside(path, root)
        if real is not None:
            _say(_("{path}: not changed: a symbolic link leads to {real}, outside the plans folder {root}")
                 .format(path=path, real=real, root=root))
            code = max(code, 2)
            continue
        try:
            edit = make(path)
        except (EditError, DateError) as exc:
            _say(str(exc))
            code = max(code, 2)
            continue
        except UnsafeEdit as exc:
            _say(_("{path}: not changed: {reason}; please report this").format(path=path, reason=exc))
            code = max(code, 3)
            continue
        if not edit.changed:
            if not quiet:
                _say(_("{path}: nothing to add (every entry is present)").format(path=path))
            continue
        if diff:
            sys.stdout.write(edit.diff())
        else:
            try:
                write_atomic(path, edit.after, expected=edit.original)  # never over an edit made meanwhile
            except OSError as exc:  # read-only, full disk: the file is left as it was
                _say(_("cannot write {path}: {reason}").format(path=path, reason=exc.strerror or exc))
                code = max(code, 2)
                continue
        wrote += 1
        if not quiet:
            n = len(edit.added)
            _say(summary(n, diff).format(path=path, n=n))
            if edit.relaid:
                _say(_("{path}: the file was not in the canonical layout and was laid out as "
                       "xplan fmt does").format(path=path))
    if not quiet and not diff and wrote:
        _say(_("the new entries are marked 【要記入】: `xplan lint` lists them (rule P373 to-fill)"))
    return code


def run_checkpoint(org: list[str] | None, as_of: str | None = None, year: str | None = None,
                   all_orgs: bool = False, diff: bool = False, plans: Path | None = None,
                   quiet: bool = False) -> int:
    """Add the ⑥ entries of a date to plans; the exit code."""
    from xplan.cycle.checkpoint import checkpoint, year_of
    from xplan.plan.years import parse_month

    with usage_errors():
        month = parse_month(as_of) if as_of else this_month()
        from xplan.plan.select import resolve_year

        the_year = resolve_year(year) if year else year_of(month)
    chosen = _plans_of(plans, org, the_year, all_orgs)
    return _write(chosen, plans_dir(plans), lambda p: checkpoint(p, month), diff, quiet, _checkpoint_summary)


def run_retro(org: list[str] | None, year: str | None = None, all_orgs: bool = False, diff: bool = False,
              plans: Path | None = None, quiet: bool = False) -> int:
    """Add the year-end ⑦⑧ to fill to plans (each organisation's latest without ``year``); the exit code."""
    from xplan.cycle.retro import retro
    from xplan.plan.select import resolve_year

    with usage_errors():
        the_year = resolve_year(year) if year else None
    chosen = _plans_of(plans, org, the_year, all_orgs)
    return _write(chosen, plans_dir(plans), retro, diff, quiet, _retro_summary)


def run_status(year: str | None = None, as_of: str | None = None, check: bool = False, plans: Path | None = None,
               fmt: str = "rich", output: Path | None = None, width: int | None = None, bom: bool = False,
               quiet: bool = False, no_cache: bool = False, today: str | None = None) -> int:
    """Print who still has to write what; with ``check``, exit 1 while anything due is unwritten."""
    from xplan import config
    from xplan.commands.common import emit, open_cache, output_options
    from xplan.cycle import status as view
    from xplan.cycle.checkpoint import year_of
    from xplan.plan.select import resolve_year
    from xplan.plan.years import parse_month

    with usage_errors():
        options = output_options(fmt, output, None, width, quiet, bom)
        month = parse_month(as_of) if as_of else None
        the_year = resolve_year(year) if year else None
        if month is None:  # this month, brought within the year asked for
            the_year, month = view.default_date(the_year, today or this_month())
        elif the_year is None:
            the_year = year_of(month)
        assert the_year is not None
        cfg = config.find()
        root = plans or cfg.plans_dir()
        data = view.build(root, the_year, month, cfg, open_cache(root, no_cache, cfg))
        emit(view.output(data), options)
    return 1 if check and data.outstanding else 0


AsOfOpt = typer.Option(None, "--as-of", metavar="MONTH",
                       help=N_("Date of the progress entries (2025-12, 令和7年12月). Default: this month."))
CycleYearOpt = typer.Option(None, "--year", metavar="YEAR",
                            help=N_("Fiscal year of the plan (R7, 令和7, 2025). Default: the year the date falls in."))
AllOrgsOpt = typer.Option(False, "--all-orgs", help=N_("Every organisation with a plan of that year."))
DiffOpt = typer.Option(False, "--diff", help=N_("Write nothing; print what would change as a unified diff."))


def register(app: typer.Typer) -> None:
    @app.command("checkpoint", help=N_("Add the ⑥ progress entries of a date, to fill, to each action of a plan."))
    def checkpoint_command(
        org: list[str] | None = OrgOpt, as_of: str | None = AsOfOpt, year: str | None = CycleYearOpt,
        all_orgs: bool = AllOrgsOpt, diff: bool = DiffOpt, plans: Path | None = PlansOpt, quiet: bool = QuietOpt,
    ) -> None:
        raise typer.Exit(run_checkpoint(org, as_of, year, all_orgs, diff, plans, quiet))

    @app.command("retro", help=N_("Add the year-end review (⑦ achieved, ⑧ fell short), to fill, to each issue of a plan."))
    def retro_command(
        org: list[str] | None = OrgOpt,
        year: str | None = typer.Option(None, "--year", metavar="YEAR",
                                        help=N_("Fiscal year of the plan (R7, 令和7, 2025). Default: each organisation's latest plan.")),
        all_orgs: bool = AllOrgsOpt, diff: bool = DiffOpt, plans: Path | None = PlansOpt, quiet: bool = QuietOpt,
    ) -> None:
        raise typer.Exit(run_retro(org, year, all_orgs, diff, plans, quiet))

    @app.command("status", help=N_("Who still has to write what, per organisation: plan, lint findings, marks left, ⑥ and ⑦⑧ written."))
    def status_command(
        year: str | None = typer.Option(None, "--year", metavar="YEAR",
                                        help=N_("Fiscal year (R7, 令和7, 2025). Default: the year the date falls in.")),
        as_of: str | None = typer.Option(None, "--as-of", metavar="MONTH",
                                         help=N_("Date the ⑥ entries are due (2025-12, 令和7年12月). Default: this month.")),
        check: bool = typer.Option(False, "--check", help=N_("Exit 1 while any entry due is not written (for CI).")),
        plans: Path | None = PlansOpt, fmt: str = FormatOpt, output: Path | None = OutputOpt,
        width: int | None = WidthOpt, bom: bool = BomOpt, quiet: bool = QuietOpt, no_cache: bool = NoCacheOpt,
    ) -> None:
        raise typer.Exit(run_status(year, as_of, check, plans, fmt, output, width, bom, quiet, no_cache))
