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


def fold_with_offsets(text: str) -> tuple[str, list[int], list[int]]:
    """The folded text, and for each of its characters the start and end of the original text it
    came from (a dropped long-vowel mark belongs to the character before it)."""
    if _SIMPLE.fullmatch(text):
        return text, list(range(len(text))), list(range(1, len(text) + 1))
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
    k = 0
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
