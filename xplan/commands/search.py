"""``xplan search`` (full text across plans) and ``xplan related`` (similar issues): thin wrappers
over ``xplan.search``."""

from __future__ import annotations

from typing import Any

import typer

from xplan.commands.common import Given, emit, table_command
from xplan.i18n import N_
from xplan.output.view import Options


def indexed(given: Given, whole: bool = False) -> tuple[Any, list[tuple[int, Any]], Any, list[tuple[int, Any]]]:
    """The search index of the plans directory, the selected plans with their ids in it, the
    selection (whose issues narrow the search when --domain or --field is given), and every plan
    with its id (the candidates of `related`: all organisations, all years). ``whole``: only
    --org and --year select (related's one issue).

    Plans are selected by organisation and year from what the index keeps of them (neither parsed
    nor read from the cache when their content is indexed); --domain and --field select issues,
    so they read the plans' summaries as the table views do."""
    from xplan import config
    from xplan.commands.common import load_plans, open_cache
    from xplan.plan.select import select
    from xplan.search.store import open_index, open_store

    cfg = config.load(given.config)
    root = given.plans or cfg.plans_dir()
    cache = open_cache(root, given.no_cache, cfg)
    by_issue = not whole and bool(given.domain or given.field)
    store = open_store(cache) if cache is not None else None
    try:
        cat = load_plans(root, given.no_cache, cfg, summary=True, cache=cache,
                         known=store.known() if store is not None and not by_issue else None)
        field_key = None
        if cfg.fields and not whole:
            from xplan.rollup.fields import Vocabulary

            field_key = Vocabulary(cfg.fields).key
        sel = select(cat.plans, orgs=given.org, years=given.year, domains=None if whole else given.domain,
                     fields=None if whole else given.field, all_years=False if whole else given.all_years,
                     field_key=field_key)
        store, by_id = open_index(cat.plans, cat.digests, cache, root, store)
    except BaseException:
        if store is not None:
            store.close()
        raise
    ids = {id(p): pid for pid, p in by_id.items()}
    chosen = [(ids[id(p)], p) for p in sel.plans if id(p) in ids]
    return store, chosen, sel, sorted(by_id.items())


def _html(fragment: str, title: str) -> str:
    from xplan.report.documents import document

    return document(title, fragment, "search")


def register(app: typer.Typer) -> None:
    from xplan.commands.words import WordsCommand

    @table_command(app, "search", cls=WordsCommand,
                   help=N_("Find words in every text of the selected plans (titles, ②–④, actions, quarter "
                           "cells, ⑥, ⑦⑧, mission, review), ranked by relevance."))
    def search_command(
        query: list[str] = typer.Argument(..., metavar="QUERY...",
                                          help=N_("Words that must all occur; \"…\" for a phrase, -word to leave "
                                                  "out what contains it. Compared after NFKC (ＡＩ = AI).")),
        section: list[str] | None = typer.Option(None, "--section", metavar="SECTION",
                                                 help=N_("Only these sections: title, content (②), background (③), "
                                                         "outcomes (④), actions (⑤), schedule, progress (⑥), "
                                                         "retrospective (⑦⑧), mission, basic_info, review; "
                                                         "repeatable.")),
        count: bool = typer.Option(False, "--count", help=N_("Count matching issues and hits per organisation "
                                                             "and year instead of listing the hits.")),
        limit: int = typer.Option(100, "-n", "--limit", min=0, metavar="N",
                                  help=N_("How many hits to list, best first (0: all); the total is given "
                                          "too.")),
        *, given: Given, options: Options,
    ) -> None:
        from xplan.search import output as out
        from xplan.search.query import parse, parse_sections, search

        parse(query)  # a bad query is a usage error before any plan is read
        sections = parse_sections(section)
        store, chosen, sel, _every = indexed(given)
        issues = None
        if given.domain or given.field:
            pids = {id(p): pid for pid, p in chosen}
            issues = {(pids[id(p)], i.code) for p, i in sel.issues if id(p) in pids}
        try:
            # --count builds no snippet; otherwise only the hits listed get one
            result = search(store, chosen, query, issues=issues, sections=sections,
                            limit=0 if count else (limit or None))
        finally:
            store.close()
        title = out.title(result, count)
        emit(out.output(result, count, {"html": lambda: _html(out.html_fragment(result, count), title)}), options)

    @table_command(app, "related", N_("The issues of other organisations (and other years) most like one issue, with "
                                      "the words they share; --all-pairs: every pair of issues of different "
                                      "organisations above a threshold."))
    def related_command(
        issue: str | None = typer.Argument(None, help=N_("An issue: A1, a1, Ａ１, A(1), A（1） or 課題A（1）.")),
        limit: int = typer.Option(5, "-n", "--limit", min=1, metavar="N", help=N_("How many issues to list.")),
        all_pairs: bool = typer.Option(False, "--all-pairs", help=N_("Every pair of issues of different "
                                                                      "organisations in the selected plans whose "
                                                                      "score reaches --threshold.")),
        threshold: float = typer.Option(0.2, "--threshold", min=0.0, max=1.0, metavar="SCORE",
                                        help=N_("Lowest score (cosine, 0–1) of a pair for --all-pairs.")),
        *, given: Given, options: Options,
    ) -> None:
        from xplan.commands.common import UsageError
        from xplan.i18n import _
        from xplan.search import output as out
        from xplan.search import related as rel

        if all_pairs:
            if issue is not None:
                raise UsageError(_("--all-pairs compares every issue; give no ISSUE with it"))
            try:
                import numpy  # noqa: F401
                import scipy  # type: ignore[import-untyped]  # noqa: F401
            except ImportError:
                raise UsageError(_("--all-pairs needs NumPy and SciPy: pip install 'xplan[related]'")) from None
            store, chosen, sel, _every = indexed(given)
            try:
                matches = rel.all_pairs(rel.Corpus(store, chosen), threshold)
            finally:
                store.close()
            if given.domain or given.field:
                wanted = {(id(p), i.code) for p, i in sel.issues}
                matches = [m for m in matches if (id(m.issue.plan), m.issue.code) in wanted
                           and (id(m.other.plan), m.other.code) in wanted]
            table = out.pairs_table(threshold, matches)
            data = out.pairs_json(threshold, matches)
        else:
            from xplan.views.common import parse_issue_ref

            if not given.org or issue is None:
                raise UsageError(_("name the issue: xplan related --org ORG ISSUE (or --all-pairs)"))
            code = parse_issue_ref(issue)
            store, _chosen, sel, everything = indexed(given, whole=True)
            try:
                corpus = rel.Corpus(store, everything)
                pids = {id(p): pid for pid, p in everything}
                plan = sel.plans[0]
                i = corpus.find(pids.get(id(plan), -1), code)
                if i is None:
                    raise UsageError(_("{plan} has no issue {code}").format(
                        plan=f"{plan.org.name} {plan.fiscal_year}", code=code))
                me = corpus.refs[i]
                matches = rel.related(corpus, me.pid, me.code, limit)
            finally:
                store.close()
            table = out.related_table(me, matches)
            data = out.related_json(me, matches)
        emit(out.related_output(table, data), options)
