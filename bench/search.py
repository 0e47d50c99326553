"""Search benchmark (issue 27): warm `xplan search` and `xplan related --all-pairs`.

    python bench/search.py [--files 200] [--large 2000] [--repeat 5] [--query 市民センター ...]

1. Generates the plans (bench/generate.py) into bench/out/cache/<N>/plans unless they exist
   (the same plans bench/cache.py uses).
2. Fills the cache with one cold run (the search index is built there), then times warm runs of
   `xplan search QUERY --all -F json` for each query (the best 100 hits listed, the default
   --limit), of the first query with `--limit 0` (every hit listed) and with `--count`, and of
   `xplan related --all-pairs --all -F json` on --files plans; best and median of --repeat,
   wall-clock seconds of the installed console script (start-up included), CPU seconds beside
   them (the machine is shared).
3. Times one cold run per plan count too (the first command, the index built from an empty
   cache); the other commands start from the cache the first one filled. --keep-cache starts
   from the cache a previous run left instead (no cold run: building the index of 2,000 plans
   takes minutes).

Targets: warm search under 0.3 s on 200 plans and under 1 s on 2,000; related --all-pairs under
5 s on 200. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from cache import OUT, plans_for, run  # noqa: E402
from run import executable  # noqa: E402

QUERIES = ("市民センター", "AI", "電子申請 -DX", "量子暗号")  # common, short, an exclusion, nothing found


def timed(cmd: list[str], env: dict[str, str], repeat: int) -> tuple[float, float, float]:
    """Best wall, median wall, best CPU seconds of ``repeat`` warm runs (one warm-up first)."""
    run(cmd, env)
    got = [run(cmd, env) for _ in range(repeat)]
    assert all(g[3] == 0 for g in got), cmd
    walls = [g[0] for g in got]
    return min(walls), statistics.median(walls), min(g[1] for g in got)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--large", type=int, default=0, help="also measure search on this many plans (e.g. 2000)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--query", nargs="*", default=list(QUERIES))
    ap.add_argument("--threshold", type=float, default=0.5, help="related --all-pairs --threshold")
    ap.add_argument("--keep-cache", action="store_true", help="warm runs only, from the cache a previous run left")
    args = ap.parse_args()
    xplan = executable("xplan")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["NO_COLOR"] = "1"
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}\n")
    print("| plans | command | cold | warm best | warm median | warm CPU |")
    print("|---|---|---|---|---|---|")
    for count in [args.files] + ([args.large] if args.large else []):
        plans = plans_for(count)
        cache = OUT / str(count) / "scache"
        env_n = {**env, "XPLAN_CACHE_DIR": str(cache)}
        commands = {f"search {q} --all -F json": [xplan, "search", q, "--all", "-F", "json", "--plans", str(plans)]
                    for q in args.query}
        first = args.query[0]
        for extra in (["--limit", "0"], ["--count"]):
            commands[f"search {first} --all {' '.join(extra)} -F json"] = [
                xplan, "search", first, "--all", *extra, "-F", "json", "--plans", str(plans)]
        if count == args.files:
            commands[f"related --all-pairs --all --threshold {args.threshold} -F json"] = [
                xplan, "related", "--all-pairs", "--all", "--threshold", str(args.threshold), "-F", "json",
                "--plans", str(plans)]
        if not args.keep_cache:
            shutil.rmtree(cache, ignore_errors=True)
        for n, (name, cmd) in enumerate(commands.items()):
            cold = f"{run(cmd, env_n)[0]:.1f} s" if n == 0 and not args.keep_cache else "—"
            best, median, cpu = timed(cmd, env_n, args.repeat)
            print(f"| {count} | `xplan {name}` | {cold} | {best:.3f} s | {median:.3f} s | {cpu:.3f} s |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
