"""``xplan status``: per organisation, who still has to write what — for the transformation office
before the December meeting and at year end.

One row per organisation known in the plans directory: whether it has a plan of the year, that
plan's lint errors and warnings, the marks left (``【要記入】``, rule P373, and ``# xplan: 要確認``,
rule P391), the ⑥ progress entries due
at the date and how many are written, and how many issues have their ⑦⑧ review written. A total row
sums them. ``outstanding`` is what is due and not written: the ⑥ entries of the date (counted as
``xplan checkpoint`` adds them: per action, or per issue where the document reports per issue) and,
from the last month of the fiscal year (March), each issue's ⑦⑧.

An entry counts as written when it is there and none of its items is still marked ``【要記入】``: the
entries ``xplan checkpoint`` adds count as due and not written until someone fills them in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xplan.cycle.checkpoint import units
from xplan.i18n import _
from xplan.output.tables import Table
from xplan.output.view import Section, ViewOutput
from xplan.plan.model import TO_FILL, Plan, blocks, plain_lines
from xplan.plan.orgs import org_key
from xplan.plan.years import month_in_year, western

COUNTS = ("errors", "warnings", "to_fill", "progress_due", "progress_written", "retro_issues", "retro_written")


@dataclass
class Row:
    org: str
    kind: str
    path: str | None = None           # the plan of the year; None: the organisation has none
    errors: int = 0
    warnings: int = 0
    to_fill: int = 0                  # marks left: 【要記入】 (P373) and `# xplan: 要確認` (P391)
    progress_due: int = 0             # ⑥ entries due at the date
    progress_written: int = 0
    retro_issues: int = 0             # issues of the plan, each with a ⑦⑧ to write at year end
    retro_written: int = 0            # issues whose ⑦ and ⑧ are both written
    retro_due: bool = False           # ⑦⑧ are due: the date is in the year's last month or later

    @property
    def has_plan(self) -> bool:
        return self.path is not None

    @property
    def outstanding(self) -> int:
        """What is due and not written."""
        retro = self.retro_issues - self.retro_written if self.retro_due else 0
        return self.progress_due - self.progress_written + retro


@dataclass
class Status:
    year: str
    as_of: str
    rows: list[Row] = field(default_factory=list)

    @property
    def plans(self) -> int:
        return sum(r.has_plan for r in self.rows)

    def total(self) -> Row:
        t = Row(_("Total"), "")
        for r in self.rows:
            for name in COUNTS:
                setattr(t, name, getattr(t, name) + getattr(r, name))
        t.retro_due = any(r.retro_due for r in self.rows)
        return t

    @property
    def outstanding(self) -> int:
        return sum(r.outstanding for r in self.rows)


def written(items: Any) -> bool:
    """Whether a ⑥/⑦/⑧ text is written: there, and no item still marked 【要記入】."""
    lines = plain_lines(blocks(items) or [])
    return bool(lines) and not any(line.strip().startswith(TO_FILL) for line in lines)


def progress_counts(plan: Plan, as_of: str) -> tuple[int, int]:
    """(due, written): the ⑥ entries of the date, counted as checkpoint adds them, and those written."""
    due = done = 0
    raws = [i for i in plan.raw.get("issues") or [] if isinstance(i, dict)]
    for issue, raw in zip(plan.issues, raws):
        entries = [c for c in raw.get("progress") or [] if isinstance(c, dict) and str(c.get("as_of", ""))[:7] == as_of]
        for unit in units(issue, raw):
            due += 1
            done += any(("action" not in c or c.get("action") == unit.action) and written(c.get("items"))
                        for c in entries)
    return due, done


def retro_counts(plan: Plan) -> tuple[int, int]:
    """(issues, written): every issue, and those whose ⑦ and ⑧ are both written."""
    raws = [i for i in plan.raw.get("issues") or [] if isinstance(i, dict)]
    done = 0
    for raw in raws:
        retro = raw.get("retrospective")
        done += isinstance(retro, dict) and written(retro.get("achieved")) and written(retro.get("fell_short"))
    return len(raws), done


def year_end(year: str) -> str:
    """The last month of a fiscal year: R7 -> 2026-03."""
    return f"{western(year) + 1:04d}-03"


def build(plans_root: Path, year: str, as_of: str, cfg: Any = None, cache: Any = None) -> Status:
    """The status of every organisation of the plans directory for ``year`` at ``as_of`` (YYYY-MM).

    Raises SelectionError when two files hold one organisation's plan of the year (X401)."""
    from xplan.lint.engine import lint_paths
    from xplan.plan.catalog import load_catalog
    from xplan.plan.select import check_duplicates

    cat = load_catalog(plans_root)
    mine = [p for p in cat.plans if p.fiscal_year == year]
    check_duplicates(cat.plans, mine)
    findings = lint_paths([Path(p.path) for p in mine], cfg, cross_file=False, cache=cache).findings if mine else []
    return build_from(cat.plans, year, as_of, findings)


def build_from(plans: list[Plan], year: str, as_of: str, findings: list[Any]) -> Status:
    """The status from plans already loaded (full plans, not summaries) and lint findings (for the
    report, which has both): every organisation among ``plans``, its plan of ``year`` if any."""
    kinds: dict[str, str] = {}
    for p in plans:
        kinds.setdefault(p.org.name, p.org.kind)
    by_file: dict[str, list[Any]] = {}
    for f in findings:
        by_file.setdefault(str(Path(f.file).resolve()), []).append(f)
    in_year = bool(month_in_year(year, as_of))
    by_org = {p.org.name: p for p in plans if p.fiscal_year == year}
    status = Status(year, as_of)
    for name in sorted(kinds, key=lambda n: org_key(n, kinds[n])):
        row = Row(name, kinds[name])
        plan = by_org.get(name)
        if plan is not None:
            row.path = plan.path
            found = by_file.get(str(Path(plan.path).resolve()), [])
            row.errors = sum(f.severity == "error" for f in found)
            row.warnings = sum(f.severity == "warning" for f in found)
            row.to_fill = sum(f.code in ("P373", "P391") for f in found)
            if in_year:
                row.progress_due, row.progress_written = progress_counts(plan, as_of)
            row.retro_issues, row.retro_written = retro_counts(plan)
            row.retro_due = as_of >= year_end(year)
        status.rows.append(row)
    return status


def default_date(year: str | None, today: str) -> tuple[str, str]:
    """The year and month a status is read for: the year given (else the one ``today`` falls in) and
    today's month, brought within that year (a past year is read at its end, a future one at its start)."""
    from xplan.cycle.checkpoint import year_of

    the_year = year or year_of(today)
    first = f"{western(the_year):04d}-04"
    return the_year, min(max(today, first), year_end(the_year))


def for_report(plans: list[Plan], lint: Any, today: str) -> Status | None:
    """The status table of the report's index: the year this month falls in if a plan of it is
    there, else the latest year; as of this month, brought within that year. None without plans."""
    from xplan.cycle.checkpoint import year_of
    from xplan.plan.years import year_sort_key

    years = sorted({p.fiscal_year for p in plans}, key=year_sort_key)
    if not years:
        return None
    year = year_of(today) if year_of(today) in years else years[-1]
    year, as_of = default_date(year, today)
    return build_from(plans, year, as_of, lint.findings if lint is not None else [])


# -- output -----------------------------------------------------------------------------------

def title(status: Status) -> str:
    return _("Who still has to write what: {year} as of {date}").format(year=status.year, date=status.as_of)


def headers() -> list[str]:
    # short in English too: nine columns fit 80 with the organisation's name on one line
    return [_("Organisation"), _("Plan"), _("Errors"), _("Warn."), _("To fill"), _("⑥ due"), _("⑥ done"),
            _("⑦⑧ due"), _("⑦⑧ done")]


def _cells(row: Row, blank: str = "—") -> list[Any]:
    if not row.has_plan:  # no plan: no count, never 0 (csv/tsv: an empty cell, as rollup's)
        return [row.org, _("none"), *[blank] * 7]
    return [row.org, _("yes"), row.errors, row.warnings, row.to_fill, row.progress_due,
            row.progress_written, row.retro_issues, row.retro_written]


def table(status: Status, blank: str = "—") -> Table:
    t = status.total()
    total = [t.org, f"{status.plans}/{len(status.rows)}", t.errors, t.warnings, t.to_fill, t.progress_due,
             t.progress_written, t.retro_issues, t.retro_written]
    return Table(headers(), [_cells(r, blank) for r in status.rows], title=title(status), footer=[total],
                 justify=dict.fromkeys(range(2, 9), "right"))


def notes(status: Status) -> list[str]:
    out = []
    if not month_in_year(status.year, status.as_of):
        out.append(_("{date} is not in {year}: no ⑥ entry is due").format(date=status.as_of, year=status.year))
    if status.outstanding:
        out.append(_("{n} due and not yet written").format(n=status.outstanding))
    else:
        out.append(_("nothing due is left to write"))
    return out


def _row_json(row: Row) -> dict[str, Any]:
    if not row.has_plan:
        return {"org": row.org, "kind": row.kind, "plan": None}
    return {"org": row.org, "kind": row.kind, "plan": row.path, "errors": row.errors, "warnings": row.warnings,
            "to_fill": row.to_fill, "progress": {"due": row.progress_due, "written": row.progress_written},
            "retrospective": {"issues": row.retro_issues, "written": row.retro_written, "due": row.retro_due},
            "outstanding": row.outstanding}


def to_json(status: Status) -> dict[str, Any]:
    t = status.total()
    total = {"plans": status.plans, "orgs": len(status.rows), "errors": t.errors, "warnings": t.warnings,
             "to_fill": t.to_fill, "progress": {"due": t.progress_due, "written": t.progress_written},
             "retrospective": {"issues": t.retro_issues, "written": t.retro_written, "due": t.retro_due},
             "outstanding": status.outstanding}
    return {"version": 1, "year": status.year, "as_of": status.as_of,
            "orgs": [_row_json(r) for r in status.rows], "total": total}


def output(status: Status) -> ViewOutput:
    """For every format (xplan.formats); a spreadsheet's cell for a count without a plan is empty."""
    return ViewOutput("status", _("Status"), lambda: renderables(status), lambda: to_json(status),
                      lambda: [Section([table(status)], notes=notes(status))], lambda: table(status, blank=""))


def renderables(status: Status) -> list[Any]:
    from rich.text import Text

    from xplan.output.tables import to_rich

    out: list[Any] = [to_rich(table(status), compact=True)]
    style = "yellow" if status.outstanding else "green"
    out += [Text(n, style=style) for n in notes(status)]
    return out

