"""The common line stream every input format is read into, and its clean-up.

A reader (text, PDF, Word, Excel) gives lines of text; table rows carry their cells. Whatever
route extracted the document, the same stream comes out of ``normalise``: Markdown heading marks
and list markers noted and taken off, pipe tables read as rows, page furniture (``- 3 -``) dropped,
hard-wrapped lines joined again. Recognising structure is done on the NFKC form of a line
(``Ａ（１）`` reads as ``A(1)``); the text that goes into the plan is the document's own.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Line:
    text: str  # the line without Markdown marks and HTML tags (cells: joined by tabs)
    depth: int = -1  # list nesting: -1 not a Markdown list item, 0 "- ", 1 "  - ", …
    heading: bool = False  # had Markdown heading marks (#)
    cells: list[str] | None = None  # a table row's cells, as extracted (HTML kept for splitting)
    number: int = 0  # 1-based line number in the source, for messages
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def blank(self) -> bool:
        return self.cells is None and not self.text.strip()

    @property
    def norm(self) -> str:
        return nfkc(self.text).strip()


_CIRCLED = {chr(c): chr(0xF0000 + c) for c in range(0x2460, 0x2474)}  # ①–⑳ number the template's parts
_CIRCLED_BACK = {v: k for k, v in _CIRCLED.items()}


def nfkc(text: str) -> str:
    """NFKC, except that ①–⑳ stay circled (NFKC would make ② a plain 2)."""
    if any("\u2460" <= ch <= "\u2473" for ch in text):
        text = "".join(_CIRCLED.get(ch, ch) for ch in text)
        return "".join(_CIRCLED_BACK.get(ch, ch) for ch in unicodedata.normalize("NFKC", text))
    return unicodedata.normalize("NFKC", text)


_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_PAGE = re.compile(r"^\s*(?:[-－—–―]\s*[0-9０-９]{1,3}\s*[-－—–―]|[0-9０-９]{1,3}\s*/\s*[0-9０-９]{1,3}"
                   r"|[Pp]\.?\s*[0-9０-９]{1,3}|[0-9０-９]{1,3})\s*$")
_HEADING = re.compile(r"^\s*#{1,6}\s+")
_LIST = re.compile(r"^( *)[-*+]\s+(?=\S)")
_PIPE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_DASHES = re.compile(r"^[\s\-ー─—:|]*$")


def strip_tags(text: str) -> str:
    return _TAG.sub(" ", text)


def is_page_number(text: str) -> bool:
    return bool(_PAGE.match(text))


def _pipe_cells(text: str) -> list[str] | None:
    s = text.strip()
    if not (s.startswith("|") and s.endswith("|") and len(s) > 1):
        return None
    return [c.strip() for c in s[1:-1].split("|")]


def unwrap(raw: list[str]) -> list[str]:
    """Join lines that a renderer hard-wrapped at a fixed width.

    A document wrapped at N characters has many lines of exactly N characters; each such line
    continues on the next (unless that one is blank or a table row). Documents that were not
    wrapped have no such peak and are left alone."""
    lengths = Counter(len(x) for x in raw if "\t" not in x and len(x) >= 20 and not x.lstrip().startswith("|"))
    long_lines = sum(lengths.values())
    if not lengths or long_lines < 8:
        return raw
    width, count = lengths.most_common(1)[0]
    longer = sum(n for w, n in lengths.items() if w > width)
    if count < max(5, long_lines * 0.3) or longer > long_lines * 0.05:
        return raw
    out: list[str] = []
    full = False
    for line in raw:
        table = "\t" in line or line.lstrip().startswith("|")
        # a line that starts a list item or a heading is never the rest of the one above
        if full and line and not table and not _LIST.match(line) and not _HEADING.match(line):
            out[-1] += line
        else:
            out.append(line)
        full = len(line) == width and not table
    return out


def normalise(text: str) -> list[Line]:
    """The document's lines, cleaned of what extraction adds."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\ufeff", "")
    raw = text.split("\n")
    # page numbers first (they sit between wrapped lines), then the wrapping
    kept: list[str] = []
    for x in raw:
        if is_page_number(x) and x.strip():
            continue
        kept.append(x)
    kept = unwrap(kept)
    out: list[Line] = []
    for number, x in enumerate(kept, 1):
        line = _line(x, number)
        if line is not None:
            out.append(line)
    return out


def _line(x: str, number: int) -> Line | None:
    if _PIPE_SEP.match(x) and "-" in x:
        return None
    cells = _pipe_cells(x)
    if cells is None and "\t" in x:
        cells = [c.strip() for c in x.split("\t")]
    if cells is not None:
        if all(_DASHES.match(c) for c in cells):
            return None  # a ruled separator row: ----\t---
        clean = [strip_tags(c).replace("**", "").strip() for c in cells]
        return Line("\t".join(clean), cells=[c.replace("**", "") for c in cells], number=number)
    heading = bool(_HEADING.match(x))
    if heading:
        x = _HEADING.sub("", x)
    depth = -1
    m = _LIST.match(x)
    if m:
        depth = len(m.group(1)) // 2
        x = x[m.end():]
    x = strip_tags(x).replace("**", "") if "<" in x or "**" in x else x
    return Line(x.rstrip(), depth=depth, heading=heading, number=number)
