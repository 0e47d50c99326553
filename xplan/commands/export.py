"""``xplan export -o FILE``: the selected plans as one data set (SQLite, xlsx, or CSV files with a
Data Package), the format chosen by the file name. A thin wrapper over ``xplan.export``."""

from __future__ import annotations

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
    from xplan.export.dataset import build, lint_findings
    from xplan.export.write import check_target, export
    from xplan.plan.select import select
    from xplan.views.common import require_plans

    with usage_errors():
        check_target(output)  # a wrong name or a missing folder before any plan is read
        cfg = config.find()
        root = plans or cfg.plans_dir()
        cache = open_cache(root, no_cache, cfg)
        findings = lint_findings(root, cfg, cache)  # first: it leaves the plans it parses in the cache
        cat = load_plans(root, no_cache, cfg)
        sel = select(cat.plans, orgs=org, years=year, all_years=all_years)
        require_plans(sel)
        data = build(sel.plans, findings, root)
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


def register(app: typer.Typer) -> None:
    @app.command("export", help=N_("The selected plans as one data set: SQLite for Datasette (.db), a workbook "
                                   "(.xlsx) or CSV files with a Data Package (a folder)."))
    def export_command(
        output: Path = ExportOutputOpt,
        org: list[str] | None = OrgOpt, year: list[str] | None = YearOpt, all_years: bool = AllOpt,
        plans: Path | None = PlansOpt, quiet: bool = QuietOpt, no_cache: bool = NoCacheOpt,
    ) -> None:
        raise typer.Exit(run_export(output, org, year, all_years, plans, quiet, no_cache))
