"""A word-level diff for Japanese text, which has no spaces between words.

Text is cut into runs of one script (kanji, hiragana, katakana, Latin letters and digits);
every other character (punctuation, brackets, symbols) is a token of its own. difflib compares
the token lists, so 「検討する」→「実施する」 shows as [-検討-]{+実施+}する, not letter soup. A
shared token of one or two characters stranded between two edits is folded into the edit, which
keeps the result readable.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass

EQUAL, DELETE, INSERT = "equal", "delete", "insert"


def script(ch: str) -> str:
    """The script class of one character; "" for a character that is a token on its own."""
    if ch.isspace():
        return "space"
    if "\u3041" <= ch <= "\u309f":
        return "hiragana"
    if "\u30a0" <= ch <= "\u30ff" or "\uff66" <= ch <= "\uff9f":  # includes ー and half-width kana
        return "katakana"
    if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or ch in "々〆ヵヶ":
        return "kanji"
    if ch.isalnum() and unicodedata.normalize("NFKC", ch).isascii():
        return "latin"  # includes full-width Ａ１
    return ""


def tokens(text: str) -> list[str]:
    out: list[str] = []
    prev = None
    for ch in text:
        kind = script(ch)
        if out and kind and kind == prev:
            out[-1] += ch
        else:
            out.append(ch)
        prev = kind
    return out


@dataclass(frozen=True)
class Piece:
    kind: str  # equal | delete | insert
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    """Pieces which, read in order, give old (equal + delete) and new (equal + insert)."""
    a, b = tokens(old), tokens(new)
    ops: list[tuple[str, str, str]] = []  # (tag, old text, new text)
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        ops.append(("equal" if op == "equal" else "edit", "".join(a[i1:i2]), "".join(b[j1:j2])))
    # fold short stranded equal runs into the surrounding edits
    merged: list[tuple[str, str, str]] = []
    tag: str
    for k, (tag, x, y) in enumerate(ops):
        stranded = (tag == "equal" and len(x) <= 2 and "\n" not in x and 0 < k < len(ops) - 1
                    and ops[k - 1][0] == "edit" and ops[k + 1][0] == "edit")
        if (tag == "edit" or stranded) and merged and merged[-1][0] == "edit":
            merged[-1] = ("edit", merged[-1][1] + x, merged[-1][2] + y)
        else:
            merged.append(("edit" if stranded else tag, x, y))
    pieces: list[Piece] = []
    for tag, x, y in merged:
        if tag == "equal":
            pieces.append(Piece(EQUAL, x))
            continue
        if x:
            pieces.append(Piece(DELETE, x))
        if y:
            pieces.append(Piece(INSERT, y))
    return pieces


def paragraph_diff(old: list[str] | None, new: list[str] | None) -> list[list[Piece]]:
    """Changed paragraphs only, one list of pieces per output line; unchanged ones are left out."""
    a, b = old or [], new or []
    out: list[list[Piece]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag == "delete":
            out.extend([Piece(DELETE, line)] for line in a[i1:i2])
        elif tag == "insert":
            out.extend([Piece(INSERT, line)] for line in b[j1:j2])
        else:  # replace: word-diff the block, then cut it back into lines
            out.extend(_split_lines(word_diff("\n".join(a[i1:i2]), "\n".join(b[j1:j2]))))
    return out


def _split_lines(pieces: list[Piece]) -> list[list[Piece]]:
    lines: list[list[Piece]] = [[]]
    for p in pieces:
        parts = p.text.split("\n")
        for k, part in enumerate(parts):
            if k:
                lines.append([])
            if part:
                lines[-1].append(Piece(p.kind, part))
    return [ln for ln in lines if ln]


def marked(pieces: list[Piece]) -> str:
    """Plain-text form: [-deleted-]{+inserted+}."""
    return "".join(p.text if p.kind == EQUAL else f"[-{p.text}-]" if p.kind == DELETE else f"{{+{p.text}+}}"
                   for p in pieces)
