"""A plan's body as HTML, written in Python: the plan pages and ``xplan show -F html``.

This was ``plan_body.html`` with recursive Jinja macros (a section calls its items, which call
their sections, text blocks and quarterly tables). On 200 plans those were 21,000 macro calls and
most of a first ``xplan report``: a macro call costs Jinja some 20 µs before it writes a byte. Here
each piece is a function that appends to one list of strings; the markup is the macros' to the
byte (the goldens ``tests/golden/views/show_*_html.txt`` and ``schedule_*_html.txt`` were made by
them), every value escaped as Jinja's autoescape does (``markupsafe.escape``) and the translations
put in as Jinja's i18n extension does (not escaped).

The templates call ``plan_body``, ``text_blocks`` (``blocks``: the review page's and the
transcriber's notes) and ``schedule_table`` (``xplan schedule -F html``); see ``render.environment``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from xplan.i18n import _, language
from xplan.report.render import block_view, phrases

Out = list[str]


def _e(value: Any) -> str:
    """``markupsafe.escape``'s text (as Jinja's autoescape writes it), without making a Markup of
    every piece: most of a plan's texts have nothing to escape."""
    if type(value) is str:
        if "&" in value or "<" in value or ">" in value or '"' in value or "'" in value:
            return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    .replace('"', "&#34;").replace("'", "&#39;"))
        return value
    return str(escape(value))


def _blocks(items: Any, out: Out) -> None:
    if items is None:
        return
    if not items:
        out.append('<p class="nothing">ー</p>\n')
        return
    out.append('<ul class="blocks">\n')
    for b in items:
        v = block_view(b)
        if v.heading:
            out.append(f'<li class="headed"><strong>{_e(v.text)}</strong>')
        else:
            out.append(f"<li>{_e(v.text)}")
        if v.period:
            out.append(f'<span class="period">（{_e(v.period)}）</span>')
        if v.items:
            _blocks(v.items, out)
        if v.tail:
            out.append(f'<span class="tail">{_e(v.tail)}</span>')
        out.append("</li>\n")
    out.append("</ul>\n")


def blocks(items: Any) -> Markup:
    """Text blocks as a list (``<ul class="blocks">``); ``ー`` for none; nothing for absent (None)."""
    out: Out = []
    _blocks(items, out)
    return Markup("".join(out))


def _facts(pairs: Any, out: Out) -> None:
    out.append('<dl class="facts">\n')
    for k, v in pairs:
        if k:
            sub = ' class="sub"' if k.startswith("　") else ""
            out.append(f"<div{sub}><dt>{_e(k.strip('　 '))}</dt><dd>{_e(v)}</dd></div>\n")
        else:
            out.append(f'<div class="wide"><dd>{_e(v)}</dd></div>\n')
    out.append("</dl>\n")


@lru_cache(maxsize=8)
def _words(lang: str) -> dict[str, str]:
    """The translated words the body prints (per language: tests switch it)."""
    return {"absent": _("(not printed)"), "continues": _("continues from the previous quarter"),
            "action": _("Action"), "no_table": _("no quarterly table for this action"), "issues": _("Issues"),
            "overview_head": "<thead><tr>" + "".join(f'<th scope="col">{phrases(h)}</th>' for h in (
                _("Issue"), "政策分野", "課題名", "課題に対する取り組み")) + "</tr></thead>\n"}


def _schedule(t: Any, out: Out, words: dict[str, str]) -> None:
    out.append('<div class="scroll">\n<table class="schedule">\n<colgroup>')
    if t.label_column:
        out.append('<col class="label">')
    out.append('<col class="quarter">' * len(t.headers))
    out.append("</colgroup>\n<thead><tr>")
    if t.label_column:
        out.append(f'<th scope="col">{words["action"]}</th>')
    out.extend(f'<th scope="col">{_e(h)}</th>' for h in t.headers)
    out.append("</tr></thead>\n<tbody>\n")
    for r in t.rows:
        out.append("<tr>\n")
        if t.label_column:
            out.append('<th scope="row">')
            if r.label:
                out.append(f'<span class="action">{_e(r.label)}</span>')
            if r.row_label:
                out.append(f'<span class="row-label">{_e(r.row_label)}</span>')
            out.append("</th>")
        if r.no_table:
            out.append(f'<td colspan="{len(t.headers)}" class="no-table">{words["no_table"]}</td>\n')
        else:
            for c in r.cells:
                if c.items is None:
                    out.append(f'<td class="absent">{words["absent"]}</td>\n')
                elif not c.items:
                    out.append('<td class="empty"></td>\n')
                else:
                    out.append("<td>\n")
                    cls = "item bullet" if len(c.items) > 1 else "item"
                    for it in c.items:
                        if it["continues"]:
                            out.append(f'<span class="cont" role="img" aria-label="{words["continues"]}" '
                                       'title="→"></span>\n')
                        else:
                            out.append(f'<span class="{cls}">{_e(it["text"])}</span>\n')
                    out.append("</td>\n")
        out.append("</tr>\n")
    out.append("</tbody>\n</table>\n</div>\n")


def _related(item: Any, out: Out) -> None:
    if not item.entries:
        return
    out.append('<section class="related">\n<h4>関連する課題</h4>\n<ul>\n')
    for e in item.entries:
        text = f"{_e(e.label)} {_e(e.title)}"
        if e.target:
            out.append(f'<li><a href="{_e(item.rel(e.target))}">{text}</a></li>\n')
        else:
            out.append(f"<li>{text}</li>\n")
    out.append("</ul>\n</section>\n")


def _overview_tables(overview: Any, out: Out, words: dict[str, str]) -> None:
    out.append('<section class="overview" aria-labelledby="overview">\n<h3 id="overview">課題一覧</h3>\n')
    for o in overview:
        out.append(f'<div class="scroll">\n<table class="data overview-table">\n<caption>課題{_e(o.domain)}</caption>\n'
                   '<colgroup><col class="code"><col class="field"><col class="title"><col class="approach"></colgroup>\n')
        out.append(words["overview_head"])
        out.append("<tbody>\n")
        for r in o.rows:
            i = r.issue
            label = _e(i.label)
            head = f'<a href="#{_e(r.link)}">{label}</a>' if i.has_detail else label
            marker = (f'<span class="marker">{_e(i.lineage.marker)}</span>'
                      if i.lineage and i.lineage.marker else "")
            out.append(f'<tr>\n<th scope="row">{head}</th>\n<td>{phrases(i.field)}</td>\n'
                       f"<td>{_e(r.title)}{marker}</td>\n<td>")
            _blocks(i.approach, out)
            out.append("</td>\n</tr>\n")
        out.append("</tbody>\n</table>\n</div>\n")
    out.append("</section>\n")


def _items(sec: Any, level: int, overview: Any, out: Out, words: dict[str, str]) -> None:
    for item in sec.items:
        k = type(item).__name__
        if k == "Section":
            _section(item, level + 1, overview, out, words)
        elif k == "Fields":
            _facts(item.pairs, out)
        elif k == "Prose":
            _blocks(item.blocks, out)
        elif k == "SchedTable":
            _schedule(item, out, words)
        elif k == "RelatedList":
            _related(item, out)
        else:
            continue
        out.append("\n")


def _section(sec: Any, level: int, overview: Any, out: Out, words: dict[str, str]) -> None:
    h = f"h{min(level, 6)}"
    heading = _e(sec.heading)
    if sec.kind == "issue":
        code = _e(sec.code)
        out.append(f'<article class="issue" id="{code}" aria-labelledby="{code}-h">\n'
                   f'<{h} id="{code}-h"><a class="self" href="#{code}">{heading}</a></{h}>\n')
        _items(sec, level, overview, out, words)
        out.append("\n</article>\n")
    elif sec.kind == "part":
        out.append(f'<section class="part">\n<{h}>{heading}</{h}>\n')
        first: Any = sec.items[0] if sec.items else None
        if overview and type(first).__name__ == "Section" and first.kind == "issue":
            _overview_tables(overview, out, words)
        _items(sec, level, overview, out, words)
        out.append("\n</section>\n")
    else:
        out.append(f'<section class="sub">\n<{h}>{heading}</{h}>\n')
        _items(sec, level, overview, out, words)
        out.append("\n</section>\n")


def plan_body(tree: Any, issues: Any, overview: Any) -> Markup:
    """The plan's tree (``pages.plans.plan_context``): its heading, facts, table of issues, sections."""
    words = _words(language())
    out: Out = [f"<h1>{_e(tree.heading)}</h1>\n"]
    for item in tree.items:
        k = type(item).__name__
        if k == "Fields":
            _facts(item.pairs, out)
            out.append("\n")
            if issues:
                toc = "".join(f'<li><a href="#{c}">{c}</a></li>' for c in (_e(i.code) for i in issues))
                out.append(f'<nav class="toc" aria-label="{words["issues"]}">\n<ul>{toc}</ul>\n</nav>\n')
        elif k == "Section":
            _section(item, 2, overview, out, words)
            out.append("\n")
        elif k == "Prose":
            _blocks(item.blocks, out)
            out.append("\n")
    return Markup("".join(out))


def schedule_table(t: Any) -> Markup:
    """A quarterly table (``pages.plans.SchedTable``): the plan pages' and ``xplan schedule -F html``'s."""
    out: Out = []
    _schedule(t, out, _words(language()))
    return Markup("".join(out))
