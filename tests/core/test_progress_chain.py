"""The hash chain: what it catches, and that it is honest about what it cannot."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from progress_course import GOOD

from tutor.core.progress import Progress, compute_chain, dumps, loads, verify_chain
from tutor.core.progress.model import chain_step


def good() -> Progress:
    return loads(GOOD.read_text())


def test_the_fixture_verifies() -> None:
    assert verify_chain(good())


def test_edits_are_caught() -> None:
    edits: list[Callable[[Progress], object]] = [
        lambda p: setattr(p.modules["basics"].quiz_attempts[0].answers[1], "correct", True),
        lambda p: setattr(p.modules["basics"].quiz_attempts[0], "score", 1.0),
        lambda p: setattr(p.modules["basics"].quiz_attempts[0], "passed", False),
        lambda p: setattr(p.modules["basics"].drill_runs[0], "points", 4),
        lambda p: p.modules["basics"].quiz_attempts[0].answers.pop(),
        lambda p: p.modules["basics"].quiz_attempts.pop(),
        lambda p: setattr(
            p.modules["basics"].quiz_attempts[0].answers[0],
            "at",
            dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        ),
        lambda p: setattr(p.integrity, "chain", "0" * 64),
        lambda p: setattr(p.integrity, "base", "1" * 64),
    ]
    for edit in edits:
        progress = good()
        edit(progress)
        assert not verify_chain(progress), edit


def test_reordered_or_duplicated_seqs_are_caught() -> None:
    progress = good()
    answers = progress.modules["basics"].quiz_attempts[0].answers
    answers[0].seq, answers[1].seq = answers[1].seq, answers[0].seq
    assert not verify_chain(progress)
    progress = good()
    progress.modules["basics"].quiz_attempts[0].answers[1].seq = 1
    assert not verify_chain(progress)


def test_a_record_added_by_hand_without_a_seq_is_caught() -> None:
    progress = good()
    answers = progress.modules["basics"].quiz_attempts[1].answers
    answers.append(
        type(answers[0])("q2", ("c",), True, dt.datetime(2026, 11, 21, 17, tzinfo=dt.UTC))
    )
    assert not verify_chain(progress)


def test_learner_details_are_not_in_the_chain() -> None:
    progress = good()
    progress.learner.email = "new@example.org"  # the learner may fix their own details
    progress.position.module = "second"
    assert verify_chain(progress)


def test_anyone_who_recomputes_the_chain_can_forge_it() -> None:
    """What the docs say plainly: the chain proves consistency, not honesty."""
    progress = good()
    progress.modules["basics"].quiz_attempts[0].answers[1].correct = True
    assert not verify_chain(progress)
    progress.integrity.chain = compute_chain(progress)
    assert verify_chain(loads(dumps(progress)))


def test_chain_step_depends_on_the_previous_head() -> None:
    assert chain_step("a", ["x", 1]) != chain_step("b", ["x", 1])
    assert chain_step("a", ["x", 1]) != chain_step("a", ["x", 2])
