"""``xplan report``: the plans as a static web site (a thin wrapper; the work is in xplan.report)."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import typer

from xplan.commands.common import Opt
from xplan.i18n import N_, _

DEFAULT_OUTPUT = Path("site")


def run_report(output: Path = DEFAULT_OUTPUT, plans: Path | None = None, orgs: list[str] | None = None,
               years: list[str] | None = None, quiet: bool = False, no_cache: bool = False,
               force: bool = False, pdf: bool = False) -> int:
    """Write the site (only what changed); 0 on success, 2 on a usage or input error or a file
    the report will not overwrite (nothing written then)."""
    from xplan import config
    from xplan.commands.common import open_cache, plans_dir, usage_errors
    from xplan.report.site import update_site

    if pdf:
        from xplan.report.pdf import PdfUnavailable, check_engine

        try:
            check_engine()
        except PdfUnavailable as exc:
            typer.echo(f"xplan: {exc}", err=True)
            return 2
    if output.exists() and not output.is_dir():
        typer.echo(_("xplan: %(path)s is a file; give a directory for the site") % {"path": output}, err=True)
        return 2
    try:
        with usage_errors():
            cfg = config.find()
            root = plans_dir(plans)
            with ExitStack() as stack:
                extra = None
                if pdf:
                    from xplan.report.pdf import Printer

                    extra = stack.enter_context(Printer(output, _("Transformation plans report"))).files
                site, result = update_site(output, root, orgs, years, cfg, cache=open_cache(root, no_cache, cfg),
                                           force=force, extra=extra, extra_key="pdf" if pdf else None)
    except typer.Exit as exc:
        return exc.exit_code
    except OSError as exc:  # SiteWriteError names the file; nothing was written
        typer.echo(_("xplan: cannot write the site to %(path)s: %(error)s") % {"path": output, "error": exc.strerror or exc},
                   err=True)
        return 2
    for problem in site.unloaded if site is not None else []:
        typer.echo(_("xplan: skipped %(file)s (run xplan lint)") % {"file": problem}, err=True)
    if not quiet:
        if result.unchanged:
            typer.echo(_("xplan: the site is up to date (%(n)s files): %(path)s") % {
                "n": result.pages, "path": output / "index.html"}, err=True)
        else:
            typer.echo(_("xplan: %(pages)s pages, %(written)s files written, %(removed)s removed: %(path)s") % {
                "pages": result.pages, "written": len(result.written), "removed": len(result.removed),
                "path": output / "index.html"}, err=True)
    return 0


def register(app: typer.Typer) -> None:
    @app.command("report", help=N_("The plans as a static web site: an index, a page per plan, the matrix, the rollup, "
                                   "the changes between consecutive years and the lint findings; for the screen and "
                                   "for A4 paper."))
    def report(
        output: Path = typer.Option(DEFAULT_OUTPUT, "--output", "-o", metavar="DIR",
                                    help=N_("Folder to write the site to (default: site/).")),
        plans: Path | None = Opt.plans,
        org: list[str] | None = Opt.org,
        year: list[str] | None = typer.Option(None, "--year", metavar="YEAR", help=N_("Only these fiscal years (R7, 令和7, 2025); "
                                                                     "repeatable. Default: every year.")),
        quiet: bool = Opt.quiet,
        no_cache: bool = Opt.no_cache,
        pdf: bool = typer.Option(False, "--pdf", help=N_("Also write A4 PDFs: one beside each plan page and report.pdf "
                                                          "for the whole report (needs Chromium and xplan[pdf]).")),
        force: bool = typer.Option(False, "--force", help=N_("Overwrite files in the folder that the report did not "
                                                            "write (never through a symbolic link).")),
    ) -> None:
        """The plans as a static web site: an index, a page per plan, the matrix, the rollup, the
        changes between consecutive years and the lint findings; for the screen and for A4 paper."""
        raise typer.Exit(run_report(output, plans, org or None, year or None, quiet, no_cache, force, pdf))
