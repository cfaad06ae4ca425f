"""The course model: typed, immutable objects parsed from a course folder.

Every object carries a `Pos` (file, line, column; both 1-based) so that the
linter, the app and the records can point at the source a trainer wrote.

The objects are frozen msgspec Structs: a loaded course is a tree with no cycles,
so they are kept out of the garbage collector's sight (`gc=False`: a course of
a thousand modules is a few hundred thousand objects the collector would
otherwise walk again and again while the rest loads), and the tree can be
encoded and decoded as it is (items and blocks are tagged unions).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path

import msgspec

from tutor.core.accreditation import Accreditation
from tutor.core.markdown import Doc
from tutor.core.settings import Disclosure, Lrs, is_placeholder


class Pos(msgspec.Struct, frozen=True, gc=False):
    """A place in a source file. Line and column are 1-based."""

    file: Path
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


class Kind(StrEnum):
    """How a quiz question is answered."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true-false"


class Quality(StrEnum):
    """How good a drill choice is. The value is its score in points."""

    BEST = "best"
    ACCEPTABLE = "acceptable"
    POOR = "poor"

    @property
    def points(self) -> int:
        return {"best": 2, "acceptable": 1, "poor": 0}[self.value]


class Source(msgspec.Struct, frozen=True, gc=False):
    id: str
    title: str
    url: str = ""
    print_only: bool = False  # a source with no web address, on purpose


class Link(msgspec.Struct, frozen=True, gc=False):
    """A link as written in a lesson: what it says, where it leads, where it is."""

    text: str
    href: str
    pos: Pos


class Page(msgspec.Struct, frozen=True, gc=False, tag=True):
    id: str
    title: str
    doc: Doc  # what the page shows, heading included
    pos: Pos
    # the anchor of every heading in the page, its own first, as links to it are written
    # (GitHub style, -1, -2 suffixes counted over the whole file)
    anchors: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()  # every link on the page, in reading order
    size: int = 0  # bytes of markdown


class Option(msgspec.Struct, frozen=True, gc=False):
    id: str
    text: str  # plain text, as the learner sees it
    correct: bool
    feedback: Doc  # may be empty (the linter warns)
    pos: Pos


class Question(msgspec.Struct, frozen=True, gc=False):
    id: str
    prompt: str  # plain text
    kind: Kind
    options: tuple[Option, ...]
    explanation: Doc  # may be empty
    pos: Pos

    @property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(o.id for o in self.options if o.correct)

    def is_correct(self, chosen: frozenset[str] | set[str]) -> bool:
        return frozenset(chosen) == self.correct_ids

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


class Quiz(msgspec.Struct, frozen=True, gc=False, tag=True):
    id: str
    title: str
    intro: Doc  # shown before the first question
    questions: tuple[Question, ...]
    pos: Pos

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


class Choice(msgspec.Struct, frozen=True, gc=False):
    id: str
    text: str  # plain text
    target: str  # id of the step it leads to
    quality: Quality
    feedback: Doc
    pos: Pos


class Step(msgspec.Struct, frozen=True, gc=False):
    id: str  # the GitHub-style anchor of its heading
    title: str
    situation: Doc  # the situation, or the debrief of an ending
    choices: tuple[Choice, ...]
    ending: bool
    pos: Pos

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)


class Drill(msgspec.Struct, frozen=True, gc=False, tag=True):
    id: str
    title: str
    intro: Doc
    steps: tuple[Step, ...]  # steps[0] is the start
    pos: Pos

    @property
    def start(self) -> Step:
        return self.steps[0]

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    @property
    def endings(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.ending)

    def best_path(self) -> tuple[str, ...]:
        """Step ids along the best choice at every step, start to ending.

        Ties go to the first choice written. Stops at a repeat, so a cycle
        in a broken drill cannot loop forever.
        """
        path: list[str] = []
        step: Step | None = self.start
        while step is not None and step.id not in path:
            path.append(step.id)
            if step.ending or not step.choices:
                break
            best = max(step.choices, key=lambda c: c.quality.points)
            step = self.step(best.target)
        return tuple(path)


Item = Page | Quiz | Drill


class Module(msgspec.Struct, frozen=True, gc=False):
    id: str
    title: str
    minutes: int
    objectives: tuple[str, ...]
    last_reviewed: dt.date | None
    sources: tuple[Source, ...]
    items: tuple[Item, ...]  # in the order the learner meets them
    content_hash: str  # sha256 of the file's text with normalised newlines
    pos: Pos

    @property
    def pages(self) -> tuple[Page, ...]:
        return tuple(i for i in self.items if isinstance(i, Page))

    @property
    def quiz(self) -> Quiz | None:
        return next((i for i in self.items if isinstance(i, Quiz)), None)

    @property
    def drills(self) -> tuple[Drill, ...]:
        return tuple(i for i in self.items if isinstance(i, Drill))

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)


class EvalQuestion(msgspec.Struct, frozen=True, gc=False):
    id: str
    prompt: str
    kind: str  # "rating" (1-5) or "text"


class Course(msgspec.Struct, frozen=True, gc=False):
    id: str
    title: str
    version: str
    audience: str
    passing_score: float  # a fraction, 0.8 for 80%
    learning_format: str
    max_credit: float
    provider: str
    designation: str
    modules: tuple[Module, ...]
    evaluation: tuple[EvalQuestion, ...]
    root: Path
    content_hash: str = ""  # sha256 over the module hashes, in course order
    module_files: tuple[str, ...] = ()
    # accreditation statement, contact, signatory and PARS settings
    records: Accreditation = msgspec.field(default_factory=Accreditation)
    # the CME frame shown before the course starts
    objectives: tuple[str, ...] = ()
    practice_gap: str = ""
    release_date: dt.date | None = None
    review_date: dt.date | None = None
    expiry_date: dt.date | None = None
    disclosures: tuple[Disclosure, ...] = ()
    commercial_support: str = ""
    lrs: Lrs = Lrs()  # where its xAPI statements go ([lrs] in course.toml)

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)

    @property
    def minutes(self) -> int:
        return sum(m.minutes for m in self.modules)

    @property
    def offers_credit(self) -> bool:
        """Whether an accredited provider is named (not the template's placeholder): its
        learners claim CME credit; otherwise they receive a certificate of completion."""
        provider, designation = self.provider, self.designation
        return bool(provider.strip()) and not (
            is_placeholder(provider) or is_placeholder(designation)
        )
