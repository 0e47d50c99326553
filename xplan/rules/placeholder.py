"""Placeholder text left in a plan: TBD, 未定, ○○, XX, TODO.

Drafts fill gaps with placeholders; a plan under review should not contain them. Matched after
NFKC normalisation, so full-width ＴＢＤ and ＸＸ count too. ``source`` notes are not checked.
"""

import re
import sys
import unicodedata
from collections.abc import Iterator

from xplan.findings import Finding
from xplan.model import Plan
from xplan.rules import make, where
from xplan.rules.empty_text import strings

CODE = "P372"
NAME = "placeholder"
SEVERITY = "warning"

_PLACEHOLDER = re.compile(r"TBD|TODO|未定|[○〇◯]{2,}|(?<![A-Za-z])(?:XX+|xx+)(?![A-Za-z])|××")


def check(plan: Plan) -> Iterator[Finding]:
    for ptr, text in strings(plan.raw):
        if ptr[:1] == ("source",):
            continue  # notes about the transcription, not plan content
        m = _PLACEHOLDER.search(unicodedata.normalize("NFKC", text))
        if m:
            yield make(sys.modules[__name__], plan,
                       f"{where(plan, ptr)}: 仮の記載「{m.group(0)}」が残っています (placeholder {m.group(0)!r}; "
                       "write the real content or leave the field out)", ptr)
