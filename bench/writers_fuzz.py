"""The writers' long fuzz run (issue 23): mutated plans through fmt, lint --fix and new, and every
writer under every fault, counting what goes wrong. The figures go in the README's reliability
section; tests/test_writers_fuzz.py runs a few of the same cases in CI.

    python bench/writers_fuzz.py [--plans 400] [--seed 23] [--faults] [--json]

Mutations are those of tests/test_fuzz.py (lines dropped and duplicated, values retyped, tags,
anchors, control characters, keys renamed, the file cut at a random byte), each file also written
with CR, CRLF, NEL or U+2028 line ends one time in three. A *finding* is a run that broke a
property of tests/writer_cases.py: an exit code of 3 or a traceback, a comment lost from a file the
writer changed, fmt changing what a file means, a file removed, or (under a fault) a file that is
neither its old nor its new content, a change outside the target, an edit or deletion undone.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def _ops(rng: random.Random) -> list[tuple[str, int, str]]:
    from test_fuzz import KEYS, LINE_NOISE, ODD_VALUES

    kinds = ["drop", "duplicate", "value", "key", "noise", "anchor", "indent"]
    values = ODD_VALUES + LINE_NOISE + KEYS
    return [(rng.choice(kinds), rng.randrange(10_000), rng.choice(values)) for _ in range(rng.randint(1, 6))]


def mutated_runs(n: int, seed: int) -> tuple[Counter[str], list[str], int]:
    """``n`` mutated plans through fmt, fix and new: (exit codes per writer, findings, runs)."""
    from test_fuzz import PLAN_FILES, mutate
    from writer_cases import WRITERS, messy_plans
    from writer_faults import comment_words, run, snapshot

    from xplan.plan.loader import parse

    rng = random.Random(seed)
    codes: Counter[str] = Counter()
    findings: list[str] = []
    runs = 0
    writers = [w for w in WRITERS if w.name in ("fmt", "fix", "new")]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        base = messy_plans(tmp / "base")
        for i in range(n):
            target = rng.choice(PLAN_FILES)
            cut = rng.randrange(200_000) if rng.random() < 0.2 else None
            data = mutate((base / target).read_text(encoding="utf-8"), _ops(rng), cut)
            breaks = rng.choice(["\n", "\n", "\n", "\r\n", "\r", "\x85", "\u2028"])
            data = data.replace(b"\n", breaks.encode("utf-8"))
            for w in writers:
                work = tmp / f"run{i}-{w.name}"
                plans = work / "plans"
                shutil.copytree(base, plans)
                (plans / target).write_bytes(data)
                before = snapshot(plans)
                code, _out, err = run(w.argv(plans, work))
                runs += 1
                codes[f"{w.name} exit {code}"] += 1
                where = f"plan {i} ({target}, {w.name})"
                if code == 3 or "Traceback" in err:
                    findings.append(f"{where}: exit {code}: {err.strip()[-200:]}")
                after = snapshot(plans)
                for name, old in before.items():
                    new = after.get(name)
                    if new is None:
                        findings.append(f"{where}: {name} removed")
                    elif new != old and isinstance(old, bytes) and isinstance(new, bytes):
                        try:
                            old_text, new_text = old.decode("utf-8"), new.decode("utf-8")
                        except UnicodeDecodeError:
                            findings.append(f"{where}: {name} rewritten though not UTF-8")
                            continue
                        if comment_words(old_text) != comment_words(new_text):
                            findings.append(f"{where}: {name} lost a comment")
                        if w.name == "fmt" and parse("a", new_text).data != parse("b", old_text.lstrip("\ufeff")).data:
                            findings.append(f"{where}: fmt changed the data of {name}")
                shutil.rmtree(work)
    return codes, findings, runs


def fault_runs() -> tuple[Counter[str], list[str], int]:
    """Every writer under every fault once (a tmpfs where one may be mounted)."""
    import pytest

    from writer_cases import FAULTS, WRITERS, messy_plans, reference_run, run_case
    from writer_faults import can_mount

    outcomes: Counter[str] = Counter()
    findings: list[str] = []
    runs = 0
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        base = messy_plans(tmp / "base")
        mp = pytest.MonkeyPatch()
        for w in WRITERS:
            reference = reference_run(w, base, tmp / f"ref-{w.name}")
            for fault in FAULTS:
                if fault in w.not_for or (fault in ("full", "hardlink_full", "readonly_folder") and not can_mount()):
                    outcomes["skipped"] += 1
                    continue
                try:
                    problems = run_case(w, fault, base, tmp / f"{w.name}-{fault}", reference, mp)
                except NotImplementedError:
                    outcomes["skipped"] += 1
                    continue
                finally:
                    mp.undo()
                runs += 1
                outcomes["with findings" if problems else "clean"] += 1
                findings += [f"{w.name} under {fault}: {p}" for p in problems]
    return outcomes, findings, runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=400, help="mutated plans (each through fmt, fix and new)")
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--faults", action="store_true", help="also every writer under every fault")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    opts = parser.parse_args()
    start = time.monotonic()
    codes, findings, runs = mutated_runs(opts.plans, opts.seed)
    result: dict[str, object] = {"mutated plans": opts.plans, "writer runs": runs, "exit codes": dict(sorted(codes.items())),
                                 "findings": findings}
    if opts.faults:
        outcomes, fault_findings, fault_count = fault_runs()
        result.update({"fault runs": fault_count, "fault outcomes": dict(outcomes), "fault findings": fault_findings})
    result["seconds"] = round(time.monotonic() - start, 1)
    if opts.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    print(f"| mutated plans | writer runs | findings | time |\n|---|---|---|---|\n"
          f"| {opts.plans} | {runs} | {len(findings)} | {result['seconds']} s |")
    print("\n| writer | exit | runs |\n|---|---|---|")
    for key, n in sorted(codes.items()):
        name, _, code = key.partition(" exit ")
        print(f"| {name} | {code} | {n} |")
    if opts.faults:
        print(f"\nfaults: {result['fault runs']} runs, {dict(result['fault outcomes'])}")  # type: ignore[call-overload]
    for f in findings + list(result.get("fault findings", [])):  # type: ignore[call-overload]
        print("-", f)


if __name__ == "__main__":
    main()
