"""Text blocks (paragraphs, bullets, headed groups, month-dated items, lead-ins with their
sub-items) for display.

A plan keeps a section's text as a list of blocks. Absent (``None``: the document does not have
the section) and empty (``[]``: the document prints ー) are shown differently, never guessed at.
A heading with no items (``{heading: <令和7年度の取組内容>, items: []}``) introduces what follows
it in the document (the numbered actions of ⑤): it is shown alone, with no ー under it.
"""

from __future__ import annotations

from typing import Any

from xplan.plan.model import Block, Dated, Headed, LeadIn, plain_lines
from xplan.views.common import NOTHING, absent

BULLET = "・"  # the documents' own bullet; the transcription drops it as formatting only


def dated(item: Dated) -> str:
    return f"{item.text}（{item.period}）"


def plain(items: list[Block] | tuple[Block, ...] | None) -> str:
    """Blocks as lines of text, for table cells."""
    if items is None:
        return absent()
    if not items:
        return NOTHING
    return "\n".join(plain_lines(items))


def rich(items: list[Block] | tuple[Block, ...] | None) -> Any:
    """A bullet list with hanging indents; headed groups and lead-ins indent their items, and a
    lead-in's closing words continue its bullet below them."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from xplan.output.wrap import JaText

    if items is None:
        return Text(absent(), style="dim")
    if not items:
        return Text(NOTHING)
    parts: list[Any] = []
    for b in items:
        if isinstance(b, Headed):
            parts.append(JaText(b.heading, style="bold", end="\n"))
            if b.items:
                parts.append(Padding(rich(b.items), (0, 0, 0, 2)))
            continue
        grid = Table.grid(expand=True)
        grid.add_column(width=2, no_wrap=True)
        grid.add_column(ratio=1)  # the plans' prose: phrases and kinsoku (xplan.output.wrap)
        if isinstance(b, LeadIn):
            # one bullet: the lead-in, its sub-items indented under it, then its closing words
            body: list[Any] = [JaText(b.lead, end="\n"), *([rich(b.items)] if b.items else [])]
            if b.tail is not None:
                body.append(JaText(b.tail, end="\n"))
            grid.add_row(BULLET, Group(*body))
        else:
            grid.add_row(BULLET, JaText(b if isinstance(b, str) else dated(b)))
        parts.append(grid)
    return Group(*parts)


def markdown_escape(text: str) -> str:
    """Backslash what markdown would read as formatting (the one escape: xplan/output/escape.py)."""
    from xplan.output.escape import markdown_text

    return markdown_text(text)


def markdown(items: list[Block] | tuple[Block, ...] | None, indent: str = "") -> list[str]:
    if items is None:
        return [f"{indent}{markdown_escape(absent())}"]
    if not items:
        return [f"{indent}{NOTHING}"]
    out: list[str] = []
    for b in items:
        if isinstance(b, Headed):
            out.append(f"{indent}- **{markdown_escape(b.heading)}**")
            out.extend(markdown(b.items, indent + "  ") if b.items else [])
        elif isinstance(b, LeadIn):
            out.append(f"{indent}- {markdown_escape(b.lead)}")
            out.extend(markdown(b.items, indent + "  ") if b.items else [])  # no ー: the lead-in is there
            if b.tail is not None:
                # the same list item goes on after its sub-list; without the blank line CommonMark
                # would read the words as the last sub-item's lazy continuation
                out.extend(["", f"{indent}  {markdown_escape(b.tail)}"])
        else:
            out.append(f"{indent}- {markdown_escape(b if isinstance(b, str) else dated(b))}")
    return out
