"""The built-in course: lint-clean, on topic, and every path through it works."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest

from tutor.core.course import load_course
from tutor.core.estimate import credit_allowed, estimate
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
    allowed = credit_allowed(sum(estimate(m).minutes for m in course.modules))
    assert course.max_credit == allowed, "max credit is derived from the content estimate"
    # Not yet accredited: no provider, so learners get a certificate of completion (an
    # accredited provider adds [provider]; see the comments in course.toml).
    assert course.provider == "" and course.designation == ""
    # ...and the template it would uncomment states the format and the same credit
    template = re.search(
        r'^# designation = "(.*)"$', (COURSE_DIR / "course.toml").read_text(), re.M
    )
    assert template is not None
    first = template.group(1).split(". ")[0]
    assert "enduring material" in first and f"{course.max_credit:g} AMA PRA" in first
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


def test_a_learner_can_walk_the_whole_course_through_the_session(course: Course) -> None:
    """Drive the real Session: every page, every quiz wrong then right, every drill
    ending, then the evaluation and the credit claim. The saved file must load back."""
    from tutor.core.progress import Progress, dumps, loads
    from tutor.core.session import Session

    saves: list[int] = []
    clock = iter(
        dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC) + dt.timedelta(seconds=n)
        for n in range(100_000)
    )
    progress = Progress.new(course, dt.datetime(2026, 11, 21, 8, 0, tzinfo=dt.UTC))
    session = Session(course, progress, lambda p: saves.append(1), lambda: next(clock))
    for module in course.modules:
        for page in module.pages:
            session.view_page(module.id, page.id)
        quiz = module.quiz
        assert quiz is not None
        for right in (False, True):
            session.start_quiz(module.id)
            for question in quiz.questions:
                wrong = {o.id for o in question.options if not o.correct}
                chosen = set(question.correct_ids) if right else {sorted(wrong)[0]}
                assert session.answer(module.id, question.id, chosen).correct is right
            attempt = session.finish_quiz(module.id)
            assert attempt.passed is right and attempt.score == (1.0 if right else 0.0)
        for drill in module.drills:
            for path in _paths(drill):
                session.start_drill(module.id, drill.id)
                for here, there in itertools.pairwise(path):
                    step = drill.step(here)
                    assert step is not None
                    choice = next(c for c in step.choices if c.target == there)
                    session.choose(module.id, drill.id, choice.id)
                assert session.progress.modules[module.id].drill_runs[-1].ending == path[-1]
            reached = {r.ending for r in session.progress.modules[module.id].runs_of(drill.id)}
            assert reached == {e.id for e in drill.endings}
        assert session.module_status(module.id).state == "passed"
    session.submit_evaluation(
        {q.id: "5" if q.kind == "rating" else "ok" for q in course.evaluation}
    )
    assert session.course_complete()
    credit = session.attest_credit(course.max_credit)
    assert credit.claimed == course.max_credit
    assert len(saves) > total_events(course), "the session saves after every action"
    reloaded = loads(dumps(session.progress), course_id=course.id)
    assert reloaded.credit is not None and reloaded.credit.claimed == course.max_credit
    total_answers = sum(len(m.quiz.questions) * 2 for m in course.modules if m.quiz)
    stored = sum(len(a.answers) for mp in reloaded.modules.values() for a in mp.quiz_attempts)
    assert stored == total_answers


def total_events(course: Course) -> int:
    return sum(len(m.quiz.questions) * 2 for m in course.modules if m.quiz)
