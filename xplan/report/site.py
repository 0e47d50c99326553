"""Build the site: collect the pages from the page modules, render them, write them.

``build_pages`` returns the pages as data; ``render_pages`` turns them into HTML documents (links
relative to each page, one shared navigation bar); ``write_site`` writes the documents and the
stylesheet, each file atomically.
"""

from __future__ import annotations

import datetime
import functools
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xplan.i18n import _
from xplan.report import links
from xplan.report.pages import PAGE_MODULES, Page, SiteData, builders
from xplan.report.render import render, render_stream, stylesheet


@dataclass(frozen=True)
class NavItem:
    path: str
    label: str


def build_pages(site: SiteData, modules: tuple[str, ...] = PAGE_MODULES) -> list[Page]:
    pages: list[Page] = []
    for build in builders(modules):
        pages.extend(build(site))
    seen: set[str] = set()
    for p in pages:  # two pages on one path would silently overwrite each other
        if p.path in seen:
            raise ValueError(f"two report pages at {p.path}")
        seen.add(p.path)
    return pages


def nav_items(pages: list[Page]) -> list[NavItem]:
    return [NavItem(p.path, p.nav) for p in pages if p.nav]


def page_context(p: Page, nav: list[NavItem], site_title: str | None = None) -> dict[str, Any]:
    title = site_title if site_title is not None else _("Transformation plans report")
    return {**p.full_context(), "title": p.title, "site_title": title, "nav": nav, "page_path": p.path,
            "rel": lambda target, page=p.path: links.rel(target, page)}


def render_pages(pages: list[Page], site_title: str | None = None) -> dict[str, str]:
    """Path -> HTML document, for every page (in memory: for tests and ``-F html``; ``update_site``
    streams each page to its file instead)."""
    nav = nav_items(pages)
    return {p.path: render(p.template, **page_context(p, nav, site_title)) for p in pages}


GENERATOR = '<meta name="generator" content="xplan">'


@dataclass
class Extra:
    """A file made after the pages: its path, the key of what it is made from (None: always made
    again, then written only if different), and the function that makes it."""

    path: str
    key: str | None
    make: Callable[[], Iterable[str | bytes]]


@dataclass
class SiteResult:
    pages: int                                       # files in the site
    written: list[str] = field(default_factory=list)  # files written this run (relative)
    removed: list[str] = field(default_factory=list)  # an earlier run's files removed
    unchanged: bool = False                           # nothing to do: the inputs are those of the last run


def write_site(out_dir: Path, documents: dict[str, str], force: bool = False,
               files: dict[str, Callable[[], Iterable[str]]] | None = None) -> list[Path]:
    """Write every document and the stylesheet under ``out_dir`` (see ``xplan.report.output``:
    only what changed, removing only what an earlier run wrote), and ``files`` (the search box's
    index and script, ``site.extra["files"]``); returns the files written.

    Raises SiteWriteError (an OSError) for a file it will not overwrite, before writing anything."""
    from xplan.report import output

    out_dir.mkdir(parents=True, exist_ok=True)
    docs: dict[str, Callable[[], Iterable[str]]] = {rel: functools.partial(list, (doc,)) for rel, doc in documents.items()}
    docs[links.STYLESHEET] = lambda: [stylesheet()]
    docs.update(files or {})
    manifest = output.read_manifest(out_dir)
    writer = output.Writer(out_dir, manifest, None, output.check(out_dir, manifest, list(docs), force))
    complete = False
    try:
        for rel, make in docs.items():
            writer.put(rel, make())
        complete = True
    finally:
        writer.close(complete)
    return [out_dir / rel for rel in writer.written]


def _templates_digest() -> str:
    """The templates and the stylesheet as shipped: a new xplan or an edited template makes every page again."""
    from importlib import resources

    from xplan import __version__
    from xplan.i18n import language
    from xplan.report import output

    folder = resources.files("xplan.report").joinpath("templates")
    parts: list[Any] = [__version__, language(), stylesheet()]
    for t in sorted(folder.iterdir(), key=lambda t: t.name):
        if t.name.endswith(".html"):
            parts += [t.name, t.read_bytes()]
    return output.digest(*parts)


def input_hashes(plans_dir: Path) -> dict[str, str]:
    """The real path and content hash of every plan file below ``plans_dir`` (read once, ~10 ms
    for 200 plans): what the site is made from."""
    from xplan.plan.catalog import walk
    from xplan.report import output
    from xplan.report.pages import real_path

    files, problems = walk([plans_dir])
    out = {}
    for f in files:
        try:
            out[real_path(str(f))] = output.sha256(Path(f).read_bytes())
        except OSError as exc:
            out[real_path(str(f))] = f"unreadable {exc.errno}"
    for x in problems:
        out[f"problem {x.file}"] = x.message
    return out


def update_site(out_dir: Path, plans_dir: Path, orgs: list[str] | None = None, years: list[str] | None = None,
                cfg: object = None, lint: bool = True, cache: object = None, force: bool = False,
                extra: Callable[[SiteData, list[Page], dict[str, str | None]], list[Extra]] | None = None,
                extra_key: object = None, jobs: int | None = None) -> tuple[SiteData | None, SiteResult]:
    """``xplan report``: make the site in ``out_dir`` from the plans, doing only what changed.

    When the plans, the configuration, the options, the working folder (findings name files
    relative to it) and xplan's templates are those of the last run and its files are untouched,
    nothing is loaded or written (SiteData None). Otherwise every page is built, except each page
    whose key (a plan page: its plan file's hash, and the site's navigation) the last run recorded
    and whose file is intact; each page is rendered straight into its file, which replaces the old
    one only when the content changed. ``extra`` adds files made after the pages are written (the
    PDFs, printed from them), with the same rule: a file whose key the last run recorded is kept."""
    import gc

    from xplan import config as config_mod
    from xplan.report import output

    config = cfg if isinstance(cfg, config_mod.Config) else config_mod.find()
    hashes = input_hashes(plans_dir) if plans_dir.is_dir() else {}
    # the month, too: the index's status table is for the year the current month falls in
    month = datetime.date.today().strftime("%Y-%m")
    base = output.digest(_templates_digest(), os.getcwd(), repr(config), orgs, years, lint, extra_key, month)
    site_key = output.digest(base, sorted(hashes.items()))
    manifest = output.read_manifest(out_dir) if out_dir.is_dir() else output.Manifest()
    if hashes and not force and output.unchanged(out_dir, manifest, site_key):
        return None, SiteResult(len(manifest.files), unchanged=True)
    site = load_site(plans_dir, orgs, years, config, lint, cache)
    gc.freeze()  # the loaded plans live to the end: the collector need not walk them again and again
    site.extra["file_hashes"] = hashes
    pages = build_pages(site)
    nav = nav_items(pages)
    keys = {p.path: output.digest(base, nav, p.key) if p.key is not None else None for p in pages}
    # made beside the pages (by the render workers): the stylesheet, the search box's index and script
    beside = [Extra(links.STYLESHEET, None, lambda: [stylesheet()])]
    for rel, make in site.extra.get("files", {}).items():
        beside.append(Extra(rel, None, make))
    files = extra(site, pages, keys) if extra is not None else []  # after the pages (the PDFs print them)
    out_dir.mkdir(parents=True, exist_ok=True)
    writer = output.Writer(out_dir, manifest, site_key, output.check(
        out_dir, manifest, [p.path for p in pages] + [f.path for f in beside + files], force))

    def unchanged(path: str, key: str | None) -> bool:
        old = manifest.files.get(path)
        return (not force and key is not None and old is not None and old.key == key
                and output.intact(out_dir, path, old))

    complete = False
    try:
        todo = []
        for p in pages:
            if unchanged(p.path, keys[p.path]):
                writer.keep(p.path, keys[p.path])  # made from the same inputs: not even rendered
            else:
                todo.append(p)
        render_all(todo, nav, keys, writer, jobs, beside, big=len(pages) >= 24)
        for f in files:
            if unchanged(f.path, f.key):
                writer.keep(f.path, f.key)
            else:
                writer.put(f.path, f.make(), f.key)
        complete = True
    finally:
        writer.close(complete)
    return site, SiteResult(len(writer.new.files), sorted(writer.written), sorted(writer.removed))


def default_jobs() -> int:
    """Processes to render with: the cores this process may use, at most 4 (``XPLAN_JOBS`` overrides)."""
    env = os.environ.get("XPLAN_JOBS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


_JOB: dict[str, Any] = {}  # what forked workers inherit: the pages to render and where


def _render_chunk(chunk: list[tuple[str, int]]) -> tuple[dict[str, Any], list[str]]:
    """In a worker: render and write some pages ("page", n) and files ("file", n); the manifest
    entries and the files written."""
    from xplan.report import output

    job = _JOB
    w = output.Writer(job["out_dir"], job["manifest"], None, job["replace_links"])
    for kind, n in chunk:
        if kind == "page":
            p = job["pages"][n]
            w.put(p.path, render_stream(p.template, **page_context(p, job["nav"])), job["keys"][p.path])
            p.context = {}  # the page's data is not needed again (a worker renders a hundred pages)
        else:
            f = job["files"][n]
            w.put(f.path, f.make(), f.key)
    return w.new.files, w.written


def render_all(todo: list[Page], nav: list[NavItem], keys: dict[str, str | None], writer: Any,
               jobs: int | None = None, files: list[Extra] | None = None, big: bool | None = None) -> None:
    """Render ``todo`` into their files and make ``files`` (each made again: their key is None).
    With more than one core and a ``big`` site (24 pages or more; by default: ``todo`` has 24),
    forked worker processes do it side by side (they inherit the loaded plans; only the
    manifest entries come back): after one plan changed, the aggregate pages and the search index
    of 200 plans are seconds of work. The biggest go first so that no worker is left with one at
    the end."""
    files = files or []
    jobs = default_jobs() if jobs is None else jobs
    big = len(todo) >= 24 if big is None else big
    if jobs < 2 or not big or len(todo) + len(files) < 3 or not hasattr(os, "fork"):
        for p in todo:
            writer.put(p.path, render_stream(p.template, **page_context(p, nav)), keys[p.path])
            p.context = {}  # the page's data is not needed again
        for f in files:
            writer.put(f.path, f.make(), f.key)
        return
    import multiprocessing

    # the progress review is the biggest page (every action of every plan of a year)
    aggregates = sorted((("page", n) for n, p in enumerate(todo) if p.template != "plan.html"),
                        key=lambda a: todo[a[1]].template != "review.html")
    plan_pages = [("page", n) for n, p in enumerate(todo) if p.template == "plan.html"]
    chunks = [[a] for a in aggregates[:1]]
    if files:
        chunks.append([("file", n) for n in range(len(files))])  # the search index: the next biggest
    chunks += [[a] for a in aggregates[1:]]
    size = max(1, min(16, len(plan_pages) // (jobs * 4) or 1))
    chunks += [plan_pages[i:i + size] for i in range(0, len(plan_pages), size)]
    _JOB.update(pages=todo, files=files, nav=nav, keys=keys, out_dir=writer.out_dir, manifest=writer.old,
                replace_links=writer.replace_links)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for entries, written in pool.imap_unordered(_render_chunk, chunks):
                writer.new.files.update(entries)
                writer.written.extend(written)
    finally:
        _JOB.clear()


def load_site(plans_dir: Path, orgs: list[str] | None = None, years: list[str] | None = None,
              cfg: object = None, lint: bool = True, cache: object = None) -> SiteData:
    """Load, select (every year unless ``years``) and lint: the data every page reads.

    Raises the library's usage errors (PathError, SelectionError, YearError, ConfigError)."""
    from xplan import config as config_mod
    from xplan.lint.engine import lint_paths
    from xplan.plan.catalog import load_catalog
    from xplan.plan.select import select
    from xplan.rollup.fields import load_vocabulary
    from xplan.views.common import require_plans

    config = cfg if isinstance(cfg, config_mod.Config) else config_mod.find()
    # lint first: with a cache, lint's worker processes leave each plan they parse in it, and the
    # catalog then reads every plan from there (each plan parsed once, not once for each)
    found = lint_paths([plans_dir], config, cache=cache, keep_plans=True) if lint else None  # type: ignore[arg-type]
    from xplan.report import search_data

    related = None
    if cache is not None:
        # 「関連する課題」 of each issue (over every plan that loaded) before the whole plans are
        # loaded, from the catalog's summaries: the arrays it scores with (some 300 MB on 2,000
        # plans) are freed before the plans take their place
        summary = load_catalog(plans_dir, cache, summary=True)  # type: ignore[arg-type]
        shown = select(summary.plans, orgs=orgs, years=years, all_years=True).plans
        if shown:
            related = search_data.related_lists(summary.plans, shown, summary.digests, cache, plans_dir)
        del summary, shown
    catalog = load_catalog(plans_dir, cache)  # type: ignore[arg-type]
    selection = select(catalog.plans, orgs=orgs, years=years, all_years=True)
    require_plans(selection)
    site = SiteData(selection, plans_dir, vocabulary=load_vocabulary(config),
                    unloaded=sorted({f.file for f in catalog.problems}))
    site.lint = found
    if related is None:
        related = search_data.related_lists(catalog.plans, selection.plans, catalog.digests, cache, plans_dir)
    site.extra["related"] = related
    site.extra["files"] = search_data.files(selection.plans)
    return site


def make_site(plans_dir: Path, orgs: list[str] | None = None, years: list[str] | None = None,
              cfg: object = None, lint: bool = True, cache: object = None) -> tuple[SiteData, dict[str, str]]:
    """Load, select (every year unless ``years``), lint and render: the data and the documents.
    With a ``cache`` (xplan.plan.cache.Cache) unchanged plans are neither parsed nor linted again.

    Raises the library's usage errors (PathError, SelectionError, YearError, ConfigError)."""
    site = load_site(plans_dir, orgs, years, cfg, lint, cache)
    return site, render_pages(build_pages(site))
