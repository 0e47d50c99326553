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


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    why = missing()
    if why is not None:
        if in_ci():  # .ci/run installs chromium and the fonts: a skip there would hide a failure
            pytest.fail(f"browser tests cannot run in CI: {why}")
        pytest.skip(why)
    with browser_context() as ctx:
        yield ctx


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    _, docs = make_site(PLANS)
    write_site(out, docs)
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
    _, docs = make_site(tmp_path / "plans")
    write_site(tmp_path / "site", docs)
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto((tmp_path / "site" / "R7" / "seisaku.html").as_uri())
    assert page.evaluate("document.scripts.length") == 0
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
