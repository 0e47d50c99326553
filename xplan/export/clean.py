"""Text as every export format can hold it.

A plan's string can carry what YAML allows and no file format here does: a lone surrogate
(``"\\ud800"``) cannot be written as UTF-8 (SQLite, CSV), and control characters other than tab and
line breaks cannot be written in XML (xlsx, docx). Each is replaced by U+FFFD, the replacement
character, in every format alike, so the formats still agree; lint reports the plan.
"""

from __future__ import annotations

import re

_UNWRITABLE = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def clean(text: str) -> str:
    return _UNWRITABLE.sub(REPLACEMENT, text)


def clean_row(row: tuple[object, ...]) -> tuple[object, ...]:
    return tuple(clean(v) if isinstance(v, str) else v for v in row)
