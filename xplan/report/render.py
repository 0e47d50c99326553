"""The Jinja2 environment: templates shipped in ``xplan/report/templates``, autoescaping always on.

Helpers the pages share live here so that a page module passes plain data: ``block_view`` turns
a text block of any kind the plan model has (a paragraph, a headed group, a dated item, a lead-in
with nested items) into (text, period, items) for ``plan_html``, and ``phrases`` (a filter) wraps
Japanese text only between its phrases.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from markupsafe import Markup, escape

from xplan.i18n import _, ngettext


@dataclass(frozen=True)
class BlockView:
    text: str
    period: str | None
    items: tuple[Any, ...] | None
    heading: bool  # a sub-heading such as 【市政だより】 (bold), not a lead-in sentence
    tail: str | None = None  # the words that finish a lead-in sentence after its sub-items


def block_view(block: Any) -> BlockView:
    """Any text block as text, an optional month range, optional nested items and the words that
    close a lead-in sentence after them."""
    if isinstance(block, str):
        return BlockView(block, None, None, False)
    heading = getattr(block, "heading", None)
    text = heading if isinstance(heading, str) else getattr(block, "text", None)
    if not isinstance(text, str):
        text = getattr(block, "lead", None)
    items = getattr(block, "items", None)
    period = getattr(block, "period", None)
    tail = getattr(block, "tail", None)
    return BlockView(text if isinstance(text, str) else str(block), period or None,
                     tuple(items) if items else None, isinstance(heading, str),
                     tail if isinstance(tail, str) and tail else None)


def phrases(text: Any) -> Markup:
    """Text that wraps only between its phrases (BudouX, as the terminal tables wrap): a narrow
    column breaks 観光大都市への|進化, never 課|題 (CSS ``.phr``: keep-all, and <wbr> where it may break)."""
    from xplan.output.wrap import phrases as split

    text = "" if text is None else str(text)
    if not text:
        return Markup("")
    # also after a slash or a middle dot inside a phrase (インパクト/|緊急度, AI・|RPA): words of their own
    parts = [q for p in split(text) for q in re.split(r"(?<=[/／・])", p) if q]
    return Markup('<span class="phr">') + Markup("<wbr>").join(escape(p) for p in parts) + Markup("</span>")


def stylesheet() -> str:
    return resources.files("xplan.report").joinpath("static/report.css").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def environment() -> Any:
    from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined

    # compiled templates are kept in Jinja's per-user temporary folder: compiling them is most of
    # the time `xplan report` takes on a few plans
    env = Environment(loader=PackageLoader("xplan.report", "templates"), autoescape=True,
                      bytecode_cache=FileSystemBytecodeCache(),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      extensions=["jinja2.ext.i18n"])
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the i18n extension
        lambda m: _(m), lambda s, p, n: ngettext(s, p, n), newstyle=True)
    from xplan.report import plan_html, review_html

    # a plan's body and the pieces other pages share, made in Python (see plan_html: speed)
    env.globals.update(plan_body=plan_html.plan_body, text_blocks=plan_html.blocks,
                       schedule_table=plan_html.schedule_table, progress_sections=review_html.progress_sections,
                       agenda_plans=review_html.agenda_plans)
    env.filters["phrases"] = phrases
    return env


def render(template: str, **context: Any) -> str:
    return str(environment().get_template(template).render(**context))


def render_stream(template: str, **context: Any) -> Iterator[str]:
    """The document in pieces, as Jinja makes them: a 60 MB page of 2,000 plans is never one string."""
    return environment().get_template(template).generate(**context)
