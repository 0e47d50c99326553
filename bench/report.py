"""Time ``xplan report`` on the bundled plans (issue 11: under 2 s).

    python bench/report.py [--runs N]

Runs the command as a user does (a fresh ``python -m xplan report`` process, start-up included),
writing to a temporary folder: one warm-up run, then N timed runs with the plan cache and N with
``--no-cache`` (every plan parsed and linted again); prints the best, median and worst wall time
of each.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 2.0


def run_once(out: Path, *extra: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "xplan", "report", "-q", "-o", str(out), "--plans", str(ROOT / "plans"),
                    *extra], check=True, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="xplan-report-bench-") as tmp:
        out = Path(tmp) / "site"
        run_once(out)  # warm-up: byte-compiled modules and templates, the plan cache, the file cache
        for label, extra in (("cached plans", ()), ("--no-cache", ("--no-cache",))):
            times = [run_once(out, *extra) for _ in range(args.runs)]
            pages = len(list(out.rglob("*.html")))
            print(f"xplan report on plans/, {pages} pages, {label}: best {min(times):.3f} s, "
                  f"median {statistics.median(times):.3f} s, worst {max(times):.3f} s (target < {TARGET} s)")


if __name__ == "__main__":
    main()
