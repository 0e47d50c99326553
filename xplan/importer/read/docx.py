"""Word (.docx) through python-docx: paragraphs and tables in document order.

A paragraph becomes a line (its line breaks kept), followed by a blank line; a heading style
adds Markdown heading marks, a list style a list marker (``List Bullet 2`` one level deeper);
a table row becomes a tab-separated row whose cells hold their paragraphs apart (U+2028), each
paragraph of a cell one item."""

from __future__ import annotations

import io
import re
from typing import Any

from xplan.i18n import _
from xplan.importer.core import ImportFailure
from xplan.importer.read import missing

CELL_BREAK = "\u2028"


def _paragraph(p: Any) -> str:
    text = p.text.replace("\r", "")
    style = (p.style.name if p.style is not None else "") or ""
    m = re.match(r"Heading (\d)", style)
    if m:
        return "#" * int(m.group(1)) + " " + text
    m = re.match(r"List (?:Bullet|Number)(?: (\d))?", style)
    if m:
        depth = int(m.group(1) or 1) - 1
        return "  " * depth + "- " + text
    return text


def _cell(cell: Any) -> str:
    paras = [p.text.replace("\n", " ").strip() for p in cell.paragraphs]
    paras = [p for p in paras if p]
    return CELL_BREAK.join(paras)


def read_docx(raw: bytes) -> str:
    try:
        import docx
        from docx.oxml.ns import qn
    except ImportError:
        raise missing("python-docx", _("Word documents (.docx)")) from None
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # a zip that python-docx cannot open: one message, no traceback
        raise ImportFailure(_("cannot read the Word document ({reason})").format(reason=type(exc).__name__)) from None
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            out.append(_paragraph(Paragraph(child, document)))
            out.append("")
        elif child.tag == qn("w:tbl"):
            table = Table(child, document)
            for row in table.rows:
                out.append("\t".join(_cell(c) for c in row.cells))
            out.append("")
    return "\n".join(out)
