import re
import sys
import unicodedata
from collections.abc import Iterator

from xplan.i18n import N_, _
from xplan.lint.rules import make, where
from xplan.lint.rules.empty_text import strings
from xplan.plan.findings import Finding
from xplan.plan.model import Plan

# The rule's documentation (`xplan rule` prints it): a message like any other, in the catalog.
__doc__ = N_("""Placeholder text left in a plan: TBD, TODO, ○○, XX anywhere; 未定 as a whole item.

Drafts fill gaps with placeholders; a plan under review should not contain them. Matched after
NFKC normalisation, so full-width ＴＢＤ and ＸＸ count too. 未定 ("undecided") is also an
ordinary word in plans (時期未定), so it counts only when it is the whole text of an item, as
in ``title: 未定`` or ``- （未定）``. ``source`` notes are not checked.""")

CODE = "P372"
NAME = "placeholder"
SEVERITY = "warning"

_PLACEHOLDER = re.compile(r"TBD|TODO|[○〇◯]{2,}|(?<![A-Za-z])(?:XX+|xx+)(?![A-Za-z])|××")
_WHOLE = re.compile(r"^\W*(未定|未記入|調整中)\W*$")


def check(plan: Plan) -> Iterator[Finding]:
    for ptr, text in strings(plan.raw):
        if ptr[:1] == ("source",):
            continue  # notes about the transcription, not plan content
        norm = unicodedata.normalize("NFKC", text)
        m = _PLACEHOLDER.search(norm) or _WHOLE.match(norm)
        if m:
            yield make(sys.modules[__name__], plan,
                       _("{where}: the placeholder “{text}” is left in; write the real content or leave the field "
                         "out").format(where=where(plan, ptr), text=m.group(m.lastindex or 0)), ptr)
