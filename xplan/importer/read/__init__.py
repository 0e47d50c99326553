"""Readers: a document's bytes to text lines, by content first and file name second.

Each reader gives the text in the form of the extracted seeds: paragraphs on their lines, table
rows as tab-separated cells. The format libraries (pdfplumber, python-docx, openpyxl) are the
``import`` extra; a missing one is a one-line message."""

from __future__ import annotations

from xplan.i18n import _
from xplan.importer.core import ImportFailure


def missing(package: str, what: str) -> ImportFailure:
    return ImportFailure(_("reading {what} needs {package}: pip install 'xplan[import]'").format(what=what, package=package))


def kind_of(raw: bytes, name: str) -> str:
    """pdf, docx, xlsx or text, from the bytes (and the suffix for a zip of unknown content)."""
    head = raw[:8]
    lower = name.lower()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        import io
        import zipfile

        try:
            names = zipfile.ZipFile(io.BytesIO(raw)).namelist()
        except zipfile.BadZipFile:
            raise ImportFailure(_("a damaged zip file: it cannot be read as .docx or .xlsx")) from None
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        raise ImportFailure(_("a zip file that is neither Word (.docx) nor Excel (.xlsx)"))
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFailure(_("an encrypted or old-format (.doc/.xls) Office file: remove the password and "
                              "save it as .docx/.xlsx"))
    if lower.endswith((".pdf", ".docx", ".xlsx")):
        raise ImportFailure(_("named .{suffix} but not such a file").format(suffix=lower.rsplit(".", 1)[1]))
    return "text"


def decode(raw: bytes) -> str:
    if b"\x00" in raw[:4096]:
        raise ImportFailure(_("a binary file: give a text, PDF, Word or Excel document"))
    for enc in ("utf-8-sig", "cp932"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ImportFailure(_("unknown character encoding: give UTF-8 or Shift_JIS text"))


def text_of(raw: bytes, name: str) -> str:
    kind = kind_of(raw, name)
    if kind == "pdf":
        from xplan.importer.read.pdf import read_pdf

        return read_pdf(raw)
    if kind == "docx":
        from xplan.importer.read.docx import read_docx

        return read_docx(raw)
    if kind == "xlsx":
        from xplan.importer.read.xlsx import read_xlsx

        return read_xlsx(raw)
    return decode(raw)
