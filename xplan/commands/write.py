"""`xplan fmt`, `xplan new`, `xplan schema` — thin wrappers; the work is in xplan.write."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from xplan.commands.common import Opt, fail, plans_dir
from xplan.i18n import N_, _, ngettext
from xplan.plan.fixes import Fix


def _say(message: str) -> None:
    typer.echo(f"xplan: {message}", err=True)


def _files_and_roots(paths: list[Path]) -> list[tuple[Path, Path | None]]:
    """The plan files under ``paths`` (sorted, as ``plan_files`` gives them), each with the
    directory argument it was found under (None for a file named on the command line)."""
    from xplan.plan.catalog import plan_files

    found: dict[Path, Path | None] = {}
    for p in paths:
        for f in plan_files([p]):
            found.setdefault(f, p if p.is_dir() else None)
    return sorted(found.items())


def _outside(f: Path, root: Path | None) -> Path | None:
    """Where ``f`` really is, if a symbolic link (to the file or a folder on the way) takes it
    out of the directory it was found under: a writer never writes outside what it was given."""
    import os

    if root is None:
        return None
    real, top = Path(os.path.realpath(f)), Path(os.path.realpath(root))
    return None if real.is_relative_to(top) else real


def _say_outside(f: Path, real: Path, root: Path | None) -> None:
    _say(_("{path}: not written: a symbolic link leads to {real}, outside {root}; to change that file, "
           "name it on the command line").format(path=f, real=real, root=root))


def run_fmt(paths: list[Path], check: bool = False, diff: bool = False, plans: Path | None = None,
            quiet: bool = False) -> int:
    """Format plan files; returns the exit code.

    0: nothing to change (or every change written); 1: with --check, files would change;
    2: a file could not be read or parsed (the other files are still formatted);
    3: the layout would have changed a file's data (a bug; the file is left alone).
    """
    from xplan.output.files import write_atomic
    from xplan.plan.catalog import PathError
    from xplan.write.fmt import UnsafeFormat, format_path

    try:
        files = _files_and_roots(paths or [plans_dir(plans)])
    except PathError as exc:
        _say(str(exc))
        return 2
    code, changed, unchanged = 0, 0, 0
    for f, root in files:
        try:
            result = format_path(f)
        except UnsafeFormat as exc:
            _say(_("{path}: not formatted: {reason}; please report this").format(path=f, reason=exc))
            code = max(code, 3)
            continue
        if result.error is not None:
            e = result.error
            _say(_("{path}:{line}:{column}: cannot format: {message}").format(
                path=f, line=e.line, column=e.column, message=e))
            code = max(code, 2)
            continue
        if not result.changed:
            unchanged += 1
            continue
        if diff:
            sys.stdout.write(result.diff())
        if check:
            typer.echo(_("would reformat {path}").format(path=f))
        if not check and not diff:
            assert result.after is not None and result.before is not None
            real = _outside(f, root)
            if real is not None:
                _say_outside(f, real, root)
                code = max(code, 2)
                continue
            try:
                # only over the bytes it formatted: an edit saved meanwhile is not lost
                write_atomic(f, result.after, expected=result.before.encode("utf-8"))
            except OSError as exc:  # a read-only plan, a full disk: say so, leave the file as it was
                _say(str(exc))
                code = max(code, 2)
                continue  # not counted: the summary never counts a file it did not write
            if not quiet:
                _say(_("reformatted {path}").format(path=f))
        changed += 1
    if check and changed:
        code = max(code, 1)
    if not quiet:
        verb = (ngettext("{n} file would be reformatted", "{n} files would be reformatted", changed) if check or diff
                else ngettext("{n} file reformatted", "{n} files reformatted", changed))
        _say(verb.format(n=changed) + ", " + ngettext("{n} file left unchanged", "{n} files left unchanged",
                                                      unchanged).format(n=unchanged))
    return code


def file_fixes(path: Path) -> list[Fix]:
    """The fixes one file's findings carry (the rules say what is wrong and what it becomes)."""
    from xplan.lint.single import lint_file
    from xplan.plan.fixes import fixes_of

    return fixes_of(lint_file(str(path)).findings)


def run_fix(paths: list[Path], diff: bool = False, quiet: bool = False, config_path: Path | None = None) -> int:
    """Apply the safe fixes (``xplan lint --fix``); returns the exit code.

    0: done (or, with ``diff``, nothing to fix); 1: with ``diff``, there are fixes to apply;
    2: a path or the configuration is wrong, or a file could not be fixed or written (the others
    still are). Files that cannot be read are left to lint to report.
    """
    from collections import Counter

    from xplan import config as config_mod
    from xplan.config import ConfigError
    from xplan.output.files import write_atomic
    from xplan.plan.catalog import PathError
    from xplan.write.fixes import fix_path

    try:
        files = _files_and_roots(paths or [config_mod.load(config_path).plans_dir()])
    except (PathError, ConfigError) as exc:
        _say(str(exc))
        return 2
    total, changed, code = 0, 0, 0
    for f, root in files:
        result = fix_path(f, file_fixes(f))
        if result.error is not None:
            _say(_("{path}: not fixed: {reason}").format(path=f, reason=result.error))
            code = 2
            continue
        if not result.changed:
            continue
        if diff:
            sys.stdout.write(result.diff())
        else:
            assert result.after is not None and result.before is not None
            real = _outside(f, root)
            if real is not None:
                _say_outside(f, real, root)
                code = 2
                continue
            try:
                write_atomic(f, result.after, expected=result.before.encode("utf-8"))
            except OSError as exc:  # a read-only plan or folder, a full disk: the file stays as it was
                _say(str(exc))
                code = 2
                continue  # not counted: the summary never counts a file it did not write
        changed += 1
        total += len(result.fixes)
        if not quiet:
            counts = ", ".join(f"{code} ×{n}" for code, n in sorted(Counter(x.rule for x in result.fixes).items()))
            _say((_("{path}: would fix {counts}") if diff else _("{path}: fixed {counts}")).format(path=f, counts=counts))
    if not quiet:
        message = (ngettext("{n} fix would be applied in {files} file(s)", "{n} fixes would be applied in {files} file(s)",
                            total) if diff
                   else ngettext("{n} fix applied in {files} file(s)", "{n} fixes applied in {files} file(s)", total))
        _say(message.format(n=total, files=changed))
    return code or (1 if diff and total else 0)


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


def run_new(org: str, year: str, from_year: str | None = None, kind: str | None = None, slug: str | None = None,
            plans: Path | None = None, output: Path | None = None, force: bool = False, quiet: bool = False) -> int:
    """Write a draft of next year's plan (or a skeleton); returns the exit code."""
    from xplan.output.files import OutputError, write_atomic
    from xplan.write.draft import DraftError, new_plan

    try:
        draft = new_plan(plans_dir(plans), org, year, from_year, kind, slug, output, force)
    except DraftError as exc:
        _say(str(exc))
        return 2
    try:
        draft.path.parent.mkdir(parents=True, exist_ok=True)
        # without --force, never over a file made meanwhile (new_plan has checked there was none)
        write_atomic(draft.path, draft.text, create=not force)
    except OutputError as exc:  # says which file and why
        _say(str(exc))
        return 2
    except OSError as exc:
        _say(_("cannot write {path}: {reason}").format(path=draft.path, reason=exc.strerror or exc))
        return 2
    if not quiet:
        if draft.source:
            _say(_("wrote {path}, drafted from {source}").format(path=draft.path, source=draft.source))
        else:
            _say(_("wrote {path}, a skeleton of the current template").format(path=draft.path))
        _say(ngettext("{n} place to fill, marked 【要記入】: see `xplan lint {path}`",
                      "{n} places to fill, marked 【要記入】: see `xplan lint {path}`", draft.to_fill)
             .format(n=draft.to_fill, path=draft.path))
        if draft.to_check:
            _say(ngettext("{n} carried text to check (the year-end review, sentences naming the old year): "
                          "a `# xplan: 要確認` comment beside it",
                          "{n} carried texts to check (the year-end review, sentences naming the old year): "
                          "a `# xplan: 要確認` comment beside each", draft.to_check).format(n=draft.to_check))
    return 0


def register(app: typer.Typer) -> None:
    @app.command("new", help=N_("Draft an organisation's plan for a new fiscal year from its previous plan "
                               "(or a skeleton with --kind)."))
    def new_cmd(
        org: str = typer.Option(..., "--org", help=N_("Organisation as written (政策局), slug or alias.")),
        year: str = typer.Option(..., "--year", help=N_("Fiscal year of the new plan: R8, 令和8, 2026.")),
        from_year: str = typer.Option(None, "--from", help=N_("Year of the plan to draft from (default: the year before).")),
        kind: str = typer.Option(None, "--kind", help=N_("bureau or ward: write a skeleton when there is no plan to draft from.")),
        slug: str = typer.Option(None, "--slug", help=N_("ASCII file name for a new organisation's skeleton.")),
        plans: Path = Opt.plans,
        output: Path = typer.Option(None, "--output", "-o", help=N_("Write to FILE (default: PLANS/<year>/<slug>.yaml).")),
        force: bool = typer.Option(False, "--force", help=N_("Overwrite the file if it exists.")),
        quiet: bool = typer.Option(False, "--quiet", "-q", help=N_("Print only problems.")),
    ) -> None:
        """Draft an organisation's plan for a new fiscal year."""
        if kind is not None and kind not in ("bureau", "ward"):
            raise fail(_("--kind must be bureau or ward"))
        raise typer.Exit(run_new(org, year, from_year, kind, slug, plans, output, force, quiet))

    @app.command("fmt", help=N_("Lay plan files out in the one canonical layout, keeping every comment."))
    def fmt_cmd(
        paths: list[Path] = typer.Argument(None, help=N_("Files and directories (recursive *.yaml/*.yml). "
                                                        "Default: plans/ (or `plans` from config).")),
        check: bool = typer.Option(False, "--check", help=N_("Write nothing; list the files that would change "
                                                            "and exit 1 if there are any.")),
        diff: bool = typer.Option(False, "--diff", help=N_("Write nothing; print what would change as a unified diff.")),
        plans: Path = Opt.plans,
        quiet: bool = typer.Option(False, "--quiet", "-q", help=N_("Print only problems.")),
    ) -> None:
        """Lay plan files out in the one canonical layout, keeping every comment."""
        raise typer.Exit(run_fmt(paths or [], check, diff, plans, quiet))

    @app.command("schema", help=N_("Print the plan schema (JSON Schema) for editors and other tools."))
    def schema_cmd(
        output: Path = typer.Option(None, "--output", "-o", help=N_("Write the schema to FILE instead of stdout.")),
    ) -> None:
        """Print the plan schema (JSON Schema) for editors and other tools."""
        raise typer.Exit(run_schema(output))
