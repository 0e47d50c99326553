"""Time ``xplan report`` on generated plans at city scale (issue 29: 200 plans under 3 s, under 1 s
when nothing changed; 2,000 plans under 30 s and 500 MB).

    python bench/report_scale.py [--counts 200 2000] [--runs 3] [--work DIR]

For each count, ``bench/generate.py`` writes that many plans of about 42 KB; the templates are
compiled once beforehand (Jinja's bytecode cache), then each case runs the command as a user does
(a fresh ``python -m xplan report`` process, start-up included), best of ``--runs``:

- ``cold cache``: the plan cache emptied (``xplan cache clean``) and an empty output folder: every
  plan parsed, checked and linted, every page written;
- ``first build``: the plan cache warm, an empty output folder: every page built and written;
- ``one plan changed``: one plan's issue title edited since the last run (its page and the pages
  listing issues are made again, the other plan pages are not even rendered);
- ``nothing changed``: the same inputs as the last run (nothing loaded, nothing written).

Prints wall time, CPU time (user + system: on a machine shared with other work the wall time
includes waiting for a core) and peak memory (maximum resident set size) of each.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


def run(*args: str, cwd: Path = ROOT) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one ``python -m xplan`` process."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "xplan", *args], cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"xplan {' '.join(args)} failed ({proc.returncode}): {err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def edit_title(plan: Path, n: int) -> None:
    text = plan.read_text(encoding="utf-8")
    m = re.search(r'^    title: "(.*)"$', text, re.M)
    assert m
    plan.write_text(text.replace(m.group(0), f'    title: "{m.group(1)}（改{n}）"', 1), encoding="utf-8")


def best(samples: list[tuple[float, float, int]]) -> str:
    wall = min(s[0] for s in samples)
    cpu = min(s[1] for s in samples)
    mem = max(s[2] for s in samples)
    return f"wall {wall:6.2f} s   cpu {cpu:6.2f} s   peak {mem:4d} MB"


CASES = ("cold cache", "first build", "one plan changed", "nothing changed")


def bench(count: int, runs: int, work: Path, cases: tuple[str, ...] = CASES) -> None:
    from generate import generate

    plans = work / f"plans-{count}"
    if not plans.is_dir() or len(list(plans.rglob("*.yaml"))) != count:
        shutil.rmtree(plans, ignore_errors=True)
        generate(plans, count)
    site = work / f"site-{count}"
    common = ("report", "-q", "--plans", str(plans), "-o", str(site))
    results: dict[str, list[tuple[float, float, int]]] = {k: [] for k in CASES if k in cases}
    if "cold cache" not in cases:
        run(*common)  # fills the plan cache (a changed xplan invalidates it)
    for n in range(runs):
        if "cold cache" in cases:
            run("cache", "clean", "--plans", str(plans))
            shutil.rmtree(site, ignore_errors=True)
            results["cold cache"].append(run(*common))
        shutil.rmtree(site, ignore_errors=True)
        sample = run(*common)  # a first build (with the plan cache filled, if the case above did not)
        if "first build" in results:
            results["first build"].append(sample)
        edit_title(sorted(plans.rglob("*.yaml"))[n % count], n)
        sample = run(*common)
        if "one plan changed" in results:
            results["one plan changed"].append(sample)
        sample = run(*common)
        if "nothing changed" in results:
            results["nothing changed"].append(sample)
    pages = sum(1 for _ in site.rglob("*.html"))
    for case, samples in results.items():
        print(f"{count:5d} plans ({pages} pages)  {case:17s} {best(samples)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[200, 2000], help="plan counts (default 200 2000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each case; the best is shown (default 3)")
    parser.add_argument("--cases", nargs="+", choices=CASES, default=list(CASES), metavar="CASE",
                        help="which cases to time: " + ", ".join(repr(c) for c in CASES) + " (default: all)")
    parser.add_argument("--work", type=Path, help="folder for the generated plans and sites (default: a temporary one)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="xplan-report-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    run("report", "-q", "--plans", str(ROOT / "plans"), "-o", str(work / "warm-templates"))  # compile the templates
    try:
        for count in args.counts:
            bench(count, args.runs, work, tuple(args.cases))
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
