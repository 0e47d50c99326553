"""The documentation site (issue 30): it builds with --strict, its reference pages are what the code
says today, SARIF's helpUris land on anchors that exist, and the README stays short."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "docs"))
import gen_reference


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("mkdocs") is None and not (Path(sys.executable).parent / "mkdocs").exists():
        pytest.fail("mkdocs is not installed: pip install -e '.[docs]' (the test extra includes it)")
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                         cwd=ROOT, capture_output=True, text=True, env=env, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    return out


def test_the_reference_pages_are_generated_from_the_code_as_it_is() -> None:
    stale = [str(p.relative_to(ROOT)) for p, text in gen_reference.pages().items()
             if not p.exists() or p.read_text(encoding="utf-8") != text]
    assert not stale, f"run python docs/gen_reference.py: {stale}"


def test_every_command_and_option_is_in_the_reference() -> None:
    page = (ROOT / "docs" / "reference" / "commands.md").read_text(encoding="utf-8")
    for name, cmd in gen_reference.command_tree():
        assert f"## xplan {name} " in page
        for p in cmd.params:
            for opt in p.opts:
                if opt.startswith("-"):
                    assert f"`{opt}`" in page, f"{name} {opt}"


def test_every_rule_has_the_anchor_sarif_links_to(site: Path) -> None:
    from xplan.lint.registry import all_rules
    from xplan.lint.reporters.sarif import help_uri

    for rules_page in (site / "reference" / "rules.html", site / "en" / "reference" / "rules.html"):
        ids = set(re.findall(r'id="([^"]+)"', rules_page.read_text(encoding="utf-8")))
        for rule in all_rules():
            anchor = help_uri("https://example.invalid/reference/rules.html", rule.code, rule.name).split("#", 1)[1]
            assert anchor in ids, f"{rules_page.name}: no #{anchor}"


def test_the_site_has_the_guides_in_japanese_and_a_japanese_search_index(site: Path) -> None:
    for page in ("index.html", "guide/writing.html", "guide/meeting.html", "guide/ci.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert '<html lang="ja"' in html, page
        assert "xplan" in html
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "ja" in index["config"]["lang"]
    assert any("マトリクス" in doc["text"] for doc in index["docs"])
    # the Japanese segmenter of the search (lunr-languages' TinySegmenter) is shipped with the site
    assert (site / "assets" / "javascripts" / "lunr" / "min" / "lunr.ja.min.js").exists()
    # a real output of the bundled plans, included from docs/snippets/
    assert "インパクト:高" in (site / "index.html").read_text(encoding="utf-8")


def test_the_ci_recipes_are_valid_yaml_and_use_the_formats_that_exist() -> None:
    from ruamel.yaml import YAML

    from xplan.commands.lint import LINT_FORMATS

    yaml = YAML(typ="safe")
    for recipe in (ROOT / "docs" / "ci").glob("*.yml"):
        data = yaml.load(recipe.read_text(encoding="utf-8"))
        assert isinstance(data, dict) and data, recipe
        for fmt in re.findall(r"xplan lint [^\n]*-F (\w+)", recipe.read_text(encoding="utf-8")):
            assert fmt in LINT_FORMATS, (recipe.name, fmt)


def test_the_readme_fits_on_two_screens_and_starts_with_the_two_commands() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 150, len(lines)
    head = "\n".join(lines[:8])
    assert "pip install . && xplan lint plans/" in head
    assert "pip install -e '.[test]' && python -m pytest" in head
