"""When is a module, or the course, complete? Pure functions over (Course, Progress).

The rules:

- A module is complete when every page has been viewed, its quiz (if it has
  one) has been passed at `course.passing_score` or better in some finished
  attempt, and every drill has been finished at least once.
- The course is complete when every module is complete and, if the course has
  an evaluation, the evaluation has been submitted.

The app (status, progress bar) and the CME records use the same functions.
Rules apply to the course as it is now: a page added in a new course version
must be viewed too; ids the course no longer has are ignored.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from tutor.core.model import Course, Drill, Item, Module, Page, Question, Quiz
from tutor.core.progress.model import ModuleProgress, Progress, QuizAttempt

State = Literal["not started", "in progress", "done", "passed"]

# Scores are fractions computed by division; 0.8 must pass a 0.8 mark.
_EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class ModuleStatus:
    state: State
    score: float | None = None  # best finished quiz score, if any attempt finished

    def __str__(self) -> str:
        if self.state == "passed" and self.score is not None:
            return f"passed ({round(self.score * 100)}%)"
        return self.state


def passes(course: Course, score: float) -> bool:
    return score + _EPSILON >= course.passing_score


def finished_attempts(mp: ModuleProgress | None) -> list[QuizAttempt]:
    if mp is None:
        return []
    return [a for a in mp.quiz_attempts if a.finished is not None and a.score is not None]


def best_score(mp: ModuleProgress | None) -> float | None:
    scores = [a.score for a in finished_attempts(mp) if a.score is not None]
    return max(scores) if scores else None


def pages_done(module: Module, mp: ModuleProgress | None) -> bool:
    viewed = set(mp.pages_viewed) if mp is not None else set()
    return all(p.id in viewed for p in module.pages)


def quiz_passed(course: Course, module: Module, mp: ModuleProgress | None) -> bool:
    if module.quiz is None:
        return True
    best = best_score(mp)
    return best is not None and passes(course, best)


def drills_done(module: Module, mp: ModuleProgress | None) -> bool:
    return all(drill_done(d, mp) for d in module.drills)


def drill_done(drill: Drill, mp: ModuleProgress | None) -> bool:
    """Whether `drill` has been walked to an ending at least once."""
    return mp is not None and any(
        r.drill == drill.id and r.finished is not None for r in mp.drill_runs
    )


def item_done(course: Course, progress: Progress, module: Module, item: Item) -> bool:
    """Whether `item` counts as done: a page viewed, the quiz passed, a drill finished."""
    mp = progress.modules.get(module.id)
    if isinstance(item, Page):
        return mp is not None and item.id in mp.pages_viewed
    if isinstance(item, Quiz):
        return quiz_passed(course, module, mp)
    return drill_done(item, mp)


def module_complete(course: Course, progress: Progress, module: Module) -> bool:
    mp = progress.modules.get(module.id)
    return pages_done(module, mp) and quiz_passed(course, module, mp) and drills_done(module, mp)


def _started(mp: ModuleProgress | None) -> bool:
    return mp is not None and bool(
        mp.started is not None or mp.pages_viewed or mp.quiz_attempts or mp.drill_runs
    )


def module_status(course: Course, progress: Progress, module: Module) -> ModuleStatus:
    """The module's state and best quiz score.

    "not started", "in progress", "done" (complete; no quiz) or "passed"
    (complete, with its quiz passed).
    """
    mp = progress.modules.get(module.id)
    score = best_score(mp)
    if module_complete(course, progress, module) and (_started(mp) or not module.items):
        return ModuleStatus("passed" if module.quiz is not None else "done", score)
    if not _started(mp):
        return ModuleStatus("not started", score)
    return ModuleStatus("in progress", score)


def module_units(course: Course, progress: Progress, module: Module) -> tuple[int, int]:
    """(done, total) units of work: each page, the quiz, each drill."""
    mp = progress.modules.get(module.id)
    viewed = set(mp.pages_viewed) if mp is not None else set()
    done = sum(1 for p in module.pages if p.id in viewed)
    total = len(module.pages)
    if module.quiz is not None:
        total += 1
        done += quiz_passed(course, module, mp)
    finished = {r.drill for r in mp.drill_runs if r.finished is not None} if mp else set()
    total += len(module.drills)
    done += sum(1 for d in module.drills if d.id in finished)
    return done, total


def overall_fraction(course: Course, progress: Progress) -> float:
    """How far through the course, 0.0 to 1.0, for the progress bar."""
    done = total = 0
    for module in course.modules:
        d, t = module_units(course, progress, module)
        done += d
        total += t
    if course.evaluation:
        total += 1
        done += progress.evaluation is not None
    return done / total if total else 1.0


def course_complete(course: Course, progress: Progress) -> bool:
    if not all(module_complete(course, progress, m) for m in course.modules):
        return False
    return not course.evaluation or progress.evaluation is not None


def completed_at(course: Course, progress: Progress) -> dt.datetime | None:
    """When the course became complete (the last module or the evaluation), if it is."""
    if not course_complete(course, progress):
        return None
    times = [
        mp.completed
        for m in course.modules
        if (mp := progress.modules.get(m.id)) is not None and mp.completed is not None
    ]
    if course.evaluation and progress.evaluation is not None:
        times.append(progress.evaluation.submitted)
    return max(times) if times else None


def claim_problem(claimed: float, max_credit: float) -> str | None:
    """What is wrong with claiming `claimed` credit hours, or None when it is a valid
    claim: more than 0, a multiple of 0.25, and at most `max_credit`."""
    if isinstance(claimed, bool) or not isinstance(claimed, int | float):
        return "hours should be a number"
    quarters = claimed * 4
    if not math.isfinite(quarters) or abs(quarters - round(quarters)) > 1e-9:
        return "claim credit in steps of 0.25 hours"
    if claimed <= 0:
        return "claim more than 0 hours"
    if claimed > max_credit + 1e-9:
        return f"the most this course offers is {max_credit} hours"
    return None


def missed_questions(quiz: Quiz, attempt: QuizAttempt) -> list[Question]:
    """Questions of `quiz` answered wrongly, or not at all, in `attempt`, in quiz order."""
    right = {a.question for a in attempt.answers if a.correct}
    return [q for q in quiz.questions if q.id not in right]


class Step(StrEnum):
    """What "Continue" leads to."""

    ITEM = "item"  # a page to read, a quiz to pass or a drill to finish
    EVALUATION = "evaluation"  # every module is done; the course evaluation is left
    CERTIFICATE = "certificate"  # the course is complete


@dataclass(frozen=True, slots=True)
class NextStep:
    """The next thing to do in the course; `module` and `item` are set for Step.ITEM."""

    step: Step
    module: str = ""
    item: str = ""


def next_step(course: Course, progress: Progress) -> NextStep:
    """The next thing to do: the first page not yet read, quiz not yet passed or drill
    not yet finished, in course order; then the evaluation; then the certificate."""
    for module in course.modules:
        for item in module.items:
            if not item_done(course, progress, module, item):
                return NextStep(Step.ITEM, module.id, item.id)
    if course.evaluation and progress.evaluation is None:
        return NextStep(Step.EVALUATION)
    return NextStep(Step.CERTIFICATE)
