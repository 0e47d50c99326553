"""What ``xplan rollup`` and ``xplan fields`` write, for every output format (xplan.formats)."""

from __future__ import annotations

from typing import Any

from xplan.i18n import _
from xplan.output.tables import Table, to_rich
from xplan.output.view import Section, ViewOutput
from xplan.rollup.fields import FieldCount, fields_table
from xplan.rollup.groups import Period, Rollup, issues_table, period_table, rich_table, summary_table


def tables(result: Rollup | Period, show_issues: bool, plain: bool = False) -> list[Table]:
    """The tables of a rollup; ``plain`` numbers (no −, ±0 or —) for spreadsheets."""
    main = period_table(result, plain) if isinstance(result, Period) else summary_table(result)
    return [main, issues_table(result)] if show_issues else [main]


def rich_tables(result: Rollup | Period, show_issues: bool) -> list[Any]:
    """The rollup for the terminal: the summary without columns that say nothing, names wrapped."""
    parts = tables(result, show_issues)
    main = to_rich(parts[0], compact=True) if isinstance(result, Period) else rich_table(parts[0], result.by)
    return [main, *(to_rich(t, compact=True) for t in parts[1:])]


def rollup_output(result: Rollup | Period, show_issues: bool = False) -> ViewOutput:
    """A rollup's JSON always carries each group's issues; a spreadsheet (csv, tsv, xlsx) gets one
    table: with --issues only the one-row-per-issue list."""
    return ViewOutput("rollup", _("Rollup"), lambda: rich_tables(result, show_issues), result.to_json,
                      lambda: [Section(tables(result, show_issues))],
                      lambda: tables(result, show_issues, plain=True)[-1])


def fields_json(counts: list[FieldCount], unset: int) -> dict[str, Any]:
    return {"version": 1,
            "fields": [{"name": f.name, "count": f.count, "spellings": dict(f.spellings),
                        "in_vocabulary": f.in_vocabulary, "orgs": f.orgs, "years": f.years,
                        "plans": [{"org": org, "year": year, "count": n} for (org, year), n in f.plans.items()],
                        "similar": f.similar} for f in counts],
            "unset": {"name": None, "count": unset},
            "total": sum(f.count for f in counts) + unset}


def fields_output(counts: list[FieldCount], unset: int) -> ViewOutput:
    table = fields_table(counts, unset)
    return ViewOutput("fields", _("Field"), lambda: [to_rich(table, compact=True)], lambda: fields_json(counts, unset),
                      lambda: [Section([table])], lambda: table)
