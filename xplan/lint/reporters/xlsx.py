"""A workbook of the findings, one row per finding with the fields of ``-F json`` (xplan.output.xlsx)."""

from __future__ import annotations

from xplan.i18n import N_, _
from xplan.lint.engine import LintResult
from xplan.output.xlsx import Sheet, workbook_bytes

BINARY = True  # only with -o FILE
# the keys of a finding in -F json, in its order, with the headings people read
COLUMNS = (("file", N_("File")), ("line", N_("Line")), ("column", N_("Column")), ("end_line", N_("End line")),
           ("end_column", N_("End column")), ("code", N_("code")), ("name", N_("name")),
           ("severity", N_("severity")), ("message", N_("Message")), ("path", N_("JSON path")))


def render(result: LintResult, *, color: bool = False, statistics: bool = False, width: int | None = None) -> bytes:
    rows = [[f.to_dict()[key] for key, _h in COLUMNS] for f in result.findings]
    return workbook_bytes([Sheet(_("Findings"), [_(h) for _k, h in COLUMNS], rows)])
