"""Completion rules: pure functions over (Course, Progress)."""

from __future__ import annotations

import datetime as dt

from progress_course import make_course

from tutor.core import completion
from tutor.core.progress import (
    Answer,
    DrillRun,
    Evaluation,
    ModuleProgress,
    Progress,
    QuizAttempt,
)

T = dt.datetime(2026, 11, 21, 16, 0, tzinfo=dt.UTC)


def attempt(score: float) -> QuizAttempt:
    return QuizAttempt(number=1, started=T, finished=T, score=score, passed=score >= 0.8)


def run(drill: str = "drill", finished: bool = True) -> DrillRun:
    return DrillRun(drill=drill, number=1, started=T, finished=T if finished else None)


def test_nothing_done() -> None:
    course = make_course()
    progress = Progress.new(course, T)
    basics = course.modules[0]
    assert completion.module_status(course, progress, basics).state == "not started"
    assert not completion.module_complete(course, progress, basics)
    assert completion.overall_fraction(course, progress) == 0.0
    assert not completion.course_complete(course, progress)
    assert completion.completed_at(course, progress) is None


def test_a_module_needs_pages_quiz_and_drills() -> None:
    course = make_course()
    progress = Progress.new(course, T)
    basics = course.modules[0]
    mp = progress.modules["basics"] = ModuleProgress(started=T, pages_viewed=["intro"])
    status = completion.module_status(course, progress, basics)
    assert status.state == "in progress" and status.score is None
    mp.pages_viewed.append("audience")
    mp.quiz_attempts.append(attempt(0.6))
    mp.drill_runs.append(run())
    assert not completion.module_complete(course, progress, basics)  # quiz not passed
    assert completion.module_status(course, progress, basics).score == 0.6
    mp.quiz_attempts.append(attempt(0.8))  # exactly the pass mark passes
    assert completion.module_complete(course, progress, basics)
    status = completion.module_status(course, progress, basics)
    assert (status.state, status.score, str(status)) == ("passed", 0.8, "passed (80%)")
    mp.drill_runs[0] = run(finished=False)
    assert not completion.module_complete(course, progress, basics)  # drill unfinished


def test_a_later_failed_attempt_keeps_the_pass() -> None:
    course = make_course()
    progress = Progress.new(course, T)
    progress.modules["basics"] = ModuleProgress(
        started=T,
        pages_viewed=["intro", "audience"],
        quiz_attempts=[attempt(1.0), attempt(0.2)],
        drill_runs=[run()],
    )
    assert completion.module_complete(course, progress, course.modules[0])
    assert completion.best_score(progress.modules["basics"]) == 1.0


def test_a_module_without_a_quiz_is_done_not_passed() -> None:
    course = make_course()
    progress = Progress.new(course, T)
    progress.modules["second"] = ModuleProgress(started=T, pages_viewed=["only"])
    assert completion.module_status(course, progress, course.modules[1]).state == "done"


def test_unknown_ids_are_ignored_and_new_pages_count() -> None:
    course = make_course()
    progress = Progress.new(course, T)
    progress.modules["second"] = ModuleProgress(started=T, pages_viewed=["old-page"])
    assert not completion.module_complete(course, progress, course.modules[1])


def test_course_completion_needs_the_evaluation_when_there_is_one() -> None:
    for has_eval in (True, False):
        course = make_course(evaluation=has_eval)
        progress = Progress.new(course, T)
        progress.modules["basics"] = ModuleProgress(
            started=T,
            pages_viewed=["intro", "audience"],
            quiz_attempts=[attempt(0.8)],
            drill_runs=[run()],
            completed=T + dt.timedelta(hours=1),
        )
        progress.modules["second"] = ModuleProgress(
            started=T, pages_viewed=["only"], completed=T + dt.timedelta(hours=2)
        )
        assert completion.course_complete(course, progress) is not has_eval
        if has_eval:
            progress.evaluation = Evaluation(submitted=T + dt.timedelta(hours=3))
            assert completion.course_complete(course, progress)
            assert completion.completed_at(course, progress) == T + dt.timedelta(hours=3)
        else:
            assert completion.completed_at(course, progress) == T + dt.timedelta(hours=2)
        assert completion.overall_fraction(course, progress) == 1.0


def test_overall_fraction_counts_units() -> None:
    course = make_course(evaluation=False)
    progress = Progress.new(course, T)
    # units: basics = 2 pages + quiz + drill = 4; second = 1 page; total 5
    progress.modules["basics"] = ModuleProgress(started=T, pages_viewed=["intro"])
    assert completion.overall_fraction(course, progress) == 1 / 5
    assert completion.module_units(course, progress, course.modules[0]) == (1, 4)


def test_missed_questions_are_in_quiz_order() -> None:
    course = make_course()
    quiz = course.modules[0].quiz
    assert quiz is not None
    a = QuizAttempt(number=1, started=T)
    a.answers += [
        Answer("q3", ("a",), False, T),
        Answer("q1", ("a",), True, T),
        Answer("q2", ("a",), False, T),
    ]
    assert [q.id for q in completion.missed_questions(quiz, a)] == ["q2", "q3", "q4", "q5"]
