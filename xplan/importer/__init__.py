"""``xplan import``: a published plan document becomes a draft plan file.

The readers (``xplan.importer.read``) turn a text, PDF, Word or Excel document into one stream
of lines (``lines.normalise``); the layout is recognised from that text (the current template,
the older ward layout with themes, the retrospective sheet) and read by its module in
``xplan.importer.layouts``. Nothing here knows an organisation, a document or a sentence of a
plan: only the template's structure. Whatever the reader doubts is kept in its nearest place and
marked ``# xplan: 要確認 <why>``; text it cannot place goes under ``unplaced``. Nothing prints:
the command layer (``xplan/commands/importer.py``) says what happened.
"""

from xplan.importer.core import Imported, ImportFailure, import_document, import_text

__all__ = ["ImportFailure", "Imported", "import_document", "import_text"]
