"""One normalisation for texts and queries, with offsets back into the original text.

``fold`` applies, character by character (a base character with its combining marks):

- NFKC: full-width letters and digits become ASCII (ＡＩ = AI, ２０２５ = 2025), half-width katakana
  become full width (ｾﾝﾀｰ = センター), circled and parenthesised forms are spelt out;
- case folding (ai = AI): the plans are Japanese, so this joins spellings, it does not create
  false matches (tests/test_search.py checks the chosen queries against a brute-force count);
- dash and wave-dash variants (‐ − 〜) become ``-`` and ``~``, as NFKC already does for ＝ and ～;
- runs of white space become one space;
- the long-vowel mark ``ー`` that ends a katakana word is dropped (サーバー = サーバ, センター =
  センタ): the two spellings are the same word (JIS Z 8301), and dropping only a *final* mark keeps
  every match NFKC alone would find (a query is a substring of the text, so its folded form is a
  substring of the text's folded form). Hiragana and katakana are not folded into each other:
  short words in the two scripts are often different words.

Each character of the folded text knows the span of original text it came from, so a match
found in the folded text is highlighted on the original one.
"""

from __future__ import annotations

import re
import unicodedata

_MARKS = "\u3099\u309a\uff9e\uff9f"  # (half-width) voiced sound marks: combine with the kana before them
_EXTRA = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2212": "-",
                        "\u301c": "~", "\u3000": " "})
_LONG = "ー"


def _katakana(ch: str) -> bool:
    return "\u30a1" <= ch <= "\u30fa" or ch == _LONG


# texts that folding leaves as they are (no capitals, no ー, nothing NFKC changes): most plan text
_SIMPLE = re.compile(r"[\u0021-\u0040\u005b-\u007e\u3041-\u3096\u30a1-\u30fa\u4e00-\u9fff、。「」『』]*")


def fold(text: str) -> str:
    """The folded text alone (queries, and texts whose offsets are not needed)."""
    return fold_with_offsets(text)[0]


# what the fast path of fold_with_offsets leaves to the careful one: combining marks, white space
# that would collapse
# that would collapse, Hangul jamo (which NFKC composes across characters)
_COMPLEX = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff\u3099\u309a\uff9e\uff9f\ufe20-\ufe2f"
                      r"\u1100-\u11ff\u3130-\u318f\uffa0-\uffdc]|\s\s")
_SPACES = dict.fromkeys((9, 10, 11, 12, 13, 28, 29, 30, 31, 133, 8232, 8233), " ")
_HAS_EXTRA = re.compile("[" + "".join(re.escape(chr(c)) for c in _EXTRA) + "]")
_HAS_SPACE = re.compile("[" + "".join(re.escape(chr(c)) for c in _SPACES) + "]")
_DROP = re.compile(r"(?<=[\u30a1-\u30fa\u30fc])\u30fc(?![\u30a1-\u30fa\u30fc])")


def fold_with_offsets(text: str) -> tuple[str, list[int], list[int]]:
    """The folded text, and for each of its characters the start and end of the original text it
    came from (a dropped long-vowel mark belongs to the character before it)."""
    if _SIMPLE.fullmatch(text):
        return text, list(range(len(text))), list(range(1, len(text) + 1))
    if not _COMPLEX.search(text):
        # most texts: every character folds to one character (full-width forms, capitals, dashes),
        # so the offsets are the identity but for the final long-vowel marks dropped. Without
        # combining marks or jamo NFKC composes nothing across characters, so the whole text is
        # normalised at once (in C) and is the characters' pieces one after the other; the length
        # says whether each piece is one character
        # str.translate looks every character up in its table: only a text that has one is translated
        joined = unicodedata.normalize("NFKC", text.translate(_EXTRA) if _HAS_EXTRA.search(text) else text).casefold()
        if len(joined) == len(text):
            if _HAS_SPACE.search(joined):
                joined = joined.translate(_SPACES)
            drops = [m.start() for m in _DROP.finditer(joined)]
            if not drops:
                return joined, list(range(len(text))), list(range(1, len(text) + 1))
            return _without(joined, drops)
    return _careful(text)


def _without(joined: str, drops: list[int]) -> tuple[str, list[int], list[int]]:
    """``joined`` (one character per original one) without the characters at ``drops``, each
    dropped one's span joined to the character before it."""
    starts: list[int] = []
    ends: list[int] = []
    parts: list[str] = []
    prev = 0
    for d in drops:
        parts.append(joined[prev:d])
        starts.extend(range(prev, d))
        ends.extend(range(prev + 1, d + 1))
        ends[-1] = d + 1
        prev = d + 1
    parts.append(joined[prev:])
    starts.extend(range(prev, len(joined)))
    ends.extend(range(prev + 1, len(joined) + 1))
    return "".join(parts), starts, ends


def _careful(text: str) -> tuple[str, list[int], list[int]]:
    """Character by character: combining marks with their base, white space collapsed, pieces of
    any length."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and (text[j] in _MARKS or unicodedata.combining(text[j])):
            j += 1
        piece = unicodedata.normalize("NFKC", text[i:j].translate(_EXTRA)).casefold()
        for ch in piece:
            if ch.isspace():
                if out and out[-1] == " ":
                    ends[-1] = j
                    continue
                ch = " "
            out.append(ch)
            starts.append(i)
            ends.append(j)
        i = j
    # a final long-vowel mark of a katakana word: dropped, its span joined to the character before
    folded: list[str] = []
    fs: list[int] = []
    fe: list[int] = []
    for k, ch in enumerate(out):
        if (ch == _LONG and folded and _katakana(folded[-1])
                and (k + 1 == len(out) or not _katakana(out[k + 1]))):
            fe[-1] = ends[k]
            continue
        folded.append(ch)
        fs.append(starts[k])
        fe.append(ends[k])
    return "".join(folded), fs, fe
