"""Export benchmark (issue 26): ``xplan export --all`` of generated plans to SQLite (target: 200
plans in under 3 s), and to the other formats for comparison.

    python bench/export.py [--files 200] [--repeat 3] [--formats db,xlsx,folder]

1. Generates the plans (bench/generate.py) into bench/out/export/<N>/plans unless they exist.
2. For each format: with ``--no-cache`` (every plan parsed, checked and linted), cold (the cache
   emptied before each run) and warm (the cache filled by the run before), each --repeat times,
   best taken. Wall-clock seconds of the installed console script (start-up included) and CPU
   seconds (user + system, lint's worker processes included).
3. Checks that the warm SQLite export holds every generated plan.

Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402
from run import executable  # noqa: E402

OUT = ROOT / "bench" / "out" / "export"
TARGETS = {"db": "plans.db", "xlsx": "plans.xlsx", "folder": "opendata"}


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user+sys, descendants included), exit code."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status)


def plans_for(count: int) -> Path:
    plans = OUT / str(count) / "plans"
    if len(list(plans.glob("*/*.yaml"))) != count:
        shutil.rmtree(plans, ignore_errors=True)
        generate(plans, count)
    return plans


def main() -> int:
    ap = argparse.ArgumentParser(description="Time xplan export on generated plans.")
    ap.add_argument("--files", type=int, default=200, help="how many plans to generate (default 200)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement, best taken (default 3)")
    ap.add_argument("--formats", default="db,xlsx,folder", help="comma-separated: db, xlsx, folder")
    args = ap.parse_args()
    plans = plans_for(args.files)
    xplan = executable("xplan")
    cache = OUT / str(args.files) / "cache"
    env = {**os.environ, "NO_COLOR": "1", "XPLAN_CACHE_DIR": str(cache)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    print(f"| {args.files} plans | no cache | cold | warm |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in args.formats.split(","):
            target = Path(tmp) / TARGETS[fmt]
            cmd = [xplan, "export", "--all", "--plans", str(plans), "-q", "-o", str(target)]
            results = []
            for mode in ("no-cache", "cold", "warm"):
                best: tuple[float, float] | None = None
                for _ in range(args.repeat):
                    if mode == "cold":
                        shutil.rmtree(cache, ignore_errors=True)
                    wall, cpu, code = run(cmd + (["--no-cache"] if mode == "no-cache" else []), env)
                    if code != 0:
                        print(f"{' '.join(cmd)} exited {code}", file=sys.stderr)
                        return 1
                    best = (wall, cpu) if best is None or wall < best[0] else best
                assert best is not None
                results.append(f"{best[0]:.2f} s ({best[1]:.2f} s CPU)")
            print(f"| `xplan export --all -o {TARGETS[fmt]}` | " + " | ".join(results) + " |")
            if fmt == "db":
                con = sqlite3.connect(target)
                count = con.execute("SELECT count(*) FROM plans").fetchone()[0]
                con.close()
                if count != args.files:
                    print(f"the database holds {count} plans, not {args.files}", file=sys.stderr)
                    return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
