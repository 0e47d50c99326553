"""Japanese text lines up: in every tabulate table format every line of a table has the same
display width (wcwidth), and rich output never runs past the width it is given."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from wcwidth import wcswidth

from xplan.formats import render_text
from xplan.formats.document import tables_text
from xplan.formats.text import style
from xplan.plan.catalog import Catalog, load_catalog
from xplan.plan.select import select
from xplan.views import issues, matrix, orgs, schedule

PLANS = Path(__file__).resolve().parents[1] / "plans"
# tabulate formats that draw a rectangular table (the others are markup: html, latex, mediawiki, …).
# presto is left out: tabulate draws its rule one column longer than the rows, even for ASCII.
# plain and simple strip trailing spaces, so their lines are equal only when the last column is
# right-aligned, as 取組数 is in the issues table.
BOXED = ["plain", "simple", "github", "grid", "simple_grid", "rounded_grid", "heavy_grid", "mixed_grid",
         "double_grid", "fancy_grid", "outline", "simple_outline", "rounded_outline", "fancy_outline",
         "pipe", "orgtbl", "pretty", "psql", "rst"]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(PLANS)


def table_lines(text: str, title: str | None) -> list[str]:
    lines = [line for line in text.splitlines() if line]
    if title is not None:
        assert lines[0] == title
        lines = lines[1:]
    return lines


@pytest.mark.parametrize("fmt", BOXED)
def test_issue_table_rows_have_one_display_width(fmt: str, catalog: Catalog) -> None:
    rows = issues.rows(select(catalog.plans))
    assert any(wcswidth(r.title or "") != len(r.title or "") for r in rows)  # the titles are Japanese
    t = issues.table(rows)
    lines = table_lines(render_text(issues.output(rows), fmt), t.title)
    assert len(lines) >= len(rows)
    widths = {wcswidth(line) for line in lines}
    assert len(widths) == 1, f"{fmt}: lines of display widths {sorted(widths)}"


@pytest.mark.parametrize("fmt", ["grid", "fancy_grid", "rounded_outline", "psql"])
def test_multiline_cells_line_up(fmt: str, catalog: Catalog) -> None:
    """The matrix grid and the schedule have cells of several lines."""
    grid = matrix.build(select(catalog.plans, orgs=["小倉北区"]))[0]
    t = matrix.tables(grid)[0]
    lines = table_lines(tables_text([t], style(fmt)), t.title)
    assert len({wcswidth(line) for line in lines}) == 1
    plan = schedule.build(select(catalog.plans, orgs=["政策局"]))[0]
    t = schedule.table(plan)
    lines = table_lines(tables_text([t], style(fmt)), t.title)
    assert len({wcswidth(line) for line in lines}) == 1


def test_orgs_table_with_total_row_lines_up(catalog: Catalog) -> None:
    items = orgs.build(select(catalog.plans, all_years=True))
    lines = table_lines(render_text(orgs.output(items), "grid"), orgs.table(items).title)
    assert len({wcswidth(line) for line in lines}) == 1


BOX_LEFT = tuple("┏┃┡│├└┌╭")
BOX_RIGHT = tuple("┓┃┩│┤┘┐╮")


def rendered(parts: list[object], width: int) -> list[str]:
    from rich.console import Console

    buf = io.StringIO()
    console = Console(file=buf, width=width, no_color=True, force_terminal=False)
    for p in parts:
        console.print(p)
    return buf.getvalue().splitlines()


@pytest.mark.parametrize("width", [80, 100, 140])
def test_rich_tables_are_not_cropped(width: int, catalog: Catalog) -> None:
    """Long titles wrap inside their column: every table line still ends with its right border."""
    sel = select(catalog.plans)
    one = select(catalog.plans, orgs=["総務市民局"])
    parts = [*matrix.renderables(matrix.build(sel)), *schedule.renderables(schedule.build(one)),
             *issues.renderables(issues.rows(sel))]
    lines = [line.rstrip() for line in rendered(parts, width)]
    table_lines = [line for line in lines if line.startswith(BOX_LEFT)]
    assert len(table_lines) > 50  # matrix and schedule (issues has no frame: test_line_breaking)
    assert all(wcswidth(line) <= width for line in lines)
    cropped = [line for line in table_lines if not line.endswith(BOX_RIGHT)]
    assert cropped == []


def test_long_titles_wrap_rather_than_vanish(catalog: Catalog) -> None:
    """At 80 columns the longest title is spread over several lines of its cell, all of it kept."""
    sel = select(catalog.plans, orgs=["総務市民局"])
    title = "地域の拠点として多世代が利用しやすいサステナブルな市民センターに向けた環境整備"  # B4
    lines = rendered(issues.renderables(issues.rows(sel)), 80)
    header = next(line for line in lines if "課題名" in line)

    def column(line: str, start: int, end: int) -> str:
        """The characters of ``line`` between two display columns."""
        out, col = "", 0
        for ch in line:
            if start <= col < end:
                out += ch
            col += wcswidth(ch)
        return out.strip()

    start_col = wcswidth(header[:header.index("課題名")])
    end_col = wcswidth(header[:header.index("評価")])
    first = next(i for i, line in enumerate(lines) if line.startswith("B4"))
    cells = [column(lines[first], start_col, end_col)]
    for line in lines[first + 1:]:
        if line[:1].strip():  # the next issue's row starts at the left edge
            break
        cells.append(column(line, start_col, end_col))
    assert len([c for c in cells if c]) > 1
    assert "".join(cells) == title


@pytest.mark.parametrize("width", [80, 100])
def test_organisation_names_are_never_cut(width: int, catalog: Catalog) -> None:
    """In a frame the organisations table was 88 columns wide, and at 80 rich cut every name to 政…;
    it now has rollup's frameless layout: every name whole, every line within the width."""
    items = orgs.build(select(catalog.plans, all_years=True))
    lines = rendered(orgs.renderables(items), width)
    assert all(wcswidth(line) <= width for line in lines)
    assert not any("…" in line for line in lines)
    for item in items:
        assert any(line.startswith(f"{item.org} ") for line in lines), item.org
