"""`xplan import` — a thin wrapper; the work is in xplan.importer."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from xplan.commands.common import fail, plans_dir
from xplan.i18n import N_, _

STDOUT_MODELINE = "# yaml-language-server: $schema=../../schema/plan.schema.json"


def _say(message: str) -> None:
    typer.echo(f"xplan: {message}", err=True)


def run_import(sources: list[str], org: str | None = None, year: str | None = None, output: Path | None = None,
               plans: Path | None = None, force: bool = False, quiet: bool = False) -> int:
    """Import each document; returns the exit code (0: every plan written, 2: one or more not)."""
    from xplan.importer import ImportFailure, import_document
    from xplan.importer.emit import render
    from xplan.output.files import write_atomic
    from xplan.write.draft import modeline_for

    code = 0
    for source in sources:
        try:
            imported = import_document(source, org, year)
        except ImportFailure as exc:
            _say(str(exc))
            code = 2
            continue
        target: Path | None = None
        if output is not None:
            target = output
        elif plans is not None:
            target = plans_dir(plans) / imported.year / f"{imported.slug}.yaml"
        if target is not None and (target.exists() or target.is_symlink()) and not force:
            _say(_("{path} exists; give --force to overwrite it").format(path=target))
            code = 2
            continue
        if target is not None and source != "-":
            # source.document as the plans name theirs: the document's path from the plan's folder
            imported.data["source"]["document"] = os.path.relpath(Path(source).resolve(), target.parent.resolve())
        text = render(imported.data, modeline_for(target) if target is not None else STDOUT_MODELINE)
        if target is None:
            sys.stdout.write(text)
        else:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(target, text, create=not force)  # without --force, never over a file made meanwhile
            except OSError as exc:
                _say(_("cannot write {path}: {reason}").format(path=target, reason=getattr(exc, "strerror", None) or exc))
                code = 2
                continue
        if not quiet:
            c = imported.counts
            _say(_("{source}: {layout} layout; {issues} issues, {actions} actions, {cells} quarter cells, "
                   "{progress} progress entries; {checks} to check (要確認), {unplaced} unplaced").format(
                source=source, layout=imported.layout, checks=imported.checks, unplaced=imported.unplaced, **c))
            if target is not None:
                _say(_("wrote {path}; review it with `xplan lint {path}`").format(path=target))
    return code


def register(app: typer.Typer) -> None:
    @app.command("import", help=N_("Read a published plan document (extracted text, .pdf, .docx, .xlsx) into a "
                                  "draft plan file."))
    def import_cmd(
        sources: list[str] = typer.Argument(..., metavar="SOURCE...",
                                            help=N_("Documents to import: text, .pdf, .docx, .xlsx; - reads standard input.")),
        org: str = typer.Option(None, "--org", metavar="ORG",
                                help=N_("The organisation, where the document does not name it (小倉北区).")),
        year: str = typer.Option(None, "--year", metavar="YEAR",
                                 help=N_("The fiscal year, where the document does not print it: R6, 令和6, 2024.")),
        output: Path = typer.Option(None, "--output", "-o", metavar="FILE",
                                    help=N_("Write the plan to FILE (one SOURCE only).")),
        plans: Path = typer.Option(None, "--plans", metavar="DIR",
                                   help=N_("Write each plan to DIR/<year>/<slug>.yaml.")),
        force: bool = typer.Option(False, "--force", help=N_("Overwrite a plan file that exists.")),
        quiet: bool = typer.Option(False, "--quiet", "-q", help=N_("Print only problems.")),
    ) -> None:
        """Read a published plan document into a draft plan file."""
        if output is not None and plans is not None:
            raise fail(_("give either -o FILE or --plans DIR, not both"))
        if output is not None and len(sources) > 1:
            raise fail(_("-o FILE takes one SOURCE; give --plans DIR for several"))
        if output is None and plans is None and len(sources) > 1:
            raise fail(_("several SOURCEs need --plans DIR (standard output holds one plan)"))
        raise typer.Exit(run_import(sources, org, year, output, plans, force, quiet))
