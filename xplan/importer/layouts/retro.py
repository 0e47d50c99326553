"""The retrospective sheet (振り返りシート, R6 template): a table, one row per issue, with the
columns ① 課題名, ② 課題の内容, ③ 課題の背景, ④ 課題に対する取組み, ⑤ 取組みの進捗状況 (at a date),
⑥ 取組み状況 (at a date), ⑦ what was achieved, ⑧ what fell short and the next year's thinking.

Text extracted from the PDF gives each row's cells one after the other, as blank-line separated
paragraphs whose lines were broken at the column's width. The reader tells the columns apart by
that width (② narrower than ③, ④ the widest, ⑤⑥ alike, ⑦⑧ the narrowest) and by their order;
where the width cannot decide (⑤ from ⑥, ⑦ from ⑧) it splits in order and marks the place
要確認. A column printed as ``ー`` is empty. Cells printed away from their row's title (a row
split over two pages) are paired in print order with the rows printed without them and marked
要確認; a set printed for several rows is divided by sub-topic, each to the row whose ②③ share its
heading's words, also marked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from wcwidth import wcswidth

from xplan.importer.blocks import Block, units
from xplan.importer.blocks import build as build_blocks
from xplan.importer.lines import Line, nfkc
from xplan.importer.marks import check

SHEET = re.compile(r"振り返りシート")
ROW = re.compile(r"^([A-C])\s*[(（]\s*(\d+)\s*[)）]\s*(.*)$")
HEADER_START = re.compile(r"^項目\s*No")
HEADER_END = re.compile(r"年度に向けた考え$")
COLUMN_LABEL = re.compile(r"^[⑤⑥]\s*(.*)$")
AS_OF = re.compile(r"R\s*(\d+)\s*年\s*(\d+)\s*月")
EMPTY = ("ー", "－", "―", "-")
_BREAK = re.compile(r"(?<=[。）)])[ \u3000]+(?=ー[ \u3000]+・|ー$|・)")


def looks_retro(lines: list[Line]) -> int:
    return sum(5 for x in lines if SHEET.search(x.norm)) + sum(1 for x in lines if ROW.match(x.norm))


@dataclass
class Para:
    lines: list[Line]
    empty: bool = False  # the column's ー

    @property
    def width(self) -> int:
        # measured on the NFKC form: a rendering in full-width letters and digits is no wider
        return max((wcswidth(nfkc(x.text.strip())) for x in self.lines), default=0)


@dataclass
class Row:
    domain: str
    number: int
    title_lines: list[str] = field(default_factory=list)
    paras: list[Para] = field(default_factory=list)


def _paragraphs(lines: list[Line]) -> list[Para]:
    out: list[Para] = []
    cur: list[Line] = []

    def flush() -> None:
        if cur:
            out.append(Para(list(cur)))
            cur.clear()

    for line in lines:
        text = line.text.strip()
        if not text:
            flush()
            continue
        # cells of two columns run into one line: 「…した。 ー ・…」, 「…開催した。 ・…」
        pieces = _BREAK.split(text) if _BREAK.search(text) else [text]
        for k, piece in enumerate(pieces):
            if k:
                flush()
            piece = piece.strip()
            if piece in EMPTY:
                flush()
                out.append(Para([], empty=True))
                continue
            m = re.match(r"^ー[ \u3000]+(.*)$", piece)
            if m:
                flush()
                out.append(Para([], empty=True))
                piece = m.group(1)
            cur.append(Line(piece, number=line.number))
    flush()
    return out


def _cell_blocks(paras: list[Para]) -> list[Block]:
    """A column's text: its lines joined (they were broken at the column's width), one block per
    bullet, headed groups under 【…】."""
    lines: list[Line] = []
    for p in paras:
        for x in p.lines:
            text = x.text.strip()
            prev = lines[-1].text if lines else ""
            if prev and not text.startswith(("・", "【", "＜", "<", "①", "②", "③", "④", "\u3000")) \
                    and not re.fullmatch(r"(?:【[^】]*】)+|[＜<][^＞>]*[＞>]", prev.strip()):
                lines[-1] = Line(lines[-1].text + text, number=lines[-1].number)
            else:
                lines.append(Line(text, number=x.number))
        lines.append(Line("", number=0))
    us = units(lines)
    for u in us:  # 「　指導者向け…」: a paragraph printed with an indent
        u.text = u.text.strip(" \u3000") if not u.text.startswith("・") else u.text
    return build_blocks(us)


def _is_wide(p: Para, widths: dict[str, float]) -> bool:
    return not p.empty and p.width >= (widths["measures"] + widths["mid"]) / 2


def bands(paras: list[Para], widths: dict[str, float]) -> tuple[list[Para], list[list[Para]]]:
    """The paragraphs before ④, and the bands from ④ on: a row printed per sub-topic repeats
    ④⑤⑥⑦⑧ for each (a wide paragraph after narrower ones starts a band)."""
    wide = [k for k, p in enumerate(paras) if _is_wide(p, widths)]
    if not wide:
        return paras, []
    starts = [k for k in wide if k == wide[0] or not _is_wide(paras[k - 1], widths)]
    out = [paras[a:b] for a, b in zip(starts, starts[1:] + [len(paras)])]
    return paras[:wide[0]], out


def _split(row_paras: list[Para], widths: dict[str, float]) -> tuple[dict[str, list[Para]], list[str]]:
    """A row's paragraphs by column (② … ⑧), and the doubts."""
    cols: dict[str, list[Para]] = {c: [] for c in ("content", "background", "measures", "p5", "p6", "r7", "r8")}
    doubts: list[str] = []
    before, bs = bands(row_paras, widths)
    if not bs:
        doubts.append("④の列が見つからない")
    if before:
        cols["content"] = [before[0]]
        for p in before[1:]:
            near2 = abs(p.width - widths["content"]) < abs(p.width - widths["background"])
            (cols["content"] if near2 and not cols["background"] else cols["background"]).append(p)
    for band in bs:
        k = 0
        while k < len(band) and _is_wide(band[k], widths):
            k += 1
        cols["measures"] += band[:k]
        _split_after(band[k:], widths, cols, doubts)
    return cols, sorted(set(doubts), key=doubts.index)


def _split_after(after: list[Para], widths: dict[str, float], cols: dict[str, list[Para]], doubts: list[str]) -> None:
    """⑤⑥ (the middle width) and ⑦⑧ (the narrowest) of one band."""
    k = 0
    while k < len(after) and not after[k].empty and after[k].width > (widths["mid"] + widths["narrow"]) / 2:
        k += 1
    mids, rest = after[:k], after[k:]
    # ⑤/⑥: split where a sub-heading comes round again, else in half
    heads = [_heading(p) for p in mids]
    cut = next((i for i in range(1, len(mids)) if heads[i] and heads[i] in heads[:i]), None)
    if cut is None:
        cut = (len(mids) + 1) // 2
        if len(mids) > 2 or len(mids) == 1:
            doubts.append("⑤と⑥の境目が文書にない（段落の順で分けた）")
    cols["p5"] += mids[:cut]
    cols["p6"] += mids[cut:]
    # ⑦/⑧: a ー is an empty column; else split in order
    if rest and rest[0].empty:
        cols["r8"] += [p for p in rest[1:] if not p.empty]
        return
    empties = [i for i, p in enumerate(rest) if p.empty]
    if empties:
        i = empties[0]
        cols["r7"] += rest[:i]
        cols["r8"] += [p for p in rest[i + 1:] if not p.empty]
    elif rest:
        heads = [_heading(p) for p in rest]
        cut = next((i for i in range(1, len(rest)) if heads[i] and heads[i] in heads[:i]), None)
        if cut is None:
            cut = max(1, len(rest) // 2)
            if len(rest) > 1:
                doubts.append("⑦と⑧の境目が文書にない（段落の順で分けた）")
        cols["r7"] += rest[:cut]
        cols["r8"] += rest[cut:]


def _heading(p: Para) -> str | None:
    first = p.lines[0].text.strip() if p.lines else ""
    m = re.match(r"^(【[^】]*】)", first)
    return m.group(1) if m else None


def build(lines: list[Line], fiscal_year: str) -> tuple[dict[str, Any], list[str]]:
    return _build(lines)


CELL_BREAK = "\u2028"  # the line breaks inside a spreadsheet's or Word table's cell


def _table_rows(lines: list[Line]) -> tuple[list[tuple[Row, list[list[Para]]]], dict[str, str]] | None:
    """The sheet as a real table (a workbook): one row per issue, the columns in order."""
    rows: list[tuple[Row, list[list[Para]]]] = []
    labels: dict[str, str] = {}
    for line in lines:
        if not line.cells:
            continue
        cells = line.cells
        first = nfkc(cells[0].split(CELL_BREAK)[0]).strip()
        if HEADER_START.match(first):
            for cell in cells:
                _labels([x.strip() for x in cell.split(CELL_BREAK) if x.strip()], labels)
            continue
        m = ROW.match(first)
        if not m or len(cells) < 9:
            continue
        row = Row(m.group(1), int(m.group(2)), [cells[1].replace(CELL_BREAK, "")] if not m.group(3) else [m.group(3)])
        columns = []
        for cell in cells[2:9]:
            paras: list[Para] = []
            cur: list[Line] = []
            for x in cell.split(CELL_BREAK) + [""]:
                x = x.strip()
                if not x:
                    if cur:
                        paras.append(Para(cur))
                        cur = []
                    continue
                if x in EMPTY:
                    continue
                cur.append(Line(x))
            columns.append(paras)
        rows.append((row, columns))
    return (rows, labels) if rows else None


def _build(lines: list[Line]) -> tuple[dict[str, Any], list[str]]:
    table = _table_rows(lines)
    if table is not None:
        rows_cols, sheet_labels = table
        issues = [_issue(r, dict(zip(("content", "background", "measures", "p5", "p6", "r7", "r8"), cols)), [],
                         sheet_labels)
                  for r, cols in sorted(rows_cols, key=lambda rc: (rc[0].domain, rc[0].number))]
        return {"issues": issues}, []
    rows: list[Row] = []
    # cells printed before any row, or after a repeated header, with the number of rows printed before them
    orphans: list[list[Line]] = [[]]
    orphan_at: list[int] = [0]
    labels: dict[str, str] = {}
    cur: Row | None = None
    in_header = False
    title_open = False
    body: list[Line] = []

    def close_cells() -> None:
        if cur is not None:
            cur.paras.extend(_paragraphs(body))
        elif body:
            orphans[-1].extend(body)
        body.clear()

    header_lines: list[str] = []
    for line in lines:
        n = line.norm
        if HEADER_START.match(n):
            close_cells()
            in_header = True
            header_lines = []
            continue
        if in_header:
            header_lines.append(line.text.strip())
            if HEADER_END.search(n) and n.startswith("令和"):
                in_header = False
                _labels(header_lines, labels)
                cur = None  # cells after a repeated header may belong to a row printed elsewhere
                orphans.append([])
                orphan_at.append(len(rows))
            continue
        if not rows and not cur and HEADER_END.search(n) and len(n) < 20:
            continue  # the tail of a column header cut off at the top of the text
        if SHEET.search(n):
            close_cells()
            cur = None
            orphans.append([])
            orphan_at.append(len(rows))
            continue
        m = ROW.match(n)
        if m:
            close_cells()
            cur = Row(m.group(1), int(m.group(2)), [line.text.strip()[len(line.text.strip()) - len(m.group(3)):].strip()
                                                     if len(nfkc(line.text.strip())) == len(line.text.strip()) else m.group(3)])
            rows.append(cur)
            title_open = True
            continue
        if title_open:
            if n:
                assert cur is not None
                cur.title_lines.append(line.text.strip())
                continue
            title_open = False
        body.append(line)
    close_cells()
    orphans_at = list(zip(orphan_at, orphans))
    widths = _widths(rows)
    unplaced: list[str] = []
    adopted: dict[tuple[str, int], str] = {}
    _pair_orphans(rows, orphans_at, widths, unplaced, adopted)
    issues = []
    for r in sorted(rows, key=lambda r: (r.domain, r.number)):
        cols, doubts = _split(r.paras, widths)
        if (r.domain, r.number) in adopted:
            doubts.append(adopted[(r.domain, r.number)])
        issues.append(_issue(r, cols, doubts, labels))
    return {"issues": issues}, unplaced


def _labels(header: list[str], labels: dict[str, str]) -> None:
    """The ⑤ and ⑥ column headings (with their dates) from a column header."""
    for k, n in enumerate(header):
        m = re.match(r"^([⑤⑥])$", nfkc(n))
        if m and k + 1 < len(header):
            key = "p5" if m.group(1) == "⑤" else "p6"
            text = header[k + 1]
            if (key == "p5" and k + 2 < len(header) and nfkc(header[k + 2]).startswith("(")) or (key == "p6" and not AS_OF.search(text) and k + 2 < len(header)):
                text += header[k + 2]
            labels.setdefault(key, text)


def _widths(rows: list[Row]) -> dict[str, float]:
    """Each column class's typical width in this document: ② the first cell after a title, ④ the
    widest, ⑦⑧ each row's last, ⑤⑥ the ones between; ③ the second."""
    firsts = [r.paras[0].width for r in rows if r.paras and not r.paras[0].empty]
    seconds = [r.paras[1].width for r in rows if len(r.paras) > 1 and not r.paras[1].empty]
    widest = [max(p.width for p in r.paras) for r in rows if r.paras]
    lasts = [p.width for r in rows for p in r.paras[-1:] if not p.empty]
    w2 = median(firsts) if firsts else 40.0
    w3 = median(seconds) if seconds else w2
    w4 = median(widest) if widest else 80.0
    w8 = median(lasts) if lasts else 40.0
    mids = [p.width for r in rows for p in r.paras if w8 < p.width < w4 - 10 and abs(p.width - w3) > 1]
    w5 = median(mids) if mids else (w4 + w8) / 2
    return {"content": w2, "background": w3, "measures": w4, "mid": w5, "narrow": w8}


def _pair_orphans(rows: list[Row], orphans: list[tuple[int, list[Line]]], widths: dict[str, float],
                  unplaced: list[str], adopted: dict[tuple[str, int], str]) -> None:
    """Cells printed without a row, paired in print order with the rows printed without their
    ④–⑧ (consecutive such rows are one group). A pair of one set and one row is placed (to check);
    a set for several rows cannot be divided and goes to ``unplaced``."""
    def lacks(r: Row) -> bool:
        return not any(p.width >= (widths["measures"] + widths["mid"]) / 2 for p in r.paras)

    groups: list[list[Row]] = []
    prev = -2
    for k, r in enumerate(rows):
        if lacks(r):
            if k == prev + 1 and groups:
                groups[-1].append(r)
            else:
                groups.append([r])
            prev = k
    sets = [(at, _paragraphs(o)) for at, o in orphans]
    sets = [(at, ps) for at, ps in sets if ps]
    for (_, ps), group in zip(sets, groups):
        if len(group) == 1:
            group[0].paras.extend(ps)
            adopted[(group[0].domain, group[0].number)] = "④～⑧が課題名と離れて印刷されている（課題名のない段をこの課題に置いた）"
            continue
        # several rows: each band (sub-topic) to the row whose ②③ share most words with its heading
        lead, bs = bands(ps, widths)
        if lead or not bs or any(_heading(b[0]) is None for b in bs):
            for p in ps:
                unplaced.extend(x.text.strip() for x in p.lines if x.text.strip())
            continue
        texts = {id(r): nfkc("".join(x.text for p in r.paras for x in p.lines)) for r in group}
        for band in bs:
            head = nfkc(_heading(band[0]) or "")
            best = max(group, key=lambda r: _overlap(head, texts[id(r)]))
            best.paras.extend(band)
            adopted[(best.domain, best.number)] = ("④～⑧が課題名と離れて印刷されている（小項目の段を、見出しの語が"
                                                   "②③に多く出る課題に置いた）")
    for at, ps in sets[len(groups):]:
        if at and rows:  # more cells after a page break: the row printed before them
            rows[at - 1].paras.extend(ps)
            adopted[(rows[at - 1].domain, rows[at - 1].number)] = "ページの区切りの後の段をこの課題の続きとした"
        else:
            for p in ps:
                unplaced.extend(x.text.strip() for x in p.lines if x.text.strip())


def _overlap(head: str, text: str) -> int:
    """How many of the heading's two-character pieces occur in the text."""
    head = re.sub(r"[【】\s　]", "", head)
    return sum(1 for i in range(len(head) - 1) if head[i:i + 2] in text)


def _issue(r: Row, cols: dict[str, list[Para]], doubts: list[str], labels: dict[str, str]) -> dict[str, Any]:
    issue: dict[str, Any] = {"id": f"{r.domain}{r.number}", "domain": r.domain, "number": r.number,
                             "title": "".join(r.title_lines), "in_overview": False, "has_detail": True}
    for key in ("content", "background", "measures"):
        blocks = _cell_blocks(cols[key])
        if blocks:
            issue[key] = blocks
    progress = []
    for key in ("p5", "p6"):
        label = labels.get(key)
        entry: dict[str, Any] = {}
        if label:
            entry["label"] = label
            d = AS_OF.search(nfkc(label))
            if d:
                entry["as_of"] = f"{2018 + int(d.group(1)):04d}-{int(d.group(2)):02d}"
        entry["items"] = _cell_blocks(cols[key])
        if entry["items"] or label:
            progress.append(entry)
    if progress:
        issue["progress"] = progress
    issue["retrospective"] = {"achieved": _cell_blocks(cols["r7"]), "fell_short": _cell_blocks(cols["r8"])}
    if doubts:
        check(issue, "; ".join(doubts))
    return issue
