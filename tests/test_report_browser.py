"""The report in a real browser: Chromium (Debian's package) through Playwright for Python.

The site is built from the real plans in ``plans/`` once per module; every page is visited once at
1280×800 and what the tests need is recorded (console errors, failed requests, links, ids, widths).
"""

from __future__ import annotations

import io
import itertools
import json
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from browser import browser_context, in_ci, missing
from conftest import PLANS, ROOT

from xplan.report.site import make_site, write_site

A4_POINTS = (595.28, 841.89)  # 210 × 297 mm


# Every test runs twice: with JavaScript (the search box) and without it (issue 27: the site must
# work as before without JavaScript, the search box then hidden).
@pytest.fixture(scope="module", params=[True, False], ids=["js", "no-js"])
def browser(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    why = missing()
    if why is not None:
        if in_ci():  # .ci/run installs chromium and the fonts: a skip there would hide a failure
            pytest.fail(f"browser tests cannot run in CI: {why}")
        pytest.skip(why)
    with browser_context(java_script_enabled=request.param) as ctx:
        ctx.xplan_js = request.param
        yield ctx


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    site, docs = make_site(PLANS)
    write_site(out, docs, files=site.extra["files"])
    return out


@dataclass
class Visit:
    path: str
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    scroll_width: int = 0
    client_width: int = 0


@pytest.fixture(scope="module")
def visits(browser, site_dir: Path) -> dict[str, Visit]:  # type: ignore[no-untyped-def]
    out: dict[str, Visit] = {}
    page = browser.new_page()
    current: list[Visit] = []
    page.on("console", lambda m: current[-1].console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: current[-1].console_errors.append(str(e)))
    page.on("requestfailed", lambda r: current[-1].failed.append(r.url))
    page.on("response", lambda r: current[-1].failed.append(r.url) if r.status >= 400 else None)
    for file in sorted(site_dir.rglob("*.html")):
        rel = file.relative_to(site_dir).as_posix()
        v = Visit(rel)
        current.append(v)
        page.goto(file.as_uri())
        page.wait_for_load_state("load")
        v.links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        v.ids = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        v.scroll_width, v.client_width = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        out[rel] = v
    page.close()
    return out


def test_every_page_loads_without_errors(visits: dict[str, Visit]) -> None:
    assert len(visits) >= 11
    for v in visits.values():
        assert v.console_errors == [], v.path
        assert v.failed == [], v.path


def test_every_internal_link_and_anchor_resolves(visits: dict[str, Visit], site_dir: Path) -> None:
    checked = 0
    for v in visits.values():
        for href in v.links:
            url = urlsplit(href)
            assert url.scheme == "file", f"{v.path}: link leaves the site: {href}"
            target = Path(unquote(url.path))
            assert target.is_file(), f"{v.path}: broken link {href}"
            rel = target.relative_to(site_dir).as_posix()
            if url.fragment:
                assert unquote(url.fragment) in visits[rel].ids, f"{v.path}: no #{url.fragment} on {rel}"
            checked += 1
    assert checked > 200


def test_no_page_scrolls_sideways_at_1280(visits: dict[str, Visit]) -> None:
    for v in visits.values():
        assert v.client_width == 1280 or v.client_width > 1200, v.path  # minus a scroll bar, if any
        assert v.scroll_width <= v.client_width, f"{v.path} is {v.scroll_width}px wide"


def test_index_counts_equal_xplan_issues(browser, site_dir: Path) -> None:  # type: ignore[no-untyped-def]
    out = subprocess.run([sys.executable, "-m", "xplan", "issues", "--all", "-F", "json"],
                         capture_output=True, text=True, cwd=ROOT, check=True).stdout
    expected = Counter((i["org"], i["year"], i["domain"]) for i in json.loads(out)["issues"])
    page = browser.new_page()
    page.goto((site_dir / "index.html").as_uri())
    shown = page.eval_on_selector_all("td.plan-cell li[data-domain]", """els => els.map(e => [
        e.closest('td').dataset.org, e.closest('td').dataset.year, e.dataset.domain, e.textContent])""")
    page.close()
    got = Counter()
    for org, year, domain, text in shown:
        n = int(re.sub(r"\D", "", text))
        if n:
            got[(org, year, domain)] = n
    assert got == expected
    assert sum(got.values()) == len(json.loads(out)["issues"]) > 50


def test_rollup_counts_open_lists_of_those_issues(browser, site_dir: Path) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto((site_dir / "rollup.html").as_uri())
    pairs = page.eval_on_selector_all("td.num a[href^='#']", """els => els.map(a => [a.textContent,
        document.getElementById(a.getAttribute('href').slice(1)).querySelectorAll('li').length])""")
    page.close()
    assert pairs and all(int(n) == count for n, count in pairs)


def _norm(text: str) -> str:
    """Text compared between the DOM and the PDF: NFKC (the PDF's text layer gives Kangxi radicals
    such as ⼿ for 手), without white space and middle dots (・ comes back as ‧, and the cells'
    bullets are generated by CSS)."""
    text = unicodedata.normalize("NFKC", text).replace("〜", "~")  # ～ (NFKC: ~) comes back as 〜
    return "".join(c for c in text if not c.isspace() and c not in "・‧·")


def _pattern(text: str) -> re.Pattern[str]:
    """A cell's text as found in the PDF: NFKC leaves the CJK Radicals Supplement alone (⻑ for
    長 comes back from the font's ToUnicode map), so an ideograph may also be one of those."""
    return re.compile("".join(f"(?:{re.escape(c)}|[\u2e80-\u2eff])" if "\u4e00" <= c <= "\u9fff"
                              else re.escape(c) for c in text))


@pytest.mark.parametrize("plan", ["R7/seisaku.html", "R7/somu-shimin.html", "R8/kokurakita.html"])
def test_plan_page_prints_on_a4_without_cutting_a_quarterly_row(browser, site_dir: Path, plan: str) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    page = browser.new_page()
    page.goto((site_dir / plan).as_uri())
    page.emulate_media(media="print")
    # the quarterly tables fit A4's printable width (210 mm less the 2 × 10 mm margins, at 96 px/in)
    page.set_viewport_size({"width": round(190 / 25.4 * 96), "height": 1000})
    overflow = page.eval_on_selector_all("table.schedule", """ts => ts.filter(t =>
        t.scrollWidth > t.parentElement.clientWidth + 1 || t.getBoundingClientRect().right >
        document.documentElement.clientWidth + 1).length""")
    assert overflow == 0
    rows = page.eval_on_selector_all("table.schedule tbody tr", """trs => trs.map(tr =>
        Array.from(tr.querySelectorAll('td, th')).map(c => c.innerText))""")
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    page.close()
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 3
    for p in reader.pages:
        w, h = float(p.mediabox.width), float(p.mediabox.height)
        assert abs(w - A4_POINTS[0]) < 2 and abs(h - A4_POINTS[1]) < 2, (w, h)
    texts = [_norm(p.extract_text()) for p in reader.pages]
    assert len(rows) >= 8
    for row in rows:
        cells = [_pattern(_norm(c)) for c in row if _norm(c)]
        if not cells:
            continue
        # a row cut across two pages would leave some cell's text split between them
        assert any(all(c.search(t) for c in cells) for t in texts), f"quarterly row split over pages: {row}"


def _split_rows(browser, css: str, texts: list[str]) -> list[int]:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    rows = "".join(f"<tr><th scope=row>{i}</th><td>{t}</td><td></td><td></td><td>{i}</td></tr>" for i, t in enumerate(texts))
    doc = (f'<!DOCTYPE html><html lang="ja"><meta charset="utf-8"><style>{css}</style>'
           f'<table class="schedule"><tbody>{rows}</tbody></table>')
    page = browser.new_page()
    page.set_content(doc)
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    page.close()
    pages = [_norm(p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]
    return [i for i, t in enumerate(texts) if not any(_pattern(_norm(t)).search(p) for p in pages)]


def test_the_print_stylesheet_keeps_long_rows_whole(browser) -> None:  # type: ignore[no-untyped-def]
    from xplan.report.render import stylesheet

    # rows tall enough that some must straddle a page boundary: Chromium cuts them without the
    # stylesheet (which also shows that the check above can see a cut row), and moves them whole with it
    texts = [f"取組{i}の内容です。" * 40 for i in range(30)]
    assert _split_rows(browser, "td { border: 1px solid }", texts) != []
    assert _split_rows(browser, stylesheet(), texts) == []


def test_markup_in_a_title_renders_as_text(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ruamel.yaml import YAML

    title = '<script>document.title="pwned"</script> & "quotes" \'too\' <b>bold?</b>'
    yaml = YAML()
    (tmp_path / "plans" / "R7").mkdir(parents=True)
    data = yaml.load((PLANS / "R7" / "seisaku.yaml").read_text(encoding="utf-8"))
    data["issues"][0]["title"] = title
    with (tmp_path / "plans" / "R7" / "seisaku.yaml").open("w", encoding="utf-8") as fh:
        yaml.dump(data, fh)
    site, docs = make_site(tmp_path / "plans")
    write_site(tmp_path / "site", docs, files=site.extra["files"])
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto((tmp_path / "site" / "R7" / "seisaku.html").as_uri())
    # no script but the search box's two files (the title is in the index as data, shown as text)
    assert page.evaluate("Array.from(document.scripts).map(s => s.getAttribute('src'))") == [
        "../search-index.js", "../search.js"]
    if browser.xplan_js:
        page.fill("#site-search-q", "pwned")
        page.wait_for_selector(".site-search-results a")
        assert title in page.inner_text(".site-search-results a")
        assert page.evaluate("document.querySelectorAll('.site-search-results b, .site-search-results script')"
                             ".length") == 0
    assert page.evaluate("document.querySelectorAll('main b').length") == 0
    assert "pwned" not in page.title()
    heading = page.inner_text("#A1-h")
    assert title in heading
    page.close()
    assert dialogs == []


def test_exported_svg_gives_japanese_its_display_width(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Each text run's glyphs fit the room rich gives them (no squeezing into overprint), and runs on
    one line do not run into each other (no drift)."""
    svg = tmp_path / "matrix.svg"
    subprocess.run([sys.executable, "-m", "xplan", "matrix", "--org", "政策局", "--plans", str(PLANS),
                    "--export", str(svg), "-q"], check=True, cwd=ROOT)
    page = browser.new_page()
    page.goto(svg.as_uri())
    runs = page.evaluate("""() => Array.from(document.querySelectorAll('text[textLength]')).map(t => {
        const given = parseFloat(t.getAttribute('textLength'));
        const box = t.getBBox();
        t.removeAttribute('textLength');
        const natural = t.getComputedTextLength();
        return {text: t.textContent, x: parseFloat(t.getAttribute('x')), y: t.getAttribute('y'),
                given, natural, right: box.x + box.width};
    })""")
    page.close()
    japanese = [r for r in runs if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", r["text"])]
    assert len(japanese) > 10
    for r in runs:
        assert r["natural"] <= r["given"] + 1, f"squeezed: {r['text']!r} needs {r['natural']:.1f}px, has {r['given']}"
    lines: dict[str, list[dict]] = {}
    for r in runs:
        lines.setdefault(r["y"], []).append(r)
    for line in lines.values():
        line.sort(key=lambda r: r["x"])
        for a, b in itertools.pairwise(line):
            assert a["x"] + a["given"] <= b["x"] + 0.5, f"{a['text']!r} runs into {b['text']!r}"


# -- charts (issue 29 item 2) ---------------------------------------------------------------------

def _json(*args: str) -> dict:  # type: ignore[type-arg]
    out = subprocess.run([sys.executable, "-m", "xplan", *args, "-F", "json"], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout
    return json.loads(out)


def _chart_numbers(browser, path: Path, chart_id: str) -> dict[str, dict[str, int]]:  # type: ignore[no-untyped-def]
    """Row label -> series -> the number drawn, read from the rendered SVG: every number text must be
    visible (a box with a size) and inside the SVG."""
    page = browser.new_page()
    page.goto(path.as_uri())
    rows = page.evaluate("""id => {
        const fig = document.getElementById(id);
        const svg = fig.querySelector('svg');
        const frame = svg.getBoundingClientRect();
        const out = {};
        for (const t of svg.querySelectorAll('text[data-value]')) {
            const box = t.getBoundingClientRect();
            if (box.width <= 0 || box.height <= 0 || box.right > frame.right + 1 || box.left < frame.left - 1)
                throw new Error('number not drawn inside the chart: ' + t.textContent);
            const row = t.closest('g.row') ? t.closest('g.row').dataset.row : '';
            (out[row] = out[row] || {})[t.dataset.series] = Number(t.textContent);
            if (String(Number(t.textContent)) !== t.dataset.value) throw new Error('label differs from data');
        }
        for (const l of svg.querySelectorAll('text.label')) {  // a label never runs into the bars
            const bar = l.parentElement.querySelector('rect');
            if (bar && l.getBoundingClientRect().right > bar.getBoundingClientRect().left + 0.5)
                throw new Error('label overlaps its bar: ' + l.textContent);
        }
        return out;
    }""", chart_id)
    page.close()
    return rows


def test_rollup_chart_numbers_equal_xplan_rollup(browser, site_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from xplan.rollup.fields import UNSET
    from xplan.rollup.groups import key_label

    drawn = _chart_numbers(browser, site_dir / "rollup.html", "chart-fields")
    groups = _json("rollup", "--by", "field")["groups"]
    assert set(drawn) == {key_label("field", g["key"] if g["key"] is not None else UNSET) for g in groups}
    for g in groups:
        row = drawn[key_label("field", g["key"] if g["key"] is not None else UNSET)]
        assert row.pop("total") == g["count"]
        assert all(g["domains"][d] == n for d, n in row.items()), g["key"]  # each segment number drawn
    assert sum(len(r) for r in drawn.values()) > 10


def test_index_chart_numbers_equal_xplan_issues(browser, site_dir: Path) -> None:  # type: ignore[no-untyped-def]
    issues = _json("issues", "--all")["issues"]
    drawn = _chart_numbers(browser, site_dir / "index.html", "chart-plans")
    expected = Counter(f"{i['org']} {i['year']}" for i in issues)
    assert {k: v["total"] for k, v in drawn.items()} == dict(expected)
    for label, row in drawn.items():
        for d, n in row.items():
            if d != "total":
                assert n == sum(1 for i in issues if f"{i['org']} {i['year']}" == label and i["domain"] == d)


def test_matrix_charts_equal_xplan_matrix(browser, site_dir: Path) -> None:  # type: ignore[no-untyped-def]
    for year in ("R6", "R7", "R8"):
        drawn = _chart_numbers(browser, site_dir / "matrix.html", f"chart-quadrants-{year}")[""]
        plans = _json("matrix", "--combined", "--year", year)["plans"]
        for q in ("高/高", "高/低", "低/高", "低/低"):
            assert drawn[q] == sum(len(p["quadrants"][q]) for p in plans), (year, q)
        page = browser.new_page()
        page.goto((site_dir / "matrix.html").as_uri())
        unrated = page.get_attribute(f"#chart-quadrants-{year} .grid-unrated", "data-value")
        page.close()
        assert int(unrated or -1) == sum(len(p["unrated"]) for p in plans)


def test_progress_chart_equals_xplan_progress(browser, site_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from xplan.i18n import _

    drawn = _chart_numbers(browser, site_dir / "review" / "R7.html", "chart-progress-R7")
    plans = [p for p in _json("progress", "--year", "R7")["plans"] if p["status"] != "no_progress_section"]
    assert plans and set(drawn) == {f"{p['org']} {p['year']}" for p in plans}
    for p in plans:
        row = drawn[f"{p['org']} {p['year']}"]
        assert row[_("Actions")] == p["summary"]["actions"] and row[_("With progress")] == p["summary"]["with_progress"]


def test_diff_chart_equals_the_plans_issue_counts(browser, site_dir: Path) -> None:  # type: ignore[no-untyped-def]
    issues = _json("issues", "--all")["issues"]
    drawn = _chart_numbers(browser, site_dir / "diff" / "R6-R7.html", "chart-diff-R6-R7")
    for org, row in drawn.items():
        for year, n in row.items():
            assert n == sum(1 for i in issues if i["org"] == org and i["year"] == year), (org, year)
    assert set(drawn) == {i["org"] for i in issues if i["year"] in ("R6", "R7")}


@pytest.mark.parametrize("path", ["rollup.html", "index.html", "matrix.html"])
def test_print_keeps_each_chart_on_one_page(browser, site_dir: Path, path: str) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    page = browser.new_page()
    page.goto((site_dir / path).as_uri())
    page.emulate_media(media="print")
    charts = page.eval_on_selector_all("figure.chart", """figs => figs.map(f => [f.querySelector('figcaption').innerText,
        Array.from(f.querySelectorAll('svg text')).map(t =>  // the drawn words, not the tooltip's <title>
            Array.from(t.childNodes).filter(n => n.nodeType === 3).map(n => n.textContent).join(''))])""")
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    page.close()
    texts = [_norm(p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]
    assert charts
    for caption, labels in charts:
        cap = _pattern(_norm(caption))
        where = [n for n, t in enumerate(texts) if cap.search(t)]
        assert where, caption
        # every label of the chart is on the page that holds its caption
        labels = [_norm(x) for x in labels if _norm(x) and not _norm(x).isdigit()]
        assert all(_pattern(x).search(texts[where[0]]) for x in labels), caption


def test_no_page_scrolls_sideways_at_800_and_counts_never_wrap(browser, site_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 31 item 11: 800 px (1280 px at 160 % on a projector)."""
    page = browser.new_page()
    page.set_viewport_size({"width": 800, "height": 900})
    for path in ["index.html", "rollup.html", "matrix.html", "review/R7.html", "R7/seisaku.html", "lint.html"]:
        page.goto((site_dir / path).as_uri())
        wide, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert wide <= client, f"{path} is {wide}px wide at 800px"
        # a number cell or heading on one line: its height is one line's
        broken = page.eval_on_selector_all("td.num, th.num", """cells => cells.filter(c => {
            const r = document.createRange(); r.selectNodeContents(c);
            const lines = new Set(Array.from(r.getClientRects()).map(b => Math.round(b.top)));
            return c.innerText.trim() && lines.size > 1;
        }).map(c => c.innerText)""")
        assert broken == [], f"{path}: counts wrapped: {broken[:5]}"
        # headings and names wrap between phrases only: each phrase (a text node between <wbr>s) on one line
        split = page.eval_on_selector_all(".phr", """spans => spans.flatMap(s => Array.from(s.childNodes)
            .filter(n => n.nodeType === 3 && n.textContent.trim()).filter(n => {
                const r = document.createRange(); r.selectNodeContents(n);
                return new Set(Array.from(r.getClientRects()).map(b => Math.round(b.top))).size > 1;
            }).map(n => n.textContent))""")
        assert split == [], f"{path}: a phrase broken across lines: {split[:5]}"


def _search_targets(query: str) -> set[str]:
    """The pages and anchors of the issues ``xplan search`` finds (the plan page for plan-level text)."""
    from typer.testing import CliRunner

    from xplan.cli import app

    r = CliRunner().invoke(app, ["search", query, "--all", "--plans", str(PLANS), "-F", "json"])
    slugs = {}
    for f in PLANS.rglob("*.yaml"):
        slugs[(f.parent.name, f.stem)] = f"{f.parent.name}/{f.stem}.html"
    pages = {}
    for h in json.loads(r.stdout)["hits"]:
        page = next(p for (year, _slug), p in slugs.items() if year == h["year"]
                    and _org_of(p) == h["org"])
        pages[f"{page}#{h['code']}" if h["code"] else page] = True
    return set(pages)


def _org_of(page: str) -> str:
    from xplan.plan.loader import load

    data = load(PLANS / page.replace(".html", ".yaml")).data
    assert data is not None
    return str(data["organisation"]["name"])


@pytest.mark.parametrize("query", ["電子申請", "ＤＸ -AI", "担い手"])
def test_search_box_shows_the_issues_and_links_to_them(browser, site_dir: Path, query: str) -> None:  # type: ignore[no-untyped-def]
    """Typing a query lists the issues `xplan search` finds, each linking to its issue's anchor."""
    page = browser.new_page()
    page.goto((site_dir / "R7" / "seisaku.html").as_uri())
    if not browser.xplan_js:
        assert not page.is_visible("form.site-search")  # nothing offered that cannot work
        page.close()
        return
    page.fill("#site-search-q", query)
    page.wait_for_selector(".site-search-results a")
    hrefs = page.eval_on_selector_all(".site-search-results a", "els => els.map(e => e.href)")
    got = set()
    for href in hrefs:
        url = urlsplit(href)
        target = Path(unquote(url.path))
        assert target.is_file(), href
        got.add(target.relative_to(site_dir).as_posix() + (f"#{url.fragment}" if url.fragment else ""))
    assert got == _search_targets(query)
    marks = page.eval_on_selector_all(".site-search-results mark", "els => els.map(e => e.textContent)")
    assert marks and all(unicodedata.normalize("NFKC", m).upper() in
                         {unicodedata.normalize("NFKC", w).upper() for w in query.split() if not w.startswith("-")}
                         for m in marks), marks
    first = hrefs[0]
    page.click(".site-search-results a >> nth=0")
    page.wait_for_load_state("load")
    assert page.url == first
    fragment = urlsplit(first).fragment
    if fragment:
        assert page.evaluate("id => document.getElementById(id) !== null", fragment)
    page.close()
