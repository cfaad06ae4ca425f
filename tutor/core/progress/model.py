"""What a learner has done, as mutable msgspec Structs, plus the hash chain.

The Structs are also the progress file's one declaration: the codec reads and
writes the file from them. `Progress` is owned by the core: the session changes
it, the codec turns it into TOML and back, and the store saves it. Every timestamp is timezone-aware
UTC; `utc()` refuses naive ones.

The hash chain (`[integrity]` in the file) links every answer, finished quiz
attempt, finished drill run, evaluation and credit attestation in the order they
happened. Each such record carries `seq`, its place in the chain. It catches
accidental and casual edits; it does not stop someone who recomputes it (see
docs/progress-file.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable, Iterator
from functools import partial
from typing import Annotated

import msgspec
from msgspec import Meta

from tutor import __version__
from tutor.core.model import Course

#: The schema this code writes. Older files are migrated on load; newer ones refused.
SCHEMA_VERSION = 1

#: Names the chain format, so a future change of encoding starts a new chain.
CHAIN_TAG = "tutor-progress-chain/1"


def utc(ts: dt.datetime) -> dt.datetime:
    """The same instant in UTC. Raises ValueError for a naive timestamp."""
    if ts.tzinfo is None or ts.tzinfo.utcoffset(ts) is None:
        raise ValueError(f"naive timestamp {ts.isoformat()}: give a time zone (UTC)")
    return ts.astimezone(dt.UTC)


def utc_now() -> dt.datetime:
    """The time now, in UTC: the default clock of the session and the store."""
    return dt.datetime.now(dt.UTC)


def iso(ts: dt.datetime) -> str:
    """The canonical text of a timestamp, as the chain hashes it."""
    return utc(ts).isoformat()


# -- the file's declaration ---------------------------------------------------------------
#
# These Structs are the progress file's format: the reader converts what tomllib
# gives into them (tutor.core.formats), and the writer writes them with tomli-w.
# TOML has no null, so a Struct with optional fields says `omit_defaults`: a field
# at its default (None: an attempt in progress has no `finished`; 0; an empty list)
# is left out of the file, and the reader gives it its default again.

#: the largest whole number accepted anywhere: keeps values sane and printable
MAX_WHOLE = 2**53

Whole = Annotated[int, Meta(ge=0, le=MAX_WHOLE)]
Count = Annotated[int, Meta(ge=1, le=MAX_WHOLE)]
Fraction = Annotated[float, Meta(ge=0.0, le=1.0)]
#: a timestamp with a time zone; the reader refuses a naive one and converts to UTC
Stamp = Annotated[dt.datetime, Meta(tz=True)]


class BoardId(msgspec.Struct):
    """A certifying board (an ABMS abbreviation, tutor.core.boards) and its ID for the learner."""

    board: str
    id: str


class Learner(msgspec.Struct):
    id: Annotated[str, Meta(min_length=1)]  # uuid4 hex, made once per file
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    board: str = ""  # certifying board, e.g. "ABIM" (the one board of older files)
    board_id: str = ""
    birth_month: Annotated[int, Meta(ge=0, le=12)] = 0  # 0 = not given
    birth_day: Annotated[int, Meta(ge=0, le=31)] = 0  # 0 = not given
    consent_to_share: bool = False
    # For ACCME PARS: several boards, a state licence, an NPI; "" = not given.
    boards: list[BoardId] = []
    license_state: str = ""  # USPS code of the licensing state, e.g. "CA"
    license_number: str = ""
    npi: str = ""  # National Provider Identifier, 10 digits

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)

    def certifying_boards(self) -> list[BoardId]:
        """`boards`, or the single `board`/`board_id` of a file that has only those."""
        if self.boards:
            return list(self.boards)
        return [BoardId(self.board, self.board_id)] if self.board else []


class CourseRef(msgspec.Struct):
    """Which course, and which version of it, the file belongs to."""

    id: str
    version: str = ""
    content_hash: str = ""


class Position(msgspec.Struct):
    """Where "Continue" resumes. Empty strings mean "not set" ("" module = home)."""

    module: str = ""
    item: str = ""  # a page, quiz or drill id
    step: str = ""  # a question id (quiz) or step id (drill)


class Answer(msgspec.Struct):
    question: str
    chosen: list[str]  # option ids, sorted
    correct: bool
    at: Stamp
    seq: Whole = 0  # place in the hash chain; 0 = not chained yet

    def __post_init__(self) -> None:
        self.at = utc(self.at)
        self.chosen = sorted(self.chosen)


class QuizAttempt(msgspec.Struct, omit_defaults=True):
    number: Count  # 1, 2, ... within the module
    started: Stamp
    finished: Stamp | None = None
    seed: Whole = 0  # option shuffle seed; 0 = options in the order written
    content_hash: str = ""  # the module version the attempt was taken on
    score: Fraction | None = None  # fraction right, set when finished
    passed: bool | None = None  # set when finished
    seq: Whole = 0  # place of the "finished" event in the hash chain
    answers: list[Answer] = []

    def __post_init__(self) -> None:
        self.started = utc(self.started)
        if self.finished is not None:
            self.finished = utc(self.finished)

    @property
    def in_progress(self) -> bool:
        return self.finished is None

    def answer_for(self, question_id: str) -> Answer | None:
        return next((a for a in self.answers if a.question == question_id), None)


class DrillRun(msgspec.Struct, omit_defaults=True):
    drill: str
    number: Count  # 1, 2, ... per drill
    started: Stamp
    finished: Stamp | None = None
    path: list[str] = []  # step ids, start first
    choices: list[str] = []  # choice ids made, in order
    points: Whole = 0  # sum of the choices' Quality.points
    max_points: Whole = 0  # 2 per choice made
    ending: str = ""  # the ending step reached; "" while in progress
    seq: Whole = 0  # place of the "finished" event in the hash chain

    def __post_init__(self) -> None:
        self.started = utc(self.started)
        if self.finished is not None:
            self.finished = utc(self.finished)

    @property
    def in_progress(self) -> bool:
        return self.finished is None

    @property
    def score(self) -> float:
        """points / max_points; 1.0 for a run that made no choice."""
        return self.points / self.max_points if self.max_points else 1.0


class ModuleProgress(msgspec.Struct, omit_defaults=True):
    content_hash: str = ""  # the module version the learner saw last
    started: Stamp | None = None
    seconds: Whole = 0  # time on task
    pages_viewed: list[str] = []
    completed: Stamp | None = None
    quiz_attempts: list[QuizAttempt] = []
    drill_runs: list[DrillRun] = []

    def __post_init__(self) -> None:
        if self.started is not None:
            self.started = utc(self.started)
        if self.completed is not None:
            self.completed = utc(self.completed)

    @property
    def last_attempt(self) -> QuizAttempt | None:
        return self.quiz_attempts[-1] if self.quiz_attempts else None

    def runs_of(self, drill_id: str) -> list[DrillRun]:
        return [r for r in self.drill_runs if r.drill == drill_id]


class Evaluation(msgspec.Struct):
    submitted: Stamp
    seq: Whole = 0
    answers: dict[str, str] = {}

    def __post_init__(self) -> None:
        self.submitted = utc(self.submitted)


class Credit(msgspec.Struct):
    # hours, > 0, a multiple of 0.25, at most the course's max_credit (checked by the rules)
    claimed: Annotated[float, Meta(ge=0.0, le=1000.0)]
    attested: Stamp
    seq: Whole = 0

    def __post_init__(self) -> None:
        self.attested = utc(self.attested)


class LrsConsent(msgspec.Struct):
    """The learner's answer about sending their records to the course's LRS."""

    endpoint: str  # the LRS they were asked about: a new endpoint asks again
    agreed: bool
    answered: Stamp

    def __post_init__(self) -> None:
        self.answered = utc(self.answered)


class Integrity(msgspec.Struct):
    base: str  # where the chain starts: a genesis value, or the head before a reset
    chain: str  # the head after every chained event
    seq: Whole = 0  # events chained so far (the last seq handed out)


class Progress(msgspec.Struct, omit_defaults=True, kw_only=True):
    """The whole file. `schema_version` comes first and `integrity` last, so a file cut
    short anywhere loses its chain head and is refused rather than silently missing
    its last answers."""

    schema_version: int
    app_version: str = ""
    created: Stamp
    updated: Stamp
    learner: Learner
    course: CourseRef
    position: Position = msgspec.field(default_factory=Position)
    modules: dict[str, ModuleProgress] = {}
    evaluation: Evaluation | None = None
    credit: Credit | None = None
    lrs: LrsConsent | None = None  # absent until the learner is asked (only with an LRS)
    integrity: Integrity

    def __post_init__(self) -> None:
        self.created = utc(self.created)
        self.updated = utc(self.updated)

    @classmethod
    def new(cls, course: Course, now: dt.datetime) -> Progress:
        """A fresh file for `course`, with a new learner id."""
        now = utc(now)
        learner = Learner(id=uuid.uuid4().hex)
        base = genesis(learner.id)
        return cls(
            schema_version=SCHEMA_VERSION,
            app_version=__version__,
            created=now,
            updated=now,
            learner=learner,
            course=CourseRef(course.id, course.version, course.content_hash),
            integrity=Integrity(base=base, chain=base),
        )

    # -- the hash chain -------------------------------------------------------

    def _extend(self, payload: list[object]) -> None:
        self.integrity.chain = chain_step(self.integrity.chain, payload)
        self.integrity.seq = max(self.integrity.seq, _seq_of(payload))

    def _next_seq(self) -> int:
        return self.integrity.seq + 1

    def seal_answer(self, module_id: str, attempt: QuizAttempt, answer: Answer) -> None:
        """Give `answer` (already in `attempt`) its place in the chain."""
        answer.seq = self._next_seq()
        self._extend(answer_event(module_id, attempt, answer))

    def seal_attempt(self, module_id: str, attempt: QuizAttempt) -> None:
        """Chain a finished quiz attempt (its score and pass/fail)."""
        attempt.seq = self._next_seq()
        self._extend(attempt_event(module_id, attempt))

    def seal_run(self, module_id: str, run: DrillRun) -> None:
        """Chain a finished drill run."""
        run.seq = self._next_seq()
        self._extend(run_event(module_id, run))

    def seal_evaluation(self) -> None:
        assert self.evaluation is not None
        self.evaluation.seq = self._next_seq()
        self._extend(evaluation_event(self.evaluation))

    def seal_credit(self) -> None:
        assert self.credit is not None
        self.credit.seq = self._next_seq()
        self._extend(credit_event(self.credit))

    def reset(self, module_id: str | None, at: dt.datetime) -> None:
        """Forget one module (or, with None, every module, the evaluation and the credit)."""

        def forget() -> None:
            if module_id is None:
                self.modules.clear()
                self.evaluation = None
                self.credit = None
            else:
                self.modules.pop(module_id, None)

        self._rewrite(["reset", "*" if module_id is None else module_id, iso(at)], forget)

    def void_credit(self, at: dt.datetime) -> None:
        """Withdraw the credit claimed (before a new claim replaces it)."""
        if self.credit is None:
            return
        voided = self.credit.seq

        def forget() -> None:
            self.credit = None

        self._rewrite(["void-credit", voided, iso(at)], forget)

    def _rewrite(self, event: list[object], change: Callable[[], None]) -> None:
        """Remove chained records, keeping a trace of them in the chain.

        The new base is the old head followed by `event`, and the chain is
        recomputed over what is left; so the base still depends on everything
        that came before. A chain that did not verify before is not repaired:
        the event is appended to it and it still does not verify.
        """
        was_valid = verify_chain(self)
        change()
        if was_valid:
            self.integrity.base = chain_step(self.integrity.chain, event)
            self.integrity.chain = compute_chain(self)
        else:
            self.integrity.chain = chain_step(self.integrity.chain, event)

    def restart_chain(self, note: str) -> None:
        """Start a new chain over the records as they are (after a migration)."""
        self.integrity.base = genesis(self.learner.id, note)
        self.integrity.chain = compute_chain(self)
        self.integrity.seq = max((seq for seq, _ in events(self)), default=0)


# -- the chain, as pure functions ----------------------------------------------------


def genesis(learner_id: str, note: str = "new") -> str:
    """The start of a chain: tied to the learner id, so it differs per file."""
    return hashlib.sha256(f"{CHAIN_TAG}\n{learner_id}\n{note}".encode()).hexdigest()


# An event's canonical JSON: json.dumps(payload, ensure_ascii=False, separators=(",", ":"),
# allow_nan=False), from one encoder made once.
_CANONICAL = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def chain_step(head: str, payload: list[object]) -> str:
    """The next head: sha256 of the previous head and the event's canonical JSON."""
    return hashlib.sha256(f"{head}\n{_CANONICAL.encode(payload)}".encode()).hexdigest()


def _seq_of(payload: list[object]) -> int:
    seq = payload[1]
    return seq if isinstance(seq, int) else 0


def answer_event(module_id: str, attempt: QuizAttempt, answer: Answer) -> list[object]:
    return [
        "answer",
        answer.seq,
        module_id,
        attempt.number,
        answer.question,
        list(answer.chosen),
        answer.correct,
        iso(answer.at),
    ]


def attempt_event(module_id: str, attempt: QuizAttempt) -> list[object]:
    assert attempt.finished is not None
    return [
        "quiz",
        attempt.seq,
        module_id,
        attempt.number,
        attempt.seed,
        attempt.content_hash,
        iso(attempt.started),
        iso(attempt.finished),
        attempt.score,
        attempt.passed,
        len(attempt.answers),
    ]


def run_event(module_id: str, run: DrillRun) -> list[object]:
    assert run.finished is not None
    return [
        "drill",
        run.seq,
        module_id,
        run.drill,
        run.number,
        iso(run.started),
        iso(run.finished),
        list(run.path),
        list(run.choices),
        run.points,
        run.max_points,
        run.ending,
    ]


def evaluation_event(evaluation: Evaluation) -> list[object]:
    return [
        "evaluation",
        evaluation.seq,
        iso(evaluation.submitted),
        sorted(evaluation.answers.items()),
    ]


def credit_event(credit: Credit) -> list[object]:
    return ["credit", credit.seq, credit.claimed, iso(credit.attested)]


def _chained(progress: Progress) -> Iterator[tuple[int, str, Callable[[], list[object]]]]:
    """Every record that belongs in the chain: its seq (0 if it was never chained), a
    label for messages, and how to make its event."""
    for module_id, mp in progress.modules.items():
        for attempt in mp.quiz_attempts:
            for answer in attempt.answers:
                yield (
                    answer.seq,
                    f"{module_id} attempt {attempt.number} answer {answer.question}",
                    partial(answer_event, module_id, attempt, answer),
                )
            if attempt.finished is not None:
                yield (
                    attempt.seq,
                    f"{module_id} attempt {attempt.number}",
                    partial(attempt_event, module_id, attempt),
                )
        for run in mp.drill_runs:
            if run.finished is not None:
                yield (
                    run.seq,
                    f"{module_id} drill {run.drill} run {run.number}",
                    partial(run_event, module_id, run),
                )
    evaluation = progress.evaluation
    if evaluation is not None:
        yield evaluation.seq, "evaluation", partial(evaluation_event, evaluation)
    credit = progress.credit
    if credit is not None:
        yield credit.seq, "credit", partial(credit_event, credit)


def events(progress: Progress) -> list[tuple[int, list[object]]]:
    """Every chained record as (seq, payload), in chain order.

    Records that should be chained but are not (seq 0) are left out; the
    verifier reports them.
    """
    found = [(seq, make()) for seq, _, make in _chained(progress) if seq]
    found.sort(key=lambda pair: pair[0])
    return found


def compute_chain(progress: Progress) -> str:
    """The head the chain should have, recomputed from the base over the records."""
    head = progress.integrity.base
    for _, payload in events(progress):
        head = chain_step(head, payload)
    return head


def unchained(progress: Progress) -> list[str]:
    """Records that should be in the chain but have no seq (for messages)."""
    return [label for seq, label, _ in _chained(progress) if not seq]


def verify_chain(progress: Progress) -> bool:
    """True when the stored head matches the records, and every record is chained once.

    This proves only that the file is consistent with itself: anyone can
    recompute the chain after editing the file. Compare the head with a copy
    kept elsewhere (a certificate, a coordinator's import) to prove more.
    """
    seqs = [seq for seq, _, _ in _chained(progress)]
    if 0 in seqs or len(seqs) != len(set(seqs)) or any(s > progress.integrity.seq for s in seqs):
        return False
    return compute_chain(progress) == progress.integrity.chain
