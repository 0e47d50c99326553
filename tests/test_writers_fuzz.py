"""The writers under faults and on mutated plans (issue 23, "Done when"; see tests/writer_cases.py
for the writers, the faults and the properties checked).

Two parts:

- every writer × every fault, once each (a real tmpfs for the full disk and the read-only
  folder when the test runs as root; tests/test_writers_safe.py simulates them otherwise);
- mutated plans (the generator of tests/test_fuzz.py: keys dropped and duplicated, values
  retyped, tags, anchors, control characters, other line breaks, the file cut short) through
  fmt, lint --fix and new: never exit 3, no comment lost, data unchanged by fmt.

Bounded for CI (a few seconds per writer); ``XPLAN_WRITER_FUZZ_EXAMPLES`` runs more mutated plans,
``XPLAN_FUZZ_RANDOM=1`` draws new ones; bench/writers_fuzz.py is the long run and its figures.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fuzz import PLAN_FILES, mutate, mutations
from writer_cases import FAULTS, WRITERS, Writer, messy_plans, reference_run, run_case
from writer_faults import can_mount, comment_words, run, snapshot

EXAMPLES = int(os.environ.get("XPLAN_WRITER_FUZZ_EXAMPLES", "4"))
FRESH = os.environ.get("XPLAN_FUZZ_RANDOM") == "1"
NEEDS_MOUNT = {"full", "hardlink_full", "readonly_folder"}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return messy_plans(tmp_path_factory.mktemp("writers-base"))


@pytest.fixture(scope="module")
def references(base: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes | str]]:
    """What each writer writes when nothing goes wrong (one run each, on a clean copy)."""
    return {w.name: reference_run(w, base, tmp_path_factory.mktemp(f"ref-{w.name}")) for w in WRITERS}


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: w.name)
def test_writer_under_a_fault(writer: Writer, fault: str, base: Path, references: dict[str, dict[str, bytes | str]],
                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if fault in writer.not_for:
        pytest.skip(writer.not_for[fault])
    if fault in NEEDS_MOUNT and not can_mount():
        pytest.skip("needs root to mount a tmpfs; tests/test_writers_safe.py simulates this fault")
    try:
        problems = run_case(writer, fault, base, tmp_path / "work", references[writer.name], monkeypatch)
    except NotImplementedError as exc:  # root, but no tmpfs may be mounted here
        pytest.skip(str(exc))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: w.name)
def test_the_writers_have_work_to_do(writer: Writer, base: Path,
                                     references: dict[str, dict[str, bytes | str]]) -> None:
    """Without a fault each writer changes or writes files (else the suite would prove nothing)."""
    before = snapshot(base)
    assert [n for n, v in references[writer.name].items() if before.get(n) != v], f"{writer.name} wrote nothing"


MUTATED_WRITERS = [w for w in WRITERS if w.name in ("fmt", "fix", "new", "checkpoint", "retro")]
ADDING = ("checkpoint", "retro")  # writers that add entries with comments beside them: every old comment stays


@settings(max_examples=EXAMPLES, deadline=None, derandomize=not FRESH, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(PLAN_FILES), ops=mutations(),
       cut=st.none() | st.integers(min_value=0, max_value=200_000),
       breaks=st.sampled_from(["\n", "\n", "\r\n", "\r", "\x85", "\u2028"]))
def test_writers_on_mutated_plans(tmp_path_factory: pytest.TempPathFactory, base: Path, target: str,
                                  ops: list[tuple[str, int, str]], cut: int | None, breaks: str) -> None:
    from xplan.plan.loader import parse

    work = tmp_path_factory.mktemp("mutated")
    text = (base / target).read_text(encoding="utf-8")
    data = mutate(text, ops, cut).replace(b"\n", breaks.encode("utf-8"))
    for w in MUTATED_WRITERS:
        plans = work / w.name / "plans"
        shutil.copytree(base, plans)
        (plans / target).write_bytes(data)
        before = snapshot(plans)
        code, _out, err = run(w.argv(plans, work / w.name))
        assert code in (0, 1, 2) and "Traceback" not in err, f"{w.name} exited {code}: {err}"
        after = snapshot(plans)
        assert set(before) <= set(after), f"{w.name} removed a file"
        for name, old in before.items():
            new = after[name]
            if new == old or not isinstance(old, bytes) or not isinstance(new, bytes):
                continue
            try:
                old_text, new_text = old.decode("utf-8"), new.decode("utf-8")
            except UnicodeDecodeError:  # a mutated file that is not UTF-8: only fmt could have rewritten it
                raise AssertionError(f"{w.name} rewrote {name}, which is not UTF-8") from None
            if w.name in ADDING:
                from collections import Counter

                assert not Counter(comment_words(old_text)) - Counter(comment_words(new_text)), (
                    f"{w.name} lost a comment in {name}")
                continue
            assert comment_words(old_text) == comment_words(new_text), f"{w.name} lost a comment in {name}"
            if w.name == "fmt":
                assert parse("a", new_text).data == parse("b", old_text.lstrip("\ufeff")).data, name
