"""docx: a Word document, for a view that is a document (``xplan show``: xplan.export.docx, through
python-docx). A binary format: to ``-o FILE`` or a pipe, never to a terminal."""

from __future__ import annotations

from xplan.i18n import _
from xplan.output.tables import FormatError
from xplan.output.view import Options, ViewOutput

BINARY = True


def render(view: ViewOutput, options: Options) -> bytes:
    own = view.files.get("docx")
    if own is None:
        raise FormatError(_("--format docx is for xplan show (a plan as a Word document)"))
    return own()
