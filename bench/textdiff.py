"""Time `xplan diff --text`'s word-level diff on long runs of one character (issue 23 case 7).

    python bench/textdiff.py [--sizes 10000 100000 1600000] [--kinds latin kanji punct mixed]

Each case diffs two texts of SIZE characters that differ in one place near the middle: a run of one
Latin letter, one kanji, one punctuation mark (each its own token), and ordinary Japanese sentences
(from the bundled plans) repeated, and two unrelated texts (nothing to set aside: the line-level
fallback). Before the bound, a 1.6 M-character run took 22 s. Prints a
Markdown table of the best of --repeat runs and whether the word-level diff or the line-level
fallback answered.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _texts(kind: str, size: int) -> tuple[str, str]:
    if kind == "mixed":
        from xplan.plan.loader import load

        data = load(ROOT / "plans" / "R7" / "seisaku.yaml").data
        assert data is not None
        base = "".join(str(x) for i in data["issues"] for x in i.get("content", []) if isinstance(x, str))
        text = (base * (size // max(1, len(base)) + 1))[:size]
    elif kind == "different":  # two unrelated texts: nothing in common to set aside
        import random

        rng = random.Random(size)
        letters = "あいうえおかきくけこ漢字計画課題区役所アイウエオ。、"
        return ("".join(rng.choice(letters) for _ in range(size)),
                "".join(rng.choice(letters) for _ in range(size)))
    else:
        text = {"latin": "a", "kanji": "漢", "punct": "。"}[kind] * size
    mid = size // 2
    return text, text[:mid] + "変更" + text[mid + 1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_600_000])
    parser.add_argument("--kinds", nargs="*", default=["latin", "kanji", "punct", "mixed", "different"])
    parser.add_argument("--repeat", type=int, default=3)
    opts = parser.parse_args()
    from xplan.diff.textdiff import DELETE, INSERT, paragraph_diff

    print("| text | characters | best time | diff |")
    print("|---|---|---|---|")
    for kind in opts.kinds:
        for size in opts.sizes:
            old, new = _texts(kind, size)
            best, lines = float("inf"), []
            for _ in range(opts.repeat):
                t = time.perf_counter()
                lines = paragraph_diff([old], [new])
                best = min(best, time.perf_counter() - t)
            pieces = [p for ln in lines for p in ln]
            longest = max((len(p.text) for p in pieces if p.kind in (DELETE, INSERT)), default=0)
            how = "line level (changed part whole)" if longest > 20_000 else "word level"
            print(f"| {kind} | {size:,} | {best:.3f} s | {how} |")


if __name__ == "__main__":
    main()
