"""Lint benchmark: xplan against check-jsonschema on the same files, and one-file latency.

    python bench/run.py [--files 200] [--repeat 3]

1. Generates the plans (bench/generate.py) unless they exist.
2. Times, on the same files, `xplan lint DIR` (schema, plan rules, cross-file rules, locations;
   worker processes on every core) and `check-jsonschema --schemafile schema/plan.schema.json
   FILES` (schema only). Both get one warm-up run; the best of --repeat runs is reported.
3. Measures the CPU time (user + system, worker processes included) of `xplan lint DIR`: the
   figure to compare two versions by when other programs share the machine.
4. Times `xplan lint ONE_FILE` (wall, including interpreter start-up), median of 10 runs.

xplan runs with --no-cache throughout: this measures linting itself, as a file just edited is
linted; bench/cache.py measures what the cache saves.

Both tools run as installed commands with bytecode caching on (as on a user's machine), so
PYTHONDONTWRITEBYTECODE is removed from their environment. Prints a Markdown table.
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


def executable(name: str) -> str:
    """The console script beside this interpreter (not a version-manager shim, whose own
    start-up would be timed too), else the one on PATH."""
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else (shutil.which(name) or name)


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    return time.perf_counter() - start, r.returncode


def cpu_seconds(cmd: list[str], env: dict[str, str]) -> float:
    """User + system CPU time of the command and its worker processes. Unlike wall time it barely
    moves when other programs share the cores, so it is the figure to compare two versions by on a
    busy machine."""
    before = os.times()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    after = os.times()
    return (after.children_user - before.children_user) + (after.children_system - before.children_system)


def best_of(cmd: list[str], env: dict[str, str], repeat: int) -> tuple[float, int]:
    timed(cmd, env)  # warm-up: bytecode caches, file system cache
    runs = [timed(cmd, env) for _ in range(repeat)]
    return min(t for t, _ in runs), runs[0][1]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    for tool in ("xplan", "check-jsonschema"):
        if shutil.which(tool) is None:
            print(f"{tool} is not installed: pip install -e '.[test]'", file=sys.stderr)
            return 2
    out = ROOT / "bench" / "out" / "plans"
    files = sorted((out / "R7").glob("*.yaml"))
    if len(files) != args.files:
        shutil.rmtree(out, ignore_errors=True)
        files = generate(out, args.files)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["NO_COLOR"] = "1"
    size = sum(f.stat().st_size for f in files) / len(files) / 1000

    xplan, cj_tool = executable("xplan"), executable("check-jsonschema")
    # --no-cache: this is the work of linting (bench/cache.py measures what the cache saves)
    xp, xp_rc = best_of([xplan, "lint", "--no-cache", "--format", "json", str(out)], env, args.repeat)
    cj, cj_rc = best_of([cj_tool, "--schemafile", str(ROOT / "schema/plan.schema.json"),
                         *map(str, files)], env, args.repeat)
    cpu = min(cpu_seconds([xplan, "lint", "--no-cache", "--format", "json", str(out)], env)
              for _ in range(args.repeat))
    one = files[1]
    timed([xplan, "lint", "--no-cache", str(one)], env)
    singles = [timed([xplan, "lint", "--no-cache", str(one)], env)[0] for _ in range(10)]

    print(f"{len(files)} files, mean {size:.1f} KB, {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    print("| run | wall time | exit code |")
    print("|---|---|---|")
    print(f"| xplan lint (schema + rules + locations), {len(files)} files | {xp:.2f} s | {xp_rc} |")
    print(f"| check-jsonschema (schema only), same files | {cj:.2f} s | {cj_rc} |")
    print(f"| xplan lint, {len(files)} files: CPU time, all processes (best of {args.repeat}) | {cpu:.2f} s | |")
    print(f"| xplan lint, one file (median of 10) | {statistics.median(singles):.3f} s | |")
    print(f"\nxplan is {cj / xp:.1f}x faster than check-jsonschema on the same files.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
