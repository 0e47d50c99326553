"""Japanese line breaking for terminal tables: phrases (BudouX), kinsoku, display widths.

Rich breaks text at ASCII spaces and otherwise anywhere, so Japanese wraps mid-word and lines start
with 、 or ）. Here a cell's text is cut into phrases by BudouX (the well-kept phrase segmenter for
Japanese), a phrase that would start a line with a closing or small character (、。）」ー・ッ …) is
kept with the one before it (line-start kinsoku), one that ends with an opening bracket with the
one after (line-end kinsoku), and ASCII words ("AI", "RPA") are never split. Lines are filled
greedily by display width (wcwidth), so Japanese columns line up. ``JaText`` is the rich cell that
uses it: it tells the table the narrowest width it can take (its longest phrase) and its natural
width, and wraps itself to whatever width the table gives it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# never at the start of a line (JIS X 4051 line-start prohibition, the common subset)
NO_START = set("、。，．,.）)]｝}〕〉》」』】〙〗〟’”｠»ー‐゠–〜～？！?!・:：;；/／ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻ゝゞヽヾ")
# never at the end of a line
NO_END = set("（([｛{〔〈《「『【〘〖〝‘“｟«")
_ASCII_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-_/%]*")


@lru_cache(maxsize=1)
def _parser() -> Any:
    import budoux

    return budoux.load_default_japanese_parser()


def width(text: str) -> int:
    """Display columns (rich's cell table, already loaded: wcwidth costs 25 ms of start-up)."""
    from rich.cells import cell_len

    return cell_len(text)


@lru_cache(maxsize=4096)
def phrases(text: str) -> tuple[str, ...]:
    """Unbreakable pieces of one line of text, in order; joined they give the text back."""
    if not text:
        return ()
    pieces: list[str] = []
    for chunk in _parser().parse(text):
        pieces.extend(_split_spaces(chunk))
    # line-start kinsoku: a piece starting with a closing/small character joins the previous one;
    # line-end kinsoku: a piece ending with an opening bracket joins the next one
    out: list[str] = []
    for piece in pieces:
        if out and (piece[0] in NO_START or out[-1][-1] in NO_END or _splits_word(out[-1], piece)):
            out[-1] += piece
        else:
            out.append(piece)
    return tuple(out)


def _split_spaces(chunk: str) -> list[str]:
    """A space is a break opportunity: 「並びに 区の」 may break after the space."""
    parts = re.split(r"(?<= )(?=\S)", chunk)
    return [p for p in parts if p]


def _splits_word(left: str, right: str) -> bool:
    """Whether a break between the two pieces would cut an ASCII word (AI, RPA, 2025)."""
    return bool(left) and bool(right) and left[-1].isascii() and left[-1].isalnum() and \
        right[0].isascii() and right[0].isalnum()


def wrap(text: str, limit: int) -> list[str]:
    """The text in lines of at most ``limit`` display columns (a longer phrase is cut by
    characters, still never starting a line with a forbidden character); explicit newlines kept."""
    limit = max(limit, 2)
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for piece in phrases(para):
            if width(line + piece.rstrip()) <= limit:
                line += piece
                continue
            if line.strip():
                lines.append(line.rstrip())
            line = piece.lstrip()
            while width(line) > limit:
                head, line = _cut(line, limit)
                lines.append(head)
        lines.append(line.rstrip())
    return lines


def _cut(text: str, limit: int) -> tuple[str, str]:
    """A too-long phrase cut at ``limit`` columns, moved left so the rest does not start with a
    forbidden character and no ASCII word is split (unless the word itself is wider than the line)."""
    n, used = 0, 0
    while n < len(text) and used + width(text[n]) <= limit:
        used += width(text[n])
        n += 1
    cut = n
    while 1 < cut < len(text) and (text[cut] in NO_START or text[cut - 1] in NO_END
                                   or _splits_word(text[:cut], text[cut:])):
        cut -= 1
    if cut <= 1:
        cut = max(n, 1)
    return text[:cut], text[cut:]


def min_width(text: str) -> int:
    """The narrowest a cell can be without cutting a phrase: its widest phrase."""
    return max((width(p.strip()) for para in text.split("\n") for p in phrases(para)), default=0)


class JaText:
    """A rich renderable for a table cell of Japanese text, wrapped at phrases with kinsoku."""

    def __init__(self, text: str, style: str = "", max_min: int = 16, end: str = "") -> None:
        self.text = text
        self.style = style
        self.end = end  # "" inside a table cell; "\n" where it stands as a paragraph of its own
        self.max_min = max_min  # a cell never demands more than this as its minimum

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        from rich.measure import Measurement

        narrowest, natural = _measure(self.text)
        return Measurement(min(narrowest, self.max_min, natural), natural)

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.text import Text

        yield Text(_wrapped(self.text, options.max_width), style=self.style, no_wrap=True, overflow="crop",
                   end=self.end)


# rich measures a cell more than once (a table, then the table around it, as the matrix nests them)
# and the same titles come back in every view of a meeting: both are remembered per text
@lru_cache(maxsize=8192)
def _measure(text: str) -> tuple[int, int]:
    """A cell's narrowest width (its widest phrase) and its natural width (its longest line)."""
    return min_width(text), max((width(line) for line in text.split("\n")), default=0)


@lru_cache(maxsize=8192)
def _wrapped(text: str, limit: int) -> str:
    return "\n".join(wrap(text, limit))



class Phrased(JaText):
    """A phrase-wrapped line of an indented list (agenda, progress): as ``JaText``."""

    def __init__(self, text: str, style: str = "") -> None:
        super().__init__(text, style, max_min=12)


def reflow(text: str, limit: int) -> str:
    """Prose (paragraphs separated by blank lines) refilled to ``limit`` columns, as ``wrap`` breaks
    lines; the hard line breaks inside a paragraph go. A paragraph indented by four spaces (a
    configuration example) is kept as written."""
    out = []
    for para in text.split("\n\n"):
        lines = para.split("\n")
        if any(line.startswith("    ") for line in lines):
            out.append(para)
            continue
        joined = lines[0]
        for line in lines[1:]:
            # Japanese runs on without a space; a break next to ASCII was a space
            both_japanese = joined and line and not joined[-1].isascii() and not line[0].isascii()
            joined += line if both_japanese else " " + line
        out.append("\n".join(wrap(joined, limit)))
    return "\n\n".join(out)
