"""``xplan export -o FILE``: the selected plans as one data set (SQLite, xlsx, or CSV files with a
Data Package), the format chosen by the file name. A thin wrapper over ``xplan.export``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer

from xplan.commands.common import AllOpt, NoCacheOpt, OrgOpt, PlansOpt, QuietOpt, YearOpt, fail, note, usage_errors
from xplan.i18n import N_, _

ExportOutputOpt = typer.Option(..., "--output", "-o", metavar="FILE",
                               help=N_("FILE.db or FILE.sqlite (SQLite, with FILE.metadata.json for Datasette), "
                                       "FILE.xlsx (one sheet per table), or a folder (CSV files and "
                                       "datapackage.json)."))


def run_export(output: Path, org: list[str] | None = None, year: list[str] | None = None, all_years: bool = False,
               plans: Path | None = None, quiet: bool = False, no_cache: bool = False) -> int:
    from xplan import config
    from xplan.commands.common import load_plans, open_cache
    from xplan.export.dataset import collect
    from xplan.export.write import check_target, export
    from xplan.plan.select import select
    from xplan.views.common import require_plans

    with usage_errors():
        check_target(output)  # a wrong name or a missing folder before any plan is read
        cfg = config.find()
        root = plans or cfg.plans_dir()
        cat = load_plans(root, no_cache, cfg)
        sel = select(cat.plans, orgs=org, years=year, all_years=all_years)
        require_plans(sel)
        data = collect(sel.plans, root, cfg, open_cache(root, no_cache, cfg))
        try:
            written = export(output, data)
        except ImportError as exc:  # openpyxl for .xlsx: say how to install it (xplan[office])
            raise fail(str(exc)) from None
    counts = {t.table.name: len(t.rows) for t in data.tables}
    shown = [output] if len(written) > 2 else written  # a folder: its name, not every file in it
    note(_("wrote {path}: {plans} plans, {issues} issues, {actions} actions").format(
        path=", ".join(str(p) for p in shown),
        plans=counts["plans"], issues=counts["issues"], actions=counts["actions"]), quiet)
    return 0


def check_binary_output(fmt: str, output: Path | None, *, export: Path | None = None, bom: bool = False) -> None:
    """A binary format (docx) goes to a file or a pipe, never to a terminal; --export and --bom are
    for the text formats. A usage error (exit 2) before any plan is read."""
    import sys

    from xplan.commands.common import UsageError

    if export is not None or bom:
        raise UsageError(_("--export and --bom are for the text formats, not --format {fmt}").format(fmt=fmt))
    if output is None and sys.stdout.isatty():
        raise UsageError(_("--format {fmt} writes a binary file: give -o FILE.{fmt} (or redirect the output to "
                           "a file)").format(fmt=fmt))


def write_binary(make: Callable[[], bytes], output: Path | None, quiet: bool = False) -> None:
    """The bytes to --output FILE (atomically) or to standard output when it is not a terminal."""
    import sys

    from xplan.output.files import write_atomic

    try:
        data = make()
    except ImportError as exc:  # python-docx or openpyxl missing: how to install it (xplan[office])
        raise fail(str(exc)) from None
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_atomic(output, data)
    note(_("wrote {path}").format(path=output), quiet)


def register(app: typer.Typer) -> None:
    @app.command("export", help=N_("The selected plans as one data set: SQLite for Datasette (.db), a workbook "
                                   "(.xlsx) or CSV files with a Data Package (a folder)."))
    def export_command(
        output: Path = ExportOutputOpt,
        org: list[str] | None = OrgOpt, year: list[str] | None = YearOpt, all_years: bool = AllOpt,
        plans: Path | None = PlansOpt, quiet: bool = QuietOpt, no_cache: bool = NoCacheOpt,
    ) -> None:
        raise typer.Exit(run_export(output, org, year, all_years, plans, quiet, no_cache))
