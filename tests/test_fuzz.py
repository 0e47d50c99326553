"""Fuzzing: mutated copies of the real plans through every command (issue 16 "Also", issue 17).

Hypothesis mutates one of the bundled plans the ways a person typing, a tool exporting or a
truncated copy would: lines (keys) dropped and duplicated, values retyped (numbers, lists, maps,
YAML 1.1 booleans and sexagesimals, ``.nan``/``.inf``, tags, anchors and aliases, merge keys),
strings with control characters, escaped surrogates and right-to-left marks, keys renamed, and the
file cut at a random byte. Then lint, every view, rollup, fields, diff, agenda and progress run on
the directory, in this process (through ``xplan.cli.run``, the same top-level handling as the
``xplan`` command): each must exit 0, 1 or 2 — never 3 (an internal error, i.e. a traceback) — and
finish within a time limit.

Bounded so that CI runs it in well under a minute (``XPLAN_FUZZ_EXAMPLES`` for a longer local run;
the examples are derandomised, so a CI failure reproduces; ``XPLAN_FUZZ_RANDOM=1`` draws new ones).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PLANS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PLAN_FILES = sorted(p.relative_to(PLANS).as_posix() for p in PLANS.rglob("*.yaml"))
EXAMPLES = int(os.environ.get("XPLAN_FUZZ_EXAMPLES", "12"))
FRESH = os.environ.get("XPLAN_FUZZ_RANDOM") == "1"  # new examples each run (local bug hunting)
SECONDS_PER_COMMAND = 30  # a hang is a failure, not a stuck CI job

ODD_VALUES = [
    # retyped: numbers, lists, maps, null
    "5", "-1", "0", "1e400", "3.5", "[]", "{}", "[1, 2]", "{a: 1}", "~", "null", '""',
    # YAML 1.1 booleans and sexagesimals, octal/hex, dates
    "yes", "no", "on", "off", "Y", "1:30", "190:20:30.15", "0o17", "0x1F", "2025-13-45", "2025-12",
    ".nan", ".inf", "-.inf", ".NaN",
    # tags, anchors, aliases
    "!!binary aGVsbG8=", "!!set {a, b}", "!!omap [a: 1]", "!!pairs [a: 1]", "!!str 5", "!!int x",
    "!!float 1", "!!python/name:os.system", "!foo bar", "&anchor value", "*anchor", "*missing",
    # text a person or an export might leave
    "令和7年12月", "R⑦", "R²", "高い", "中", "'\u202e逆向き'", "'\u200fRTL'", '"\\ud800"', '"\\udfff x"',
    '"\\x07bell"', '"tab\\there"', '"\\u0000nul"', "'a: b'", '"\\U0001F600"', "- x", "[unclosed", "{bad",
]
LINE_NOISE = ["\u202e", "\u200f", "\u0007", "\u001b[31m", "\t", "\u00a0", "\ufeff", "\u3000", "：", "#", "&a ",
              "*a", "<<: *a", "!!binary ", "? ", "- ", "'", '"', "|", ">"]
KEYS = ["id", "number", "domain", "title", "impact", "urgency", "as_of", "progress", "actions", "schedule",
        "q1", "q5", "issues", "fiscal_year", "organisation", "name", "slug", "lineage", "year", "<<", "urgncy"]


@st.composite
def mutations(draw: st.DrawFn) -> list[tuple[str, int, str]]:
    ops = st.tuples(
        st.sampled_from(["drop", "duplicate", "value", "key", "noise", "anchor", "indent"]),
        st.integers(min_value=0, max_value=10_000),
        st.sampled_from(ODD_VALUES) | st.sampled_from(LINE_NOISE) | st.sampled_from(KEYS) |
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=6),
    )
    return draw(st.lists(ops, min_size=1, max_size=6))


def mutate(text: str, ops: list[tuple[str, int, str]], cut: int | None) -> bytes:
    lines = text.splitlines()
    for kind, at, value in ops:
        i = at % len(lines)
        line = lines[i]
        head, sep, _ = line.partition(": ")
        if kind == "drop":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, line)
        elif kind == "value" and sep:
            lines[i] = f"{head}: {value}"
        elif kind == "key" and sep:
            indent = head[: len(head) - len(head.lstrip(" -"))]
            lines[i] = f"{indent}{value}: {line.partition(': ')[2]}"
        elif kind == "anchor" and sep:
            lines[i] = f"{head}: &a {line.partition(': ')[2]}"
            lines.insert(min(len(lines), i + 1 + at % 7), f"{head[: len(head) - len(head.lstrip())]}<<: *a")
        elif kind == "indent":
            lines[i] = " " * (at % 5) + line
        else:
            pos = at % (len(line) + 1)
            lines[i] = line[:pos] + value + line[pos:]
        if not lines:
            lines = ["x"]
    data = ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")
    return data[: cut % (len(data) + 1)] if cut is not None else data


class Hang(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def alarm(signum: int, frame: object) -> None:
        raise Hang(f"over {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run(args: list[str]) -> tuple[int, str]:
    """One command line through the real top level, output captured; (exit code, stderr)."""
    from xplan.cli import run as cli_run

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), time_limit(SECONDS_PER_COMMAND):
        code = cli_run(args)
    return code, err.getvalue()


def commands(plans: Path) -> list[list[str]]:
    p = str(plans)
    return [
        ["lint", p], ["lint", p, "-F", "json"], ["lint", p, "-F", "sarif"], ["lint", p, "-F", "github"],
        ["matrix", "--plans", p, "--all"], ["matrix", "--plans", p, "--all", "-F", "json"],
        ["issues", "--plans", p, "--all", "-F", "json"], ["issues", "--plans", p, "--all", "-F", "csv"],
        ["show", "--plans", p, "--org", "小倉北区"], ["show", "--plans", p, "--org", "政策局", "-F", "json"],
        ["show", "--plans", p, "--org", "総務市民局", "B1"],
        ["schedule", "--plans", p, "--org", "政策局"], ["schedule", "--plans", p, "--org", "小倉北区", "-F", "json"],
        ["orgs", "--plans", p], ["rollup", "--plans", p, "--years", "all"],
        ["rollup", "--plans", p, "--by", "org", "-F", "json"], ["fields", "--plans", p],
        ["diff", "R6", "R7", "--plans", p], ["diff", "R7", "R8", "--plans", p, "-F", "json"],
        ["agenda", "--plans", p, "--year", "R7", "--quarter", "3"], ["progress", "--plans", p],
        ["status", "--plans", p, "--as-of", "2025-12", "-F", "json"],
        # the exports write every text of every plan into SQLite, a workbook, CSV and Word
        ["export", "--plans", p, "--all", "-q", "-o", str(plans.parent / "export.db")],
        ["export", "--plans", p, "--all", "-q", "-o", str(plans.parent / "export.xlsx")],
        ["export", "--plans", p, "--all", "-q", "-o", str(plans.parent / "opendata")],
        ["show", "--plans", p, "--org", "政策局", "-F", "docx", "-o", str(plans.parent / "seisaku.docx")],
        # the writers last: they change the files the commands above read
        ["checkpoint", "--plans", p, "--all-orgs", "--as-of", "2025-12", "--diff"],
        ["checkpoint", "--plans", p, "--all-orgs", "--as-of", "2025-12"], ["retro", "--plans", p, "--all-orgs"],
    ]


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=EXAMPLES, deadline=None, derandomize=not FRESH, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(PLAN_FILES), ops=mutations(),
       cut=st.none() | st.integers(min_value=0, max_value=200_000))
def test_mutated_plan_never_breaks_a_command(fuzz_dir: Path, target: str, ops: list[tuple[str, int, str]],
                                             cut: int | None) -> None:
    plans = fuzz_dir / "plans"
    shutil.rmtree(fuzz_dir, ignore_errors=True)
    shutil.copytree(PLANS, plans)
    (plans / target).write_bytes(mutate((PLANS / target).read_text(encoding="utf-8"), ops, cut))
    for args in commands(plans):
        code, err = run(args)
        assert code in (0, 1, 2), f"{args} exited {code}:\n{err}"
        assert "Traceback" not in err, err


def test_the_fuzzer_reaches_the_cases_it_is_for() -> None:
    """The mutations really produce the inputs of issue 17 (else the fuzz test proves little)."""
    from xplan.plan.loader import parse

    text = (PLANS / "R7" / "seisaku.yaml").read_text(encoding="utf-8")
    i = next(n for n, ln in enumerate(text.splitlines()) if ln.startswith("fiscal_year: "))
    assert b"fiscal_year: R\xe2\x91\xa6" in mutate(text, [("value", i, "R⑦")], None)
    assert parse("x", mutate(text, [("value", i, "!!binary aGVsbG8=")], None).decode()).findings[0].code == "E107"
    surrogate = mutate(text, [("value", i, '"\\ud800"')], None).decode()
    assert parse("x", surrogate).data["fiscal_year"] == "\ud800"
    assert len(mutate(text, [("drop", 0, "")], 100)) == 100
