"""Japanese text that wraps between phrases in the terminal.

rich folds text without spaces at whatever character reaches the edge, so a line can start with
、 or 。 and words break in the middle (ターゲッ / ト). BudouX (Google's phrase segmenter, the
library browsers use for the same problem) splits a sentence into phrases that keep their
punctuation; lines are filled greedily with whole phrases, and a phrase wider than the line is
folded by display width, never leaving closing punctuation at the start of a line.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# Characters that must not begin a line (行頭禁則): closing brackets and punctuation.
NO_LINE_START = set("、。，．,.)）]」』】〕〉》］｝}・：；:;！？!?ー…‥ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々")


@lru_cache(maxsize=1)
def _parser() -> Any:
    import budoux

    return budoux.load_default_japanese_parser()


def phrases(text: str) -> list[str]:
    """The text's phrases (BudouX); text that is all ASCII stays one phrase per word."""
    if text.isascii():
        words = text.split(" ")
        return [w + " " for w in words[:-1]] + [words[-1]]
    out: list[str] = []
    for ph in _parser().parse(text):
        if out and ph[:1] in NO_LINE_START:  # BudouX may start a phrase with ")": keep it up
            out[-1] += ph
        else:
            out.append(ph)
    return out or [text]


def _fold(text: str, width: int) -> list[str]:
    """Fold a phrase wider than the line by display width, keeping closing punctuation up."""
    from rich.cells import cell_len

    out, line = [], ""
    for ch in text:
        if line and cell_len(line + ch) > width:
            k = len(line) - 1  # 追い出し: the last characters that may start a line go down with it
            while k > 0 and line[k] in NO_LINE_START:
                k -= 1
            if ch in NO_LINE_START and k > 0:
                out.append(line[:k])
                line = line[k:]
            else:
                out.append(line)
                line = ""
        line += ch
    return out + [line] if line else out


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` cells, broken between phrases where a phrase fits."""
    from rich.cells import cell_len

    width = max(width, 2)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for ph in phrases(paragraph):
            if cell_len(line + ph.rstrip()) <= width:
                line += ph
                continue
            if line.strip():
                lines.append(line.rstrip())
            line = ph.lstrip()
            if cell_len(line.rstrip()) > width:
                *full, line = _fold(line, width)
                lines += full
        lines.append(line.rstrip())
    return lines


class Phrased:
    """A rich renderable: ``text`` wrapped between phrases to the width it is given."""

    def __init__(self, text: str, style: str = "") -> None:
        self.text = text
        self.style = style

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.text import Text

        for line in wrap(self.text, options.max_width):
            yield Text(line, style=self.style, overflow="fold", no_wrap=True)

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        from rich.cells import cell_len
        from rich.measure import Measurement

        longest = max((cell_len(line) for line in self.text.split("\n")), default=0)
        shortest = max((cell_len(p.strip()) for line in self.text.split("\n") for p in phrases(line)), default=0)
        return Measurement(min(shortest, 12), longest).clamp(max_width=options.max_width)
