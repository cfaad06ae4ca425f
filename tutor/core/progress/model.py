"""What a learner has done: plain, mutable dataclasses, plus the hash chain.

`Progress` is owned by the core: the session changes it, the codec turns it
into TOML and back, and the store saves it. Every timestamp is timezone-aware
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
import math
import operator
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from json.encoder import encode_basestring as _json_str
from typing import Generic, NamedTuple, TypeVar

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
    if ts.tzinfo is dt.UTC and type(ts) is dt.datetime:
        return ts.isoformat()  # already in UTC, as the reader gives them: utc(ts) is ts
    return utc(ts).isoformat()


@dataclass(slots=True)
class BoardId:
    """A certifying board (an ABMS abbreviation, tutor.core.boards) and its ID for the learner."""

    board: str
    id: str


@dataclass(slots=True)
class Learner:
    id: str  # uuid4 hex, made once per file
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    board: str = ""  # certifying board, e.g. "ABIM" (the one board of schema 1's first files)
    board_id: str = ""
    birth_month: int = 0  # 0 = not given
    birth_day: int = 0  # 0 = not given
    consent_to_share: bool = False
    # For ACCME PARS (issue 11): several boards, a state licence, an NPI; "" = not given.
    boards: list[BoardId] = field(default_factory=list)
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


@dataclass(slots=True)
class CourseRef:
    """Which course, and which version of it, the file belongs to."""

    id: str
    version: str = ""
    content_hash: str = ""


@dataclass(slots=True)
class Position:
    """Where "Continue" resumes. Empty strings mean "not set" ("" module = home)."""

    module: str = ""
    item: str = ""  # a page, quiz or drill id
    step: str = ""  # a question id (quiz) or step id (drill)


@dataclass(slots=True)
class Answer:
    question: str
    chosen: tuple[str, ...]  # option ids, sorted
    correct: bool
    at: dt.datetime
    seq: int = 0  # place in the hash chain; 0 = not chained yet


@dataclass(slots=True)
class QuizAttempt:
    number: int  # 1, 2, ... within the module
    started: dt.datetime
    seed: int = 0  # option shuffle seed; 0 = options in the order written
    content_hash: str = ""  # the module version the attempt was taken on
    answers: list[Answer] = field(default_factory=list)
    finished: dt.datetime | None = None
    score: float | None = None  # fraction right, set when finished
    passed: bool | None = None  # set when finished
    seq: int = 0  # place of the "finished" event in the hash chain

    @property
    def in_progress(self) -> bool:
        return self.finished is None

    def answer_for(self, question_id: str) -> Answer | None:
        return next((a for a in self.answers if a.question == question_id), None)


@dataclass(slots=True)
class DrillRun:
    drill: str
    number: int  # 1, 2, ... per drill
    started: dt.datetime
    path: list[str] = field(default_factory=list)  # step ids, start first
    choices: list[str] = field(default_factory=list)  # choice ids made, in order
    points: int = 0  # sum of the choices' Quality.points
    max_points: int = 0  # 2 per choice made
    finished: dt.datetime | None = None
    ending: str = ""  # the ending step reached; "" while in progress
    seq: int = 0  # place of the "finished" event in the hash chain

    @property
    def in_progress(self) -> bool:
        return self.finished is None

    @property
    def score(self) -> float:
        """points / max_points; 1.0 for a run that made no choice."""
        return self.points / self.max_points if self.max_points else 1.0


@dataclass(slots=True)
class ModuleProgress:
    content_hash: str = ""  # the module version the learner saw last
    started: dt.datetime | None = None
    seconds: int = 0  # time on task
    pages_viewed: list[str] = field(default_factory=list)
    completed: dt.datetime | None = None
    quiz_attempts: list[QuizAttempt] = field(default_factory=list)
    drill_runs: list[DrillRun] = field(default_factory=list)

    @property
    def last_attempt(self) -> QuizAttempt | None:
        return self.quiz_attempts[-1] if self.quiz_attempts else None

    def runs_of(self, drill_id: str) -> list[DrillRun]:
        return [r for r in self.drill_runs if r.drill == drill_id]


@dataclass(slots=True)
class Evaluation:
    submitted: dt.datetime
    answers: dict[str, str] = field(default_factory=dict)
    seq: int = 0


@dataclass(slots=True)
class Credit:
    claimed: float  # hours, > 0, a multiple of 0.25, at most the course's max_credit
    attested: dt.datetime
    seq: int = 0


@dataclass(slots=True)
class Integrity:
    base: str  # where the chain starts: a genesis value, or the head before a reset
    chain: str  # the head after every chained event
    seq: int = 0  # events chained so far (the last seq handed out)


@dataclass(slots=True)
class Progress:
    app_version: str
    created: dt.datetime
    updated: dt.datetime
    learner: Learner
    course: CourseRef
    integrity: Integrity
    position: Position = field(default_factory=Position)
    modules: dict[str, ModuleProgress] = field(default_factory=dict)
    evaluation: Evaluation | None = None
    credit: Credit | None = None

    @classmethod
    def new(cls, course: Course, now: dt.datetime) -> Progress:
        """A fresh file for `course`, with a new learner id."""
        now = utc(now)
        learner = Learner(id=uuid.uuid4().hex)
        base = genesis(learner.id)
        return cls(
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


# The event's canonical JSON: what json.dumps(payload, ensure_ascii=False,
# separators=(",", ":"), allow_nan=False) gives, from one encoder made once
# (json.dumps with options builds a new encoder on every call).
_CANONICAL = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def chain_step(head: str, payload: list[object]) -> str:
    """The next head: sha256 of the previous head and the event's canonical JSON."""
    return _step(head, _CANONICAL.encode(payload))


def _step(head: str, body: str) -> str:
    return hashlib.sha256(f"{head}\n{body}".encode()).hexdigest()


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


# -- the same events' canonical JSON, written directly -------------------------------
#
# Checking a chain hashes every event of the file, so the reader's check spends
# most of its time here. Each `_*_body` below gives `_CANONICAL.encode(*_event(...))`,
# written out without building the payload list or running the general encoder.
# They take only values of exactly the types the records hold (str, int, bool,
# finite float, None); for anything else they give the payload itself, which
# `_head` hands to the encoder, so the text is the same whatever the records
# hold, and so is what raises, and when (timestamps while the events are made,
# as `events` does; the encoder's refusals only once the chain is hashed).
# tests/core/test_progress_chain_text.py holds them to the encoder. Strings go
# through the encoder's own escaping function.

#: An event's canonical JSON, or (for values of unusual types) its payload.
Body = str | list[object]


def _num(value: object) -> str | None:
    """JSON for a float or None as the encoder writes it; None if it is anything else."""
    if value is None:
        return "null"
    if type(value) is float and math.isfinite(value):
        return repr(value)
    return None


def _strs(values: object) -> str | None:
    """JSON for a list or tuple of plain strings; None if it is anything else."""
    if (type(values) is list or type(values) is tuple) and _ONLY_STR.issuperset(map(type, values)):
        return "[" + ",".join(map(_json_str, values)) + "]"
    return None


def _ts(value: dt.datetime) -> str:
    """JSON for `iso(value)`."""
    if value.tzinfo is _UTC and type(value) is dt.datetime:
        # what iso() returns for a time already in UTC; digits and -T:.+ need no escaping
        return f'"{value.isoformat()}"'
    return _json_str(iso(value))


_UTC = dt.UTC
_ONLY_STR = frozenset({str})
_BOOL = {True: "true", False: "false", None: "null"}


def _answer_body(module_id: str, attempt: QuizAttempt, answer: Answer) -> Body:
    seq, number, question, correct = answer.seq, attempt.number, answer.question, answer.correct
    chosen = _strs(answer.chosen)
    if (
        type(seq) is int
        and type(number) is int
        and type(module_id) is str
        and type(question) is str
        and type(correct) is bool
        and chosen is not None
    ):
        return (
            f'["answer",{seq},{_json_str(module_id)},{number},{_json_str(question)},'
            f"{chosen},{_BOOL[correct]},{_ts(answer.at)}]"
        )
    return answer_event(module_id, attempt, answer)


def _attempt_body(module_id: str, attempt: QuizAttempt) -> Body:
    a = attempt
    assert a.finished is not None
    score = _num(a.score)
    if (
        type(a.seq) is int
        and type(module_id) is str
        and type(a.number) is int
        and type(a.seed) is int
        and type(a.content_hash) is str
        and score is not None
        and (a.passed is None or type(a.passed) is bool)
        and type(a.answers) is list
    ):
        return (
            f'["quiz",{a.seq},{_json_str(module_id)},{a.number},{a.seed},'
            f"{_json_str(a.content_hash)},{_ts(a.started)},{_ts(a.finished)},"
            f"{score},{_BOOL[a.passed]},{len(a.answers)}]"
        )
    return attempt_event(module_id, attempt)


def _run_body(module_id: str, run: DrillRun) -> Body:
    r = run
    assert r.finished is not None
    path, choices = _strs(r.path), _strs(r.choices)
    if (
        type(r.seq) is int
        and type(module_id) is str
        and type(r.drill) is str
        and type(r.number) is int
        and path is not None
        and choices is not None
        and type(r.points) is int
        and type(r.max_points) is int
        and type(r.ending) is str
    ):
        return (
            f'["drill",{r.seq},{_json_str(module_id)},{_json_str(r.drill)},{r.number},'
            f"{_ts(r.started)},{_ts(r.finished)},{path},{choices},"
            f"{r.points},{r.max_points},{_json_str(r.ending)}]"
        )
    return run_event(module_id, run)


def _evaluation_body(evaluation: Evaluation) -> Body:
    e = evaluation
    if (
        type(e.seq) is int
        and type(e.answers) is dict
        and _ONLY_STR.issuperset(map(type, e.answers))
        and _ONLY_STR.issuperset(map(type, e.answers.values()))
    ):
        pairs = ",".join(f"[{_json_str(k)},{_json_str(v)}]" for k, v in sorted(e.answers.items()))
        return f'["evaluation",{e.seq},{_ts(e.submitted)},[{pairs}]]'
    return evaluation_event(evaluation)


def _credit_body(credit: Credit) -> Body:
    claimed = _num(credit.claimed)
    if type(credit.seq) is int and claimed is not None:
        return f'["credit",{credit.seq},{claimed},{_ts(credit.attested)}]'
    return credit_event(credit)


_T = TypeVar("_T")


class _Makers(NamedTuple, Generic[_T]):
    """What to make of each kind of chained record: payload lists, or their JSON."""

    answer: Callable[[str, QuizAttempt, Answer], _T]
    attempt: Callable[[str, QuizAttempt], _T]
    run: Callable[[str, DrillRun], _T]
    evaluation: Callable[[Evaluation], _T]
    credit: Callable[[Credit], _T]


_PAYLOADS = _Makers(answer_event, attempt_event, run_event, evaluation_event, credit_event)
_BODIES = _Makers(_answer_body, _attempt_body, _run_body, _evaluation_body, _credit_body)


def events(progress: Progress) -> list[tuple[int, list[object]]]:
    """Every chained record as (seq, payload), in chain order.

    Records that should be chained but are not (seq 0) are left out; the
    verifier reports them.
    """
    return _events(progress, _PAYLOADS)[0]


_SEQ = operator.itemgetter(0)


def _events(progress: Progress, make: _Makers[_T]) -> tuple[list[tuple[int, _T]], bool]:
    """`events` (made by `make`), and whether any record that should be chained is
    not (that is, whether `unchained` would list any)."""
    out: list[tuple[int, _T]] = []
    missing = False
    for module_id, mp in progress.modules.items():
        for attempt in mp.quiz_attempts:
            for answer in attempt.answers:
                if answer.seq:
                    out.append((answer.seq, make.answer(module_id, attempt, answer)))
                else:
                    missing = True
            if attempt.finished is not None:
                if attempt.seq:
                    out.append((attempt.seq, make.attempt(module_id, attempt)))
                else:
                    missing = True
        for run in mp.drill_runs:
            if run.finished is not None:
                if run.seq:
                    out.append((run.seq, make.run(module_id, run)))
                else:
                    missing = True
    evaluation = progress.evaluation
    if evaluation is not None:
        if evaluation.seq:
            out.append((evaluation.seq, make.evaluation(evaluation)))
        else:
            missing = True
    credit = progress.credit
    if credit is not None:
        if credit.seq:
            out.append((credit.seq, make.credit(credit)))
        else:
            missing = True
    out.sort(key=_SEQ)
    return out, missing


def compute_chain(progress: Progress) -> str:
    """The head the chain should have, recomputed from the base over the records."""
    return _head(progress.integrity.base, _events(progress, _BODIES)[0])


def _head(base: str, bodies: list[tuple[int, Body]]) -> str:
    head = base
    sha256 = hashlib.sha256
    for _, body in bodies:
        text = body if type(body) is str else _CANONICAL.encode(body)
        head = sha256(f"{head}\n{text}".encode()).hexdigest()  # _step(head, text)
    return head


def unchained(progress: Progress) -> list[str]:
    """Records that should be in the chain but have no seq (for messages)."""
    out: list[str] = []
    for module_id, mp in progress.modules.items():
        for attempt in mp.quiz_attempts:
            out += [
                f"{module_id} attempt {attempt.number} answer {a.question}"
                for a in attempt.answers
                if not a.seq
            ]
            if attempt.finished is not None and not attempt.seq:
                out.append(f"{module_id} attempt {attempt.number}")
        out += [
            f"{module_id} drill {r.drill} run {r.number}"
            for r in mp.drill_runs
            if r.finished is not None and not r.seq
        ]
    if progress.evaluation is not None and not progress.evaluation.seq:
        out.append("evaluation")
    if progress.credit is not None and not progress.credit.seq:
        out.append("credit")
    return out


def verify_chain(progress: Progress) -> bool:
    """True when the stored head matches the records, and every record is chained once.

    This proves only that the file is consistent with itself: anyone can
    recompute the chain after editing the file. Compare the head with a copy
    kept elsewhere (a certificate, a coordinator's import) to prove more.
    """
    chained, missing = _events(progress, _BODIES)  # one walk serves every check below
    seqs = [seq for seq, _ in chained]
    if len(seqs) != len(set(seqs)) or any(s > progress.integrity.seq for s in seqs):
        return False
    if missing:  # unchained(progress) is not empty
        return False
    return _head(progress.integrity.base, chained) == progress.integrity.chain
