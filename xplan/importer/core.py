"""Document → plan data → draft text."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xplan.i18n import _
from xplan.importer import marks
from xplan.importer.header import fiscal_year, organisation
from xplan.importer.lines import Line, normalise


class ImportFailure(Exception):
    """The document cannot become a plan: one line saying why and what to do (exit 2)."""


@dataclass
class Imported:
    data: dict[str, Any]
    layout: str
    unplaced: int = 0
    checks: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return str(self.data["organisation"]["slug"])

    @property
    def year(self) -> str:
        return str(self.data["fiscal_year"])


def _layout(lines: list[Line]) -> str | None:
    from xplan.importer.layouts import current, retro, ward

    scores = {"current": current.looks_current(lines), "ward_themes": ward.looks_ward(lines),
              "retrospective": retro.looks_retro(lines)}
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] >= 3 else None


def _org(lines: list[Line], given: str | None) -> tuple[str, bool, list[str]]:
    """The organisation's name, whether the document says it plainly, and notes. ``given`` (--org)
    says it where the document does not; a document that names another is an error."""
    from xplan.plan.orgs import city_name

    found = organisation(lines)
    if given:
        name = city_name(given)
        if name is None:
            raise ImportFailure(_("--org {org}: not a bureau or ward of the city (e.g. 政策局, 小倉北区)").format(org=given))
        if found is not None and found.sure:
            if found.value != name:  # the document's own words win; the difference is to check
                return found.value, False, [f"組織は文書の記載「{found.how}」による（--org {given} と異なる）。確認すること。"]
            return found.value, True, [f"組織は文書の記載による：「{found.how}」。"]
        return name, True, [f"組織は --org {given} による。"]
    if found is None:
        raise ImportFailure(_("the document does not name its organisation; give --org (e.g. --org 小倉北区)"))
    note = (f"組織は文書の記載による：「{found.how}」。" if found.sure else
            f"組織は{found.how}による（表題に組織名がない）。確認すること。")
    return found.value, found.sure, [note]


def _year(lines: list[Line], given: str | None) -> tuple[str, list[str]]:
    """The fiscal year the document prints; ``given`` (--year) where it prints none (a document
    that prints another year keeps its own, and the note says so)."""
    from xplan.plan.select import SelectionError, resolve_year

    found = fiscal_year(lines)
    if given:
        try:
            year = resolve_year(given)
        except SelectionError as exc:
            raise ImportFailure(f"--year {given}: {exc}") from None
        if found is None:
            return year, [f"年度は --year {given} による（文書に年度の記載がない）。"]
        note = "" if found.value == year else f"（--year {given} と異なる）"
        return found.value, [f"年度は文書の記載による：「{found.how}」{note}。"]
    if found is None:
        raise ImportFailure(_("the document does not print its fiscal year; give --year (e.g. --year R6)"))
    return found.value, [f"年度は文書の記載による：「{found.how}」。"]


def import_text(text: str, document: str, org: str | None = None, year: str | None = None,
                digest: str | None = None) -> Imported:
    """The plan a document's text holds. Raises ImportFailure when it holds none."""
    from xplan.importer.layouts import current, retro, ward
    from xplan.plan.orgs import slug_of

    if not text.strip():
        raise ImportFailure(_("the document is empty (no text to read)"))
    lines = normalise(text)
    layout = _layout(lines)
    if layout is None:
        raise ImportFailure(_("not a plan document: no issue headings (課題A（1）…) or sections ①–⑤ were found"))
    name, sure, org_notes = _org(lines, org)
    fy, year_notes = _year(lines, year)
    if layout == "current":
        body, unplaced = current.build(lines, fy)
    elif layout == "ward_themes":
        body, unplaced = ward.build(lines, fy)
    else:
        body, unplaced = retro.build(lines, fy)
    if not body.get("issues"):
        raise ImportFailure(_("no issue could be read: the document is not a plan (局区X方針) or not in a layout xplan knows"))
    kind = "ward" if name.endswith("区") else "bureau"
    organisation_block: dict[str, Any] = {"name": name, "kind": kind, "slug": slug_of(name)}
    if not sure:
        organisation_block["name"] = marks.check(name, "表題に組織名がなく、本文で最も多く出る名称とした")
    source: dict[str, Any] = {"document": document}
    if digest:
        source["sha256"] = digest
    title = _title(lines)
    if title:
        source["title"] = title
    source["notes"] = ["xplan import で作成した下書き。「# xplan: 要確認」の箇所と unplaced を文書と照らして直すこと。",
                       *org_notes, *year_notes]
    data: dict[str, Any] = {
        "schema_version": 1,
        "organisation": organisation_block,
        "fiscal_year": fy,
        "template": fy if layout == "current" else "R6" if int(fy[1:]) <= 6 else fy,
        "layout": layout,
        "source": source,
        **body,
    }
    if unplaced:
        data["unplaced"] = unplaced
    return Imported(data, layout, len(unplaced), marks.count(data), _counts(data))


_TITLE = re.compile(r"X\s*方針")


def _title(lines: list[Line]) -> str | None:
    """A title printed on the document (``局区X方針〈八幡東区〉``, ``R６保健福祉局Ｘ方針 振り返りシート…``)."""
    for line in lines:
        n = line.norm
        if line.cells is None and _TITLE.search(n) and len(n) < 80 and not n.endswith("課題一覧") and \
                not n.startswith(("3", "○")) and "振り返り(" not in n and "年度局区" not in n:
            return line.text.strip()
    return None


def _counts(data: dict[str, Any]) -> dict[str, int]:
    issues = data.get("issues") or []
    acts = [a for i in issues for a in i.get("actions") or []]
    rows = [r for i in issues for r in i.get("schedule") or []] + [r for a in acts for r in a.get("schedule") or []]
    cells = sum(1 for r in rows for q in ("q1", "q2", "q3", "q4") if q in r)
    progress = sum(len(i.get("progress") or []) for i in issues)
    return {"issues": len(issues), "actions": len(acts), "cells": cells, "progress": progress}


def read_source(path: str) -> tuple[str, str, bytes]:
    """The text of the document at ``path`` (``-``: standard input), its name and its bytes."""
    import sys

    from xplan.importer.read import text_of

    if path == "-":
        raw = sys.stdin.buffer.read()
        name = "-"
    else:
        p = Path(path)
        try:
            import stat

            mode = p.stat().st_mode
            if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
                # a FIFO or device is never opened: reading it could wait for ever
                raise ImportFailure(_("{path}: not a regular file (a pipe or device); give a document file").format(
                    path=path))
            raw = p.read_bytes()
        except IsADirectoryError:
            raise ImportFailure(_("{path}: a folder; give a document file").format(path=path)) from None
        except FileNotFoundError:
            raise ImportFailure(_("{path}: no such file").format(path=path)) from None
        except OSError as exc:
            raise ImportFailure(_("{path}: cannot read it ({reason})").format(path=path, reason=exc.strerror or exc)) from None
        name = p.name
    return text_of(raw, name), name, raw


def import_document(path: str, org: str | None = None, year: str | None = None) -> Imported:
    text, name, raw = read_source(path)
    try:
        return import_text(text, name, org, year, hashlib.sha256(raw).hexdigest())
    except ImportFailure as exc:
        raise ImportFailure(f"{path}: {exc}") from None
