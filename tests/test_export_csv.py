"""``xplan export -o FOLDER``: one CSV per table (UTF-8 with a BOM) and a Frictionless Data Package,
validated with the real ``frictionless validate``; re-exported byte for byte; other files kept."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from robust_helpers import xplan

pytest.importorskip("frictionless")


def _frictionless(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("frictionless") or str(Path(sys.executable).parent / "frictionless")
    return subprocess.run([exe, *args], capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("csv") / "opendata"
    r = xplan("export", "--all", "-o", str(out), cwd=ROOT)
    assert r.returncode == 0, r.stderr
    return out


def read(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_frictionless_validates_the_package(folder: Path, tmp_path: Path) -> None:
    r = _frictionless("validate", "--json", "datapackage.json", cwd=folder)
    report = json.loads(r.stdout)
    assert report["valid"] is True, r.stdout[:2000]
    assert r.returncode == 0
    assert len(report["tasks"]) == 9 and all(t["stats"]["rows"] > 0 for t in report["tasks"])
    # and the check is real: an issue that points at no plan breaks the foreign key
    broken = tmp_path / "broken"
    shutil.copytree(folder, broken)
    rows = (broken / "issues.csv").read_text(encoding="utf-8-sig").replace("R7/seisaku,", "R7/nowhere,", 1)
    (broken / "issues.csv").write_text(rows, encoding="utf-8-sig")
    r = _frictionless("validate", "--json", "datapackage.json", cwd=broken)
    assert json.loads(r.stdout)["valid"] is False and r.returncode != 0


def test_csv_equals_the_database_and_json(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "plans.db"
    assert xplan("export", "--all", "-o", str(db), cwd=ROOT).returncode == 0
    con = sqlite3.connect(db)
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        got = read(folder / resource["path"])
        names = [f["name"] for f in resource["schema"]["fields"]]
        assert list(got[0]) == names
        want = con.execute(f'SELECT * FROM "{resource["name"]}"').fetchall()
        types = [f["type"] for f in resource["schema"]["fields"]]

        def shown(v: object, t: str) -> str:
            if v is None:
                return ""
            return ("true" if v else "false") if t == "boolean" else str(v)

        assert [[r[n] for n in names] for r in got] == [[shown(v, t) for v, t in zip(row, types)] for row in want]
    con.close()
    issues = json.loads(xplan("issues", "--all", "-F", "json", cwd=ROOT).stdout)["issues"]
    rows = read(folder / "issues.csv")
    assert sorted((r["organisation"], r["fiscal_year"], r["code"], r["title"], r["impact"]) for r in rows) == sorted(
        (i["org"], i["year"], i["code"], i["title"] or "", i["impact"] or "") for i in issues)


def test_reexport_is_identical_and_keeps_other_files(folder: Path) -> None:
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    (folder / "README.txt").write_text("ours", encoding="utf-8")
    r = xplan("export", "--all", "-o", str(folder), cwd=ROOT)
    assert r.returncode == 0, r.stderr
    after = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert after.pop("README.txt") == b"ours"
    assert after == before  # byte for byte, and no temporary file left behind
