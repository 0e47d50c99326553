"""Every view as one complete HTML document (``-F html`` and ``--export FILE.html``).

Built from the site's templates and its stylesheet (inlined, so the document stands alone): the
plan view (``show``) with the plan page's body, ``schedule`` with its quarterly tables, ``matrix``
with its grids; a view given as tabulate's HTML tables is put in the same frame. ``rich_document``
turns a rich rendering into HTML with real tables, in place of rich's box characters.
"""

from __future__ import annotations

import html
from typing import Any

from markupsafe import Markup

from xplan.i18n import _
from xplan.output.files import plain_text
from xplan.report.render import render, stylesheet


def document(title: str, body: str, kind: str = "view") -> str:
    """A complete document around ``body``, markup that xplan made (every text in it escaped)."""
    return render("view.html", title=title, site_title=None, nav=[], page_path="", body=Markup(body),
                  body_class=f"view view-{kind}", inline_css=Markup(stylesheet()), rel=lambda target: target)


def matrix_document(grids: list[Any]) -> str:
    from xplan.i18n import _
    from xplan.report.pages.matrix import entry_label, grid_view
    from xplan.views import matrix
    from xplan.views.common import unrated

    views = [grid_view(f"grid-{n}", g) for n, g in enumerate(grids, 1)]
    return render("matrix.html", title=_(matrix.TITLE), site_title=None, nav=[], page_path="", per_plan=views,
                  combined=[], rows=[(r, matrix.impact_label(r)) for r in matrix.RATINGS],
                  columns=[(r, matrix.urgency_label(r)) for r in matrix.RATINGS], label=entry_label,
                  link=lambda e: None, unrated_word=unrated(), body_class="view view-matrix",
                  inline_css=Markup(stylesheet()), rel=lambda target: target)


def show_document(docs: list[Any]) -> str:
    """``xplan show``: each plan (or the one issue) as its plan page shows it."""
    from xplan.report.pages.plans import overview, prune
    from xplan.views.common import plan_label

    parts = []
    for d in docs:
        tree = prune(d.section, d.plan.layout)
        parts.append({"tree": tree, "issues": d.issues if d.whole_plan else [],
                      "overview": overview(d.plan, d.issues) if d.whole_plan and d.plan.has_overview else []})
    title = "、".join(plan_label(d.plan) for d in docs) or "xplan show"
    return render("show.html", title=title, site_title=None, nav=[], page_path="", docs=parts,
                  body_class="view view-show", inline_css=Markup(stylesheet()), rel=lambda target: target)


def schedule_document(plans: list[Any]) -> str:
    """``xplan schedule``: per plan, each issue's quarterly table with its notes."""
    from xplan.report.pages.plans import schedule_table
    from xplan.views.common import plan_label

    items = []
    for ps in plans:
        items.append({"title": f"{plan_label(ps.plan)} 四半期スケジュール", "note": ps.note,
                      "issues": [{"code": s.issue.code, "heading": f"{s.issue.label}{s.issue.display_title or ''}",
                                  "table": schedule_table(s) if s.rows else None, "notes": s.notes}
                                 for s in ps.issues]})
    title = "、".join(i["title"] for i in items) or "xplan schedule"
    return render("schedule.html", title=title, site_title=None, nav=[], page_path="", plans=items,
                  body_class="view view-schedule", inline_css=Markup(stylesheet()), rel=lambda target: target)


# -- a rich rendering as HTML: real tables instead of box characters ------------------------------

def _text(obj: Any) -> str:
    from rich.text import Text

    if isinstance(obj, Text):
        plain, bold = obj.plain, "bold" in str(obj.style)
    else:
        plain, bold = str(obj), False
    out = "<br>".join(html.escape(line) for line in plain.split("\n"))
    return f"<strong>{out}</strong>" if bold and out else out


def rich_html(obj: Any) -> str:
    """One rich renderable as HTML; anything unknown is rendered as text in a <pre>."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    if obj is None:
        return ""
    if isinstance(obj, (str, Text)):
        return f"<p>{_text(obj)}</p>" if _text(obj) else ""
    if isinstance(obj, Group):
        return "".join(rich_html(r) for r in obj.renderables)
    if isinstance(obj, Padding):
        return f'<div class="indent">{rich_html(obj.renderable)}</div>'
    if isinstance(obj, Panel):
        title = f"<h3>{_text(obj.title)}</h3>" if obj.title else ""
        return f'<section class="panel">{title}{rich_html(obj.renderable)}</section>'
    if isinstance(obj, Rule):
        return f"<h2>{_text(obj.title)}</h2>" if obj.title else "<hr>"
    if isinstance(obj, Table):
        return _table(obj)
    if type(obj).__name__ == "Continuation":  # the schedule's → bar
        return f'<span class="cont" role="img" aria-label="{html.escape(_("continues from the previous quarter"))}"></span>'
    return f"<pre>{html.escape(plain_text(obj))}</pre>"


def _cell(obj: Any) -> str:
    from rich.text import Text

    if isinstance(obj, (str, Text)):
        return _text(obj)
    return rich_html(obj)


def _table(t: Any) -> str:
    grid = not t.show_header and not t.show_edge  # Table.grid(): a layout, not a data table
    columns = t.columns
    rows = list(zip(*(c._cells for c in columns))) if columns else []
    out = [f'<div class="scroll"><table class="{"layout" if grid else "data"}">']
    if t.title:
        out.append(f"<caption>{_text(t.title)}</caption>")
    if t.show_header and any(str(c.header) for c in columns):
        out.append("<thead><tr>" + "".join(f'<th scope="col">{_cell(c.header)}</th>' for c in columns)
                   + "</tr></thead>")
    out.append("<tbody>")
    for row in rows:
        out.append("<tr>" + "".join(f'<td{" class=num" if c.justify == "right" else ""}>{_cell(v)}</td>'
                                    for c, v in zip(columns, row)) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def rich_document(parts: list[Any], title: str) -> str:
    return document(title, "".join(rich_html(p) for p in parts), "export")
