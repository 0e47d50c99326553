"""``xplan search`` (full text across plans) and ``xplan related`` (similar issues): thin wrappers
over ``xplan.search``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from xplan.commands.common import (AllOpt, BomOpt, DomainOpt, ExportOpt, FieldOpt, FormatOpt, NoCacheOpt, OrgOpt,
                                   OutputOpt, PlansOpt, QuietOpt, WidthOpt, YearOpt, check_output_options, emit,
                                   load_plans, open_cache, usage_errors)
from xplan.i18n import N_


def indexed(plans: Path | None, org: list[str] | None, year: list[str] | None, domain: list[str] | None,
            field: list[str] | None, all_years: bool, no_cache: bool) -> tuple[Any, list[tuple[int, Any]], Any]:
    """The search index of the plans directory, the selected plans with their ids in it, and the
    selection (whose issues narrow the search when --domain or --field is given)."""
    from xplan import config
    from xplan.plan.select import select
    from xplan.search.store import open_index

    cfg = config.find()
    root = plans or cfg.plans_dir()
    cache = open_cache(root, no_cache, cfg)
    cat = load_plans(root, no_cache, cfg, summary=True)
    field_key = None
    if cfg.fields:
        from xplan.rollup.fields import Vocabulary

        field_key = Vocabulary(cfg.fields).key
    sel = select(cat.plans, orgs=org, years=year, domains=domain, fields=field, all_years=all_years,
                 field_key=field_key)
    store, by_id = open_index(cat.plans, cat.digests, cache, root)
    ids = {id(p): pid for pid, p in by_id.items()}
    chosen = [(ids[id(p)], p) for p in sel.plans if id(p) in ids]
    return store, chosen, sel


def register(app: typer.Typer) -> None:
    # -word excludes a word: with ignore_unknown_options `xplan search DX -AI` passes -AI on as a
    # word (one that clashes with an option, such as -q…, needs `--` or quotes: `xplan search 'DX -q'`)
    @app.command("search", context_settings={"ignore_unknown_options": True}, help=N_("Find words in every text of the selected plans (titles, ②–④, actions, quarter "
                                   "cells, ⑥, ⑦⑧, mission, review), ranked by relevance."))
    def search_command(
        query: list[str] = typer.Argument(..., metavar="QUERY...",
                                          help=N_("Words that must all occur; \"…\" for a phrase, -word to leave "
                                                  "out what contains it. Compared after NFKC (ＡＩ = AI).")),
        org: list[str] | None = OrgOpt, year: list[str] | None = YearOpt, domain: list[str] | None = DomainOpt,
        field: list[str] | None = FieldOpt, all_years: bool = AllOpt, plans: Path | None = PlansOpt,
        section: list[str] | None = typer.Option(None, "--section", metavar="SECTION",
                                                 help=N_("Only these sections: title, content (②), background (③), "
                                                         "outcomes (④), actions (⑤), schedule, progress (⑥), "
                                                         "retrospective (⑦⑧), mission, basic_info, review; "
                                                         "repeatable.")),
        count: bool = typer.Option(False, "--count", help=N_("Count matching issues and hits per organisation "
                                                             "and year instead of listing the hits.")),
        fmt: str = FormatOpt, output: Path | None = OutputOpt, export: Path | None = ExportOpt,
        width: int | None = WidthOpt, bom: bool = BomOpt, quiet: bool = QuietOpt,
        no_cache: bool = NoCacheOpt,
    ) -> None:
        from xplan.search import output as out
        from xplan.search.query import parse, parse_sections, search

        with usage_errors():
            check_output_options(fmt, export=export, bom=bom, output=output)
            parse(query)  # a bad query is a usage error before any plan is read
            sections = parse_sections(section)
            store, chosen, sel = indexed(plans, org, year, domain, field, all_years, no_cache)
            issues = None
            if domain or field:
                pids = {id(p): pid for pid, p in chosen}
                issues = {(pids[id(p)], i.code) for p, i in sel.issues if id(p) in pids}
            result = search(store, chosen, query, issues=issues, sections=sections)
            store.close()
            emit(fmt, lambda: out.renderables(result, count), lambda: out.text(result, fmt, bom, count),
                 export, width, output, quiet, bom, html=lambda: _document(out.html_fragment(result, count)))


def _document(fragment: str) -> str:
    from xplan.report.documents import fragment_document

    return fragment_document(fragment, "search")
