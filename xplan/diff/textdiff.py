"""A word-level diff for Japanese text, which has no spaces between words.

Text is cut into runs of one script (kanji, hiragana, katakana, Latin letters and digits);
every other character (punctuation, brackets, symbols) is a token of its own. difflib compares
the token lists, so 「検討する」→「実施する」 shows as [-検討-]{+実施+}する, not letter soup. A
shared token of one or two characters stranded between two edits is folded into the edit, which
keeps the result readable.
"""

from __future__ import annotations

import difflib
import functools
import itertools
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


_cached_script = functools.lru_cache(maxsize=8192)(script)  # a text repeats its characters


def tokens(text: str) -> list[str]:
    """Runs of one script, and every other character on its own (linear: a run is joined once,
    not grown a character at a time, which took seconds on a run of 100,000 letters)."""
    out: list[str] = []
    for kind, group in itertools.groupby(text, _cached_script):
        if kind:
            out.append("".join(group))
        else:
            out.extend(group)
    return out


# The word-level comparison is quadratic in the tokens when they repeat (a run of 。 is one
# token per character): past this many token pairs, after the common beginning and end are set
# aside, the changed middle is shown deleted and inserted whole, as a line-level diff would
# (bench/textdiff.py: a 1.6 M-character run took 22 s before; now a fraction of a second).
MAX_WORD_PAIRS = 250_000


@dataclass(frozen=True)
class Piece:
    kind: str  # equal | delete | insert
    text: str


# Past this many characters (both sides), the common beginning and end are found character by
# character first (at the speed of a string comparison) and only the changed middle is cut into
# words; a middle still this long is shown deleted and inserted whole.
MAX_WORD_CHARS = 20_000


def word_diff(old: str, new: str) -> list[Piece]:
    """Pieces which, read in order, give old (equal + delete) and new (equal + insert)."""
    if len(old) + len(new) > MAX_WORD_CHARS:
        return _large_diff(old, new)
    a, b = tokens(old), tokens(new)
    ops = _token_ops(a, b)
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


def _common_prefix(a: str, b: str) -> int:
    """The length of the common beginning, by halving (each comparison a C string compare)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _inside_word(text: str, i: int) -> bool:
    """Whether a cut before ``text[i]`` would split a token (a run of one script)."""
    return 0 < i < len(text) and bool(_cached_script(text[i - 1])) and _cached_script(text[i - 1]) == _cached_script(text[i])


def _large_diff(old: str, new: str) -> list[Piece]:
    head = _common_prefix(old, new)
    # a word cut in two is compared whole (a "word" of thousands of one character is cut anyway)
    limit = max(0, head - 64)
    while head > limit and (_inside_word(old, head) or _inside_word(new, head)):
        head -= 1
    rest_old, rest_new = old[head:], new[head:]
    tail = _common_prefix(rest_old[::-1], rest_new[::-1])
    limit = max(0, tail - 64)
    while tail > limit and (_inside_word(rest_old, len(rest_old) - tail)
                            or _inside_word(rest_new, len(rest_new) - tail)):
        tail -= 1
    mid_old, mid_new = rest_old[:len(rest_old) - tail], rest_new[:len(rest_new) - tail]
    if len(mid_old) + len(mid_new) <= MAX_WORD_CHARS:
        middle = word_diff(mid_old, mid_new)
    else:  # too long to compare word by word: the changed part as a line-level diff shows it
        middle = [Piece(DELETE, mid_old), Piece(INSERT, mid_new)]
    pieces = [Piece(EQUAL, old[:head]), *middle, Piece(EQUAL, rest_old[len(rest_old) - tail:])]
    return [p for p in pieces if p.text]


def _token_ops(a: list[str], b: list[str]) -> list[tuple[str, str, str]]:
    """(equal|edit, old text, new text) runs of two token lists; bounded (MAX_WORD_PAIRS)."""
    if len(a) * len(b) <= MAX_WORD_PAIRS:
        return [("equal" if tag == "equal" else "edit", "".join(a[i1:i2]), "".join(b[j1:j2]))
                for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()]
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    mid_a, mid_b = a[head:len(a) - tail], b[head:len(b) - tail]
    ops: list[tuple[str, str, str]] = []
    if head:
        ops.append(("equal", "".join(a[:head]), "".join(b[:head])))
    if len(mid_a) * len(mid_b) <= MAX_WORD_PAIRS:
        ops.extend(op for op in _token_ops(mid_a, mid_b) if op[1] or op[2])
    elif mid_a or mid_b:
        ops.append(("edit", "".join(mid_a), "".join(mid_b)))  # too large to compare word by word
    if tail:
        ops.append(("equal", "".join(a[len(a) - tail:]), "".join(b[len(b) - tail:])))
    return ops


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
