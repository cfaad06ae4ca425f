"""xAPI 1.0.3 statements for what learners did: one statement per event.

Events, from a learner's progress files (all of them: see "history" below):

- `answered`: every answer to a quiz question;
- `passed` / `failed`: every finished quiz attempt;
- `completed`: every finished drill run, every completed module, and the
  course once it is complete (with the credit claimed, if any).

**A statement can be sent again forever without conflict** (an LRS refuses a
statement whose id it holds with other content, and the whole batch with it):

- its id is a UUID v5 of the learner's identity (see identity.py), the event's
  *slot* and, for completions, the event's *variant*;
- the **slot** names the event without naming the learner's identity: the
  progress file's learner id, the course id and the event (module, attempt
  number and start time, question, answer time...). Two copies of one file give
  the same slots, so the same answer is one statement;
- everything inside a statement is fixed when the event happens: what the
  progress file recorded about it (times, choices, scores, the module version the
  quiz was taken on), ids, and the activity base. Nothing comes from the lesson
  text, which a trainer may correct later: activities carry their id and type,
  not their title or wording, and the learner's display name is left out;
- a completion's content can change meaning later (the course gains a module, a
  credit claim is withdrawn and made again, the learner corrects their e-mail):
  then the **variant** (or the identity) changes, so the id changes, and
  `tutor send` voids the statement it sent before for that slot (a `voided`
  statement, as xAPI prescribes) before sending the new one;
- the activity base is configuration: `tutor send` never re-sends an event an
  LRS has acknowledged (its ledger), so changing `--activity-base` later does not
  conflict; statements already stored keep the old activity ids.

**History.** A learner's files (collect's "same learner twice") are one history:
the union of their events, each slot once (the chosen file's version first).

Statements are a pure function of the progress files, the identity, the
activity base and, for completions, the course's completion rules.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from tutor.core import completion
from tutor.core.model import Course
from tutor.core.progress import ModuleProgress, Progress, QuizAttempt
from tutor.core.progress.model import iso
from tutor.core.records.collect import LearnerFiles
from tutor.core.records.identity import Identity, identity_of

#: Where activity ids live unless the coordinator gives their own (--activity-base).
#: `.invalid` is a reserved domain: it names things without pretending to be a site.
DEFAULT_BASE = "https://tutor.invalid/xapi/"
VERB_BASE = "http://adlnet.gov/expapi/verbs/"
ACTIVITY_TYPE = "http://adlnet.gov/expapi/activities/"
LANG = "en-US"
#: Namespace for the statement UUIDs (itself a uuid5 of a fixed name).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://tutor.invalid/xapi/statement-ids")
VOIDED = VERB_BASE + "voided"


@dataclass(frozen=True, slots=True)
class Entry:
    """One statement and the slot it fills (what `tutor send` keeps in its ledger)."""

    slot: str
    statement: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.statement["id"])


@dataclass(slots=True)
class XapiResult:
    statements: list[dict[str, Any]] = field(default_factory=list)


def timestamp(value: dt.datetime) -> str:
    """ISO 8601 in UTC with a Z, to the millisecond when there are fractions."""
    value = value.astimezone(dt.UTC)
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    if value.microsecond:
        text += f".{value.microsecond // 1000:03d}"
    return text + "Z"


def duration(seconds: float) -> str:
    """An ISO 8601 duration as xAPI wants it: `PT1H2M3S`, to 0.01 s; never negative."""
    hundredths = max(0, round(seconds * 100))
    whole, frac = divmod(hundredths, 100)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    out = "PT"
    if hours:
        out += f"{hours}H"
    if minutes:
        out += f"{minutes}M"
    if secs or frac or out == "PT":
        out += f"{secs}.{frac:02d}S" if frac else f"{secs}S"
    return out


def _verb(name: str) -> dict[str, Any]:
    return {"id": VERB_BASE + name, "display": {LANG: name}}


def _seg(text: str) -> str:
    return quote(text, safe="-_.~")


def statement_id(identity: Identity, slot: str, variant: str = "") -> str:
    return str(uuid.uuid5(NAMESPACE, f"{identity.key}|{slot}|{variant}"))


def void_statement(old_id: str, replacement: dict[str, Any]) -> dict[str, Any]:
    """The statement that voids `old_id`, superseded by `replacement` (same actor, time)."""
    return {
        "id": str(uuid.uuid5(NAMESPACE, f"void|{old_id}")),
        "actor": replacement["actor"],
        "verb": _verb("voided"),
        "object": {"objectType": "StatementRef", "id": old_id},
        "timestamp": replacement["timestamp"],
    }


class _Builder:
    def __init__(self, course: Course, base: str) -> None:
        self.course = course
        self.base = base if base.endswith("/") else base + "/"
        self.course_iri = self.base + _seg(course.id)
        self.ext = self.base + "extensions/"

    def module_iri(self, module_id: str) -> str:
        return f"{self.course_iri}/{_seg(module_id)}"

    def activity(self, iri: str, kind: str) -> dict[str, Any]:
        return {"objectType": "Activity", "id": iri, "definition": {"type": ACTIVITY_TYPE + kind}}

    def course_activity(self) -> dict[str, Any]:
        return self.activity(self.course_iri, "course")

    def module_activity(self, module_id: str) -> dict[str, Any]:
        return self.activity(self.module_iri(module_id), "module")

    def quiz_activity(self, module_id: str) -> dict[str, Any]:
        return self.activity(f"{self.module_iri(module_id)}/quiz", "assessment")

    def entry(
        self,
        identity: Identity,
        slot: str,
        verb: str,
        obj: dict[str, Any],
        result: dict[str, Any],
        when: dt.datetime,
        parents: Sequence[dict[str, Any]],
        module_id: str | None,
        extensions: dict[str, Any] | None = None,
        variant: str = "",
    ) -> Entry:
        grouping = [self.course_activity()]
        if module_id is not None:
            grouping.insert(0, self.module_activity(module_id))
        activities: dict[str, Any] = {"grouping": grouping}
        if parents:
            activities["parent"] = list(parents)
        context: dict[str, Any] = {
            "registration": str(
                uuid.uuid5(NAMESPACE, f"{identity.key}|{self.course.id}|registration")
            ),
            "contextActivities": activities,
            "platform": "tutor",
            "language": LANG,
        }
        if extensions:
            context["extensions"] = extensions
        statement = {
            "id": statement_id(identity, slot, variant),
            "actor": identity.agent,
            "verb": _verb(verb),
            "object": obj,
            "result": result,
            "context": context,
            "timestamp": timestamp(when),
        }
        return Entry(slot, statement)

    # -- events ------------------------------------------------------------------

    def answers(
        self, identity: Identity, progress: Progress, prefix: str, out: list[Entry]
    ) -> None:
        for module_id, mp in progress.modules.items():
            for attempt in mp.quiz_attempts:
                previous = attempt.started
                attempt_slot = f"{prefix}|quiz|{module_id}|{attempt.number}|{iso(attempt.started)}"
                for answer in attempt.answers:
                    iri = f"{self.module_iri(module_id)}/quiz/{_seg(answer.question)}"
                    out.append(
                        self.entry(
                            identity,
                            f"{attempt_slot}|answer|{answer.question}|{iso(answer.at)}",
                            "answered",
                            self.activity(iri, "cmi.interaction"),
                            {
                                "score": {
                                    "scaled": 1 if answer.correct else 0,
                                    "raw": 1 if answer.correct else 0,
                                    "min": 0,
                                    "max": 1,
                                },
                                "success": answer.correct,
                                "completion": True,
                                "response": "[,]".join(answer.chosen),
                                "duration": duration((answer.at - previous).total_seconds()),
                            },
                            answer.at,
                            [self.quiz_activity(module_id)],
                            module_id,
                            self._attempt_extensions(attempt),
                        )
                    )
                    previous = answer.at

    def _attempt_extensions(self, attempt: QuizAttempt) -> dict[str, Any]:
        extensions: dict[str, Any] = {self.ext + "attempt": attempt.number}
        if attempt.content_hash:
            # the module version the attempt was taken on: what the questions said then
            extensions[self.ext + "module-version"] = attempt.content_hash
        return extensions

    def attempts(
        self, identity: Identity, progress: Progress, prefix: str, out: list[Entry]
    ) -> None:
        for module_id, mp in progress.modules.items():
            for attempt in mp.quiz_attempts:
                if attempt.finished is None or attempt.score is None or attempt.passed is None:
                    continue
                score: dict[str, Any] = {"scaled": round(attempt.score, 4)}
                total = len(attempt.answers)
                if total:
                    score.update(raw=round(attempt.score * total), min=0, max=total)
                out.append(
                    self.entry(
                        identity,
                        f"{prefix}|quiz|{module_id}|{attempt.number}|{iso(attempt.started)}",
                        "passed" if attempt.passed else "failed",
                        self.quiz_activity(module_id),
                        {
                            "score": score,
                            "success": attempt.passed,
                            "completion": True,
                            "duration": duration(
                                (attempt.finished - attempt.started).total_seconds()
                            ),
                        },
                        attempt.finished,
                        [self.module_activity(module_id)],
                        module_id,
                        self._attempt_extensions(attempt),
                    )
                )

    def drills(self, identity: Identity, progress: Progress, prefix: str, out: list[Entry]) -> None:
        for module_id, mp in progress.modules.items():
            for run in mp.drill_runs:
                if run.finished is None:
                    continue
                iri = f"{self.module_iri(module_id)}/drill/{_seg(run.drill)}"
                out.append(
                    self.entry(
                        identity,
                        f"{prefix}|drill|{module_id}|{run.drill}|{run.number}|{iso(run.started)}",
                        "completed",
                        self.activity(iri, "simulation"),
                        {
                            "score": {
                                "scaled": round(run.score, 4),
                                "raw": run.points,
                                "min": 0,
                                "max": run.max_points,
                            },
                            "completion": True,
                            "duration": duration((run.finished - run.started).total_seconds()),
                            "extensions": {self.ext + "ending": run.ending},
                        },
                        run.finished,
                        [self.module_activity(module_id)],
                        module_id,
                        {self.ext + "attempt": run.number},
                    )
                )

    def completions(
        self, identity: Identity, progress: Progress, prefix: str, out: list[Entry]
    ) -> None:
        for module in self.course.modules:
            mp = progress.modules.get(module.id)
            if mp is None or mp.completed is None:
                continue
            if not completion.module_complete(self.course, progress, module):
                continue
            result: dict[str, Any] = {"success": True, "completion": True}
            best = _best_before(mp, mp.completed)
            if best is not None:
                result["score"] = {"scaled": round(best, 4)}
            out.append(
                self.entry(
                    identity,
                    f"{prefix}|module|{module.id}",
                    "completed",
                    self.module_activity(module.id),
                    result,
                    mp.completed,
                    [self.course_activity()],
                    None,
                    variant=iso(mp.completed),
                )
            )
        done = completion.completed_at(self.course, progress)
        if done is None:
            return
        result = {"success": True, "completion": True}
        variant = iso(done)
        credit = progress.credit
        if credit is not None:
            result["extensions"] = {self.ext + "credits-claimed": credit.claimed}
            variant += f"|credit|{credit.claimed:g}|{iso(credit.attested)}"
        out.append(
            self.entry(
                identity,
                f"{prefix}|course",
                "completed",
                self.course_activity(),
                result,
                done,
                [],
                None,
                variant=variant,
            )
        )

    def evaluations(
        self, identity: Identity, progress: Progress, prefix: str, out: list[Entry]
    ) -> None:
        """The course evaluation: one `answered` a question, then `completed` the survey.

        Ratings are `likert` on the fixed scale 1 to 5; free text is `long-fill-in`. The
        question's wording is left out, like every other text of the course."""
        evaluation = progress.evaluation
        if evaluation is None or not self.course.evaluation:
            return
        survey_iri = f"{self.course_iri}/evaluation"
        survey = self.activity(survey_iri, "survey")
        slot = f"{prefix}|evaluation|{iso(evaluation.submitted)}"
        for question in self.course.evaluation:
            answer = evaluation.answers.get(question.id, "")
            if not answer.strip():
                continue
            activity = self.activity(f"{survey_iri}/{_seg(question.id)}", "cmi.interaction")
            activity["definition"].update(
                {"interactionType": "likert", "scale": LIKERT_SCALE}
                if question.kind == "rating"
                else {"interactionType": "long-fill-in"}
            )
            out.append(
                self.entry(
                    identity,
                    f"{slot}|{question.id}",
                    "answered",
                    activity,
                    {"response": answer, "completion": True},
                    evaluation.submitted,
                    [survey],
                    None,
                )
            )
        out.append(
            self.entry(
                identity,
                slot,
                "completed",
                survey,
                {"completion": True},
                evaluation.submitted,
                [self.course_activity()],
                None,
            )
        )


#: The evaluation's rating scale, as xAPI's `likert` interaction describes it.
LIKERT_SCALE = [
    {"id": str(n), "description": {LANG: text}}
    for n, text in enumerate(
        ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"),
        start=1,
    )
]


def _best_before(mp: ModuleProgress, when: dt.datetime) -> float | None:
    """The best score of the quiz attempts finished by `when` (later retakes do not count)."""
    scores = [
        a.score
        for a in mp.quiz_attempts
        if a.finished is not None and a.score is not None and a.finished <= when
    ]
    return max(scores) if scores else None


class Statements:
    """Builds each learner's statements; one instance per course and activity base."""

    def __init__(self, course: Course, base: str = DEFAULT_BASE) -> None:
        self._builder = _Builder(course, base)

    def learner(self, files: LearnerFiles) -> list[Entry]:
        """One learner's history: every event of every file, each slot once, in time order."""
        progresses = [files.chosen.progress, *(f.progress for f in files.merged)]
        identity = identity_of(progresses)
        builder = self._builder
        seen: set[str] = set()
        out: list[Entry] = []
        for progress in progresses:
            mine: list[Entry] = []
            prefix = f"{progress.learner.id}|{builder.course.id}"
            builder.answers(identity, progress, prefix, mine)
            builder.attempts(identity, progress, prefix, mine)
            builder.drills(identity, progress, prefix, mine)
            builder.completions(identity, progress, prefix, mine)
            builder.evaluations(identity, progress, prefix, mine)
            for entry in mine:
                if entry.slot not in seen:
                    seen.add(entry.slot)
                    out.append(entry)
        out.sort(key=_time_order)
        return out

    def entries(self, learners: Iterable[LearnerFiles]) -> Iterator[Entry]:
        for files in learners:
            yield from self.learner(files)


def statements(
    course: Course, learners: Iterable[LearnerFiles], base: str = DEFAULT_BASE
) -> XapiResult:
    """Every learner's statements, learner by learner, each in time order (in memory)."""
    return XapiResult([e.statement for e in Statements(course, base).entries(learners)])


def _time_order(entry: Entry) -> tuple[str, int]:
    statement = entry.statement
    # timestamps are all UTC with a Z; with or without milliseconds they sort as times
    when = statement["timestamp"].rstrip("Z")
    if "." not in when:
        when += ".000"
    return when, _VERB_ORDER[statement["verb"]["id"]]


_VERB_ORDER = {
    VERB_BASE + "answered": 0,
    VERB_BASE + "failed": 1,
    VERB_BASE + "passed": 1,
    VERB_BASE + "completed": 2,
}
