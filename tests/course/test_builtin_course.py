"""The built-in course: lint-clean, on topic, and every path through it works."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tutor.core.course import load_course
from tutor.core.lint import lint_path
from tutor.core.model import Course, Drill, Kind
from tutor.core.paths import builtin_course

COURSE_DIR = builtin_course()

# topic -> a pattern that must appear in the course text (case-insensitive)
TOPICS = {
    "friend requests": r"friend request",
    "reposts and retweets": r"repost.*|retweet",
    "direct messages": r"\bDMs?\b|direct message",
    "tagging": r"\btag(ging|ged|s)?\b",
    "the audience selector": r"audience selector",
    "privacy myths": r"\bmyths?\b",
    "PHI": r"\bPHI\b|protected health information",
    "Safe Harbor": r"safe harbor",
    "review replies": r"review",
    "declining scripts": r"declin",
}


@pytest.fixture(scope="module")
def course() -> Course:
    load = load_course(COURSE_DIR)
    assert load.course is not None, [d.format() for d in load.diagnostics]
    return load.course


def test_lint_is_clean() -> None:
    diagnostics = lint_path(COURSE_DIR)
    assert [d.format() for d in diagnostics] == []


def test_course_settings(course: Course) -> None:
    assert course.passing_score == pytest.approx(0.8)
    assert course.learning_format == "enduring material"
    allowed = int(course.minutes / 60 * 4) / 4
    assert course.max_credit == allowed, "max credit is derived from the estimated minutes"
    assert "replace" in course.provider.lower() or "replace" in course.designation.lower()
    assert "enduring material" in course.designation.split(".")[0]
    assert course.evaluation, "the course has an end-of-course evaluation"
    assert len(course.modules) >= 9


@pytest.mark.parametrize(("topic", "pattern"), TOPICS.items())
def test_topic_is_covered(topic: str, pattern: str) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in COURSE_DIR.glob("*.md"))
    assert re.search(pattern, text, re.I), f"the course does not cover {topic}"


def test_every_module_has_the_required_parts(course: Course) -> None:
    today = dt.date.today()
    for module in course.modules:
        where = module.pos.file.name
        assert module.objectives, where
        assert module.sources, where
        assert module.last_reviewed is not None and (today - module.last_reviewed).days <= 365
        quiz = module.quiz
        assert quiz is not None, where
        assert 5 <= len(quiz.questions) <= 10, where
        kinds = {q.kind for q in quiz.questions}
        assert kinds == {Kind.SINGLE, Kind.MULTIPLE, Kind.TRUE_FALSE}, (where, kinds)
        for question in quiz.questions:
            assert all(o.feedback for o in question.options), (where, question.id)
        assert module.drills, where
        if module.id != "final-assessment":
            assert 4 <= len(module.pages) <= 8, (where, len(module.pages))


def _paths(drill: Drill) -> list[tuple[str, ...]]:
    """Every path from the start to an ending, never visiting a step twice."""
    found: list[tuple[str, ...]] = []

    def walk(step_id: str, path: tuple[str, ...]) -> None:
        step = drill.step(step_id)
        assert step is not None, (drill.id, step_id)
        path = (*path, step_id)
        if step.ending:
            found.append(path)
            return
        for choice in step.choices:
            if choice.target not in path:
                walk(choice.target, path)

    walk(drill.start.id, ())
    return found


def test_every_drill_ending_is_reachable(course: Course) -> None:
    for module in course.modules:
        for drill in module.drills:
            paths = _paths(drill)
            reached = {p[-1] for p in paths}
            endings = {e.id for e in drill.endings}
            assert reached == endings, (module.id, drill.id, endings - reached)
            assert len(endings) >= 3, (module.id, drill.id)
            decisions = max(len(p) - 1 for p in paths)
            assert decisions >= 3, (module.id, drill.id, "needs 3 or more decision points")
            assert drill.best_path()[-1] in endings


def test_every_question_can_be_answered_right_and_wrong(course: Course) -> None:
    for module in course.modules:
        assert module.quiz is not None
        for question in module.quiz.questions:
            right = set(question.correct_ids)
            assert question.is_correct(right)
            wrong = {o.id for o in question.options if not o.correct}
            assert wrong, (module.id, question.id, "every option is correct")
            assert not question.is_correct({next(iter(wrong))})
