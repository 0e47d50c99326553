"""Measure the pathological inputs of issue 17: wall time and peak memory of one `xplan` run each.

    python bench/robust.py [--corpus N ...]      (default corpus sizes: 200 2000)

Cases (the issue's numbers before the fix in brackets):
- a plan written on one line, 4.5 MB (JSON style), with a finding in every issue [over 60 s, 14 GB]
- a 2.6 M-item flow list under the 5 MiB cap [23 s, 730 MB, then misreported as E110]
- a 1.3 M-item block list [15 s, 683 MB]
- `xplan orgs --width 100000` [20 s] (now a usage error)
- `xplan lint` of generated corpora (bench/generate.py) of 200 and 2,000 plans: memory must stay flat

Each case runs `python -m xplan` in a child process; peak memory is the child's maximum resident
set size (getrusage), the largest of the child and its workers. Results are printed as a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _run(args: list[str], cwd: Path) -> tuple[float, float, float, int]:
    """(wall seconds, CPU seconds, peak MB, exit code) of one xplan run in a fresh child process.

    CPU time (user + system, the child and its workers) is reported beside wall time because this
    machine is shared: wall time there says more about the neighbours than about xplan."""
    code = ("import resource, subprocess, sys, time\n"
            "t = time.monotonic()\n"
            "r = subprocess.run([sys.executable, '-m', 'xplan', *sys.argv[1:]], stdout=subprocess.DEVNULL, "
            "stderr=subprocess.DEVNULL)\n"
            "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "print(time.monotonic() - t, u.ru_utime + u.ru_stime, u.ru_maxrss, r.returncode)\n")
    env = {**os.environ, "NO_COLOR": "1", "XPLAN_CACHE_DIR": str(cwd / ".cache")}
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd, env=env,
                         check=True).stdout.split()
    return float(out[0]), float(out[1]), int(out[2]) / 1024, int(out[3])


def _one_line_plan(target: Path) -> None:
    from xplan.plan.loader import load

    data = load(ROOT / "plans" / "R8" / "kokurakita.yaml").data
    assert data is not None
    for issue in data["issues"]:
        issue["urgncy"] = "高"
    data["mission"] = ["あ" * 1_480_000]  # about 4.5 MB in UTF-8
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=int, nargs="*", default=[200, 2000])
    opts = parser.parse_args()
    rows: list[tuple[str, float, float, float, int]] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        one = tmp / "R8" / "kokurakita.yaml"
        one.parent.mkdir()
        _one_line_plan(one)
        rows.append((f"lint one-line plan ({one.stat().st_size / 1e6:.1f} MB)", *_run(["lint", str(one)], tmp)))
        flow = tmp / "flow.yaml"
        flow.write_text("k: [" + "1," * 2_600_000 + "1]\n", encoding="utf-8")
        rows.append(("lint 2.6 M-item flow list", *_run(["lint", str(flow)], tmp)))
        block = tmp / "block.yaml"
        block.write_text("k:\n" + "- a\n" * 1_300_000, encoding="utf-8")
        rows.append(("lint 1.3 M-item block list", *_run(["lint", str(block)], tmp)))
        rows.append(("orgs --width 100000", *_run(["orgs", "--plans", str(ROOT / "plans"), "--width", "100000"], tmp)))
        for n in opts.corpus:
            corpus = tmp / f"corpus{n}"
            subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), str(corpus), str(n)], check=True,
                           capture_output=True)
            rows.append((f"lint corpus of {n} plans", *_run(["lint", str(corpus), "--no-cache"], tmp)))
    print("| case | wall time | CPU time | peak memory | exit |")
    print("|---|---|---|---|---|")
    for name, seconds, cpu, mb, code in rows:
        print(f"| {name} | {seconds:.2f} s | {cpu:.2f} s | {mb:.0f} MB | {code} |")


if __name__ == "__main__":
    main()
