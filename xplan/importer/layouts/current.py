"""The current template (R7 onwards): 1 mission, 2 basic information, 3 review, the overview
table per domain, then each issue's detail pages ① rating, ②–④, ⑤ actions with quarterly
tables, ⑥ progress."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from xplan.importer.blocks import PERIOD, Block, cell_items, clean, to_blocks
from xplan.importer.lines import Line, nfkc, strip_tags
from xplan.importer.marks import check

SECTION = {
    "mission": re.compile(r"^1\s*組織の使命"),
    "basic": re.compile(r"^2\s*基本情報"),
    "review": re.compile(r"^3\s*.*振り返り"),
}
DOMAIN_TABLE = re.compile(r"^課題領域\s*([A-C])$")
LEGEND = re.compile(r"^-?\s*【凡例】")
FURNITURE = re.compile(r"^(?:4\s*課題|\S*\s*X\s*方針\s*課題一覧)$")
ISSUE = re.compile(r"^課題\s*([A-C])\s*[(（]\s*(\d+)\s*[)）]\s*(.*)$")
FIELD = re.compile(r"【\s*政策分野\s*[:：]\s*(.*?)\s*】")
PARTS = [
    ("rating", re.compile(r"^①\s*インパクト")),
    ("content", re.compile(r"^②\s*課題の内容")),
    ("background", re.compile(r"^③\s*課題の背景")),
    ("outcomes", re.compile(r"^④\s*目指す成果")),
    ("actions", re.compile(r"^⑤.*(?:取組|実行|実施)内容")),
    ("progress", re.compile(r"^⑥\s*進捗状況")),
]
IMPACT = re.compile(r"インパクト\s*[:：]\s*([高低])")
URGENCY = re.compile(r"緊急度\s*[:：]\s*([高低])")
QUARTER_HEAD = re.compile(r"^第\s*[1１]\s*四半期")
ACTION = re.compile(r"^[(（]\s*(\d+)\s*[)）]\s*(.*)$")
PROGRESS_ACTION = re.compile(r"^○?\s*取組内容\s*[(（]\s*(\d+)\s*[)）]\s*$")
AS_OF = re.compile(r"令和\s*(\d+)\s*年\s*(\d+)\s*月\s*時点")
LINEAGE = re.compile(r"(追加\s*[(（]\s*R\s*(\d+)\s*([A-C])\s*領域からの派生\s*[)）])")
REVIEW_PARTS = [("overall", re.compile(r"^○?\s*全体の振り返り")),
                ("achieved", re.compile(r"^○?\s*変革が実現した")),
                ("fell_short", re.compile(r"^○?\s*取組・進捗が十分でなかった"))]
BASIC_PARTS = [("budget", re.compile(r"^[(（]1[)）]\s*(.*当初予算額.*)$")),
               ("units", re.compile(r"^[(（]2[)）]\s*(組織.*)$")),
               ("partner_bodies", re.compile(r"^[(（]3[)）]\s*(.*政策連携団体.*)$")),
               ("facilities", re.compile(r"^[(（]4[)）]\s*(.*公共施設.*)$"))]
FACILITY_KIND = {"直営": "direct", "指定管理": "designated_manager", "その他": "other"}
# a title and a description printed on one line: the first space between Japanese words
TITLE_SPLIT = re.compile(r"(?<=[^\x00-\x7f])[ \u3000]+(?=\S)")


def cut(line: Line, m: re.Match[str], group: int) -> str:
    """The text of ``group`` of a match on the line's NFKC form, taken from the document's own text
    when NFKC kept the length (full-width letters, digits and brackets map one to one)."""
    text = line.text.strip()
    norm = nfkc(text)
    if len(norm) == len(text):
        return text[m.start(group):m.end(group)]
    return m.group(group)


@dataclass
class Issue:
    domain: str
    number: int
    data: dict[str, Any] = field(default_factory=dict)
    parts: dict[str, list[Line]] = field(default_factory=dict)


@dataclass
class Reading:
    """What the reader collected, before it becomes plan data."""
    pre: list[Line] = field(default_factory=list)
    mission: list[Line] = field(default_factory=list)
    basic: list[Line] = field(default_factory=list)
    review: list[Line] = field(default_factory=list)
    overview: dict[str, list[Line]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    unplaced: list[Line] = field(default_factory=list)


def looks_current(lines: list[Line]) -> int:
    """How strongly the text reads as the current template (issue headings with ①–⑤ parts)."""
    score = 0
    for line in lines:
        n = line.norm
        if ISSUE.match(n):
            score += 1
        if PARTS[0][1].match(n) or PARTS[4][1].match(n):
            score += 2
    return score


def read(lines: list[Line]) -> Reading:
    r = Reading()
    section = "pre"
    domain = ""
    issue: Issue | None = None
    part = ""
    for line in lines:
        n = line.norm if line.cells is None else ""
        if line.cells is not None and section not in ("overview", "issue", "basic"):
            # a table outside the places tables belong
            pass
        if n:
            hit = next((k for k, p in SECTION.items() if p.match(n)), None)
            if hit and section in ("pre", "mission", "basic", "review") and line.cells is None:
                section = hit
                continue
            m = DOMAIN_TABLE.match(n)
            if m:
                section, domain = "overview", m.group(1)
                r.overview.setdefault(domain, [])
                continue
            if LEGEND.match(n):
                section = "legend"
                continue
            if FURNITURE.match(n):
                continue
            m = ISSUE.match(n)
            if m:
                d, num = m.group(1), int(m.group(2))
                if issue is not None and (issue.domain, issue.number) == (d, num):
                    continue  # the heading printed again on a continuation page
                issue = Issue(d, num)
                rest = cut(line, m, 3)
                f = FIELD.search(nfkc(rest))
                title = rest
                if f:
                    title = nfkc(rest)[:f.start()].strip() if len(nfkc(rest)) != len(rest) else rest[:f.start()].strip()
                    issue.data["field"] = nfkc(rest)[f.start(1):f.end(1)] if len(nfkc(rest)) != len(rest) else rest[f.start(1):f.end(1)]
                issue.data["title"] = clean(title)
                r.issues.append(issue)
                section, part = "issue", "head"
                continue
            if section == "issue":
                f = FIELD.fullmatch(n)
                if f and issue is not None and line.cells is None:
                    if "field" not in issue.data:
                        issue.data["field"] = cut(line, FIELD.fullmatch(nfkc(line.text.strip())) or f, 1)
                    continue  # the field, on its own line (also under a heading printed again)
                hit = next((k for k, p in PARTS if p.match(n)), None)
                if hit and line.cells is None:
                    part = hit
                    assert issue is not None
                    issue.parts.setdefault(part, [])
                    if hit == "rating" or hit == "progress":
                        issue.parts[part].append(line)
                    continue
        if section == "pre":
            r.pre.append(line)
        elif section == "mission":
            r.mission.append(line)
        elif section == "basic":
            r.basic.append(line)
        elif section == "review":
            r.review.append(line)
        elif section == "overview":
            r.overview[domain].append(line)
        elif section == "legend":
            continue
        elif section == "issue":
            assert issue is not None
            issue.parts.setdefault(part, []).append(line)
    return r


# -- sections --------------------------------------------------------------------------------

def _split_by(lines: list[Line], parts: list[tuple[str, re.Pattern[str]]]) -> tuple[dict[str, list[Line]], list[Line], dict[str, Line]]:
    out: dict[str, list[Line]] = {}
    heads: dict[str, Line] = {}
    before: list[Line] = []
    cur: list[Line] | None = None
    for line in lines:
        if line.cells is None:
            hit = next((k for k, p in parts if p.match(line.norm)), None)
            if hit:
                cur = out.setdefault(hit, [])
                heads[hit] = line
                continue
        (cur if cur is not None else before).append(line)
    return out, before, heads


def _amount(text: str, label: str) -> dict[str, Any] | None:
    m = re.search(label + r"\s*(?P<amount>[0-9０-９.．,，]+\s*億円|なし)", text)
    if not m:
        return None
    amount = m.group("amount")
    out: dict[str, Any] = {"text": amount}
    num = nfkc(amount).replace(",", "").replace("億円", "").strip()
    if num != "なし":
        try:
            value = float(num)
            out["oku_yen"] = int(value) if value.is_integer() else value
        except ValueError:
            return None
    return out


def _first_text(lines: list[Line]) -> str:
    return next((clean(x.text) for x in lines if x.cells is None and x.text.strip()), "")


def basic_info(lines: list[Line], fiscal_year: str) -> tuple[dict[str, Any], list[Line]]:
    parts, before, heads = _split_by(lines, [(k, p) for k, p in BASIC_PARTS])
    out: dict[str, Any] = {}
    if "budget" in parts:
        m = BASIC_PARTS[0][1].match(heads["budget"].norm)
        assert m
        budget: dict[str, Any] = {"label": cut(heads["budget"], m, 1)}
        text = _first_text(parts["budget"])
        if text:
            budget["text"] = text
            for key, label in (("general_account", "一般会計"), ("general_revenue", "うち一般財源"),
                               ("special_account", "特別会計")):
                a = _amount(text, label)
                if a:
                    budget[key] = a
        out["budget"] = budget
    if "units" in parts:
        m = BASIC_PARTS[1][1].match(heads["units"].norm)
        assert m
        label = cut(heads["units"], m, 1)
        units: dict[str, Any] = {"label": label}
        d = re.search(r"R\s*(\d+)\.(\d+)\.(\d+)\s*付", nfkc(label))
        if d:
            units["as_of"] = f"{2018 + int(d.group(1)):04d}-{int(d.group(2)):02d}-{int(d.group(3)):02d}"
        text = _first_text(parts["units"])
        if text:
            units["names"] = [x.strip() for x in re.split(r"[、,，]", text) if x.strip()]
        out["units"] = units
    if "partner_bodies" in parts:
        text = _first_text(parts["partner_bodies"])
        if text:
            out["partner_bodies"] = text if text in ("なし", "ー", "―") else \
                [x.strip() for x in re.split(r"[、,，]", text) if x.strip()]
    if "facilities" in parts:
        fac: dict[str, list[str]] = {}
        rest: list[Line] = []
        for line in parts["facilities"]:
            if line.cells:
                kind = FACILITY_KIND.get(nfkc(strip_tags(line.cells[0])).strip())
                if kind:
                    for cell in line.cells[1:]:
                        fac.setdefault(kind, []).extend(cell_items(cell)[0])
                    continue
            if line.text.strip():
                rest.append(line)
        if fac:
            out["facilities"] = fac
        before = before + rest
    return out, before


def review(lines: list[Line]) -> tuple[dict[str, Any], list[Line]]:
    parts, before, _ = _split_by(lines, REVIEW_PARTS)
    out = {k: to_blocks(v) for k, v in parts.items()}
    return {k: v for k, v in out.items() if v}, before


def overview(lines: list[Line], domain: str) -> tuple[list[dict[str, Any]], list[Line]]:
    """The overview rows of one domain: field, number, title, approach, lineage."""
    rows: list[dict[str, Any]] = []
    rest: list[Line] = []
    for line in lines:
        if not line.cells:
            if line.text.strip():
                rest.append(line)
            continue
        cells = line.cells
        head = [nfkc(strip_tags(c)).strip() for c in cells]
        if head[:2] == ["政策分野", "課題名"]:
            continue
        if len(cells) < 3:
            rest.append(line)
            continue
        field_text = clean(strip_tags(cells[0]))
        title_cell = strip_tags(cells[1]).strip()
        row: dict[str, Any] = {"field": field_text}
        lin = LINEAGE.search(nfkc(title_cell))
        if lin:
            row["lineage"] = {"marker": lin.group(1).replace(" ", ""), "year": f"R{int(lin.group(2))}",
                              "domain": lin.group(3)}
            title_cell = nfkc(title_cell)[:lin.start()] + nfkc(title_cell)[lin.end():] \
                if len(nfkc(title_cell)) != len(title_cell) else title_cell[:lin.start()] + title_cell[lin.end():]
            title_cell = title_cell.strip()
        m = ACTION.match(nfkc(title_cell))
        if m:
            row["number"] = int(m.group(1))
            title_cell = title_cell[m.start(2):] if len(nfkc(title_cell)) == len(title_cell) else m.group(2)
        row["title"] = clean(title_cell)
        items, by_space = cell_items("\t".join(cells[2:]).strip("\t"), split_spaces=True)
        if items:
            row["approach"] = check(items, "一覧表の「課題に対する取り組み」を空白で項目に分けた") if by_space else items
        row["domain"] = domain
        rows.append(row)
    return rows, rest


# -- ⑤ actions and their tables ---------------------------------------------------------------

def _quarter_row(cells: list[str]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    doubt = ""
    cells = (cells + ["", "", "", ""])[:4] if len(cells) < 4 else cells[-4:] if len(cells) > 4 else cells
    for q, cell in zip(("q1", "q2", "q3", "q4"), cells):
        items, _ = cell_items(cell)
        out: list[Any] = []
        for it in items:
            if nfkc(it).startswith("→"):
                out.append({"continues": True})
                rest = it[1:].strip()
                if rest:
                    out.append(rest)
                    doubt = "「→」と記述が同じ欄にある（どの行の継続か、新しい記述かを文書と照らして確認）"
            else:
                out.append(it)
        row[q] = out
    return check(row, doubt) if doubt else row


@dataclass
class Table:
    rows: list[dict[str, Any]]


def _table_rows(lines: list[Line], start: int) -> tuple[Table, int]:
    """The rows of a quarterly table whose header is at ``start``; returns the table and the index after it."""
    rows: list[dict[str, Any]] = []
    label: str | None = None
    i = start + 1
    while i < len(lines):
        line = lines[i]
        if line.cells is None:
            if not line.text.strip():
                i += 1
                # a blank line ends the table unless a row follows at once
                if i < len(lines) and lines[i].cells and not _is_header(lines[i]) and not ACTION.match(lines[i].norm):
                    continue
                break
            break
        cells = line.cells
        texts = [strip_tags(c).strip() for c in cells]
        if QUARTER_HEAD.match(nfkc(texts[0])):
            break
        if texts[0] and not any(texts[1:]) and ACTION.match(nfkc(texts[0])):
            break  # the next action's title printed in a table row
        if texts[0] and not any(texts[1:]) and nfkc(texts[0]).startswith(("○", "【", "<", "＜")):
            label = clean(texts[0])
            i += 1
            continue
        row = _quarter_row(cells)
        if label is not None:
            row = {"label": label, **row}
            label = None
        rows.append(row)
        i += 1
    return Table(rows), i


def _is_header(line: Line) -> bool:
    """The quarterly table's header row (第1四半期 …)."""
    return bool(line.cells and QUARTER_HEAD.match(nfkc(strip_tags(line.cells[0])).strip()))


def _as_lines(line: Line) -> Line:
    """A table row that holds one cell of text (a title printed across the table) as a plain line."""
    if line.cells is None:
        return line
    texts = [c for c in (strip_tags(c).strip() for c in line.cells) if c]
    return Line(" ".join(texts), depth=line.depth, number=line.number)


def actions(lines: list[Line]) -> tuple[list[dict[str, Any]], list[Block], list[dict[str, Any]] | None]:
    """⑤: the actions, the text before the first action (``actions_intro``), and a table that
    serves several actions (the issue's ``schedule``), if any."""
    # split into: text lines and tables, in order
    chunks: list[tuple[str, Any]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _is_header(line):
            table, i = _table_rows(lines, i)
            chunks.append(("table", table))
            continue
        chunks.append(("line", _as_lines(line)))
        i += 1
    acts: list[dict[str, Any]] = []
    intro: list[Line] = []
    cur: dict[str, Any] | None = None
    cur_lines: list[Line] = []
    tables_of: dict[int, list[Table]] = {}
    expect = 1

    def close() -> None:
        if cur is not None:
            blocks = to_blocks(cur_lines, periods=True)
            if blocks:
                cur["description"] = blocks

    for kind, item in chunks:
        if kind == "line":
            line = item
            m = ACTION.match(line.norm) if line.cells is None else None
            if m and int(m.group(1)) == expect and line.text.strip():
                close()
                n = int(m.group(1))
                if not acts and n > 1 and cur is None:
                    pass
                text = cut(line, m, 2) if len(nfkc(line.text.strip())) == len(line.text.strip()) else m.group(2)
                text = clean(text)
                cur = {"number": n}
                per = PERIOD.match(text)
                if per:
                    text, cur["period"] = per.group("text"), per.group("period")
                split = TITLE_SPLIT.search(nfkc(text)) if len(nfkc(text)) == len(text) else None
                if split and len(text) - split.end() >= 8:
                    cur["title"] = text[:split.start()]
                    desc = text[split.end():]
                    cur_lines = [Line(desc, number=line.number)]
                else:
                    if text:
                        cur["title"] = text
                    cur_lines = []
                acts.append(cur)
                expect = n + 1
                continue
            if cur is None:
                intro.append(line)
            else:
                cur_lines.append(line)
        else:
            table = item
            if cur is None:
                # a table before any numbered action: an action of its own, with the text above as its description
                cur = {}
                blocks = to_blocks(intro, periods=True)
                if blocks:
                    cur["description"] = blocks
                intro = []
                cur_lines = []
                acts.append(cur)
                tables_of.setdefault(len(acts) - 1, []).append(table)
                cur_lines = []
                expect = len(acts) + 1  # it stands in the place of the first number
                continue
            tables_of.setdefault(len(acts) - 1, []).append(table)
    close()
    shared: list[dict[str, Any]] | None = None
    if len(acts) > 1 and list(tables_of) == [len(acts) - 1] and len(tables_of[len(acts) - 1]) == 1:
        shared = check([dict(r) for r in tables_of[len(acts) - 1][0].rows],
                       "表がどの取組に対応するかが文書にない（取組の後に表が1つだけ）")
    else:
        for k, tables in tables_of.items():
            rows = [row for t in tables for row in t.rows]
            acts[k]["schedule"] = rows
    # an unnumbered action before a numbered one: its number from the sequence (to check)
    if acts and "number" not in acts[0] and len(acts) > 1 and acts[1].get("number") == 2:
        acts[0]["number"] = 1
        check(acts[0], "番号が文書にない（次の取組(2)から1とした）")
    intro_blocks = to_blocks(intro) if acts and "number" in acts[0] and intro else []
    if not acts and intro:
        acts = [{"description": to_blocks(intro, periods=True)}]
        intro_blocks = []
    return acts, intro_blocks, shared


def progress(lines: list[Line], fiscal_year: str) -> list[dict[str, Any]]:
    if not lines:
        return []
    head = lines[0]
    label = clean(head.text)
    entry_base: dict[str, Any] = {"label": label}
    m = AS_OF.search(head.norm)
    if m:
        entry_base["as_of"] = f"{2018 + int(m.group(1)):04d}-{int(m.group(2)):02d}"
    body = lines[1:]
    groups: list[tuple[int | None, list[Line]]] = [(None, [])]
    for line in body:
        pm = PROGRESS_ACTION.match(line.norm) if line.cells is None else None
        if pm:
            groups.append((int(pm.group(1)), []))
            continue
        groups[-1][1].append(line)
    out = []
    for action, ls in groups:
        blocks = to_blocks(ls)
        if not blocks and action is None:
            continue
        entry = dict(entry_base)
        if action is not None:
            entry["action"] = action
        entry["items"] = blocks
        out.append(entry)
    return out


# -- the plan --------------------------------------------------------------------------------

def _lines_text(lines: list[Line]) -> list[str]:
    out = []
    for line in lines:
        if line.cells is not None:
            t = " ".join(c for c in (strip_tags(c).strip() for c in line.cells) if c)
        else:
            t = line.text.strip()
        if t:
            out.append(t)
    return out


def build(lines: list[Line], fiscal_year: str) -> tuple[dict[str, Any], list[str]]:
    """Plan sections (mission … issues) and the lines the reader could not place."""
    r = read(lines)
    data: dict[str, Any] = {}
    unplaced: list[str] = []
    unplaced += [t for t in _lines_text(r.pre) if not re.search(r"X\s*方針", nfkc(t))]
    mission = to_blocks(r.mission)
    if mission:
        data["mission"] = mission
    if r.basic:
        info, rest = basic_info(r.basic, fiscal_year)
        if info:
            data["basic_info"] = info
        unplaced += _lines_text(rest)
    if r.review:
        rev, rest = review(r.review)
        if rev:
            data["review"] = rev
        unplaced += _lines_text(rest)
    rows: list[dict[str, Any]] = []
    for domain, ls in r.overview.items():
        got, rest = overview(ls, domain)
        numbered = all("number" in x for x in got)
        for k, entry in enumerate(got, 1):
            if not numbered:
                entry["number"] = k
                entry["_numbered_by_order"] = True
        rows += got
        unplaced += _lines_text(rest)
    details = {(i.domain, i.number): i for i in r.issues}
    keys = sorted({(x["domain"], x["number"]) for x in rows} | set(details), key=lambda k: (k[0], k[1]))
    issues = []
    for d, n in keys:
        row: dict[str, Any] | None = next((x for x in rows if (x["domain"], x["number"]) == (d, n)), None)
        det = details.get((d, n))
        issue: dict[str, Any] = {"id": f"{d}{n}", "domain": d, "number": n}
        if det is not None:
            issue["title"] = det.data.get("title", "")
            if row is not None and row["title"] != issue["title"]:
                issue["overview_title"] = row["title"]
        elif row is not None:
            issue["title"] = row["title"]
        f = det.data.get("field") if det else None
        if f is None and det is not None:
            f = _field_line(det)
        if f is None and row is not None and row.get("field"):
            f = row["field"]
        if f:
            issue["field"] = f
        issue["in_overview"] = row is not None
        issue["has_detail"] = det is not None
        if row is not None and "approach" in row:
            issue["approach"] = row["approach"]
        if row is not None and "lineage" in row:
            issue["lineage"] = row["lineage"]
        if row is not None and row.get("_numbered_by_order") and det is not None:
            issue["title"] = issue["title"]
        if det is not None:
            unplaced += _detail(det, issue, fiscal_year)
        if row is not None and row.get("_numbered_by_order"):
            issue["id"] = check(issue["id"], "一覧表に課題番号がなく、表の順に番号を付けた") if det is None else issue["id"]
        issues.append(issue)
    data["issues"] = issues
    return data, unplaced


def _field_line(det: Issue) -> str | None:
    for line in det.parts.get("head", []):
        f = FIELD.search(line.norm)
        if f:
            return cut(line, FIELD.search(nfkc(line.text.strip())) or f, 1) if False else (
                line.text.strip()[f.start(1):f.end(1)] if len(nfkc(line.text.strip())) == len(line.text.strip()) else f.group(1))
    return None


def _detail(det: Issue, issue: dict[str, Any], fiscal_year: str) -> list[str]:
    unplaced: list[str] = []
    head = [x for x in det.parts.get("head", []) if not FIELD.search(x.norm)]
    unplaced += _lines_text(head)
    rating = det.parts.get("rating", [])
    text = " ".join(x.norm for x in rating)
    for key, pat in (("impact", IMPACT), ("urgency", URGENCY)):
        m = pat.search(text)
        if m:
            issue[key] = m.group(1)
    unplaced += [t for t in _lines_text(rating[1:]) if not (IMPACT.search(nfkc(t)) or URGENCY.search(nfkc(t)))]
    for key in ("content", "background", "outcomes"):
        if det.parts.get(key):
            blocks = to_blocks(det.parts[key])
            if blocks:
                issue[key] = blocks
    if "actions" in det.parts:
        acts, intro, shared = actions(det.parts["actions"])
        if intro:
            issue["actions_intro"] = intro
        if acts:
            issue["actions"] = acts
        if shared is not None:
            issue["schedule"] = shared
    if det.parts.get("progress"):
        entries = progress(det.parts["progress"], fiscal_year)
        if entries:
            issue["progress"] = entries
    return unplaced
