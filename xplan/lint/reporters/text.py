"""Human-readable report: grouped by file, each finding with the offending line and a caret.

Carets are placed by display width (rich's cell widths), so they sit under the right characters in lines of
Japanese text. Colour is plain ANSI, used only when asked for (the CLI asks on a terminal without
NO_COLOR); rich's console is not imported here because a pre-commit run pays for every import.
"""

from __future__ import annotations

from itertools import groupby

from xplan.i18n import _
from xplan.lint.engine import LintResult
from xplan.plan.findings import severity_label, shown_path

_ANSI = {"error": "1;31", "warning": "33", "info": "36", "bold": "1", "dim": "2", "file": "1;4", "ok": "1;32"}


def _width(text: str) -> int:
    # rich's cell table alone (rich.cells, ~2 ms) rather than wcwidth (~25 ms of start-up)
    from rich.cells import cell_len

    return cell_len(text)


def render(result: LintResult, *, color: bool = False, statistics: bool = False, width: int | None = None) -> str:
    def c(style: str, text: str) -> str:
        return f"\x1b[{_ANSI[style]}m{text}\x1b[0m" if color else text

    out: list[str] = []
    for file, group in groupby(result.findings, key=lambda f: f.file):
        out.append(c("file", shown_path(file)))
        lines = result.sources.get(file) or []
        for f in group:
            label = severity_label(f.severity)
            head = f"  {f.line}:{f.column}  {c(f.severity, label)}  {c('bold', f.code)} {c('dim', f.name)}  "
            if width is None:
                out.append(head + f.message)
            else:  # a terminal: the message wrapped at phrases, under a hanging indent
                plain = _width(f"  {f.line}:{f.column}  {label}  {f.code} {f.name}  ")
                first, *rest = fill(f.message, width - plain, width - len(HANG))
                out.append(head + first if first else head.rstrip())
                out.extend(HANG + line for line in rest)
            if 0 < f.line <= len(lines) and lines[f.line - 1]:
                end = f.end_column if f.end_line == f.line and f.end_column > f.column else f.column + 1
                source, column, end = _clip(lines[f.line - 1], f.column, end)
                pad, span = _width(source[: column - 1]), max(1, _width(source[column - 1: end - 1]))
                gutter = f"{f.line:>6} | "
                room = width - len(gutter) if width is not None else None
                if room is not None and pad < room - 1 and _width(source) > room:
                    # on a terminal, the line ends at its edge instead of folding under the gutter
                    source, span = _fit(source, room), min(span, room - 1 - pad)
                out.append(c("dim", gutter) + source)
                out.append(c("dim", " " * (len(gutter) - 2) + "| ") + " " * pad + c(f.severity, "^" * min(span, 60)))
        out.append("")
    counts = result.counts()
    files_hit = len({f.file for f in result.findings})
    # the same msgid as the GitHub step summary (step_summary.py)
    summary = _("{errors} errors, {warnings} warnings, {info} info in {hit} of {files} files").format(
        errors=counts["error"], warnings=counts["warning"], info=counts["info"], hit=files_hit,
        files=len(result.files))
    out.append(c("error" if counts["error"] else "ok", summary))  # one line: -q leaves it out
    if statistics:
        out.extend(statistics_lines(result))
    return "\n".join(out) + "\n"


def statistics_lines(result: LintResult) -> list[str]:
    """--statistics: a blank line, the heading and one row per rule."""
    return ["", _("Findings per rule")] + _statistics(result)


HANG = " " * 4  # the indent of a message's continuation lines (less than the source gutter's)


def fill(text: str, first: int, rest: int) -> list[str]:
    """The message in lines: the first at most ``first`` columns (after the finding's head), the
    others ``rest``. Broken between phrases (BudouX, kinsoku, ASCII words whole) as the tables are;
    a phrase wider than a line is left whole for the terminal to fold. An empty first line means
    the message starts on the next one (the head left no room)."""
    from xplan.output.wrap import phrases
    from xplan.output.wrap import width as columns

    lines: list[str] = []
    line, limit = "", (first if first >= 12 else 0)
    for piece in phrases(text):
        if columns(line + piece.rstrip()) > limit and (line.strip() or limit == 0):
            lines.append(line.rstrip())
            line, limit = piece.lstrip(), rest
        else:
            line += piece
    lines.append(line.rstrip())
    return lines


SHOWN_BEFORE, SHOWN_AFTER = 60, 100  # characters of a long source line shown around the column


def _fit(source: str, room: int) -> str:
    """The line cut to ``room`` display columns, ``…`` last."""
    out, used = "", 0
    for ch in source:
        if used + _width(ch) > room - 1:
            break
        out += ch
        used += _width(ch)
    return out + "…"


def _clip(source: str, column: int, end: int) -> tuple[str, int, int]:
    """The part of a long line around the finding, with ``…`` where it was cut.

    A plan written on one line (JSON style) would otherwise repeat the whole file under every
    finding: megabytes per finding.
    """
    if len(source) <= SHOWN_BEFORE + SHOWN_AFTER:
        return source, column, end
    lo = max(0, column - 1 - SHOWN_BEFORE)
    hi = min(len(source), column - 1 + SHOWN_AFTER)
    head = "…" if lo else ""
    shown = head + source[lo:hi] + ("…" if hi < len(source) else "")
    shift = len(head) - lo
    return shown, column + shift, min(end, hi + 1) + shift


def _statistics(result: LintResult) -> list[str]:
    by_rule: dict[str, int] = result.summary()["by_rule"]  # type: ignore[assignment]
    rows = [(_("code"), _("name"), _("severity"), _("count"))]
    for code, n in by_rule.items():
        f = next(x for x in result.findings if x.code == code)
        rows.append((code, f.name, severity_label(f.severity), str(n)))
    widths = [max(_width(r[i]) for r in rows) for i in range(4)]
    return ["  ".join(cell + " " * (widths[i] - _width(cell)) if i < 3 else cell.rjust(widths[i])
                      for i, cell in enumerate(r)).rstrip() for r in rows]
