"""Whatever xplan is pointed at on disk, or told to write to, ends in a located finding or a
one-line error (issue 17 cases 5–10, 14; issue 16 items 1, 5 and the file-system cases): special
files are never read or replaced, links and modes are kept, nothing is read twice."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import time
from pathlib import Path

import pytest
from conftest import PLANS
from robust_helpers import TRACEBACK, copy_plans, lint_json, xplan

from xplan.lint.engine import lint_paths
from xplan.plan.loader import load


def _one_line_error(r: subprocess.CompletedProcess[str]) -> None:
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert TRACEBACK not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr


# -- case 5: a plan written on one line ---------------------------------------------------------

def test_one_line_plan_report_shows_only_around_the_column(tmp_path: Path) -> None:
    data = load(PLANS / "R8" / "kokurakita.yaml").data
    assert data is not None
    for issue in data["issues"]:
        issue["urgncy"] = "高"  # a typo in every issue: one finding each
    data["mission"] = ["あ" * 200_000]
    f = tmp_path / "R8" / "kokurakita.yaml"
    f.parent.mkdir()
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")  # JSON is YAML: one line
    r = xplan("lint", str(f), timeout=60)
    assert r.returncode == 1 and TRACEBACK not in r.stderr
    lines = r.stdout.splitlines()
    assert sum("S201" in ln for ln in lines) == len(data["issues"])
    assert max(len(ln) for ln in lines) < 400  # not the 600 KB line under every finding
    shown = next(ln for ln in lines if "|" in ln and "urgncy" in ln)
    caret = lines[lines.index(shown) + 1]
    from wcwidth import wcswidth

    # the caret still sits under the key it names, measured by display width
    assert wcswidth(caret.split("| ", 1)[1].split("^")[0]) == wcswidth(shown.split("| ", 1)[1].split('"urgncy"')[0])


# -- case 6 and issue 16 items 1, 5: files written by -o / --export --------------------------------

def test_output_into_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    _one_line_error(xplan("lint", str(PLANS), "-o", str(tmp_path / "no" / "dir" / "out.txt")))
    _one_line_error(xplan("matrix", "--plans", str(PLANS), "--export", str(tmp_path / "no" / "x.svg")))


def test_output_to_a_directory_or_unwritable_place_is_one_line(tmp_path: Path) -> None:
    _one_line_error(xplan("lint", str(PLANS), "-o", str(tmp_path)))
    # /proc refuses new files even to root, so this holds in CI's root containers as well
    _one_line_error(xplan("lint", str(PLANS), "-o", "/proc/xplan-report.txt"))


def test_output_keeps_links_and_refuses_special_files(tmp_path: Path) -> None:
    real = tmp_path / "report.txt"
    real.write_text("old\n")
    real.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(real.name)
    hard = tmp_path / "hard.txt"
    os.link(real, hard)
    r = xplan("lint", str(PLANS), "-o", str(link))
    assert r.returncode == 0, r.stderr
    assert link.is_symlink() and "files" in real.read_text()  # written through the link
    assert os.stat(real).st_ino == os.stat(hard).st_ino and hard.read_text() == real.read_text()
    assert stat.S_IMODE(real.stat().st_mode) == 0o640  # the existing file's mode, not 0600
    r = xplan("lint", str(PLANS), "-o", str(hard))
    assert r.returncode == 0 and os.stat(real).st_ino == os.stat(hard).st_ino

    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    _one_line_error(xplan("lint", str(PLANS), "-o", str(fifo), timeout=20))
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)

    readonly = tmp_path / "final.txt"
    readonly.write_text("signed off\n")
    readonly.chmod(0o444)
    _one_line_error(xplan("lint", str(PLANS), "-o", str(readonly)))
    assert readonly.read_text() == "signed off\n"


def test_output_refuses_a_device_node(tmp_path: Path) -> None:
    dev = tmp_path / "null"
    try:
        os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError):
        pytest.skip("cannot create a device node here")
    _one_line_error(xplan("lint", str(PLANS), "-o", str(dev)))
    assert stat.S_ISCHR(os.lstat(dev).st_mode)


def test_new_output_file_honours_the_umask(tmp_path: Path) -> None:
    out = tmp_path / "new.txt"
    for umask, mode in ((0o022, 0o644), (0o027, 0o640)):
        out.unlink(missing_ok=True)
        r = subprocess.run(["sh", "-c", f'umask {umask:03o} && exec "$0" -m xplan lint "$1" -o "$2"',
                            os.sys.executable, str(PLANS), str(out)], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        assert stat.S_IMODE(out.stat().st_mode) == mode


# -- case 7: file names that are not UTF-8 -------------------------------------------------------

def _latin1_plans(tmp_path: Path) -> tuple[Path, Path]:
    plans = copy_plans(tmp_path)
    weird = Path(os.fsdecode(bytes(plans / "R8") + b"/kokurakita-\xff.yaml"))
    (plans / "R8" / "kokurakita.yaml").rename(weird)  # its name disagrees with its slug: P361
    return plans, weird


def test_non_utf8_file_name_in_every_report_format(tmp_path: Path) -> None:
    plans, _ = _latin1_plans(tmp_path)
    code, report, _ = lint_json(str(plans))
    names = {f["file"] for f in report["findings"]}
    assert code == 1 and any(n.endswith("kokurakita-\\xff.yaml") for n in names), names
    sarif = tmp_path / "report.sarif"
    r = xplan("lint", str(plans), "--format", "sarif", "-o", str(sarif))
    assert r.returncode == 1 and TRACEBACK not in r.stderr
    log = sarif.read_text(encoding="utf-8")  # strict UTF-8
    assert "\\\\xff" in log  # the name escaped in messages, percent-encoded from its bytes in URIs
    assert 'kokurakita-%FF.yaml"' in log and '%5Cxff' not in log
    r = xplan("lint", str(plans), env={"PYTHONIOENCODING": "utf-8:strict"})
    assert r.returncode == 1 and TRACEBACK not in r.stderr and "kokurakita-\\xff.yaml" in r.stdout


def test_non_utf8_file_name_in_git_history(tmp_path: Path) -> None:
    plans, _ = _latin1_plans(tmp_path)
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "plans"], check=True)
    r = xplan("diff", "R7@HEAD", "R8@HEAD", "--plans", str(plans), cwd=tmp_path)
    assert r.returncode in (0, 1) and TRACEBACK not in r.stderr, r.stderr
    assert "小倉北区" in r.stdout


# -- case 8 and the file-system cases: files that change or vanish while linting --------------------

def test_files_deleted_while_linting(tmp_path: Path) -> None:
    plans = copy_plans(tmp_path)
    twin = plans / "R8" / "kokurakita-copy.yaml"
    shutil.copy(plans / "R8" / "kokurakita.yaml", twin)  # a duplicate plan: a cross-file finding (X401)
    last = plans / "R8" / "zz-last.yaml"
    shutil.copy(plans / "R7" / "seisaku.yaml", last)
    files = sorted(str(p) for p in plans.rglob("*.yaml"))
    assert files[-1] == str(last)

    def vanish(done: int, total: int) -> None:
        if done == total - 1:
            last.unlink()  # not read yet: an E101 for it
        if done == total - 1:
            twin.unlink()  # already read: the cross-file pass must not read it again
            (plans / "R8" / "kokurakita.yaml").unlink()

    result = lint_paths([plans], jobs=1, progress=vanish)
    by_code = {(Path(f.file).name, f.code) for f in result.findings}
    assert ("zz-last.yaml", "E101") in by_code
    dup = [f for f in result.findings if f.code == "X401"]
    assert dup and all(f.line > 1 for f in dup)  # located from the first read
    assert ("seisaku.yaml", "P302") in by_code  # the rest still linted


def test_symlink_loop_named_explicitly(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to("loop.yaml")
    code, report, _ = lint_json(str(loop))
    assert code == 1 and [f["code"] for f in report["findings"]] == ["E101"]
    assert report["findings"][0]["line"] == 1


def test_odd_entries_under_plans_are_each_a_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plans = copy_plans(tmp_path)
    (plans / "R7" / "loop.yaml").symlink_to("loop.yaml")
    (plans / "R7" / "dangling.yaml").symlink_to("gone.yaml")
    (plans / "R7" / "folder.yaml").mkdir()
    locked = plans / "R9"
    locked.mkdir()
    shutil.copy(plans / "R8" / "kokurakita.yaml", locked / "kokurakita.yaml")
    unreadable = plans / "R6" / "hoken-fukushi.yaml"
    real_scandir, real_open = os.scandir, os.open

    def scandir(path):  # type: ignore[no-untyped-def]
        if Path(path) == locked:  # as if chmod 000 (CI runs as root, which chmod cannot stop)
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def open_(path, flags, *args):  # type: ignore[no-untyped-def]
        if Path(path) == unreadable:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "open", open_)
    result = lint_paths([plans], jobs=1)
    found = {(Path(f.file).name, f.code) for f in result.findings if f.severity == "error"}
    for name in ("loop.yaml", "dangling.yaml", "folder.yaml", "R9", "hoken-fukushi.yaml"):
        assert (name, "E101") in found, (name, found)
    for f in result.findings:
        assert f.line >= 1 and f.column >= 1  # located
    assert ("kokurakita.yaml", "P323") in {(Path(f.file).name, f.code) for f in result.findings}
    assert result.exit_code() == 1


def test_unreadable_file_named_explicitly_is_a_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from xplan.commands.lint import run_lint

    target = tmp_path / "R8" / "kokurakita.yaml"
    target.parent.mkdir()
    shutil.copy(PLANS / "R8" / "kokurakita.yaml", target)
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda p, flags, *a: (_ for _ in ()).throw(PermissionError(13, "Permission denied"))
                        if Path(p) == target else real_open(p, flags, *a))
    out = tmp_path / "report.json"
    assert run_lint([target], "json", out) == 1  # E101, as the README promises; not a usage error
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [f["code"] for f in report["findings"]] == ["E101"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_by_mode(tmp_path: Path) -> None:
    f = tmp_path / "locked.yaml"
    f.write_text("schema_version: 1\n")
    f.chmod(0)
    code, report, _ = lint_json(str(f))
    assert code == 1 and [x["code"] for x in report["findings"]] == ["E101"]


# -- case 9: special files named explicitly --------------------------------------------------------

def test_fifo_named_explicitly_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "p.yaml"
    os.mkfifo(fifo)
    start = time.monotonic()
    code, report, _ = lint_json(str(fifo))
    assert time.monotonic() - start < 20
    assert code == 1 and [f["code"] for f in report["findings"]] == ["E101"]


def test_endless_device_is_not_read() -> None:
    start = time.monotonic()
    [finding] = load("/dev/zero").findings
    assert finding.code == "E101" and time.monotonic() - start < 5


# -- case 14: jobs ----------------------------------------------------------------------------------

def test_jobs_never_exceed_the_cores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import concurrent.futures

    plans = copy_plans(tmp_path)
    for n in range(6):
        shutil.copy(plans / "R8" / "kokurakita.yaml", plans / "R8" / f"copy{n}.yaml")
    started: list[int] = []
    real = concurrent.futures.ProcessPoolExecutor

    class Counting(real):  # type: ignore[misc, valid-type]
        def __init__(self, max_workers: int | None = None, **kw: object) -> None:
            started.append(max_workers or 0)
            super().__init__(max_workers=max_workers, **kw)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Counting)
    lint_paths([plans], jobs=512)
    assert started and max(started) <= (os.cpu_count() or 1)
