"""The report's own search: a static index, a small script, and each issue's 「関連する課題」.

The site has no server code, and a browser will not ``fetch`` a file beside a page opened from
the file system; so the index is a script (``search-index.js``) that sets one global, loaded
with ``<script src>`` like the search script (``search.js``) itself, which works from file://
and from any static server. The index holds every text of every plan in the site as the
search command reads it (``xplan.search.texts``), with the page and anchor it is on; the
script folds the query and the texts the way ``xplan.search.fold`` does (NFKC, case, dash
variants, a katakana word's final ー) and shows the matching issues, title hits first. Without
JavaScript the search box stays hidden and everything else works as before.

「関連する課題」 are ``xplan related``'s five most similar issues of other plans, computed over
every plan of the site.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from xplan.plan.model import Plan
from xplan.report import links

INDEX_FILE = "search-index.js"
SCRIPT_FILE = "search.js"
RELATED = 5


def index_chunks(plans: list[Plan]) -> Iterator[str]:
    """``search-index.js``, a plan at a time (2,000 plans' index is some 100 MB of text: it is
    written as it is made, never held whole): one record per section, [page#anchor, org, year,
    code, title, section, text]."""
    from xplan.search.texts import plan_records

    yield "// Made by xplan: the report's search index (search.js reads it).\nwindow.XPLAN_SEARCH_INDEX = ["
    first = True
    for plan in plans:
        page = links.plan_page(plan)
        records = [json.dumps([f"{page}#{r.code}" if r.code else page, plan.org.name, plan.fiscal_year, r.code,
                               r.title, r.section, r.text], ensure_ascii=False, separators=(",", ":"))
                   for r in plan_records(plan)]
        if records:
            yield ("" if first else ",") + ",".join(records)
            first = False
    yield "];\n"


def index_script(plans: list[Plan]) -> str:
    """``search-index.js`` as one text."""
    return "".join(index_chunks(plans))


def script() -> str:
    return resources.files("xplan.report").joinpath(f"static/{SCRIPT_FILE}").read_text(encoding="utf-8")


def files(plans: list[Plan]) -> dict[str, Callable[[], Iterable[str]]]:
    """The files the search box needs, by path in the site: each as a function that makes it
    (when it is written)."""
    return {INDEX_FILE: functools.partial(index_chunks, plans), SCRIPT_FILE: lambda: [script()]}


@dataclass(frozen=True, slots=True)
class RelatedEntry:
    label: str  # 政策局 R7 A1
    title: str
    score: float
    target: str | None  # page#anchor from the site root; None when that plan is not in the site


@dataclass
class RelatedList:
    """「関連する課題」 under an issue (an item of its section, rendered by plan_html._related)."""

    entries: list[RelatedEntry]
    page: str  # the page it is on, for relative links

    def rel(self, target: str) -> str:
        return links.rel(target, self.page)


def add_related(tree: Any, plan: Plan, related: dict[tuple[str, str], list[RelatedEntry]]) -> None:
    """Put each issue's 「関連する課題」 at the end of its section of the plan page's tree."""
    page = links.plan_page(plan)
    stack = [tree]
    while stack:
        sec = stack.pop()
        for item in getattr(sec, "items", []):
            if getattr(item, "kind", None) == "issue":
                entries = related.get((plan.path, item.code))
                if entries:
                    item.items.append(RelatedList(entries, page))
            elif hasattr(item, "items") and getattr(item, "kind", None) is not None:
                stack.append(item)


def related_lists(plans: list[Plan], shown: list[Plan], digests: dict[str, str] | None = None, cache: Any = None,
                  root: Any = None, at_once: bool | None = None) -> dict[tuple[str, str], list[RelatedEntry]]:
    """(plan path, issue code) -> the issue's related issues among ``plans`` (every plan that loaded),
    for the issues of ``shown`` (the site's plans); through the cache's search index when given.
    ``plans`` may be the catalog's summaries: the index reads the whole plans whose content it
    has not indexed yet from the cache, one at a time. ``at_once``: every list by matrix products
    (NumPy and SciPy) or each issue's through ``xplan.search.related`` — the same lists; by default
    at once when there are many issues and the two libraries are installed."""
    from xplan.search.store import open_index

    entry = _related_key(plans, shown, digests or {}, root) if cache is not None else None
    if entry is not None:
        hit = _cached_related(cache, entry)
        if hit is not None:
            return hit
    store, by_id = open_index(plans, digests or {}, cache, root)
    on_site = {p.path for p in shown}
    try:
        if at_once is None:
            # one by one costs each shown issue against every issue (pure Python); at once, half a
            # second to import NumPy and SciPy first (xplan[related]): the bundled plans' report
            # takes 0.7 s one by one and 1.3 s at once, 200 plans 187 s one by one and 2 s at once
            issues = sum(len(p.issues) for p in by_id.values())
            listed = sum(len(p.issues) for p in by_id.values() if p.path in on_site)
            at_once = issues * listed > AT_ONCE_PAIRS and _matrices()
        out = (_at_once if at_once else _one_by_one)(store, by_id, on_site)
    finally:
        store.close()
    if entry is not None:  # kept for the next run on the same plans (another folder, --force)
        payload = [[path, code, [[e.label, e.title, e.score, e.target] for e in entries]]
                   for (path, code), entries in out.items()]
        cache.put(RELATED_KIND, entry, payload)
    return out


AT_ONCE_PAIRS = 150 * 150  # (issues × shown issues) above which the lists are made at once


def _matrices() -> bool:
    try:
        import numpy  # noqa: F401
        import scipy  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return False
    return True


def _entry(other: Plan, code: str, title: str, score: float, on_site: set[str]) -> RelatedEntry:
    label, target = _label(other.org.name, other.fiscal_year, code, links.plan_page(other) if other.path in on_site
                           else None)
    return RelatedEntry(label, title, score, target)


@functools.lru_cache(maxsize=1 << 16)
def _label(org: str, year: str, code: str, page: str | None) -> tuple[str, str | None]:
    """An issue's label and link, one copy for every list it is in."""
    return f"{org} {year} {code}", None if page is None else f"{page}#{code}"


def _at_once(store: Any, by_id: dict[int, Plan], on_site: set[str]) -> dict[tuple[str, str], list[RelatedEntry]]:
    """Every issue's list at once (xplan.search.nearest): the lists xplan related gives, one by one."""
    from xplan.search.nearest import Vectors

    vectors = Vectors(store, sorted(by_id.items()))
    wanted: dict[tuple[str, str], int | None] = {}
    for pid, plan in sorted(by_id.items()):
        if plan.path in on_site:
            for issue in plan.issues:
                wanted[(plan.path, issue.code)] = vectors.find(pid, issue.code)
    found = vectors.nearest([i for i in wanted.values() if i is not None], RELATED)
    out: dict[tuple[str, str], list[RelatedEntry]] = {}
    for key, i in wanted.items():
        out[key] = [_entry(vectors.refs[j].plan, vectors.refs[j].code, vectors.refs[j].title, score, on_site)
                    for j, score in (found.get(i, []) if i is not None else [])]
    return out


def _one_by_one(store: Any, by_id: dict[int, Plan], on_site: set[str]) -> dict[tuple[str, str], list[RelatedEntry]]:
    """Each issue's list through ``xplan.search.related`` (pure Python; quadratic in the issues)."""
    from xplan.search.related import Corpus, related

    everything = sorted(by_id.items())
    corpus = Corpus(store, everything)
    out: dict[tuple[str, str], list[RelatedEntry]] = {}
    for pid, plan in everything:
        if plan.path in on_site:
            for issue in plan.issues:
                out[(plan.path, issue.code)] = [_entry(m.other.plan, m.other.code, m.other.title, m.score, on_site)
                                                for m in related(corpus, pid, issue.code, RELATED)]
    return out


RELATED_KIND = "related"  # a kind of xplan.plan.cache's entries: one per plans folder, its lists


def _related_key(plans: list[Plan], shown: list[Plan], digests: dict[str, str], root: Any) -> Any:
    """What the lists are made from, as the cache's key (a Probe): every plan's path and content
    hash, the site's plans and the number of entries (the search index is built from the same
    contents by the same xplan, which the cache checks). None when a plan's hash is unknown."""
    import hashlib
    import os

    from xplan.plan.cache import Probe

    if any(p.path not in digests for p in plans):
        return None
    made_of = json.dumps([RELATED, sorted((p.path, digests[p.path]) for p in plans), sorted(p.path for p in shown)],
                         ensure_ascii=False)
    digest = hashlib.sha256(made_of.encode("utf-8", "surrogatepass")).hexdigest()
    where = os.path.abspath(root) if root is not None else ""
    return Probe(RELATED_KIND, f"{RELATED_KIND}:{where}", 0, 0, digest, b"")


def _cached_related(cache: Any, key: Any) -> dict[tuple[str, str], list[RelatedEntry]] | None:
    payload = cache.get(RELATED_KIND, key)
    if payload is None:
        return None
    # an issue is in the lists of some five others: one copy of its label, title and link for
    # all of them (on 2,000 plans 125,000 entries took 80 MB, a copy of each text per entry)
    shared: dict[str, str] = {}

    def one(text: Any) -> str:
        text = str(text)
        return shared.setdefault(text, text)

    try:
        return {(str(path), str(code)): [RelatedEntry(one(label), one(title), float(score),
                                                      None if target is None else one(target))
                                         for label, title, score, target in entries]
                for path, code, entries in payload}
    except (TypeError, ValueError):  # not what this xplan writes: made again
        return None
