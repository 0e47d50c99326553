"""PDF through pdfplumber: the text lines and the tables of each page, in reading order.

Each page's tables (found from their ruling lines) become tab-separated rows, a cell's lines
joined (a line that starts with a bullet ``・`` or ``→`` starts an item); the other text becomes
lines, a paragraph's lines that reach the right margin joined to the next (the PDF broke them),
a gap between lines a blank line, and a paragraph indented from the text's left edge a list item
(``- ``, one level per indent). Glyphs some fonts map to look-alike code points (the Kangxi
radicals ⼩ for 小, U+2027 ‧ for ・) are read as the characters they print."""

from __future__ import annotations

import io
import logging
import statistics
import unicodedata
from typing import Any

from xplan.i18n import _
from xplan.importer.core import ImportFailure
from xplan.importer.read import missing

# CJK Radicals Supplement characters a font maps its ideograph glyphs to, and the ideograph each
# prints (Unicode's EquivalentUnifiedIdeograph.txt; the Kangxi radicals have NFKC forms instead)
_SUPPLEMENT = dict(zip("⺠⻑⻄⻘⻫⻝⻤⻩⻲⻭⻯⻨⺟⺣⺾⻌⻍⻏⻖⺅⺉⺌⺡⺨⺮⺶⻊⻣⻰⻱⺢⺦⺧⺩⺪",
                       "民長西青斉食鬼黄亀歯竜麦母灬艹辶辶阝阝亻刂小氵犭竹羊足骨竜亀氺丬牛犬王尢"))


def _glyphs(text: str) -> str:
    out = []
    for ch in text:
        if ch in _SUPPLEMENT:
            ch = _SUPPLEMENT[ch]
        elif "\u2f00" <= ch <= "\u2fdf" or "\uf900" <= ch <= "\ufaff":  # Kangxi radicals, compatibility ideographs
            ch = unicodedata.normalize("NFKC", ch)
        elif ch == "\u2027":
            ch = "・"
        out.append(ch)
    return "".join(out)


# a line that starts with one of these starts something (a bullet, a sub-heading), never the rest
# of the line above it
_STARTS = ("・", "○", "【", "■", "●", "◆", "→", *"①②③④⑤⑥⑦⑧⑨⑩")


def _cell(text: str | None) -> str:
    if not text:
        return ""
    out = ""
    for line in _glyphs(text).split("\n"):
        line = line.strip()
        if not line:
            continue
        out = f"{out} {line}" if out and line.startswith(("・", "→")) else out + line
    return out


def read_pdf(raw: bytes) -> str:
    try:
        import pdfplumber
    except ImportError:
        raise missing("pdfplumber", _("PDF documents (.pdf)")) from None
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font warnings are not the user's business
    try:
        pdf = pdfplumber.open(io.BytesIO(raw))
        pages = list(pdf.pages)
    except Exception as exc:
        # pdfplumber wraps pdfminer's error: look at what it carries too
        names = " ".join(type(e).__name__ for e in (exc, *exc.args, exc.__context__) if isinstance(e, BaseException))
        name = type(exc).__name__
        if "Password" in names or "Encrypt" in names:
            raise ImportFailure(_("an encrypted PDF: remove the password and import it again")) from None
        raise ImportFailure(_("cannot read the PDF ({reason})").format(reason=name)) from None
    out: list[str] = []
    chars = 0
    state: dict[str, Any] = {"prev": None, "joinable": False}
    with pdf:
        for page in pages:
            chars += len(page.chars)
            _page(page, out, state)
    if chars == 0:
        raise ImportFailure(_("a PDF without text (a scanned image): run OCR on it first, or import its extracted text"))
    return "\n".join(out)


def _page(page: Any, out: list[str], state: dict[str, Any]) -> None:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj: dict[str, Any]) -> bool:
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    text_page = page.filter(outside) if boxes else page
    lines = text_page.extract_text_lines(strip=True)
    if lines:
        left = min(x["x0"] for x in lines)
        right = max(x["x1"] for x in lines)
        size = statistics.median(x["bottom"] - x["top"] for x in lines)
    else:
        left, right, size = 0.0, page.width, 10.0
    items = [(t.bbox[1], 0, t) for t in tables] + [(x["top"], 1, x) for x in lines]
    for _top, kind, item in sorted(items, key=lambda i: (i[0], i[1])):
        if kind == 0:
            rows = item.extract()
            if out and out[-1] != "":
                out.append("")
            for row in rows:
                out.append("\t".join(_cell(c) for c in row))
            out.append("")
            state["prev"], state["joinable"] = None, False
            continue
        text = _glyphs(item["text"])
        prev = state["prev"]
        gap = item["top"] - prev["bottom"] if prev is not None else None
        new_paragraph = (prev is None and not state["joinable"]) or (gap is not None and gap > 0.9 * size)
        indent = item["x0"] - left
        depth = round(indent / (2 * size)) - 1 if indent > size else -1
        if not new_paragraph and state["joinable"] and out and not text.startswith(_STARTS):
            out[-1] += text  # the PDF broke the line at the margin
        elif not new_paragraph and out:
            out.append(text)  # a line break inside the paragraph (<br>): its own line, no marker
        else:
            if out and out[-1] != "":
                out.append("")
            out.append(("  " * depth + "- " if depth >= 0 else "") + text)
        state["prev"] = item
        state["joinable"] = item["x1"] >= right - 3 * size
    # a page ends: the next page goes on with the paragraph only if this one reached the margin
    state["prev"] = None
