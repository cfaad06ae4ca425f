"""Session: every action updates Progress and is on disk when it returns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from progress_course import COURSE_ID, FakeClock, make_course

from tests.support.learner import finish_course
from tutor.core.progress import (
    Position,
    Progress,
    ProgressStore,
    read_progress,
    verify_chain,
)
from tutor.core.session import Session, SessionError, option_order

RIGHT = {"q1": {"a"}, "q2": {"c"}, "q3": {"a", "c"}, "q4": {"true"}, "q5": {"b"}}
WRONG = {"q1": {"b"}, "q2": {"a"}, "q3": {"a"}, "q4": {"false"}, "q5": {"a"}}


@pytest.fixture
def disk(tmp_path: Path) -> tuple[Session, Path]:
    """A session saving to a real store, and the file it saves to."""
    course = make_course()
    store = ProgressStore(tmp_path / "p.toml", clock=FakeClock())
    progress = store.open(course)
    return Session(course, progress, store.save, FakeClock(), new_seed=lambda: 777), store.path


def memory(course_evaluation: bool = True) -> tuple[Session, list[Progress]]:
    course = make_course(evaluation=course_evaluation)
    saved: list[Progress] = []
    progress = Progress.new(course, dt.datetime(2026, 11, 21, tzinfo=dt.UTC))
    seeds = iter(range(101, 200))
    session = Session(course, progress, saved.append, FakeClock(), new_seed=lambda: next(seeds))
    return session, saved


def take_quiz(s: Session, wrong: frozenset[str] = frozenset()) -> None:
    s.start_quiz("basics")
    for qid in RIGHT:
        s.answer("basics", qid, WRONG[qid] if qid in wrong else RIGHT[qid])
    s.finish_quiz("basics")


def finish_drill(s: Session) -> None:
    s.start_drill("basics", "drill")
    s.choose("basics", "drill", "explain")


# -- saving ------------------------------------------------------------------------------


def test_every_answer_is_on_disk_when_answer_returns(disk: tuple[Session, Path]) -> None:
    s, path = disk
    s.start_quiz("basics")
    for n, (qid, chosen) in enumerate(RIGHT.items(), start=1):
        answer = s.answer("basics", qid, chosen)
        on_disk = read_progress(path).modules["basics"].quiz_attempts[-1].answers
        assert len(on_disk) == n
        assert on_disk[-1] == answer
    attempt = s.finish_quiz("basics")
    assert read_progress(path).modules["basics"].quiz_attempts[-1] == attempt
    assert verify_chain(read_progress(path))


def test_every_choice_is_on_disk_when_choose_returns(disk: tuple[Session, Path]) -> None:
    s, path = disk
    s.start_drill("basics", "drill")
    s.choose("basics", "drill", "accept")
    run = read_progress(path).modules["basics"].drill_runs[-1]
    assert run.path == ["start", "accepted"] and run.in_progress
    s.choose("basics", "drill", "redirect")
    run = read_progress(path).modules["basics"].drill_runs[-1]
    assert run.ending == "good-end" and not run.in_progress


def test_page_views_time_and_position_are_saved(disk: tuple[Session, Path]) -> None:
    s, path = disk
    s.view_page("basics", "intro")
    s.add_time("basics", 12.6)
    s.add_time("basics", 30)
    s.set_position("basics", "audience")
    on_disk = read_progress(path)
    assert on_disk.modules["basics"].pages_viewed == ["intro"]
    assert on_disk.modules["basics"].seconds == 43
    assert on_disk.position == Position("basics", "audience", "")
    assert on_disk.updated.tzinfo is dt.UTC


def test_every_change_saves_once() -> None:
    s, saved = memory()
    s.view_page("basics", "intro")
    s.start_quiz("basics")
    s.answer("basics", "q1", {"a"})
    s.update_learner(first_name="Ada")
    assert len(saved) == 4
    assert s.start_quiz("basics") is s.current_attempt("basics")  # resuming writes nothing
    assert len(saved) == 4


# -- quizzes -------------------------------------------------------------------------------


def test_a_quiz_with_one_wrong_answer_passes_at_80_percent() -> None:
    s, _ = memory()
    take_quiz(s, wrong=frozenset({"q2"}))
    result = s.result("basics")
    assert result.score == 0.8 and result.passed
    assert [q.id for q in result.missed] == ["q2"]


def test_unanswered_questions_count_as_wrong() -> None:
    s, _ = memory()
    s.start_quiz("basics")
    s.answer("basics", "q1", {"a"})
    attempt = s.finish_quiz("basics")
    assert attempt.score == 0.2 and attempt.passed is False
    assert [q.id for q in s.result("basics").missed] == ["q2", "q3", "q4", "q5"]


def test_first_attempt_is_unshuffled_and_retries_shuffle_by_seed() -> None:
    s, _ = memory()
    course = s.course
    quiz = course.modules[0].quiz
    assert quiz is not None
    first = s.start_quiz("basics")
    assert first.seed == 0
    assert [o.id for o in s.options("basics", "q1")] == ["a", "b", "c", "d"]
    s.finish_quiz("basics")
    retry = s.start_quiz("basics")
    assert retry.number == 2 and retry.seed == 101
    orders = {q.id: [o.id for o in option_order(q, retry.seed)] for q in quiz.questions}
    # deterministic: the same seed gives the same order, also through the session
    assert orders == {q.id: [o.id for o in option_order(q, 101)] for q in quiz.questions}
    assert orders["q1"] == [o.id for o in s.options("basics", "q1")]
    # a shuffle keeps every option, and true/false questions keep their order
    for q in quiz.questions:
        assert sorted(orders[q.id]) == sorted(o.id for o in q.options)
    assert orders["q4"] == ["true", "false"]
    # different seeds give different orders somewhere
    assert any(
        [o.id for o in option_order(q, 101)] != [o.id for o in option_order(q, 202)]
        for q in quiz.questions
    )
    assert any(orders[q.id] != [o.id for o in q.options] for q in quiz.questions)


def test_option_order_is_stable_across_processes() -> None:
    # random.Random(str) is seeded through sha512, not hash(): PYTHONHASHSEED cannot change it
    quiz = make_course().modules[0].quiz
    assert quiz is not None
    assert [o.id for o in option_order(quiz.questions[0], 12345)] == ["a", "d", "c", "b"]


def test_answer_validation() -> None:
    s, _ = memory()
    with pytest.raises(SessionError, match="start one first"):
        s.answer("basics", "q1", {"a"})
    s.start_quiz("basics")
    with pytest.raises(SessionError, match="no question"):
        s.answer("basics", "q9", {"a"})
    with pytest.raises(SessionError, match="no option"):
        s.answer("basics", "q1", {"z"})
    with pytest.raises(SessionError, match="exactly one"):
        s.answer("basics", "q1", {"a", "b"})
    with pytest.raises(SessionError, match="at least one"):
        s.answer("basics", "q3", set())
    with pytest.raises(SessionError, match="no quiz"):
        s.start_quiz("second")
    with pytest.raises(SessionError, match="no module"):
        s.start_quiz("nope")
    s.answer("basics", "q1", {"a"})
    with pytest.raises(SessionError, match="already answered"):
        s.answer("basics", "q1", {"a"})


def test_multiple_choice_must_be_exact() -> None:
    s, _ = memory()
    s.start_quiz("basics")
    assert s.answer("basics", "q3", {"a"}).correct is False
    assert s.answer("basics", "q1", {"a"}).correct is True


def test_resume_goes_to_the_next_question() -> None:
    s, _ = memory()
    s.start_quiz("basics")
    s.answer("basics", "q1", {"a"})
    s.answer("basics", "q2", {"a"})
    assert s.resume() == Position("basics", "quiz", "q3")
    next_q = s.next_question("basics")
    assert next_q is not None and next_q.id == "q3"


def test_resume_drops_what_the_course_no_longer_has() -> None:
    s, _ = memory()
    s.progress.position = Position("basics", "quiz", "gone")
    assert s.resume() == Position("basics", "quiz", "")
    s.progress.position = Position("basics", "gone", "x")
    assert s.resume() == Position("basics")
    s.progress.position = Position("gone", "x", "y")
    assert s.resume() == Position()


# -- drills --------------------------------------------------------------------------------


def test_a_drill_follows_the_links_and_records_path_points_and_ending() -> None:
    s, _ = memory()
    run = s.start_drill("basics", "drill")
    assert run.path == ["start"] and run.in_progress
    assert s.current_step("basics", "drill").id == "start"
    choice, step = s.choose("basics", "drill", "decline")
    assert (choice.id, step.id) == ("decline", "declined")
    assert s.resume() == Position("basics", "drill", "declined")
    choice, step = s.choose("basics", "drill", "explain-now")
    assert step.ending and step.id == "good-end"
    assert run.path == ["start", "declined", "good-end"]
    assert run.choices == ["decline", "explain-now"]
    assert (run.points, run.max_points, run.score) == (3, 4, 0.75)
    assert run.ending == "good-end" and run.finished is not None and run.seq > 0
    # replay: a new run
    again = s.start_drill("basics", "drill")
    assert again.number == 2 and again.path == ["start"]


def test_drill_validation() -> None:
    s, _ = memory()
    with pytest.raises(SessionError, match="start one first"):
        s.choose("basics", "drill", "accept")
    s.start_drill("basics", "drill")
    with pytest.raises(SessionError, match="offers no choice"):
        s.choose("basics", "drill", "redirect")  # offered at another step
    with pytest.raises(SessionError, match="no drill"):
        s.start_drill("basics", "quiz")
    assert s.start_drill("basics", "drill").number == 1  # resumes the unfinished run


def test_an_unfinished_run_on_a_step_that_is_gone_starts_again() -> None:
    s, _ = memory()
    run = s.start_drill("basics", "drill")
    run.path.append("removed-in-a-new-version")
    # Until the learner starts again, the stale run is not one to go on with: the screen
    # shows the drill's introduction, not a step whose choices could not be recorded.
    assert s.current_run("basics", "drill") is None
    assert s.current_step("basics", "drill").id == "start"
    again = s.start_drill("basics", "drill")
    assert again is not run
    assert again.number == 1 and again.path == ["start"]
    assert s.progress.modules["basics"].drill_runs == [again]
    assert s.current_run("basics", "drill") is again


# -- resets ---------------------------------------------------------------------------------


def test_reset_module_forgets_it_and_keeps_the_chain_valid() -> None:
    s, saved = memory()
    s.view_page("second", "only")
    take_quiz(s)
    head = s.progress.integrity.chain
    s.reset_module("basics")
    assert "basics" not in s.progress.modules
    assert "second" in s.progress.modules
    assert s.progress.position == Position()  # it pointed into basics
    assert verify_chain(s.progress)
    assert s.progress.integrity.base != head
    assert saved[-1] is s.progress
    assert s.module_status("basics").state == "not started"


def test_reset_course_keeps_the_learner() -> None:
    s, _ = memory()
    s.update_learner(first_name="Ada")
    take_quiz(s)
    s.reset_course()
    assert s.progress.modules == {}
    assert s.progress.learner.first_name == "Ada"
    assert verify_chain(s.progress)
    assert s.overall() == 0.0


def test_a_reset_does_not_repair_a_broken_chain() -> None:
    s, _ = memory()
    take_quiz(s, wrong=frozenset({"q1"}))
    s.progress.modules["basics"].quiz_attempts[0].answers[0].correct = True  # an edit
    assert not verify_chain(s.progress)
    s.view_page("second", "only")
    s.reset_module("second")
    assert not verify_chain(s.progress)


def test_editing_a_saved_answer_breaks_the_chain(disk: tuple[Session, Path]) -> None:
    s, path = disk
    take_quiz(s, wrong=frozenset({"q2"}))
    text = path.read_text()
    assert verify_chain(read_progress(path))
    edited = text.replace("correct = false", "correct = true", 1)
    path.write_text(edited)
    assert not verify_chain(read_progress(path))


# -- the learner, evaluation and credit -------------------------------------------------------


def test_update_learner_validates() -> None:
    s, _ = memory()
    s.update_learner(first_name=" Ada ", birth_month=2, birth_day=29, consent_to_share=True)
    assert s.progress.learner.first_name == "Ada"
    assert (s.progress.learner.birth_month, s.progress.learner.birth_day) == (2, 29)
    for bad in (
        {"nickname": "x"},
        {"birth_month": 13},
        {"birth_month": 4, "birth_day": 31},
        {"birth_month": 0, "birth_day": 5},
        {"first_name": "two\nlines"},
        {"first_name": "esc\x1b[2J"},
        {"last_name": "lone \ud800 surrogate"},
        {"first_name": 3},
        {"consent_to_share": "yes"},
        {"email": "not-an-email"},
    ):
        with pytest.raises(SessionError):
            s.update_learner(**bad)
    assert s.progress.learner.birth_month == 2  # a refused update changes nothing


def test_evaluation_is_validated_and_submitted_once() -> None:
    s, _ = memory()
    with pytest.raises(SessionError, match="rate"):
        s.submit_evaluation({"comments": "x"})
    with pytest.raises(SessionError, match="1 to 5"):
        s.submit_evaluation({"met-objectives": "6"})
    with pytest.raises(SessionError, match="no question"):
        s.submit_evaluation({"met-objectives": "4", "other": "x"})
    with pytest.raises(SessionError, match="plain text"):
        s.submit_evaluation({"met-objectives": "4", "comments": "\x1b]52;c;aGk=\x07"})
    evaluation = s.submit_evaluation({"met-objectives": "4", "comments": "Good.\nThanks"})
    assert evaluation.seq > 0 and verify_chain(s.progress)
    with pytest.raises(SessionError, match="already"):
        s.submit_evaluation({"met-objectives": "5"})
    s2, _ = memory(course_evaluation=False)
    with pytest.raises(SessionError, match="no evaluation"):
        s2.submit_evaluation({})


@pytest.mark.parametrize("hours", [0, -0.25, 0.3, 2.5, float("nan"), float("inf"), True])
def test_attest_credit_refuses_bad_hours(hours: float) -> None:
    s, _ = memory()
    finish_course(s, rating="5")
    with pytest.raises(SessionError):
        s.attest_credit(hours)
    assert s.progress.credit is None


def test_attest_credit_needs_a_complete_course() -> None:
    s, _ = memory()
    with pytest.raises(SessionError, match="finish the course"):
        s.attest_credit(1.0)
    finish_course(s, rating="5")
    credit = s.attest_credit(2.25)
    assert credit.claimed == 2.25 and credit.seq > 0
    assert s.attest_credit(0.75).claimed == 0.75  # a new claim replaces the old
    assert verify_chain(s.progress)


def test_session_refuses_another_courses_progress() -> None:
    course = make_course()
    other = make_course(course_id="other")
    progress = Progress.new(other, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(SessionError, match="belongs to course"):
        Session(course, progress, lambda p: None)


def test_a_naive_clock_is_refused() -> None:
    course = make_course()
    progress = Progress.new(course, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    s = Session(course, progress, lambda p: None, clock=lambda: dt.datetime(2026, 1, 1))
    with pytest.raises(SessionError, match="naive"):
        s.view_page("basics", "intro")


def test_the_course_id_is_kept(disk: tuple[Session, Path]) -> None:
    s, path = disk
    s.view_page("basics", "intro")
    assert read_progress(path, course_id=COURSE_ID).course.version == "2026.11"
