"""``xplan report``: the plans as a static web site (a thin wrapper; the work is in xplan.report)."""

from __future__ import annotations

from pathlib import Path

import typer

from xplan.commands.common import NoCacheOpt, OrgOpt, PlansOpt, QuietOpt
from xplan.i18n import N_, _

DEFAULT_OUTPUT = Path("site")


def run_report(output: Path = DEFAULT_OUTPUT, plans: Path | None = None, orgs: list[str] | None = None,
               years: list[str] | None = None, quiet: bool = False, no_cache: bool = False) -> int:
    """Write the site; 0 on success, 2 on a usage or input error (nothing written then)."""
    from xplan import config
    from xplan.commands.common import fail, open_cache, plans_dir, usage_errors
    from xplan.report.site import make_site, write_site

    try:
        with usage_errors():
            cfg = config.find()
            root = plans_dir(plans)
            site, documents = make_site(root, orgs, years, cfg, cache=open_cache(root, no_cache, cfg))
    except typer.Exit as exc:
        return exc.exit_code
    for problem in site.unloaded:
        typer.echo(_("xplan: skipped %(file)s (run xplan lint)") % {"file": problem}, err=True)
    if output.exists() and not output.is_dir():
        raise fail(_("%(path)s is a file; give a directory for the site") % {"path": output})
    try:
        write_site(output, documents, site.extra.get("files"))
    except OSError as exc:
        typer.echo(_("xplan: cannot write the site to %(path)s: %(error)s") % {"path": output, "error": exc.strerror},
                   err=True)
        return 2
    if not quiet:
        typer.echo(_("xplan: wrote %(n)s pages to %(path)s") % {"n": len(documents), "path": output / "index.html"},
                   err=True)
    return 0


def register(app: typer.Typer) -> None:
    @app.command("report", help=N_("The plans as a static web site: an index, a page per plan, the matrix, the rollup, "
                                   "the changes between consecutive years and the lint findings; for the screen and "
                                   "for A4 paper."))
    def report(
        output: Path = typer.Option(DEFAULT_OUTPUT, "--output", "-o", metavar="DIR",
                                    help=N_("Folder to write the site to (default: site/).")),
        plans: Path | None = PlansOpt,
        org: list[str] | None = OrgOpt,
        year: list[str] | None = typer.Option(None, "--year", metavar="YEAR", help=N_("Only these fiscal years (R7, 令和7, 2025); "
                                                                     "repeatable. Default: every year.")),
        quiet: bool = QuietOpt,
        no_cache: bool = NoCacheOpt,
    ) -> None:
        """The plans as a static web site: an index, a page per plan, the matrix, the rollup, the
        changes between consecutive years and the lint findings; for the screen and for A4 paper."""
        raise typer.Exit(run_report(output, plans, org or None, year or None, quiet, no_cache))
