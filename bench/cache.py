"""Cache benchmark (issue 13): cold, warm and uncached runs of the views and lint.

    python bench/cache.py [--files 200] [--repeat 3] [--large 2000]

1. Generates the plans (bench/generate.py) into bench/out/cache/<N>/plans unless they exist.
2. For each command: `--no-cache` (what xplan did before the cache), cold (cache directory emptied
   before each run) and warm (the cache filled by the run before), each --repeat times, best
   taken. Times are wall-clock seconds of the installed console script (start-up included) and
   its CPU seconds (user + system, worker processes included): the machine is shared, so CPU
   time shows what wall time would be on an idle machine.
3. Changing one file: appends a comment to one plan, runs warm lint and the issues view, and
   counts the cache entries rewritten: only that file's (its lint result and summary after lint,
   its summary after the view).
4. Peak memory (largest process, RSS) of a cold `xplan lint` on --files and, with --large, on
   that many plans (the main process keeps only slim plans and findings, so it stays flat), and
   with --large the warm lint and views on that many plans (the cold lint fills the views' cache).
5. The bundled plans: warm `xplan matrix --org 八幡東区` (start-up included), median of 10.

Commands run as the venv's console script with bytecode caching on (PYTHONDONTWRITEBYTECODE
removed), NO_COLOR set, output to /dev/null, and XPLAN_CACHE_DIR pointing at a directory under
bench/out. Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402
from run import executable  # noqa: E402

OUT = ROOT / "bench" / "out" / "cache"


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds (user+sys, descendants included), peak RSS in MB, exit code."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024, proc.returncode


def plans_for(count: int) -> Path:
    plans = OUT / str(count) / "plans"
    if len(list((plans / "R7").glob("*.yaml"))) != count:
        shutil.rmtree(plans, ignore_errors=True)
        generate(plans, count)
    return plans


def measure(cmd: list[str], env: dict[str, str], cache: Path, repeat: int) -> dict[str, tuple[float, float]]:
    """Best (wall, cpu) of --no-cache, cold and warm runs."""
    out: dict[str, list[tuple[float, float]]] = {"none": [], "cold": [], "warm": []}
    run(cmd + ["--no-cache"], env)  # file system cache and bytecode warm for every variant
    for _ in range(repeat):
        out["none"].append(run(cmd + ["--no-cache"], env)[:2])
        shutil.rmtree(cache, ignore_errors=True)
        out["cold"].append(run(cmd, env)[:2])
        out["warm"].append(run(cmd, env)[:2])
    return {k: (min(w for w, _ in v), min(c for _, c in v)) for k, v in out.items()}


def rewritten(cache: Path, since: float) -> int:
    return sum(1 for p in cache.rglob("*.json") if p.stat().st_mtime > since)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--large", type=int, default=0, help="also measure this many plans (e.g. 2000)")
    args = ap.parse_args()
    xplan = executable("xplan")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["NO_COLOR"] = "1"

    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}\n")
    print("| plans | command | no cache | cold | warm | warm/cold |")
    print("|---|---|---|---|---|---|")
    plans = plans_for(args.files)
    cache = OUT / str(args.files) / "xcache"
    env_n = {**env, "XPLAN_CACHE_DIR": str(cache)}
    commands = {
        "issues --all -F json": [xplan, "issues", "--all", "-F", "json", "--plans", str(plans)],
        # the same rows as the terminal table a meeting reads (rich's layout of each cell is most of it)
        "issues --all": [xplan, "issues", "--all", "--plans", str(plans)],
        "rollup --by field --all": [xplan, "rollup", "--by", "field", "--all", "--plans", str(plans)],
        # the same rollup without the rich table (whose layout of 200 organisations per cell is most of the time)
        "rollup --by field --all -F json": [xplan, "rollup", "--by", "field", "--all", "-F", "json", "--plans",
                                            str(plans)],
        "lint": [xplan, "lint", str(plans)],
    }
    for name, cmd in commands.items():
        r = measure(cmd, env_n, cache, args.repeat)
        (nw, nc), (cw, cc), (ww, wc) = r["none"], r["cold"], r["warm"]
        print(f"| {args.files} | `xplan {name}` | {nw:.2f} s ({nc:.2f} s CPU) | {cw:.2f} s ({cc:.2f} s CPU) | "
              f"{ww:.2f} s ({wc:.2f} s CPU) | {ww / cw:.2f} ({wc / cc:.2f} CPU) |")

    print("\n| plans | check | result |")
    print("|---|---|---|")
    run(commands["lint"], env_n)  # warm: the lint results and the plans
    run(commands["issues --all -F json"], env_n)  # warm: the views' summaries
    victim = plans / "R7" / "org-001.yaml"
    original = victim.read_bytes()
    try:
        time.sleep(0.05)
        since = time.time()
        victim.write_bytes(original + b"\n# bench: one changed file\n")
        lint_wall = run(commands["lint"], env_n)[0]
        lint_entries = rewritten(cache, since)
        since = time.time()
        victim.write_bytes(original + b"\n# bench: changed again\n")
        view_wall = run(commands["issues --all -F json"], env_n)[0]
        view_entries = rewritten(cache, since)
    finally:
        victim.write_bytes(original)
    print(f"| {args.files} | one file changed, then `xplan lint` | {lint_wall:.2f} s; cache entries rewritten: "
          f"{lint_entries} (that file's lint result and summary) |")
    print(f"| {args.files} | one file changed, then `xplan issues --all -F json` | {view_wall:.2f} s; cache "
          f"entries rewritten: {view_entries} |")
    shutil.rmtree(cache, ignore_errors=True)
    peak = run(commands["lint"], env_n)[2]
    peak_none = run(commands["lint"] + ["--no-cache"], env_n)[2]
    print(f"| {args.files} | cold `xplan lint`: peak memory of the largest process | {peak} MB "
          f"({peak_none} MB with --no-cache) |")

    if args.large:
        plans = plans_for(args.large)
        cache = OUT / str(args.large) / "xcache"
        env_n = {**env, "XPLAN_CACHE_DIR": str(cache)}
        shutil.rmtree(cache, ignore_errors=True)
        wall, cpu, peak, _ = run([xplan, "lint", str(plans)], env_n)  # also fills the views' entries
        print(f"| {args.large} | cold `xplan lint`: wall, CPU, peak memory of the largest process | "
              f"{wall:.1f} s, {cpu:.1f} s CPU, {peak} MB |")
        for name, cmd in (("lint", [xplan, "lint", str(plans)]),
                          ("issues --all -F json", [xplan, "issues", "--all", "-F", "json", "--plans", str(plans)]),
                          ("rollup --by field --all", [xplan, "rollup", "--by", "field", "--all", "--plans",
                                                       str(plans)])):
            best = min((run(cmd, env_n)[:2] for _ in range(args.repeat)), key=lambda t: t[0])
            print(f"| {args.large} | warm `xplan {name}` (best of {args.repeat}) | {best[0]:.2f} s "
                  f"({best[1]:.2f} s CPU) |")

    cache = OUT / "bundled" / "xcache"
    env_b = {**env, "XPLAN_CACHE_DIR": str(cache)}
    cmd = [xplan, "matrix", "--org", "八幡東区"]
    shutil.rmtree(cache, ignore_errors=True)
    run(cmd, env_b)
    warm = [run(cmd, env_b)[:2] for _ in range(10)]
    none = [run(cmd + ["--no-cache"], env_b)[:2] for _ in range(5)]
    version = [run([xplan, "--version"], env_b)[:2] for _ in range(10)]
    print(f"| 5 (bundled) | warm `xplan matrix --org 八幡東区`, median of 10 | "
          f"{statistics.median(w for w, _ in warm):.3f} s ({statistics.median(c for _, c in warm):.3f} s CPU); "
          f"--no-cache {statistics.median(w for w, _ in none):.3f} s; `xplan --version` "
          f"{statistics.median(w for w, _ in version):.3f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
