"""Human-readable report: grouped by file, each finding with the offending line and a caret.

Carets are placed by display width (wcwidth), so they sit under the right character in lines of
Japanese text. Colour is used only when asked for (the CLI asks on a terminal without NO_COLOR).
"""

from __future__ import annotations

import io
from itertools import groupby

from xplan.lint import LintResult

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _caret_line(line: str, column: int, end_column: int | None, same_line: bool) -> tuple[str, int, int]:
    from wcwidth import wcswidth

    def width(s: str) -> int:
        w = wcswidth(s)
        return w if w >= 0 else len(s)

    pad = width(line[: column - 1])
    span = width(line[column - 1: (end_column - 1) if same_line and end_column and end_column > column else column])
    return line, pad, max(1, span)


def render(result: LintResult, *, color: bool = False, statistics: bool = False, width: int | None = None) -> str:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    buf = io.StringIO()
    con = Console(file=buf, force_terminal=color, no_color=not color, width=width or 200, highlight=False,
                  soft_wrap=True, emoji=False)
    for file, group in groupby(result.findings, key=lambda f: f.file):
        con.print(f"[bold underline]{escape(file)}[/]")
        lines = result.sources.get(file) or []
        for f in group:
            con.print(f"  {f.line}:{f.column}  [{_STYLE[f.severity]}]{f.severity}[/]  "
                      f"[bold]{f.code}[/] [dim]{f.name}[/]  {escape(f.message)}")
            if 0 < f.line <= len(lines):
                text, pad, span = _caret_line(lines[f.line - 1], f.column, f.end_column, f.end_line == f.line)
                gutter = f"{f.line:>6} | "
                con.print(f"[dim]{gutter}[/]{escape(text)}")
                con.print(f"[dim]{' ' * (len(gutter) - 2)}| [/]{' ' * pad}[{_STYLE[f.severity]}]{'^' * min(span, 60)}[/]")
        con.print()
    counts = result.counts()
    files_hit = len({f.file for f in result.findings})
    verdict = "[bold red]" if counts["error"] else "[bold green]"
    con.print(f"{verdict}{counts['error']} errors[/], {counts['warning']} warnings, {counts['info']} info "
              f"in {files_hit} of {len(result.files)} files")
    if statistics:
        from xplan.ruleinfo import all_rules

        names = {r.code: (r.name, r.severity) for r in all_rules()}
        table = Table("code", "name", "severity", "count", title="Findings per rule", title_justify="left")
        for code, n in result.summary()["by_rule"].items():  # type: ignore[union-attr]
            name, _ = names.get(code, ("?", "?"))
            sev = next(f.severity for f in result.findings if f.code == code)
            table.add_row(code, name, sev, str(n))
        con.print(table)
    return buf.getvalue()
