"""`xplan fmt`, `xplan new`, `xplan schema` — thin wrappers; the work is in xplan.write."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from xplan.commands.common import PlansOpt, fail, plans_dir
from xplan.i18n import _, ngettext


def _say(message: str) -> None:
    typer.echo(f"xplan: {message}", err=True)


def run_fmt(paths: list[Path], check: bool = False, diff: bool = False, plans: Path | None = None,
            quiet: bool = False) -> int:
    """Format plan files; returns the exit code.

    0: nothing to change (or every change written); 1: with --check, files would change;
    2: a file could not be read or parsed (the other files are still formatted);
    3: the layout would have changed a file's data (a bug; the file is left alone).
    """
    from xplan.output.files import write_atomic
    from xplan.plan.catalog import PathError, plan_files
    from xplan.write.fmt import UnsafeFormat, format_path

    try:
        files = plan_files(paths or [plans_dir(plans)])
    except PathError as exc:
        _say(str(exc))
        return 2
    code, changed, unchanged = 0, 0, 0
    for f in files:
        try:
            result = format_path(f)
        except UnsafeFormat as exc:
            _say(_("{path}: not formatted: {reason}; please report this").format(path=f, reason=exc))
            code = max(code, 3)
            continue
        if result.error is not None:
            e = result.error
            _say(_("{path}:{line}:{column}: cannot format: {message}").format(
                path=f, line=e.line, column=e.column, message=e.message))
            code = max(code, 2)
            continue
        if not result.changed:
            unchanged += 1
            continue
        changed += 1
        if diff:
            sys.stdout.write(result.diff())
        if check:
            typer.echo(_("would reformat {path}").format(path=f))
        if not check and not diff:
            assert result.after is not None
            try:
                write_atomic(f, result.after)
            except OSError as exc:  # a read-only plan, a full disk: say so, leave the file as it was
                _say(str(exc))
                code = max(code, 2)
                continue
            if not quiet:
                _say(_("reformatted {path}").format(path=f))
    if check and changed:
        code = max(code, 1)
    if not quiet:
        verb = (ngettext("{n} file would be reformatted", "{n} files would be reformatted", changed) if check or diff
                else ngettext("{n} file reformatted", "{n} files reformatted", changed))
        _say(verb.format(n=changed) + ", " + ngettext("{n} file left unchanged", "{n} files left unchanged",
                                                      unchanged).format(n=unchanged))
    return code


def run_schema(output: Path | None = None) -> int:
    """Print the bundled plan schema, or write it to ``output``."""
    from xplan.output.files import write_atomic
    from xplan.plan.schema import schema_path

    text = schema_path().read_text(encoding="utf-8")
    if output is None:
        sys.stdout.write(text)
        return 0
    try:
        write_atomic(output, text)
    except OSError as exc:
        raise fail(_("cannot write {path}: {reason}").format(path=output, reason=exc.strerror or exc)) from None
    _say(_("wrote {path}").format(path=output))
    return 0


def register(app: typer.Typer) -> None:
    @app.command("fmt", help=_("Lay plan files out in the one canonical layout, keeping every comment."))
    def fmt_cmd(
        paths: list[Path] = typer.Argument(None, help=_("Files and directories (recursive *.yaml/*.yml). "
                                                        "Default: plans/ (or `plans` from config).")),
        check: bool = typer.Option(False, "--check", help=_("Write nothing; list the files that would change "
                                                            "and exit 1 if there are any.")),
        diff: bool = typer.Option(False, "--diff", help=_("Write nothing; print what would change as a unified diff.")),
        plans: Path = PlansOpt,
        quiet: bool = typer.Option(False, "--quiet", "-q", help=_("Print only problems.")),
    ) -> None:
        """Lay plan files out in the one canonical layout, keeping every comment."""
        raise typer.Exit(run_fmt(paths or [], check, diff, plans, quiet))

    @app.command("schema", help=_("Print the plan schema (JSON Schema) for editors and other tools."))
    def schema_cmd(
        output: Path = typer.Option(None, "--output", "-o", help=_("Write the schema to FILE instead of stdout.")),
    ) -> None:
        """Print the plan schema (JSON Schema) for editors and other tools."""
        raise typer.Exit(run_schema(output))
