"""Lines of one section into the plan's text blocks (docs/transcribing.md, "Text").

A bullet (``・``) with the lines that continue it is one string; a paragraph line is one string
(paragraphs run together on one line, ``…得られた。 また、…``, are split at the sentence end);
a label alone on a line (``【市政だより】``, ``<自治会・町内会>``) opens a headed group; a line
that introduces indented or listed items (``…市民意見等を、``) is a lead-in, with the line after
the items as its tail when it reads on (``など、…``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from xplan.importer.lines import Line, nfkc, strip_tags

Block = Any  # str | dict

_BULLET = re.compile(r"^[\s\u3000]*・[\s\u3000]*")
_LABEL = re.compile(r"^(?:【[^】]*】|<[^<>]*>|＜[^＜＞]*＞|〈[^〈〉]*〉)$")
_NUMBERED = re.compile(r"^[(（][0-9０-９]+[)）]")
# a line that reads on from the items above it: particles and 等/など
_READS_ON = re.compile(r"^(?:など|等|を|に|が|は|で|と|の|も|や)")
_RUN_BULLETS = re.compile(r"(?<=\S)[ \u3000]+(?=・)")
_SENTENCES = re.compile(r"(?<=。) +(?=\S)")
PERIOD = re.compile(r"^(?P<text>.*?\S)[ \u3000]+(?P<period>[0-9０-９]{1,2}[～〜~][0-9０-９]{1,2}月)$")


def clean(text: str) -> str:
    """A block's text: no bullet, no Markdown emphasis, no outer white space."""
    text = _BULLET.sub("", text.replace("**", ""))
    return text.strip(" \t")


@dataclass
class Unit:
    text: str
    depth: int  # Markdown list depth (-1: not a list item)
    bullet: bool  # started with ・
    label: bool = False
    children: list[Unit] = field(default_factory=list)


def units(lines: list[Line]) -> list[Unit]:
    """Paragraph units: a bullet with its continuation lines, each other line on its own."""
    out: list[Unit] = []
    after_blank = True
    for line in lines:
        if line.cells is not None:
            text = "\t".join(c for c in (strip_tags(c).strip() for c in line.cells) if c)
            if not text:
                continue
        else:
            text = line.text
        if not text.strip():
            after_blank = True
            continue
        stripped = text.strip()
        # bullets (or cells) run together on one line: 「・a ・b ・c」
        pieces = _RUN_BULLETS.split(stripped) if _BULLET.match(stripped) else [stripped]
        for k, piece in enumerate(pieces):
            bullet = bool(_BULLET.match(piece))
            label = bool(_LABEL.match(nfkc(piece).strip()))
            prev = out[-1] if out else None
            if (k == 0 and prev is not None and prev.bullet and not after_blank and not bullet
                    and line.depth < 0 and not label and not _NUMBERED.match(nfkc(piece))):
                prev.text += piece  # the bullet goes on (a space the document printed stays)
                continue
            out.append(Unit(piece, line.depth, bullet, label))
        after_blank = False
    return out


def _plain_pieces(u: Unit) -> list[str]:
    text = clean(u.text)
    if not u.bullet and u.depth < 0:
        return [p for p in _SENTENCES.split(text) if p]
    return [text] if text else []


def to_blocks(lines: list[Line], periods: bool = False) -> list[Block]:
    """The blocks of a section's lines."""
    us = units(lines)
    return build(us, periods)


def _text_block(text: str, periods: bool) -> Block:
    if periods:
        m = PERIOD.match(text)
        if m:
            return {"text": m.group("text"), "period": m.group("period")}
    return text


def _lead_items_end(us: list[Unit], i: int) -> int:
    """Where the items introduced by ``us[i]`` end (``i + 1`` when it introduces none)."""
    u = us[i]
    if i + 1 >= len(us) or us[i + 1].label:
        return i + 1
    nxt = us[i + 1]
    ends_open = nfkc(clean(u.text)).endswith(("、", ":", "："))
    j = i + 1
    if u.depth >= 0 and nxt.depth > u.depth:  # items indented under a list item
        while j < len(us) and us[j].depth > u.depth and not us[j].label:
            j += 1
        return j
    if u.depth < 0 and nxt.depth >= 0:  # a sentence, then a list
        numbered = False
        while j < len(us) and not us[j].label:
            if us[j].depth >= 0:
                numbered = bool(_NUMBERED.match(nfkc(clean(us[j].text))))
            elif not numbered or _READS_ON.match(clean(us[j].text)):  # a paragraph under a numbered item belongs to it
                break
            j += 1
        # it introduces the list when it ends open (、：) or the sentence goes on after the list
        if ends_open or (j < len(us) and not us[j].label and _READS_ON.match(clean(us[j].text))):
            return j
        return i + 1
    return i + 1


def build(us: list[Unit], periods: bool = False) -> list[Block]:
    out: list[Block] = []
    i = 0
    while i < len(us):
        u = us[i]
        if u.label:
            # a headed group: up to the next label; when the group has Markdown list items, up to
            # the last of them (plain lines after it are the section's own)
            j = i + 1
            while j < len(us) and not us[j].label:
                j += 1
            body = us[i + 1:j]
            if any(b.depth >= 0 for b in body):
                last = max(k for k, b in enumerate(body) if b.depth >= 0)
                rest = body[last + 1:]
                body = body[:last + 1]
            else:
                rest = []
            out.append({"heading": clean(u.text), "items": build(body, periods)})
            out.extend(build(rest, periods))
            i = j
            continue
        if _NUMBERED.match(nfkc(clean(u.text))) and u.depth >= 0 and i + 1 < len(us) and us[i + 1].depth < 0 \
                and not us[i + 1].label and not _NUMBERED.match(nfkc(clean(us[i + 1].text))) \
                and not _READS_ON.match(clean(us[i + 1].text)):
            # a numbered list item with paragraphs under it: a sub-heading
            j = i + 1
            while j < len(us) and us[j].depth < 0 and not us[j].label:
                j += 1
            out.append({"heading": clean(u.text), "items": build(us[i + 1:j], periods)})
            i = j
            continue
        j = _lead_items_end(us, i)
        if j > i + 1:
            items = build(us[i + 1:j], periods)
            block: dict[str, Any] = {"lead": clean(u.text), "items": items}
            if j < len(us) and _READS_ON.match(clean(us[j].text)) and not us[j].label:
                block["tail"] = clean(us[j].text)
                j += 1
            out.append(block)
            i = j
            continue
        for piece in _plain_pieces(u):
            out.append(_text_block(piece, periods))
        i += 1
    return out


# -- table cells -----------------------------------------------------------------------------

_LI = re.compile(r"<li[^>]*>(.*?)</li>", re.S | re.I)
CELL_BREAK = "\u2028"  # the readers of Word and Excel keep a cell's paragraphs apart with it
_CELL_BULLETS = re.compile(r"(?:^|[ \u3000]+)・")
# phrases printed side by side: a space after a Japanese word
_PHRASE_SPACE = re.compile(r"(?<=[^\x00-\x7f])[ \u3000]+(?=\S)")


def cell_items(cell: str, split_spaces: bool = False) -> tuple[list[str], bool]:
    """A table cell's items, and whether they were told apart only by spaces (uncertain).

    A Word or Excel cell's paragraphs, ``<li>`` elements, or bullets (``・a ・b``) are items; a list (``<ul>``) without bullets holds
    one item per space-separated phrase; otherwise the cell is one item, unless ``split_spaces``
    (the overview's approach column, whose phrases are printed side by side)."""
    if CELL_BREAK in cell:  # a Word or Excel cell's paragraphs: one item each
        parts = [clean(strip_tags(x)) for x in cell.split(CELL_BREAK)]
        return [p for p in parts if p], False
    lis = _LI.findall(cell)
    if lis:
        return [clean(strip_tags(x)) for x in lis if clean(strip_tags(x))], False
    is_list = bool(re.search(r"<ul\b", cell, re.I))
    text = strip_tags(cell).replace("**", "").strip()
    if not text:
        return [], False
    if re.search(r"(?:^|[ \u3000])・", text):
        parts = [clean(p) for p in _CELL_BULLETS.split(text)]
        return [p for p in parts if p], False
    if is_list:
        return [p for p in re.split(r"[ \u3000]+", text) if p], False
    if split_spaces and _PHRASE_SPACE.search(text):
        return [p for p in _PHRASE_SPACE.split(text) if p], True
    return [text], False
