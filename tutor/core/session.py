"""The learner's actions, applied to Progress and saved at once.

The UI calls these methods and shows what they return; it keeps no learning
state of its own. Every method that changes Progress calls `save` before it
returns, so an answer the UI has shown feedback for is already on disk. If
`save` raises (e.g. SaveFailed), the change stays in memory and goes out with
the next successful save.

Wrong arguments (an unknown module, a question already answered, a choice that
is not offered at this step) raise SessionError with a plain message.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import re
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from tutor.core import completion
from tutor.core.boards import id_problems
from tutor.core.completion import ModuleStatus
from tutor.core.model import (
    Choice,
    Course,
    Drill,
    Item,
    Kind,
    Module,
    Option,
    Page,
    Question,
    Quiz,
    Step,
)
from tutor.core.progress.model import (
    Answer,
    BoardId,
    Credit,
    DrillRun,
    Evaluation,
    LrsConsent,
    ModuleProgress,
    Position,
    Progress,
    QuizAttempt,
    utc,
)
from tutor.core.progress.model import utc_now as utc_now  # the default clock, for the app
from tutor.core.records.identity import email_problem, name_problem
from tutor.core.text import has_controls

Clock = Callable[[], dt.datetime]
SaveFn = Callable[[Progress], None]

#: Fields of the learner that update_learner accepts, with their types.
LEARNER_FIELDS: dict[str, type] = {
    "first_name": str,
    "last_name": str,
    "email": str,
    "board": str,
    "board_id": str,
    "birth_month": int,
    "birth_day": int,
    "consent_to_share": bool,
}

_MAX_TEXT = 200  # a learner field longer than this is a mistake
_MAX_EVAL_TEXT = 5000


class SessionError(ValueError):
    """An action that does not fit the course or the learner's progress."""


_SURROGATE = re.compile("[\ud800-\udfff]")


def _plain(text: str, allowed: str) -> bool:
    """No control characters (but `allowed`) and no lone surrogates, which TOML cannot hold."""
    return not has_controls(text, allowed) and not _SURROGATE.search(text)


def option_order(question: Question, seed: int) -> tuple[Option, ...]:
    """The options in the order the learner sees them on an attempt with `seed`.

    Seed 0 keeps the order written. Any other seed shuffles, the same way every
    time for the same question and seed (so a resumed attempt looks the same).
    True/false questions always keep their order.
    """
    options = question.options
    if seed == 0 or question.kind is Kind.TRUE_FALSE or len(options) < 2:
        return options
    shuffled = list(options)
    random.Random(f"{seed}:{question.id}").shuffle(shuffled)
    return tuple(shuffled)


def _new_seed() -> int:
    return secrets.randbelow(2**31 - 1) + 1


@dataclass(frozen=True, slots=True)
class QuizResult:
    """What the results screen shows."""

    attempt: QuizAttempt
    score: float
    passed: bool
    missed: tuple[Question, ...]


class Session:
    """One learner working through one course."""

    def __init__(
        self,
        course: Course,
        progress: Progress,
        save: SaveFn,
        clock: Clock = utc_now,
        *,
        new_seed: Callable[[], int] = _new_seed,
    ) -> None:
        if progress.course.id != course.id:
            raise SessionError(
                f"progress belongs to course {progress.course.id!r}, not {course.id!r}"
            )
        self.course = course
        self.progress = progress
        self._save = save
        self._clock = clock
        self._new_seed = new_seed
        progress.course.version = course.version
        progress.course.content_hash = course.content_hash

    # -- plumbing --------------------------------------------------------------------

    def now(self) -> dt.datetime:
        """The clock's time in UTC, to the second (the file stays readable)."""
        try:
            return utc(self._clock()).replace(microsecond=0)
        except ValueError as e:
            raise SessionError(f"the clock gave a naive time: {e}") from None

    def _commit(self, now: dt.datetime) -> None:
        self.progress.updated = now
        self._save(self.progress)

    def module(self, module_id: str) -> Module:
        module = self.course.module(module_id)
        if module is None:
            raise SessionError(f"no module {module_id!r} in course {self.course.id!r}")
        return module

    def _quiz(self, module_id: str) -> tuple[Module, Quiz]:
        module = self.module(module_id)
        if module.quiz is None:
            raise SessionError(f"module {module_id!r} has no quiz")
        return module, module.quiz

    def _drill(self, module_id: str, drill_id: str) -> tuple[Module, Drill]:
        module = self.module(module_id)
        drill = module.item(drill_id)
        if not isinstance(drill, Drill):
            raise SessionError(f"module {module_id!r} has no drill {drill_id!r}")
        return module, drill

    def _touch(self, module: Module, now: dt.datetime) -> ModuleProgress:
        """The module's progress, created and stamped as seen now."""
        mp = self.progress.modules.get(module.id)
        if mp is None:
            mp = self.progress.modules[module.id] = ModuleProgress()
        if mp.started is None:
            mp.started = now
        mp.content_hash = module.content_hash
        return mp

    def _check_complete(self, module: Module, mp: ModuleProgress, now: dt.datetime) -> None:
        if mp.completed is None and completion.module_complete(self.course, self.progress, module):
            mp.completed = now

    # -- reading and time --------------------------------------------------------------

    def view_page(self, module_id: str, page_id: str) -> None:
        """Record that a page was shown, and resume there. Saves."""
        module = self.module(module_id)
        if not any(p.id == page_id for p in module.pages):
            raise SessionError(f"module {module_id!r} has no page {page_id!r}")
        now = self.now()
        mp = self._touch(module, now)
        if page_id not in mp.pages_viewed:
            mp.pages_viewed.append(page_id)
        self.progress.position = Position(module_id, page_id, "")
        self._check_complete(module, mp, now)
        self._commit(now)

    def add_time(self, module_id: str, seconds: float) -> None:
        """Add time on task (whole seconds; negative or absurd values refused). Saves."""
        if not 0 <= seconds <= 24 * 3600:
            raise SessionError(f"time on task must be 0 to 86400 seconds, not {seconds}")
        module = self.module(module_id)
        now = self.now()
        mp = self._touch(module, now)
        mp.seconds += round(seconds)
        self._commit(now)

    def set_position(self, module_id: str = "", item_id: str = "", step_id: str = "") -> None:
        """Where "Continue" should resume ("" module = home). Saves."""
        if module_id:
            module = self.module(module_id)
            if item_id and module.item(item_id) is None:
                raise SessionError(f"module {module_id!r} has no item {item_id!r}")
        self.progress.position = Position(module_id, item_id, step_id)
        self._commit(self.now())

    def visit(self, module_id: str, item_id: str = "") -> None:
        """The learner opened an item, a module's overview (no item) or the home screen
        (no module): resume there next time. A page counts as read. A quiz or drill under
        way resumes at its current question or step. Saves, unless nothing changes."""
        if not module_id:
            if self.progress.position != Position():
                self.set_position()
            return
        module = self.module(module_id)
        item = module.item(item_id) if item_id else None
        if item_id and item is None:
            raise SessionError(f"module {module_id!r} has no item {item_id!r}")
        step = ""
        if isinstance(item, Page):
            mp = self.progress.modules.get(module_id)
            if mp is None or item.id not in mp.pages_viewed:
                self.view_page(module_id, item.id)
                return
        elif isinstance(item, Quiz):
            question = self.next_question(module_id)
            step = question.id if question is not None else ""
        elif isinstance(item, Drill):
            run = self.current_run(module_id, item.id)
            step = run.path[-1] if run is not None and run.path else ""
        if self.progress.position != Position(module_id, item_id, step):
            self.set_position(module_id, item_id, step)

    def next_step(self) -> completion.NextStep:
        """What "Continue" leads to (see `completion.next_step`)."""
        return completion.next_step(self.course, self.progress)

    def item_done(self, module: Module, item: Item) -> bool:
        return completion.item_done(self.course, self.progress, module, item)

    def resume(self) -> Position:
        """Where "Continue" goes: the saved position, if the course still has it."""
        pos = self.progress.position
        module = self.course.module(pos.module) if pos.module else None
        if module is None:
            return Position()
        item = module.item(pos.item) if pos.item else None
        if item is None:
            return Position(module.id)
        step_ok = (isinstance(item, Quiz) and item.question(pos.step) is not None) or (
            isinstance(item, Drill) and item.step(pos.step) is not None
        )
        return Position(module.id, item.id, pos.step if step_ok else "")

    # -- quizzes ---------------------------------------------------------------------

    def current_attempt(self, module_id: str) -> QuizAttempt | None:
        """The unfinished attempt of the module's quiz, if any."""
        mp = self.progress.modules.get(module_id)
        last = mp.last_attempt if mp else None
        return last if last is not None and last.in_progress else None

    def last_attempt(self, module_id: str) -> QuizAttempt | None:
        mp = self.progress.modules.get(module_id)
        return mp.last_attempt if mp else None

    def start_quiz(self, module_id: str) -> QuizAttempt:
        """The unfinished attempt, or a new one. Retries get a shuffle seed. Saves."""
        module, quiz = self._quiz(module_id)
        current = self.current_attempt(module_id)
        if current is not None:
            return current
        now = self.now()
        mp = self._touch(module, now)
        number = len(mp.quiz_attempts) + 1
        attempt = QuizAttempt(
            number=number,
            started=now,
            seed=0 if number == 1 else self._new_seed(),
            content_hash=module.content_hash,
        )
        mp.quiz_attempts.append(attempt)
        first = quiz.questions[0].id if quiz.questions else ""
        self.progress.position = Position(module_id, quiz.id, first)
        self._commit(now)
        return attempt

    def options(self, module_id: str, question_id: str) -> tuple[Option, ...]:
        """A question's options in the order the current (or last) attempt shows them."""
        _, quiz = self._quiz(module_id)
        question = quiz.question(question_id)
        if question is None:
            raise SessionError(f"the quiz of {module_id!r} has no question {question_id!r}")
        attempt = self.current_attempt(module_id) or self.last_attempt(module_id)
        return option_order(question, attempt.seed if attempt else 0)

    def next_question(self, module_id: str) -> Question | None:
        """The first question the current attempt has not answered yet."""
        _, quiz = self._quiz(module_id)
        attempt = self.current_attempt(module_id)
        if attempt is None:
            return None
        answered = {a.question for a in attempt.answers}
        return next((q for q in quiz.questions if q.id not in answered), None)

    def answer(self, module_id: str, question_id: str, chosen: set[str] | frozenset[str]) -> Answer:
        """Record an answer in the current attempt and save it before returning."""
        module, quiz = self._quiz(module_id)
        question = quiz.question(question_id)
        if question is None:
            raise SessionError(f"the quiz of {module_id!r} has no question {question_id!r}")
        attempt = self.current_attempt(module_id)
        if attempt is None:
            raise SessionError(f"no quiz attempt in progress in {module_id!r}: start one first")
        if attempt.answer_for(question_id) is not None:
            raise SessionError(f"question {question_id!r} is already answered in this attempt")
        ids = {o.id for o in question.options}
        unknown = set(chosen) - ids
        if unknown:
            raise SessionError(f"question {question_id!r} has no option {sorted(unknown)[0]!r}")
        if not chosen:
            raise SessionError("choose at least one option")
        if question.kind is not Kind.MULTIPLE and len(chosen) != 1:
            raise SessionError(f"question {question_id!r} takes exactly one option")
        now = self.now()
        self._touch(module, now)
        answer = Answer(
            question=question_id,
            chosen=sorted(chosen),
            correct=question.is_correct(set(chosen)),
            at=now,
        )
        attempt.answers.append(answer)
        self.progress.seal_answer(module_id, attempt, answer)
        following = self.next_question(module_id)
        if following is None:  # the last answer finishes the attempt, in the same save
            self._finish(module, quiz, attempt, now)
        else:
            self.progress.position = Position(module_id, quiz.id, following.id)
        self._commit(now)
        return answer

    def finish_quiz(self, module_id: str) -> QuizAttempt:
        """Score the current attempt (unanswered questions count as wrong). Saves.

        The last answer finishes an attempt by itself (`answer`); then this returns
        that finished attempt and writes nothing.
        """
        module, quiz = self._quiz(module_id)
        attempt = self.current_attempt(module_id)
        if attempt is None:
            last = self.last_attempt(module_id)
            if last is not None and last.finished is not None:
                return last
            raise SessionError(f"no quiz attempt in progress in {module_id!r}")
        now = self.now()
        self._finish(module, quiz, attempt, now)
        self._commit(now)
        return attempt

    def _finish(self, module: Module, quiz: Quiz, attempt: QuizAttempt, now: dt.datetime) -> None:
        mp = self._touch(module, now)
        right = sum(
            1 for q in quiz.questions if (a := attempt.answer_for(q.id)) is not None and a.correct
        )
        attempt.score = right / len(quiz.questions) if quiz.questions else 1.0
        attempt.passed = completion.passes(self.course, attempt.score)
        attempt.finished = now
        self.progress.seal_attempt(module.id, attempt)
        self.progress.position = Position(module.id, quiz.id, "")
        self._check_complete(module, mp, now)

    def result(self, module_id: str, attempt: QuizAttempt | None = None) -> QuizResult:
        """Score, pass/fail and missed questions of a finished attempt (default: the last)."""
        _, quiz = self._quiz(module_id)
        attempt = attempt or self.last_attempt(module_id)
        if attempt is None or attempt.score is None or attempt.passed is None:
            raise SessionError(f"no finished quiz attempt in {module_id!r}")
        missed = tuple(completion.missed_questions(quiz, attempt))
        return QuizResult(attempt, attempt.score, attempt.passed, missed)

    # -- drills ----------------------------------------------------------------------

    def current_run(self, module_id: str, drill_id: str) -> DrillRun | None:
        """The unfinished run of this drill, if it can go on: a run left at a step that a
        revision of the course removed cannot, and `start_drill` replaces it."""
        _, drill = self._drill(module_id, drill_id)
        run = self._unfinished_run(module_id, drill_id)
        if run is None or not run.path or drill.step(run.path[-1]) is None:
            return None
        return run

    def _unfinished_run(self, module_id: str, drill_id: str) -> DrillRun | None:
        mp = self.progress.modules.get(module_id)
        runs = mp.runs_of(drill_id) if mp else []
        return runs[-1] if runs and runs[-1].in_progress else None

    def start_drill(self, module_id: str, drill_id: str) -> DrillRun:
        """The unfinished run of this drill, or a new one at the start step. Saves.

        An unfinished run whose step the course no longer has is dropped.
        """
        module, drill = self._drill(module_id, drill_id)
        current = self.current_run(module_id, drill_id)
        if current is not None:
            return current
        stale = self._unfinished_run(module_id, drill_id)
        now = self.now()
        mp = self._touch(module, now)
        if stale is not None:
            # the course changed under an unfinished run: drop it (it was never chained)
            mp.drill_runs.remove(stale)
        run = DrillRun(
            drill=drill_id,
            number=len(mp.runs_of(drill_id)) + 1,
            started=now,
            path=[drill.start.id],
        )
        mp.drill_runs.append(run)
        if drill.start.ending or not drill.start.choices:
            self._end_run(module, mp, run, drill.start, now)
        self.progress.position = Position(module_id, drill_id, drill.start.id)
        self._commit(now)
        return run

    def current_step(self, module_id: str, drill_id: str) -> Step:
        """The step the current (or last) run is at."""
        _, drill = self._drill(module_id, drill_id)
        mp = self.progress.modules.get(module_id)
        runs = mp.runs_of(drill_id) if mp else []
        if not runs:
            return drill.start
        step = drill.step(runs[-1].path[-1]) if runs[-1].path else None
        return step or drill.start

    def choose(self, module_id: str, drill_id: str, choice_id: str) -> tuple[Choice, Step]:
        """Make a choice at the current step; returns it and the step it leads to. Saves."""
        module, drill = self._drill(module_id, drill_id)
        run = self.current_run(module_id, drill_id)
        if run is None:
            raise SessionError(f"no run of drill {drill_id!r} in progress: start one first")
        step = drill.step(run.path[-1]) if run.path else drill.start
        if step is None:
            raise SessionError(f"drill {drill_id!r} has no step {run.path[-1]!r} any more")
        choice = step.choice(choice_id)
        if choice is None:
            raise SessionError(f"step {step.id!r} offers no choice {choice_id!r}")
        target = drill.step(choice.target)
        if target is None:
            raise SessionError(f"choice {choice_id!r} leads to a missing step {choice.target!r}")
        now = self.now()
        mp = self._touch(module, now)
        run.path.append(target.id)
        run.choices.append(choice.id)
        run.points += choice.quality.points
        run.max_points += 2
        if target.ending or not target.choices:
            self._end_run(module, mp, run, target, now)
        self.progress.position = Position(module_id, drill_id, target.id)
        self._commit(now)
        return choice, target

    def _end_run(
        self, module: Module, mp: ModuleProgress, run: DrillRun, ending: Step, now: dt.datetime
    ) -> None:
        run.ending = ending.id
        run.finished = now
        self.progress.seal_run(module.id, run)
        self._check_complete(module, mp, now)

    # -- resets ----------------------------------------------------------------------

    def reset_module(self, module_id: str) -> None:
        """Forget everything done in one module (the chain keeps a trace). Saves."""
        self.module(module_id)
        now = self.now()
        self.progress.reset(module_id, now)
        if self.progress.position.module == module_id:
            self.progress.position = Position()
        self._commit(now)

    def reset_course(self) -> None:
        """Forget every module, the evaluation and any credit claimed; keep the learner. Saves."""
        now = self.now()
        self.progress.reset(None, now)
        self.progress.position = Position()
        self._commit(now)

    # -- the learner, evaluation, credit -----------------------------------------------------

    def update_learner(self, **fields: str | int | bool) -> None:
        """Change learner details (see LEARNER_FIELDS). Validates all, then saves."""
        learner = self.progress.learner
        for name, value in fields.items():
            kind = LEARNER_FIELDS.get(name)
            if kind is None:
                raise SessionError(f"unknown learner field {name!r}")
            if type(value) is not kind:
                raise SessionError(f"{name} should be a {kind.__name__}")
            if isinstance(value, str) and (len(value) > _MAX_TEXT or not _plain(value, "")):
                raise SessionError(f"{name} must be one line of at most {_MAX_TEXT} characters")
        month = int(fields.get("birth_month", learner.birth_month))
        day = int(fields.get("birth_day", learner.birth_day))
        if not 0 <= month <= 12:
            raise SessionError("birth_month must be 1 to 12 (or 0: not given)")
        if day and not month:
            raise SessionError("give the birth month with the birth day")
        if month and not 0 <= day <= calendar.monthrange(2000, month)[1]:
            raise SessionError(f"birth_day must be 1 to {calendar.monthrange(2000, month)[1]}")
        for key in ("first_name", "last_name"):
            given = fields.get(key)
            trouble = name_problem(given.strip()) if isinstance(given, str) else None
            if trouble:
                raise SessionError(f"{key.replace('_', ' ')}: {trouble}")
        email = fields.get("email")
        problem = email_problem(email) if isinstance(email, str) else None
        if problem:  # the rules an LRS applies (xAPI mbox), so records are never refused later
            raise SessionError(f"email: {problem} (for example name@example.org)")
        for name, value in fields.items():
            setattr(learner, name, value.strip() if isinstance(value, str) else value)
        self._commit(self.now())

    def update_identifiers(
        self,
        boards: Sequence[tuple[str, str]],
        license_state: str = "",
        license_number: str = "",
        npi: str = "",
    ) -> None:
        """Set the learner's certifying boards ((ABMS abbreviation, the board's ID for the
        learner) pairs, in the learner's order), state licence and NPI, replacing what was
        there. Validates all (tutor.core.boards.id_problems), then saves."""
        pairs = [(b.strip(), i.strip()) for b, i in boards]
        texts = [t for pair in pairs for t in pair] + [license_state, license_number, npi]
        if any(len(t) > _MAX_TEXT or not _plain(t, "") for t in texts):
            raise SessionError(f"identifiers must be one line of at most {_MAX_TEXT} characters")
        state, number, npi = license_state.strip().upper(), license_number.strip(), npi.strip()
        problems = id_problems(pairs, state, number, npi)
        if problems:
            raise SessionError("; ".join(problems))
        learner = self.progress.learner
        learner.boards = [BoardId(b, i) for b, i in pairs]
        learner.board = learner.board_id = ""  # the one board of older files: now in boards
        learner.license_state, learner.license_number, learner.npi = state, number, npi
        self._commit(self.now())

    def submit_evaluation(self, answers: Mapping[str, str]) -> Evaluation:
        """Record the course evaluation (once). Ratings are "1" to "5". Saves."""
        if not self.course.evaluation:
            raise SessionError("this course has no evaluation")
        if self.progress.evaluation is not None:
            raise SessionError("the evaluation has already been submitted")
        known = {q.id: q for q in self.course.evaluation}
        for qid, value in answers.items():
            question = known.get(qid)
            if question is None:
                raise SessionError(f"the evaluation has no question {qid!r}")
            if question.kind == "rating" and value not in {"1", "2", "3", "4", "5"}:
                raise SessionError(f"{qid!r} takes a rating from 1 to 5")
            if not isinstance(value, str) or not _plain(value, "\n\t"):
                raise SessionError(f"{qid!r} should be plain text")
            if len(value) > _MAX_EVAL_TEXT:
                raise SessionError(f"{qid!r} is longer than {_MAX_EVAL_TEXT} characters")
        missing = [
            q.id for q in self.course.evaluation if q.kind == "rating" and q.id not in answers
        ]
        if missing:
            raise SessionError(f"please rate {missing[0]!r}")
        now = self.now()
        self.progress.evaluation = Evaluation(submitted=now, answers=dict(answers))
        self.progress.seal_evaluation()
        self._commit(now)
        return self.progress.evaluation

    def attest_credit(self, hours: float) -> Credit:
        """Claim credit hours: > 0, a multiple of 0.25, at most the course's maximum,
        and only once the course is complete. A new claim replaces the old. Saves."""
        problem = completion.claim_problem(hours, self.course.max_credit)
        if problem is not None:
            raise SessionError(problem)
        if not completion.course_complete(self.course, self.progress):
            raise SessionError("finish the course before claiming credit")
        now = self.now()
        self.progress.void_credit(now)
        self.progress.credit = Credit(claimed=round(hours * 4) / 4, attested=now)
        self.progress.seal_credit()
        self._commit(now)
        return self.progress.credit

    def set_lrs_consent(self, endpoint: str, agreed: bool) -> None:
        """Record whether the learner agrees to send their records to `endpoint`. Saves."""
        self.progress.lrs = LrsConsent(endpoint=endpoint, agreed=agreed, answered=self.now())
        self._commit(self.now())

    def lrs_consent(self, endpoint: str) -> bool | None:
        """The learner's answer about `endpoint`: True, False, or None (not asked yet)."""
        given = self.progress.lrs
        return given.agreed if given is not None and given.endpoint == endpoint else None

    # -- summaries -----------------------------------------------------------------------

    def module_status(self, module_id: str) -> ModuleStatus:
        return completion.module_status(self.course, self.progress, self.module(module_id))

    def overall(self) -> float:
        return completion.overall_fraction(self.course, self.progress)

    def course_complete(self) -> bool:
        return completion.course_complete(self.course, self.progress)
