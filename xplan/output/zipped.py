"""Office files (xlsx, docx) are zip archives, and their writers stamp each member with the time
of writing. Re-packed with one fixed time, the same content gives the same bytes, so an export
can be committed and compared."""

from __future__ import annotations

import io
import re
import zipfile

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip archive can record
CORE = "docProps/core.xml"  # the document's properties: openpyxl stamps "modified" as it saves
_MODIFIED = re.compile(rb"(<dcterms:modified\b[^>]*>)[^<]*(</dcterms:modified>)")
_CREATED = re.compile(rb"<dcterms:created\b[^>]*>([^<]*)</dcterms:created>")


def _core(xml: bytes) -> bytes:
    """"Modified" is set to "created" (which the writers take as given), so no clock is recorded."""
    created = _CREATED.search(xml)
    when = created.group(1) if created else b"2000-01-01T00:00:00Z"
    return _MODIFIED.sub(lambda m: m.group(1) + when + m.group(2), xml)


def stable_zip(data: bytes) -> bytes:
    """The archive with every member's time set to FIXED_TIME, in the same order, deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            content = src.read(info)
            dst.writestr(member, _core(content) if info.filename == CORE else content)
    return out.getvalue()
