"""The chain's canonical JSON, written directly, is the encoder's, byte for byte.

`model._answer_body` and its siblings write each event's JSON without the
general encoder (the reader checks every file's chain, so this is most of its
cost). A different byte would change every chain head, and every file written
so far would then fail its check, so they are held to `json.dumps` here: for
the records the session and the reader make, and for any values at all (odd
types go to the encoder; what it refuses, they refuse the same way, at the
same point of the check).
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from progress_course import GOOD
from test_progress_codec import busy_progress

from tutor.core.progress import Progress, compute_chain, loads, verify_chain
from tutor.core.progress.model import (
    _BODIES,
    _PAYLOADS,
    Answer,
    Body,
    Credit,
    DrillRun,
    Evaluation,
    QuizAttempt,
    _answer_body,
    _attempt_body,
    _credit_body,
    _evaluation_body,
    _events,
    _run_body,
    answer_event,
    attempt_event,
    chain_step,
    credit_event,
    evaluation_event,
    events,
    run_event,
)


def canonical(payload: list[object]) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def outcome(make: Callable[[], object]) -> tuple[str, object]:
    try:
        return "ok", make()
    except Exception as e:
        return "raises", (type(e), str(e))


def text(body: Body) -> str:
    """What the chain hashes for a body: the text, or the encoder's text of the payload."""
    return body if isinstance(body, str) else canonical(body)


def same(body: Callable[[], Body], payload: Callable[[], list[object]]) -> None:
    assert outcome(lambda: text(body())) == outcome(lambda: canonical(payload()))


def test_real_records_give_the_encoders_text() -> None:
    for progress in (busy_progress(), loads(GOOD.read_text())):
        bodies, missing = _events(progress, _BODIES)
        payloads, missing_too = _events(progress, _PAYLOADS)
        assert missing == missing_too
        assert len(bodies) == len(payloads) > 5
        for (seq, body), (seq_too, payload) in zip(bodies, payloads, strict=True):
            assert seq == seq_too
            assert isinstance(body, str)  # written directly, not by the encoder
            assert body == canonical(payload)
        assert payloads == events(progress)


def test_the_chain_is_the_one_chain_step_makes() -> None:
    for progress in (busy_progress(), loads(GOOD.read_text())):
        head = progress.integrity.base
        for _, payload in events(progress):
            head = chain_step(head, payload)
        assert compute_chain(progress) == head == progress.integrity.chain
        assert verify_chain(progress)


# -- any values ----------------------------------------------------------------------


class Level(enum.IntEnum):
    ONE = 1


class Name(str):
    pass


UTC_TIMES = st.datetimes(timezones=st.just(dt.UTC))
TIMES = st.one_of(
    UTC_TIMES,
    st.datetimes(timezones=st.just(dt.timezone(dt.timedelta(hours=-5)))),
    st.datetimes(),  # naive: iso() refuses it, in both
)
TEXT = st.one_of(st.text(), st.text().map(Name))
STRINGS = st.lists(TEXT, max_size=3)
INTS: st.SearchStrategy[Any] = st.one_of(
    st.integers(0, 2**53),
    st.integers(-(2**70), 2**70),
    st.booleans(),
    st.just(Level.ONE),
    st.floats(allow_nan=False),
)
FLOATS: st.SearchStrategy[Any] = st.one_of(
    st.none(), st.floats(), st.integers(0, 3), st.booleans(), st.text(max_size=2)
)
FLAGS: st.SearchStrategy[Any] = st.one_of(st.none(), st.booleans(), st.integers(0, 1))
MODULE = st.one_of(TEXT, st.integers(0, 3))
CHOICES: st.SearchStrategy[Any] = st.one_of(
    STRINGS,
    STRINGS.map(tuple),
    st.lists(st.one_of(st.text(max_size=2), st.integers(0, 3)), max_size=2),
)

answers = st.builds(Answer, question=TEXT, chosen=CHOICES, correct=FLAGS, at=TIMES, seq=INTS)
attempts = st.builds(
    QuizAttempt,
    number=INTS,
    started=TIMES,
    seed=INTS,
    content_hash=TEXT,
    answers=st.lists(answers, max_size=2),
    finished=TIMES,
    score=FLOATS,
    passed=FLAGS,
    seq=INTS,
)
runs = st.builds(
    DrillRun,
    drill=TEXT,
    number=INTS,
    started=TIMES,
    path=CHOICES,
    choices=CHOICES,
    points=INTS,
    max_points=INTS,
    finished=TIMES,
    ending=TEXT,
    seq=INTS,
)
evaluations = st.builds(
    Evaluation,
    submitted=TIMES,
    answers=st.dictionaries(TEXT, st.one_of(TEXT, st.integers(0, 5)), max_size=3),
    seq=INTS,
)
credits = st.builds(Credit, claimed=FLOATS, attested=TIMES, seq=INTS)


@settings(max_examples=300)
@given(MODULE, attempts)
def test_answers_and_attempts_any_values(module_id: Any, attempt: QuizAttempt) -> None:
    for answer in attempt.answers:
        same(
            partial(_answer_body, module_id, attempt, answer),
            partial(answer_event, module_id, attempt, answer),
        )
    same(lambda: _attempt_body(module_id, attempt), lambda: attempt_event(module_id, attempt))


@settings(max_examples=300)
@given(MODULE, runs)
def test_drill_runs_any_values(module_id: Any, run: DrillRun) -> None:
    same(lambda: _run_body(module_id, run), lambda: run_event(module_id, run))


@settings(max_examples=300)
@given(evaluations, credits)
def test_evaluation_and_credit_any_values(evaluation: Evaluation, credit: Credit) -> None:
    same(lambda: _evaluation_body(evaluation), lambda: evaluation_event(evaluation))
    same(lambda: _credit_body(credit), lambda: credit_event(credit))


def test_a_progress_built_by_hand_with_odd_types_still_verifies() -> None:
    progress: Progress = busy_progress()
    attempt = progress.modules["basics"].quiz_attempts[0]
    before = compute_chain(progress)
    attempt.answers[0].chosen = list(attempt.answers[0].chosen)  # type: ignore[assignment]
    attempt.answers[0].question = Name(attempt.answers[0].question)
    assert compute_chain(progress) == before
    assert verify_chain(progress)


def test_a_bad_value_is_refused_where_it_was_before() -> None:
    """Timestamps are turned to text while the events are made; the encoder's
    refusals come only when the chain is hashed, after the cheaper checks."""
    progress = busy_progress()
    attempt = progress.modules["basics"].quiz_attempts[0]
    attempt.score = float("nan")
    with pytest.raises(ValueError, match="Out of range float"):
        verify_chain(progress)
    attempt.answers[1].seq = attempt.answers[0].seq  # a duplicated seq is found first
    assert not verify_chain(progress)
    progress = busy_progress()
    answers = progress.modules["basics"].quiz_attempts[0].answers
    answers[0].at = dt.datetime(2026, 1, 1)  # naive
    answers[1].seq = answers[0].seq
    with pytest.raises(ValueError, match="naive timestamp"):
        verify_chain(progress)
