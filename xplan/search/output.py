"""``xplan search`` and ``xplan related`` in every output format.

The snippet's matches are bold on a terminal, ``**…**`` in markdown, ``<mark>`` in HTML and
offsets in JSON; the other text formats (csv, tsv, tabulate's) carry the snippet as it is.
"""

from __future__ import annotations

import html
from typing import Any

from xplan.i18n import N_, _
from xplan.output.escape import markdown_text
from xplan.output.tables import Table, tabulated
from xplan.output.view import Section, ViewOutput
from xplan.search.query import Hit, Result, marked

HEADERS = (N_("Organisation"), N_("Year"), N_("Issue"), N_("Title"), N_("Section"), N_("Snippet"), N_("Score"))
COUNT_HEADERS = (N_("Organisation"), N_("Year"), N_("Issues"), N_("Hits"))


def to_json(result: Result, count: bool = False) -> dict[str, Any]:
    if count:
        return {"version": 1, "query": result.query, "counts": result.counts()}
    return {"version": 1, "query": result.query, "total": result.total, "hits": [h.to_json() for h in result.hits]}


def title(result: Result, count: bool = False) -> str:
    """Search: QUERY (N hits), or (top K of N hits) when --limit left some out."""
    if not count and len(result.hits) < result.total:
        return _("Search: {query} (top {shown} of {total} hits)").format(
            query=result.query, shown=f"{len(result.hits):,}", total=f"{result.total:,}")
    return _("Search: {query} ({n} hits)").format(query=result.query, n=result.total)


def _markdown_snippet(h: Hit) -> str:
    # the plan text escaped as every markdown cell is (xplan/output/escape.py), the matches in **…**
    return marked(h.snippet, h.marks, "**", "**", markdown_text)


def table(result: Result, fmt: str) -> Table:
    snippet = _markdown_snippet if fmt == "markdown" else (lambda h: h.snippet)
    rows = [[h.org, h.year, h.code or "—", h.title, h.section, snippet(h), f"{h.score:.2f}"] for h in result.hits]
    return Table([_(x) for x in HEADERS], rows,
                 title=title(result), justify={6: "right"},
                 markdown_columns=frozenset({5}) if fmt == "markdown" else frozenset())


def count_table(result: Result) -> Table:
    rows = [[c["org"], c["year"], c["issues"], c["hits"]] for c in result.counts()]
    return Table([_(x) for x in COUNT_HEADERS], rows,
                 title=title(result, count=True), justify={2: "right", 3: "right"})


def output(result: Result, count: bool = False, documents: dict[str, Any] | None = None) -> ViewOutput:
    """The search in every format: the terminal table, JSON, the hits as a document (markdown with
    the matches in ``**…**``), and ``documents`` the command adds (the HTML page)."""
    def records() -> Table:
        return count_table(result) if count else table(result, "")

    own = {"markdown": lambda: _markdown(result, count), **(documents or {})}
    return ViewOutput("search", _("Search"), lambda: renderables(result, count), lambda: to_json(result, count),
                      lambda: [Section([records()])], records, documents=own)


def _markdown(result: Result, count: bool) -> str:
    t = count_table(result) if count else table(result, "markdown")
    return f"## {markdown_text(t.title or '')}\n\n" + tabulated(t, "github") + "\n"


def html_fragment(result: Result, count: bool = False, link: Any = None) -> str:
    """The hits as an HTML table with ``<mark>`` around each match (every text escaped)."""
    if count:
        t = count_table(result)
        return f"<h2>{html.escape(t.title or '')}</h2>\n" + tabulated(t, "html") + "\n"
    out = [f"<h2>{html.escape(title(result))}</h2>", "<table class=\"search-hits\">", "<thead><tr>"]
    out += [f"<th>{html.escape(_(h))}</th>" for h in HEADERS]
    out.append("</tr></thead><tbody>")
    for h in result.hits:
        snippet = marked(h.snippet, h.marks, "<mark>", "</mark>", html.escape)
        cells = [html.escape(h.org), html.escape(h.year), html.escape(h.code or "—"), html.escape(h.title),
                 html.escape(h.section), snippet, f"{h.score:.2f}"]
        out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out) + "\n"


def renderables(result: Result, count: bool = False) -> list[Any]:
    """A rich table: Japanese wrapped at phrases, the matches in the snippet bold, plan text never
    read as markup."""
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    from xplan.output.tables import to_rich
    from xplan.output.wrap import JaText

    if count:
        return [to_rich(count_table(result), compact=True)]
    if not result.hits:  # a line, not an empty table whose width would wrap the title
        return [Text(title(result)), Text(_("No text of the selected plans contains the query."))]
    rt = RichTable(title=title(result),
                   title_justify="left", header_style="bold", box=box.SIMPLE_HEAD, show_edge=False,
                   pad_edge=False, padding=(0, 1, 0, 0))
    rt.add_column(_("Issue"), ratio=3)
    rt.add_column(_("Section"), ratio=2)
    rt.add_column(_("Snippet"), ratio=6)
    rt.add_column(_("Score"), justify="right", no_wrap=True)
    for h in result.hits:
        where = JaText(f"{h.org} {h.year} {h.code or ''}".rstrip() + f"\n{h.title}", max_min=10)
        rt.add_row(where, JaText(h.section, max_min=8), MarkedText(h.snippet, h.marks), Text(f"{h.score:.2f}"))
    return [rt]


class MarkedText:
    """A snippet wrapped at Japanese phrases like JaText, with its matches in bold."""

    def __init__(self, text: str, marks: list[tuple[int, int]]) -> None:
        from xplan.output.wrap import JaText

        self.inner = JaText(text, max_min=12)
        self.text = text
        self.marks = marks

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        return self.inner.__rich_measure__(console, options)

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.text import Text

        from xplan.output.wrap import _wrapped

        wrapped = _wrapped(self.text, options.max_width)
        at: list[int] = []  # where each character of the snippet is in the wrapped text
        j = 0
        for ch in self.text:
            while j < len(wrapped) and wrapped[j] != ch:
                j += 1  # a line break the wrapping put in
            at.append(min(j, len(wrapped)))
            j += 1
        out = Text(wrapped, no_wrap=True, overflow="crop", end="")
        for s, e in self.marks:
            if s < len(at) and e - 1 < len(at):
                out.stylize("bold", at[s], at[e - 1] + 1)
        yield out


RELATED_HEADERS = (N_("Organisation"), N_("Year"), N_("Issue"), N_("Title"), N_("Score"), N_("Shared words"))
PAIR_HEADERS = (N_("Organisation"), N_("Year"), N_("Issue"), N_("Title"), N_("Organisation"), N_("Year"), N_("Issue"),
                N_("Title"), N_("Score"), N_("Shared words"))


def related_json(issue: Any, matches: list[Any]) -> dict[str, Any]:
    return {"version": 1, "issue": issue.to_json(), "related": [m.to_json() for m in matches]}


def pairs_json(threshold: float, matches: list[Any]) -> dict[str, Any]:
    return {"version": 1, "threshold": threshold, "pairs": [m.pair_json() for m in matches]}


def related_table(issue: Any, matches: list[Any]) -> Table:
    rows = [[m.other.plan.org.name, m.other.plan.fiscal_year, m.other.code, m.other.title, f"{m.score:.3f}",
             "、".join(m.shared)] for m in matches]
    title = _("Issues like {org} {year} {code} {title}").format(
        org=issue.plan.org.name, year=issue.plan.fiscal_year, code=issue.code, title=issue.title)
    return Table([_(h) for h in RELATED_HEADERS], rows, title=title, justify={4: "right"})


def pairs_table(threshold: float, matches: list[Any]) -> Table:
    rows = [[m.issue.plan.org.name, m.issue.plan.fiscal_year, m.issue.code, m.issue.title,
             m.other.plan.org.name, m.other.plan.fiscal_year, m.other.code, m.other.title, f"{m.score:.3f}",
             "、".join(m.shared)] for m in matches]
    title = _("Pairs of issues of different organisations with a score of at least {threshold} ({n})").format(
        threshold=threshold, n=len(matches))
    return Table([_(h) for h in PAIR_HEADERS], rows, title=title, justify={8: "right"})


def related_output(table_: Table, data: dict[str, Any]) -> ViewOutput:
    from xplan.output.tables import to_rich

    return ViewOutput("related", _("Related issues"), lambda: [to_rich(table_, compact=True)], lambda: data,
                      lambda: [Section([table_])], lambda: table_)
