"""Readers: a document's bytes to text lines, by content first and file name second.

Each reader gives the text in the form of the extracted seeds: paragraphs on their lines, table
rows as tab-separated cells. The format libraries (pdfplumber, python-docx, openpyxl) are the
``import`` extra; a missing one is a one-line message."""

from __future__ import annotations

from xplan.importer.core import ImportFailure


def missing(package: str, what: str) -> ImportFailure:
    return ImportFailure(f"{what}を読むには {package} が必要です: pip install 'xplan[import]'")


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
            raise ImportFailure("壊れたZIP形式のファイルです（.docx/.xlsx として読めません）") from None
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        raise ImportFailure("Word (.docx) でも Excel (.xlsx) でもないZIPファイルです")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFailure("暗号化された、または古い形式（.doc/.xls）のOfficeファイルです。"
                            "パスワードを外して .docx/.xlsx で保存し直してください")
    if lower.endswith((".pdf", ".docx", ".xlsx")):
        raise ImportFailure(f"{name}: 拡張子は {lower.rsplit('.', 1)[1]} ですが、その形式のファイルではありません")
    return "text"


def decode(raw: bytes) -> str:
    if b"\x00" in raw[:4096]:
        raise ImportFailure("バイナリファイルです（テキスト、PDF、Word、Excel の文書を指定してください）")
    for enc in ("utf-8-sig", "cp932"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ImportFailure("文字コードが読めません（UTF-8 か Shift_JIS のテキストを指定してください）")


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
