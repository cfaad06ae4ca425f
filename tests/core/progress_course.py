"""A small course built directly from model objects, for the progress and session tests.

Kept apart from the parser on purpose: these tests must not depend on it.
The lock test's child process imports it through `sys.path`; the builder it uses,
`tests.support.build`, is found from the project root (on `sys.path` via the editable install).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.support.build import Builder
from tests.support.clock import FakeClock
from tutor.core.model import Choice, Course, Drill, Kind, Pos, Quality, Question, Quiz

__all__ = ["CORPUS", "COURSE_ID", "FIXTURES", "GOOD", "ROOT", "FakeClock", "make_course"]

ROOT = Path("/virtual/course")
COURSE_ID = "test-course"

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "progress"
GOOD = FIXTURES / "good.toml"

#: The corpus of bad files: name -> (reason, line); None where the file has no line.
CORPUS: dict[str, tuple[str, int | None]] = {
    "empty.toml": ("empty", None),
    "truncated.toml": ("truncated", 62),
    "truncated-at-line.toml": ("truncated", 91),
    "invalid-utf8.toml": ("encoding", 9),
    "bom.toml": ("bom", 1),
    "deeply-nested.toml": ("too-deep", 2),
    "duplicate-key.toml": ("duplicate-key", 11),
    "schema-999.toml": ("newer-version", 1),
    "naive-timestamp.toml": ("naive-timestamp", 69),
    "foreign-course.toml": ("foreign-course", 18),
    "not-progress.toml": ("not-progress", None),
}


BUILD = Builder(Pos(ROOT / "01-basics.md", 1, 1))


def _question(qid: str, kind: Kind, correct: tuple[str, ...], ids: tuple[str, ...]) -> Question:
    return BUILD.question(
        qid,
        f"Prompt {qid}?",
        kind,
        (BUILD.option(o, f"Option {o}", o in correct, f"Feedback for {o}.") for o in ids),
        f"Explanation {qid}.",
    )


def make_quiz() -> Quiz:
    return BUILD.quiz(
        "Check your understanding",
        "Five questions.",
        (
            _question("q1", Kind.SINGLE, ("a",), ("a", "b", "c", "d")),
            _question("q2", Kind.SINGLE, ("c",), ("a", "b", "c", "d")),
            _question("q3", Kind.MULTIPLE, ("a", "c"), ("a", "b", "c", "d")),
            _question("q4", Kind.TRUE_FALSE, ("true",), ("true", "false")),
            _question("q5", Kind.SINGLE, ("b",), ("a", "b", "c")),
        ),
    )


def make_drill(did: str = "drill") -> Drill:
    def choice(cid: str, target: str, quality: Quality) -> Choice:
        return BUILD.choice(cid, f"Choice {cid}", target, quality, f"Feedback {cid}.")

    return BUILD.drill(
        did,
        "A friend request after clinic",
        "A patient sends you a friend request.",
        (
            BUILD.step(
                "start",
                "The request arrives",
                "What do you do?",
                choice("accept", "accepted", Quality.POOR),
                choice("decline", "declined", Quality.ACCEPTABLE),
                choice("explain", "good-end", Quality.BEST),
            ),
            BUILD.step(
                "accepted",
                "You accepted",
                "They message you about symptoms.",
                choice("reply", "bad-end", Quality.POOR),
                choice("redirect", "good-end", Quality.BEST),
            ),
            BUILD.step(
                "declined",
                "A silent decline",
                "They ask why at the next visit.",
                choice("explain-now", "good-end", Quality.BEST),
            ),
            BUILD.ending("good-end", "A repaired relationship", "Debrief: good."),
            BUILD.ending("bad-end", "A boundary crossed", "Debrief: bad."),
        ),
    )


def make_course(*, evaluation: bool = True, course_id: str = COURSE_ID) -> Course:
    basics = BUILD.module(
        "basics",
        "Basics",
        (
            BUILD.page("intro", "Intro", "# Intro\n\nHello."),
            BUILD.page("audience", "Audience", "# Audience\n\nWho sees what."),
            make_quiz(),
            make_drill(),
        ),
        minutes=20,
        objectives=("Know the basics",),
        last_reviewed=dt.date(2026, 11, 1),
        content_hash="a" * 64,
    )
    second = BUILD.module(
        "second",
        "Second",
        (BUILD.page("only", "Only page", "# Only\n"),),
        minutes=10,
        objectives=("More",),
        last_reviewed=None,
        content_hash="b" * 64,
    )
    return BUILD.course(
        course_id,
        "Test course",
        (basics, second),
        version="2026.11",
        audience="Physicians",
        passing_score=0.8,
        learning_format="enduring material",
        max_credit=2.25,
        provider="Provider",
        designation="Designation",
        evaluation=BUILD.evaluation(
            ("met-objectives", "Did it meet its objectives?", "rating"),
            ("comments", "Comments", "text"),
        )
        if evaluation
        else (),
        root=ROOT,
        content_hash="c" * 64,
    )
