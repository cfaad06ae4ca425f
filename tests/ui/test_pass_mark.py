"""A quiz counts as passed by the current pass mark, not the verdict stored with it."""

from __future__ import annotations

import msgspec

from tests.ui.conftest import COURSE, fixed_clock
from tutor.core import completion
from tutor.core.course import load_course
from tutor.core.model import Course, Quiz
from tutor.core.progress.model import Progress
from tutor.core.session import Session
from tutor.ui.describe import item_done, item_note


def _course(passing_score: float) -> Course:
    course = load_course(COURSE).course
    assert course is not None
    return msgspec.structs.replace(course, passing_score=passing_score)


def _quiz_at_two_of_three(course: Course) -> Progress:
    """Progress with one finished quiz attempt: two of three questions right (67%)."""
    session = Session(course, Progress.new(course, fixed_clock()), save=lambda _: None)
    module = course.modules[0]
    assert module.quiz is not None
    session.start_quiz(module.id)
    for n, question in enumerate(module.quiz.questions):
        right = {o.id for o in question.options if o.correct}
        wrong = {next(o.id for o in question.options if not o.correct)}
        session.answer(module.id, question.id, wrong if n == 0 else right)
    session.finish_quiz(module.id)
    return session.progress


def test_quiz_done_follows_the_current_pass_mark_not_the_stored_verdict() -> None:
    """An attempt passed at a 60% mark does not count once the course asks for 80%."""
    lenient = _course(0.6)
    progress = _quiz_at_two_of_three(lenient)
    (attempt,) = progress.modules[lenient.modules[0].id].quiz_attempts
    assert attempt.passed is True  # the verdict stored when it was taken

    strict = _course(0.8)
    session = Session(strict, progress, save=lambda _: None)
    module = strict.modules[0]
    quiz = module.quiz
    assert isinstance(quiz, Quiz)
    mp = progress.modules[module.id]
    assert not completion.quiz_passed(strict, module, mp)
    assert item_done(session, module, quiz) is False
    assert item_note(session, module, quiz) == "best 67% · need 80%"

    session = Session(lenient, progress, save=lambda _: None)
    assert item_done(session, module, quiz) is True
    assert item_note(session, module, quiz) == "passed · best 67%"
