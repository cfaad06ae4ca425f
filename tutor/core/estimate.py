"""How long a module takes, estimated from its content (the basis of the credit offered).

AMA credit for an enduring material is designated from a good-faith estimate of
the time a learner spends; tutor makes that estimate from what a module holds,
the same way for every module, so the credit cannot drift away from the content:

- page text read at `WORDS_PER_MINUTE` (reading to learn and apply, a little below
  the usual "learning" reading rate of about 200 words a minute);
- `MINUTES_PER_QUESTION` for each quiz question (reading it, deciding, reading the
  feedback);
- `MINUTES_PER_DECISION` for each decision on a drill's best path (the shortest
  route: the estimate errs low, so credit is not inflated), and
  `MINUTES_PER_DEBRIEF` for the debrief at its end.

`tutor lint` warns when a module's stated minutes differ from the estimate by more
than `TOLERANCE`, and refuses a `max_credit` above what the estimated minutes allow.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from tutor.core.markdown import text_of
from tutor.core.model import Drill, Module

WORDS_PER_MINUTE = 180
MINUTES_PER_QUESTION = 1.0
MINUTES_PER_DECISION = 1.0
MINUTES_PER_DEBRIEF = 0.5
TOLERANCE = 0.25  # a stated time further than this from the estimate gets a warning

_WORD = re.compile(r"\w+(?:['’-]\w+)*")


@dataclass(frozen=True, slots=True)
class Estimate:
    words: int  # page text, headings included, citations and link targets left out
    questions: int
    decisions: int  # decisions on the drills' best paths
    drills: int

    @property
    def minutes(self) -> float:
        return (
            self.words / WORDS_PER_MINUTE
            + self.questions * MINUTES_PER_QUESTION
            + self.decisions * MINUTES_PER_DECISION
            + self.drills * MINUTES_PER_DEBRIEF
        )


def words(text: str) -> int:
    return len(_WORD.findall(text))


def estimate(module: Module) -> Estimate:
    """The content estimate of one module."""
    page_words = sum(words(_without_citations(text_of(page.doc))) for page in module.pages)
    quiz = module.quiz
    drills = module.drills
    return Estimate(
        page_words,
        len(quiz.questions) if quiz is not None else 0,
        sum(_decisions(d) for d in drills),
        len(drills),
    )


def credit_allowed(minutes: float) -> float:
    """The most credit `minutes` support: whole quarter hours, rounded down."""
    return math.floor(minutes / 60 * 4) / 4


def _decisions(drill: Drill) -> int:
    if not drill.steps:  # a drill still being written (lint: D006)
        return 0
    path = drill.best_path()
    return max(len(path) - 1, 0) if path and drill.step(path[-1]) is not None else 0


_CITATION_TEXT = re.compile(r"\[[A-Za-z][\w.-]*\]")


def _without_citations(text: str) -> str:
    return _CITATION_TEXT.sub(" ", text)
