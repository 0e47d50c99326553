"""``xplan rollup`` (issues grouped across organisations) and ``xplan fields`` (the policy
fields found, for curating the ``[tool.xplan.fields]`` vocabulary)."""

from __future__ import annotations

from typing import Any

import typer

from xplan.commands.common import (
    Given,
    UsageError,
    emit,
    load_context,
    table_command,
)
from xplan.i18n import N_, _
from xplan.output.view import Options

BY_HELP = N_("Group by: field (policy field), domain, org, quadrant (impact/urgency), theme or year.")
ISSUES_HELP = N_("Also list each group's issues (organisation, year, code, title); with csv/tsv, only that list.")
YEARS_HELP = N_("Years side by side with the change between them: R6..R8, R6,R8 or all.")


def rollup_data(plans: list[Any], by: str = "field", orgs: list[str] | None = None,
                years: list[str] | None = None, domains: list[str] | None = None,
                fields: list[str] | None = None, all_years: bool = False, year_range: str | None = None,
                vocabulary: Any = None) -> Any:
    """The Rollup, or with ``year_range`` the Period, for a selection. ``vocabulary`` is anything
    ``fields.load_vocabulary`` takes; None means no vocabulary (the command passes the config's)."""
    from xplan.plan.select import select
    from xplan.plan.years import parse_year_range
    from xplan.rollup.fields import load_vocabulary
    from xplan.rollup.groups import period, rollup

    vocab = load_vocabulary(vocabulary if vocabulary is not None else {})
    if year_range is None:
        return rollup(select(plans, orgs, years, domains, fields, all_years, field_key=vocab.key).issues, by, vocab)
    if years:
        raise UsageError(_("--year cannot be combined with --years; give the years to --years alone"))
    wanted = parse_year_range(year_range)
    sel = select(plans, orgs, wanted, domains, fields, all_years=True, field_key=vocab.key)
    return period(sel.plans, sel.issues, wanted, by, vocab)


def fields_data(plans: list[Any], orgs: list[str] | None = None, years: list[str] | None = None,
                domains: list[str] | None = None, all_years: bool = False, vocabulary: Any = None,
                similarity: float | None = None, fields: list[str] | None = None) -> tuple[list[Any], int]:
    """The fields found in a selection, after the vocabulary, and the count without a field."""
    from xplan.plan.select import select
    from xplan.rollup.fields import SIMILARITY, field_counts, load_vocabulary

    if similarity is not None and not 0 < similarity <= 1:
        raise UsageError(_("--similarity {value}: give a number above 0 and at most 1").format(value=similarity))
    vocab = load_vocabulary(vocabulary if vocabulary is not None else {})
    sel = select(plans, orgs, years, domains, fields, all_years, field_key=vocab.key)
    return field_counts(sel.issues, vocab, SIMILARITY if similarity is None else similarity)


def register(app: typer.Typer) -> None:
    @table_command(app, "rollup", N_("Roll issues up across organisations: counts per group with domains, quadrants and "
                   "organisations, and a total row that always equals the issues selected."))
    def rollup_cmd(
        by: str = typer.Option("field", "--by", "-b", help=BY_HELP),
        issues: bool = typer.Option(False, "--issues", "-i", help=ISSUES_HELP),
        years: str | None = typer.Option(None, "--years", help=YEARS_HELP),
        *, given: Given, options: Options,
    ) -> None:
        from xplan.rollup.groups import check_by
        from xplan.rollup.output import rollup_output

        check_by(by)  # before the plans are read
        loaded, vocab = load_context(given.plans, given.config, given.no_cache, summary=True)
        result = rollup_data(loaded, by, given.org, given.year, given.domain, given.field, given.all_years, years, vocab)
        emit(rollup_output(result, issues), options)

    @table_command(app, "fields", N_("List the policy fields found, with counts and spellings, and flag similar names, so that "
                   "the \\[tool.xplan.fields] vocabulary can be curated."))
    def fields_cmd(
        similarity: float | None = typer.Option(None, "--similarity", help=N_("difflib ratio (0–1] from which two "
                                                "field names are flagged as similar (default 0.7).")),
        *, given: Given, options: Options,
    ) -> None:
        from xplan.rollup.output import fields_output

        loaded, vocab = load_context(given.plans, given.config, given.no_cache, summary=True)
        counts, unset = fields_data(loaded, given.org, given.year, given.domain, given.all_years, vocab, similarity,
                                    given.field)
        emit(fields_output(counts, unset), options)
