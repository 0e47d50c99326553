"""Generate plan files of realistic size for the lint benchmark.

Each file is a current-layout plan of about 40 KB, valid against schema/plan.schema.json, built
from sentences of the real plans in plans/ (shuffled per file, so every file differs). Every
25th file carries deliberate findings (a mistyped key, a missing rating, an empty cell) so the
benchmark also pays for locating problems.

    python bench/generate.py [OUT_DIR] [COUNT] [--seed N]     (default bench/out/plans, 200, 7)
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from xplan.plan.loader import load  # noqa: E402

TARGET_BYTES = 40_000


def _sentences() -> tuple[list[str], list[str], list[str]]:
    """Long sentences, short phrases (titles, cells) and policy fields from the real plans."""
    long_: list[str] = []
    short: list[str] = []
    fields: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        elif isinstance(node, str) and len(node) > 4:
            (long_ if len(node) > 40 else short).append(node)

    for f in sorted((ROOT / "plans").rglob("*.yaml")):
        data = load(f).data or {}
        for issue in data.get("issues", []):
            walk(issue)
            if issue.get("field"):
                fields.add(issue["field"])
    return long_, short, sorted(fields)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def plan_text(n: int, rng: random.Random, long_: list[str], short: list[str], fields: list[str],
              with_findings: bool) -> str:
    lines = ["# yaml-language-server: $schema=../../../../schema/plan.schema.json",
             "schema_version: 1", "organisation:", f"  name: ベンチ組織{n:03d}", "  kind: bureau",
             f"  slug: org-{n:03d}", "fiscal_year: R7", "template: R7", "layout: current", "source:",
             "  document: synthetic", "  notes:", "    - SYNTHETIC benchmark plan, not a real plan",
             "mission:", f"  - {_quote(rng.choice(long_))}", "basic_info:", "  budget:", "    text: 記載不要",
             "review:", "  overall:", f"    - {_quote(rng.choice(long_))}", "issues:"]
    counts = {"A": 0, "B": 0, "C": 0}
    size = 0
    while size < TARGET_BYTES:
        domain = rng.choice("ABC")
        counts[domain] += 1
        num = counts[domain]
        lines += [f"  - id: {domain}{num}", f"    domain: {domain}", f"    number: {num}",
                  f"    title: {_quote(rng.choice(short))}", f"    field: {_quote(rng.choice(fields))}",
                  "    in_overview: true", "    has_detail: true",
                  "    approach:", f"      - {_quote(rng.choice(short))}",
                  f"    impact: {rng.choice('高低')}", f"    urgency: {rng.choice('高低')}"]
        for key in ("content", "background", "outcomes"):
            lines.append(f"    {key}:")
            lines += [f"      - {_quote(rng.choice(long_))}" for _ in range(rng.randint(1, 3))]
        lines.append("    actions:")
        for a in range(1, rng.randint(2, 4)):
            lines += [f"      - number: {a}", f"        title: {_quote(rng.choice(short))}",
                      "        description:", f"          - {_quote(rng.choice(long_))}",
                      "        schedule:"]
            cells = [f"[{_quote(rng.choice(short))}]" for _ in range(4)]
            lines += [f"          - q1: {cells[0]}", f"            q2: {cells[1]}",
                      f"            q3: {cells[2]}", "            q4: [{continues: true}]"]
        size = sum(len(line.encode()) + 1 for line in lines)
    text = "\n".join(lines) + "\n"
    if with_findings:
        text = text.replace("    urgency:", "    urgncy:", 1)  # S201 unknown key
        text = text.replace("            q2: ", "            q2: []  # ", 1)  # P302 empty cell
    return text


def generate(out: Path, count: int, seed: int = 7) -> list[Path]:
    long_, short, fields = _sentences()
    rng = random.Random(seed)
    target = out / "R7"
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        p = target / f"org-{n:03d}.yaml"
        p.write_text(plan_text(n, rng, long_, short, fields, with_findings=(n % 25 == 0)), encoding="utf-8")
        paths.append(p)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / "bench" / "out" / "plans",
                        help="folder to write the plans into (R7/org-NNN.yaml below it; default bench/out/plans)")
    parser.add_argument("count", nargs="?", type=int, default=200, help="how many plans (default 200)")
    parser.add_argument("--seed", type=int, default=7, help="random seed: the same seed writes the same files")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("COUNT must be at least 1")
    files = generate(args.out, args.count, args.seed)
    sizes = [f.stat().st_size for f in files]
    print(f"wrote {len(files)} plans to {args.out} (mean {sum(sizes) / len(sizes) / 1000:.1f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
