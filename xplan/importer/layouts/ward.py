"""The older ward layout (R6 template): a vision with themes and sub-themes; each issue
``課題A(1)<theme>`` with ① 課題名 (sub-theme in brackets), ② 課題の内容, ③ 課題の背景,
④ 課題に対する取組み. No ratings, no quarterly table, no policy field. The opening pages are a
diagram flattened to text: its bullets under each ``(n)課題名`` are the issues' approach.

The text was extracted from a PDF whose lines were broken at the page width: a space between two
Japanese characters is such a break and is closed up, and a paragraph cut at a page or column end
(no sentence end, then a blank line) goes on in the next one.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from xplan.importer.blocks import Block, clean, to_blocks
from xplan.importer.lines import Line, nfkc
from xplan.importer.marks import check

ISSUE = re.compile(r"^課題\s*([A-C])\s*[(（]\s*(\d+)\s*[)）]\s*(\S.*)?$")
NAME = re.compile(r"^①\s*課題名\s*(.*)$")
PARTS = [("content", re.compile(r"^②\s*課題の内容\s*(.*)$")),
         ("background", re.compile(r"^③\s*課題の背景\s*(.*)$")),
         ("measures", re.compile(r"^④\s*課題に対する取組み?\s*(.*)$"))]
MISSION = re.compile(r"^1\s*組織の使命\s*(?:[(（][^)）]*[)）])?\s*(.*)$")
THEME = re.compile(r"^([①-⑨])\s*(\S.*)$")
FOCUS = re.compile(r"^重点項目$")
ISSUES_START = re.compile(r"^2\s*課題")
FOCUS_ITEM = re.compile(r"^([A-C])\s*[(（]\s*(\d+)\s*[)）]\s*(.*)$")
DIAGRAM_ITEM = re.compile(r"^[(（]\s*(\d+)\s*[)）]\s*(.*)$")
TRAILING_GROUP = re.compile(r"[(（]([^()（）]*)[)）]\s*$")
TITLED = re.compile(r"X\s*方針\s*[〈<＜]")
_SPACE = re.compile(r"(?<=\S)[ \u3000]+(?=\S)")


def _japanese(ch: str) -> bool:
    """A Japanese character (not a letter, digit or sign that has an ASCII form under NFKC)."""
    return not nfkc(ch).isascii()


SENTENCE_END = ("。", "」", "）", ")", "！", "!")
CIRCLED = "①②③④⑤⑥⑦⑧⑨"
CUT_OFF = ("の", "を", "に", "が", "は", "と", "で", "や")


def looks_ward(lines: list[Line]) -> int:
    return sum(3 for x in lines if NAME.match(x.norm))


def _is_break(before: str, after: str, title: bool) -> bool:
    if _japanese(before) and _japanese(after):
        return True
    if "\u3041" <= before <= "\u309f" and nfkc(after).isdigit():
        return True  # no space follows a particle in Japanese: 「はじめて 5名」
    # in a title, a bracket printed on the next line: 「区役所づくり (カスタマー…)」
    return title and ((_japanese(before) and nfkc(after) in "(") or (nfkc(before) in ")" and _japanese(after)))


def close_up(text: str, title: bool = False) -> str:
    """A line break the PDF printed as a space between two Japanese characters (or between a
    particle and a number), closed up; other spaces are the document's."""
    def fix(m: re.Match[str]) -> str:
        return "" if _is_break(m.string[m.start() - 1], m.string[m.end()], title) else m.group(0)

    return _SPACE.sub(fix, text)


def close_title(text: str) -> str:
    return close_up(text, title=True).strip()


def _joined(lines: list[Line]) -> list[Line]:
    """Lines with PDF breaks closed up, and a paragraph cut before its sentence ended (a blank line
    between) joined to the line that goes on with it."""
    out: list[Line] = []
    pending = False
    for line in lines:
        if not line.text.strip():
            if not pending:
                out.append(line)
            continue
        text = close_up(line.text)
        if pending and line.depth < 0 and not _starts_part(line):
            out[-1] = Line(out[-1].text + text.strip(), depth=out[-1].depth, number=out[-1].number)
        else:
            out.append(Line(text, depth=line.depth, heading=line.heading, number=line.number))
        last = out[-1].text.rstrip()
        pending = bool(last) and out[-1].depth < 0 and not last.endswith(SENTENCE_END) and len(last) > 30
    return out


def _starts_part(line: Line) -> bool:
    n = line.norm
    return bool(ISSUE.match(n) or NAME.match(n) or any(p.match(n) for _, p in PARTS))


def _split_sub_theme(title: str) -> tuple[str, str | None]:
    m = TRAILING_GROUP.search(title)
    if not m:
        return title.strip(), None
    return title[:m.start()].strip(), m.group(1).strip()


def build(lines: list[Line], fiscal_year: str) -> tuple[dict[str, Any], list[str]]:
    start = next((i for i, x in enumerate(lines) if TITLED.search(x.norm)), None)
    diagram = lines[:start] if start is not None else []
    body = lines[start + 1:] if start is not None else lines
    data: dict[str, Any] = {}
    # -- mission and themes ---------------------------------------------------------------------
    i = 0
    themes: list[dict[str, Any]] = []
    focus: list[tuple[str, int, str, str | None, str | None]] = []  # domain, number, title, sub-theme, theme
    section = ""
    theme_name: str | None = None
    detail_start = len(body)
    for i, line in enumerate(body):
        n = line.norm
        if not n:
            continue
        m = MISSION.match(n)
        if m:
            section = "mission"
            rest = close_up(line.text.strip()[len(line.text.strip()) - len(m.group(1)):]) if m.group(1) else ""
            if rest:
                data["mission"] = [clean(rest)]
            continue
        if FOCUS.match(n):
            section = "focus"
            continue
        if ISSUES_START.match(n):
            detail_start = i + 1
            break
        t = THEME.match(n)
        if t and t.group(1) in CIRCLED:
            name = clean(close_up(line.text.strip()[1:]))
            if section == "mission":
                themes.append({"number": CIRCLED.index(t.group(1)) + 1, "name": name, "_lines": []})
            elif section == "focus":
                theme_name = name
            continue
        if section == "mission" and themes:
            themes[-1]["_lines"].append(line)
        elif section == "focus":
            f = FOCUS_ITEM.match(n)
            if f:
                text = close_title(line.text.strip()[len(line.text.strip()) - len(f.group(3)):] if len(nfkc(line.text.strip())) == len(line.text.strip()) else f.group(3))
                focus.append((f.group(1), int(f.group(2)), text, None, theme_name))
            elif focus and n.startswith(("(", "（")):
                d, num, text, _, th = focus[-1]
                focus[-1] = (d, num, close_title(text + " " + line.text.strip()), None, th)
    for theme in themes:
        desc = to_blocks(_joined(theme.pop("_lines")))
        if desc:
            theme["description"] = desc
    subs: dict[str, list[str]] = {}
    focus_map: dict[tuple[str, int], tuple[str | None, str | None]] = {}
    for d, num, text, _, th in focus:
        title, sub = _split_sub_theme(text)
        focus_map[(d, num)] = (sub, th)
        if th and sub and sub not in subs.setdefault(th, []):
            subs[th].append(sub)
    for theme in themes:
        if subs.get(theme["name"]):
            theme["sub_themes"] = subs[theme["name"]]
    if themes:
        data["themes"] = themes
    # -- the issues -----------------------------------------------------------------------------
    issues: list[dict[str, Any]] = []
    cur: dict[str, Any] | None = None
    part = ""
    parts: dict[str, list[Line]] = {}
    unplaced: list[str] = []

    def close() -> None:
        if cur is None:
            return
        for key, ls in parts.items():
            blocks = to_blocks(_joined(ls))
            if blocks:
                cur[key] = blocks

    for line in body[detail_start:]:
        n = line.norm
        m = ISSUE.match(n)
        if m:
            close()
            d, num = m.group(1), int(m.group(2))
            cur = {"id": f"{d}{num}", "domain": d, "number": num}
            sub, th = focus_map.get((d, num), (None, None))
            cur["_theme"] = close_title(m.group(3) or "") or th
            cur["_sub"] = sub
            issues.append(cur)
            parts, part = {}, ""
            continue
        if cur is None:
            if n:
                unplaced.append(line.text.strip())
            continue
        nm = NAME.match(n)
        if nm:
            text = line.text.strip()
            rest = text[len(text) - len(nm.group(1)):] if len(nfkc(text)) == len(text) else nm.group(1)
            cur["_name"] = rest
            part = "name"
            continue
        hit = next(((k, m2) for k, p in PARTS if (m2 := p.match(n))), None)
        if hit:
            part = hit[0]
            parts.setdefault(part, [])
            rest = hit[1].group(1)
            if rest:
                text = line.text.strip()
                parts[part].append(Line(text[len(text) - len(rest):] if len(nfkc(text)) == len(text) else rest,
                                        number=line.number))
            continue
        if part == "name":
            if n:
                cur["_name"] = cur["_name"] + " " + line.text.strip()
            continue
        if part:
            parts[part].append(line)
        elif n:
            unplaced.append(line.text.strip())
    close()
    used: set[int] = set()
    approach = _approach(diagram, issues, used)
    out_issues = []
    for issue in sorted(issues, key=lambda x: (x["domain"], x["number"])):
        name = close_title(issue.pop("_name", ""))
        title, sub = _split_sub_theme(name)
        issue["title"] = title or name
        theme, focus_sub = issue.pop("_theme"), issue.pop("_sub")
        sub = sub or focus_sub
        ordered: dict[str, Any] = {k: issue[k] for k in ("id", "domain", "number", "title")}
        got = approach.get(issue["id"])
        if got and _squash(got[0]) != _squash(ordered["title"]):
            ordered["overview_title"] = got[0]
        ordered["in_overview"] = (issue["domain"], issue["number"]) in focus_map
        ordered["has_detail"] = True
        if got and got[1]:
            ordered["approach"] = check(got[1], got[2]) if got[2] else got[1]
        if theme:
            ordered["theme"] = theme
        if sub:
            ordered["sub_theme"] = sub
        for key in ("content", "background", "measures"):
            if key in issue:
                ordered[key] = issue[key]
        out_issues.append(ordered)
    data["issues"] = out_issues
    placed = _squash(repr(data))
    unplaced += [t for t in _diagram_left(diagram, used) if _squash(t) not in placed]
    return data, unplaced


def _squash(text: str) -> str:
    return re.sub(r"[\s・]+", "", nfkc(text))


def _approach(diagram: list[Line], issues: list[dict[str, Any]],
              used: set[int]) -> dict[str, tuple[str, list[Block], str | None]]:
    """The diagram's ``(n)課題名`` with the bullets under it, matched to the issues by number and title."""
    groups: list[tuple[int, str, list[Line], list[int]]] = []
    closed = False
    for line in diagram:
        n = line.norm
        m = DIAGRAM_ITEM.match(n)
        if m and line.depth <= 0:
            groups.append((int(m.group(1)), close_title(m.group(2)), [], [line.number]))
            closed = False
            continue
        if FOCUS_ITEM.match(n):
            closed = True  # the diagram's list of issue codes: no group's bullets
            continue
        if groups and n and not closed and not THEME.match(n) and not DIAGRAM_ITEM.match(n) and (
                line.depth >= 0 or n.startswith("・") or not groups[-1][2]):
            groups[-1][2].append(line)
            groups[-1][3].append(line.number)
    out: dict[str, tuple[str, list[Block], str | None]] = {}
    titles = {i["id"]: close_title(_split_sub_theme(close_title(i.get("_name", "")))[0]) for i in issues}
    for num, title, body, numbers in groups:
        candidates = [i for i in issues if i["number"] == num and i["id"] not in out]
        if not candidates:
            continue
        scored = sorted(((difflib.SequenceMatcher(None, _squash(title), _squash(titles[i["id"]])).ratio(), i["id"])
                         for i in candidates), reverse=True)
        score, iid = scored[0]
        if score < 0.5:
            continue
        blocks = to_blocks([Line(close_up(x.text), depth=max(x.depth, 0), number=x.number) for x in body])
        why = None if score >= 0.999 else "図の課題名が詳細の課題名と違い、番号と語の近さで対応させた"
        if not why and blocks and isinstance(blocks[-1], str) and blocks[-1].endswith(CUT_OFF):
            why = "図の記述が途中で切れているように見える（助詞で終わる）"
        out[iid] = (title, blocks, why)
        used.update(numbers)
    return out


def _diagram_left(diagram: list[Line], used: set[int]) -> list[str]:
    return [x.text.strip() for x in diagram if x.text.strip() and x.number not in used]
