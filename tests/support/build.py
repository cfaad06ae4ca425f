"""Build courses from model objects, skipping the parser, with one hook for every text.

`Builder()` keeps the text as written; `Builder(text=hostile)` turns each string into
hostile text (tests/ui/hostile.py). The ids, kinds and links are never passed through it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tutor.core.markdown import Doc, Heading, ListBlock, Paragraph, Quote, Run, to_doc
from tutor.core.model import (
    Choice,
    Course,
    Drill,
    EvalQuestion,
    Item,
    Kind,
    Link,
    Module,
    Option,
    Page,
    Pos,
    Quality,
    Question,
    Quiz,
    Step,
)


def _same(text: str) -> str:
    return text


@dataclass(frozen=True)
class Builder:
    pos: Pos = field(default_factory=lambda: Pos(Path("course.md"), 1, 1))
    text: Callable[[str], str] = _same

    def doc(self, markdown: str) -> Doc:
        """Markdown text (through the hook) as the parser's blocks."""
        return to_doc(self.text(markdown))

    def option(self, oid: str, label: str, correct: bool, feedback: str) -> Option:
        return Option(oid, self.text(label), correct, self.doc(feedback), self.pos)

    def question(
        self, qid: str, prompt: str, kind: Kind, options: Iterable[Option], explanation: str
    ) -> Question:
        return Question(
            qid, self.text(prompt), kind, tuple(options), self.doc(explanation), self.pos
        )

    def quiz(self, title: str, intro: str, questions: Iterable[Question]) -> Quiz:
        return Quiz("quiz", self.text(title), self.doc(intro), tuple(questions), self.pos)

    def choice(self, cid: str, label: str, target: str, quality: Quality, feedback: str) -> Choice:
        return Choice(cid, self.text(label), target, quality, self.doc(feedback), self.pos)

    def step(self, sid: str, title: str, situation: str, *choices: Choice) -> Step:
        return Step(sid, self.text(title), self.doc(situation), choices, False, self.pos)

    def ending(self, sid: str, title: str, debrief: str) -> Step:
        return Step(sid, self.text(title), self.doc(debrief), (), True, self.pos)

    def drill(self, did: str, title: str, intro: str, steps: Iterable[Step]) -> Drill:
        return Drill(did, self.text(title), self.doc(intro), tuple(steps), self.pos)

    def page(self, pid: str, title: str, markdown: str) -> Page:
        """The markdown is taken as given: build it from `text(...)` pieces if need be."""
        doc = to_doc(markdown)
        anchors = tuple(b.anchor for b in doc if isinstance(b, Heading))
        links = tuple(Link(r.text, r.link, self.pos) for r in _runs(doc) if r.link)
        return Page(pid, self.text(title), doc, self.pos, anchors, links, len(markdown))

    def module(
        self,
        mid: str,
        title: str,
        items: Iterable[Item],
        *,
        minutes: int,
        objectives: Iterable[str],
        last_reviewed: dt.date | None,
        content_hash: str,
    ) -> Module:
        return Module(
            mid,
            self.text(title),
            minutes,
            tuple(self.text(o) for o in objectives),
            last_reviewed,
            (),
            tuple(items),
            content_hash,
            self.pos,
        )

    def evaluation(self, *questions: tuple[str, str, str]) -> tuple[EvalQuestion, ...]:
        """(id, prompt, kind) triples."""
        return tuple(EvalQuestion(qid, self.text(prompt), kind) for qid, prompt, kind in questions)

    def course(
        self,
        cid: str,
        title: str,
        modules: Iterable[Module],
        *,
        provider: str,
        designation: str,
        evaluation: tuple[EvalQuestion, ...],
        version: str,
        audience: str,
        passing_score: float,
        learning_format: str,
        max_credit: float,
        root: Path,
        content_hash: str = "",
        module_files: tuple[str, ...] = (),
    ) -> Course:
        """Title, provider and designation go through the hook; the rest is as given."""
        return Course(
            id=cid,
            title=self.text(title),
            version=version,
            audience=audience,
            passing_score=passing_score,
            learning_format=learning_format,
            max_credit=max_credit,
            provider=self.text(provider),
            designation=self.text(designation),
            modules=tuple(modules),
            evaluation=evaluation,
            root=root,
            content_hash=content_hash,
            module_files=module_files,
        )


def _runs(doc: Doc) -> list[Run]:
    """Every run of a doc, in reading order."""
    found: list[Run] = []
    for block in doc:
        if isinstance(block, Heading | Paragraph):
            found.extend(block.text)
        elif isinstance(block, ListBlock):
            for item in block.items:
                found.extend(_runs(item))
        elif isinstance(block, Quote):
            found.extend(_runs(block.body))
    return found
