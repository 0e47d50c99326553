"""Build the site: collect the pages from the page modules, render them, write them.

``build_pages`` returns the pages as data; ``render_pages`` turns them into HTML documents (links
relative to each page, one shared navigation bar); ``write_site`` writes the documents and the
stylesheet, each file atomically.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from xplan.i18n import _
from xplan.output.files import write_atomic
from xplan.report import links
from xplan.report.pages import PAGE_MODULES, Page, SiteData, builders
from xplan.report.render import render, stylesheet


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


def render_pages(pages: list[Page], site_title: str | None = None) -> dict[str, str]:
    """Path -> HTML document, for every page."""
    nav = [NavItem(p.path, p.nav) for p in pages if p.nav]
    title = site_title if site_title is not None else _("Transformation plans report")
    out: dict[str, str] = {}
    for p in pages:
        out[p.path] = render(p.template, **p.context, title=p.title, site_title=title, nav=nav,
                             page_path=p.path, rel=lambda target, page=p.path: links.rel(target, page))
    return out


GENERATOR = '<meta name="generator" content="xplan">'


def write_site(out_dir: Path, documents: dict[str, str], files: dict[str, str] | None = None) -> list[Path]:
    """Write every document and the stylesheet under ``out_dir``, and ``files`` (the search box's
    index and script, ``site.extra["files"]``); returns the files written.

    A page an earlier run wrote that this run has not (a plan since removed, a narrower --org) is
    deleted, so that the folder holds one consistent site; a file xplan did not write (no xplan
    generator tag) is never touched."""
    written = []
    for rel_path, html in {**documents, links.STYLESHEET: stylesheet(), **(files or {})}.items():
        path = out_dir / rel_path
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, html)
        written.append(path)
    keep = {p.resolve() for p in written}
    for old in sorted(out_dir.rglob("*.html")):
        if old.resolve() in keep or not old.is_file() or old.is_symlink():
            continue
        try:
            with old.open(encoding="utf-8", errors="replace") as fh:
                head = fh.read(600)
        except OSError:
            continue
        if GENERATOR in head:
            old.unlink()
            if old.parent != out_dir and not any(old.parent.iterdir()):
                old.parent.rmdir()  # R6/ once its plans are gone
    return written


def make_site(plans_dir: Path, orgs: list[str] | None = None, years: list[str] | None = None,
              cfg: object = None, lint: bool = True, cache: object = None) -> tuple[SiteData, dict[str, str]]:
    """Load, select (every year unless ``years``), lint and render: the data and the documents.
    With a ``cache`` (xplan.plan.cache.Cache) unchanged plans are neither parsed nor linted again.

    Raises the library's usage errors (PathError, SelectionError, YearError, ConfigError)."""
    from xplan import config as config_mod
    from xplan.lint.engine import lint_paths
    from xplan.plan.catalog import load_catalog
    from xplan.plan.select import select
    from xplan.rollup.fields import load_vocabulary
    from xplan.views.common import require_plans

    config = cfg if isinstance(cfg, config_mod.Config) else config_mod.find()
    catalog = load_catalog(plans_dir, cache)  # type: ignore[arg-type]
    selection = select(catalog.plans, orgs=orgs, years=years, all_years=True)
    require_plans(selection)
    site = SiteData(selection, plans_dir, vocabulary=load_vocabulary(config),
                    unloaded=sorted({f.file for f in catalog.problems}))
    if lint:
        site.lint = lint_paths([plans_dir], config, cache=cache)  # type: ignore[arg-type]
    from xplan.report import search_data

    # 「関連する課題」 of each issue (over every plan that loaded), and the search box's files
    site.extra["related"] = search_data.related_lists(catalog.plans, selection.plans, catalog.digests, cache,
                                                      plans_dir)
    site.extra["files"] = search_data.files(selection.plans)  # written beside the pages by write_site
    return site, render_pages(build_pages(site))
