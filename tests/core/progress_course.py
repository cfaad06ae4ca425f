"""A small course built directly from model objects, for the progress and session tests.

Kept apart from the parser on purpose: these tests must not depend on it.
The lock test's child process imports it through `sys.path`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tutor.core.model import (
    Choice,
    Course,
    Drill,
    EvalQuestion,
    Kind,
    Module,
    Option,
    Page,
    Pos,
    Quality,
    Question,
    Quiz,
    Step,
)

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


def _pos(line: int = 1) -> Pos:
    return Pos(ROOT / "01-basics.md", line, 1)


def _option(oid: str, correct: bool) -> Option:
    return Option(oid, f"Option {oid}", correct, f"Feedback for {oid}.", _pos())


def _question(qid: str, kind: Kind, correct: tuple[str, ...], ids: tuple[str, ...]) -> Question:
    return Question(
        qid,
        f"Prompt {qid}?",
        kind,
        tuple(_option(o, o in correct) for o in ids),
        f"Explanation {qid}.",
        _pos(),
    )


def make_quiz() -> Quiz:
    return Quiz(
        "quiz",
        "Check your understanding",
        "Five questions.",
        (
            _question("q1", Kind.SINGLE, ("a",), ("a", "b", "c", "d")),
            _question("q2", Kind.SINGLE, ("c",), ("a", "b", "c", "d")),
            _question("q3", Kind.MULTIPLE, ("a", "c"), ("a", "b", "c", "d")),
            _question("q4", Kind.TRUE_FALSE, ("true",), ("true", "false")),
            _question("q5", Kind.SINGLE, ("b",), ("a", "b", "c")),
        ),
        _pos(),
    )


def make_drill(did: str = "drill") -> Drill:
    def choice(cid: str, target: str, quality: Quality) -> Choice:
        return Choice(cid, f"Choice {cid}", target, quality, f"Feedback {cid}.", _pos())

    return Drill(
        did,
        "A friend request after clinic",
        "A patient sends you a friend request.",
        (
            Step(
                "start",
                "The request arrives",
                "What do you do?",
                (
                    choice("accept", "accepted", Quality.POOR),
                    choice("decline", "declined", Quality.ACCEPTABLE),
                    choice("explain", "good-end", Quality.BEST),
                ),
                False,
                _pos(),
            ),
            Step(
                "accepted",
                "You accepted",
                "They message you about symptoms.",
                (
                    choice("reply", "bad-end", Quality.POOR),
                    choice("redirect", "good-end", Quality.BEST),
                ),
                False,
                _pos(),
            ),
            Step(
                "declined",
                "A silent decline",
                "They ask why at the next visit.",
                (choice("explain-now", "good-end", Quality.BEST),),
                False,
                _pos(),
            ),
            Step("good-end", "A repaired relationship", "Debrief: good.", (), True, _pos()),
            Step("bad-end", "A boundary crossed", "Debrief: bad.", (), True, _pos()),
        ),
        _pos(),
    )


def make_course(*, evaluation: bool = True, course_id: str = COURSE_ID) -> Course:
    basics = Module(
        "basics",
        "Basics",
        20,
        ("Know the basics",),
        dt.date(2026, 11, 1),
        (),
        (
            Page("intro", "Intro", "# Intro\n\nHello.", _pos()),
            Page("audience", "Audience", "# Audience\n\nWho sees what.", _pos()),
            make_quiz(),
            make_drill(),
        ),
        "a" * 64,
        _pos(),
    )
    second = Module(
        "second",
        "Second",
        10,
        ("More",),
        None,
        (),
        (Page("only", "Only page", "# Only\n", _pos()),),
        "b" * 64,
        _pos(),
    )
    return Course(
        id=course_id,
        title="Test course",
        version="2026.11",
        audience="Physicians",
        passing_score=0.8,
        learning_format="enduring material",
        max_credit=2.25,
        provider="Provider",
        designation="Designation",
        modules=(basics, second),
        evaluation=(
            (
                EvalQuestion("met-objectives", "Did it meet its objectives?", "rating"),
                EvalQuestion("comments", "Comments", "text"),
            )
            if evaluation
            else ()
        ),
        root=ROOT,
        content_hash="c" * 64,
    )


class FakeClock:
    """A clock that moves one second per call, from a fixed UTC start."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self.now = start or dt.datetime(2026, 11, 21, 16, 0, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=1)
        return self.now
