"""xAPI 1.0.3 statements for what learners did: one statement per event.

Events, from the progress file each learner's record comes from:

- `answered`: every answer to a quiz question (a `cmi.interaction` activity
  with its interactionType, choices and correctResponsesPattern);
- `passed` / `failed`: every finished quiz attempt;
- `completed`: every finished drill run, every completed module, and the
  course once it is complete.

Statement ids are UUID version 5, derived from the learner, the course and the
event, so exporting the same records again gives the same ids (an LRS treats a
statement it already has as a repeat, not a new one). Statements are immutable:
tutor never sends corrections; an LRS administrator voids a wrong statement
with a voiding statement.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from tutor.core import completion
from tutor.core.model import Course, Kind, Module, Question
from tutor.core.progress import Progress, QuizAttempt
from tutor.core.records.collect import LearnerFiles

#: Where activity ids live unless the coordinator gives their own (--activity-base).
#: `.invalid` is a reserved domain: it names things without pretending to be a site.
DEFAULT_BASE = "https://tutor.invalid/xapi/"
VERB_BASE = "http://adlnet.gov/expapi/verbs/"
ACTIVITY_TYPE = "http://adlnet.gov/expapi/activities/"
LANG = "en-US"
#: Namespace for the statement UUIDs (itself a uuid5 of a fixed name).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://tutor.invalid/xapi/statement-ids")
_EMAIL = re.compile(r"^[^@\s:/?#]+@[^@\s:/?#]+\.[^@\s:/?#]+$")


@dataclass(slots=True)
class XapiResult:
    statements: list[dict[str, Any]] = field(default_factory=list)
    #: answers to questions the course no longer has, left out (no definition to give)
    unknown_questions: int = 0


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


class _Builder:
    def __init__(self, course: Course, base: str) -> None:
        self.course = course
        self.base = base if base.endswith("/") else base + "/"
        self.course_iri = self.base + _seg(course.id)

    def module_iri(self, module_id: str) -> str:
        return f"{self.course_iri}/{_seg(module_id)}"

    def activity(
        self, iri: str, kind: str, name: str, extra: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        definition: dict[str, Any] = {"type": ACTIVITY_TYPE + kind}
        if name:
            definition["name"] = {LANG: name}
        definition.update(extra or {})
        return {"objectType": "Activity", "id": iri, "definition": definition}

    def course_activity(self) -> dict[str, Any]:
        return self.activity(self.course_iri, "course", self.course.title)

    def module_activity(self, module_id: str) -> dict[str, Any]:
        module = self.course.module(module_id)
        return self.activity(self.module_iri(module_id), "module", module.title if module else "")

    def actor(self, progress: Progress) -> dict[str, Any]:
        learner = progress.learner
        actor: dict[str, Any] = {"objectType": "Agent"}
        if learner.full_name:
            actor["name"] = learner.full_name
        email = learner.email.strip()
        if _EMAIL.match(email):
            actor["mbox"] = "mailto:" + email
        else:
            actor["account"] = {"homePage": self.base, "name": learner.id}
        return actor

    def statement(
        self,
        progress: Progress,
        key: Sequence[object],
        verb: str,
        obj: dict[str, Any],
        result: dict[str, Any],
        when: dt.datetime,
        parents: Sequence[dict[str, Any]],
        module_id: str | None,
        extensions: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        ident = "|".join(str(k) for k in (progress.learner.id, self.course.id, *key))
        grouping = [self.course_activity()]
        if module_id is not None:
            grouping.insert(0, self.module_activity(module_id))
        context: dict[str, Any] = {
            "registration": str(
                uuid.uuid5(NAMESPACE, f"{progress.learner.id}|{self.course.id}|registration")
            ),
            "contextActivities": {"grouping": grouping},
            "platform": "tutor",
            "language": LANG,
        }
        if parents:
            context["contextActivities"]["parent"] = list(parents)
        if extensions:
            context["extensions"] = extensions
        return {
            "id": str(uuid.uuid5(NAMESPACE, ident)),
            "actor": self.actor(progress),
            "verb": _verb(verb),
            "object": obj,
            "result": result,
            "context": context,
            "timestamp": timestamp(when),
        }

    # -- events ------------------------------------------------------------------

    def question_activity(self, module: Module, question: Question) -> dict[str, Any]:
        iri = f"{self.module_iri(module.id)}/quiz/{_seg(question.id)}"
        if question.kind is Kind.TRUE_FALSE:
            right = next((o for o in question.options if o.correct), None)
            extra: dict[str, Any] = {
                "interactionType": "true-false",
                "correctResponsesPattern": [_truth(right.text if right else "")],
            }
        else:
            extra = {
                "interactionType": "choice",
                "choices": [{"id": o.id, "description": {LANG: o.text}} for o in question.options],
                "correctResponsesPattern": [
                    "[,]".join(o.id for o in question.options if o.correct)
                ],
            }
        return self.activity(iri, "cmi.interaction", question.prompt, extra)

    def quiz_activity(self, module: Module) -> dict[str, Any]:
        quiz = module.quiz
        iri = f"{self.module_iri(module.id)}/quiz"
        return self.activity(iri, "assessment", quiz.title if quiz else "Quiz")

    def answers(self, progress: Progress, out: XapiResult) -> None:
        for module_id, mp in progress.modules.items():
            module = self.course.module(module_id)
            quiz = module.quiz if module else None
            for attempt in mp.quiz_attempts:
                previous = attempt.started
                for answer in attempt.answers:
                    question = quiz.question(answer.question) if quiz else None
                    if module is None or question is None:
                        out.unknown_questions += 1
                        continue
                    out.statements.append(
                        self.statement(
                            progress,
                            ("answered", module_id, attempt.number, answer.question),
                            "answered",
                            self.question_activity(module, question),
                            {
                                "score": {
                                    "scaled": 1 if answer.correct else 0,
                                    "raw": 1 if answer.correct else 0,
                                    "min": 0,
                                    "max": 1,
                                },
                                "success": answer.correct,
                                "completion": True,
                                "response": _response(question, answer.chosen),
                                "duration": duration((answer.at - previous).total_seconds()),
                            },
                            answer.at,
                            [self.quiz_activity(module)],
                            module_id,
                            {self.base + "extensions/attempt": attempt.number},
                        )
                    )
                    previous = answer.at

    def attempts(self, progress: Progress, out: XapiResult) -> None:
        for module_id, mp in progress.modules.items():
            module = self.course.module(module_id)
            if module is None:
                continue
            for attempt in mp.quiz_attempts:
                if attempt.finished is None or attempt.score is None or attempt.passed is None:
                    continue
                total = _question_count(module, attempt)
                out.statements.append(
                    self.statement(
                        progress,
                        ("quiz", module_id, attempt.number),
                        "passed" if attempt.passed else "failed",
                        self.quiz_activity(module),
                        {
                            "score": {
                                "scaled": round(attempt.score, 4),
                                "raw": round(attempt.score * total),
                                "min": 0,
                                "max": total,
                            },
                            "success": attempt.passed,
                            "completion": True,
                            "duration": duration(
                                (attempt.finished - attempt.started).total_seconds()
                            ),
                        },
                        attempt.finished,
                        [self.module_activity(module_id)],
                        module_id,
                        {self.base + "extensions/attempt": attempt.number},
                    )
                )

    def drills(self, progress: Progress, out: XapiResult) -> None:
        for module_id, mp in progress.modules.items():
            module = self.course.module(module_id)
            if module is None:
                continue
            for run in mp.drill_runs:
                if run.finished is None:
                    continue
                drill = next((d for d in module.drills if d.id == run.drill), None)
                iri = f"{self.module_iri(module_id)}/drill/{_seg(run.drill)}"
                out.statements.append(
                    self.statement(
                        progress,
                        ("drill", module_id, run.drill, run.number),
                        "completed",
                        self.activity(iri, "simulation", drill.title if drill else ""),
                        {
                            "score": {
                                "scaled": round(run.score, 4),
                                "raw": run.points,
                                "min": 0,
                                "max": run.max_points,
                            },
                            "completion": True,
                            "duration": duration((run.finished - run.started).total_seconds()),
                            "extensions": {self.base + "extensions/ending": run.ending},
                        },
                        run.finished,
                        [self.module_activity(module_id)],
                        module_id,
                        {self.base + "extensions/attempt": run.number},
                    )
                )

    def completions(self, progress: Progress, out: XapiResult) -> None:
        for module in self.course.modules:
            mp = progress.modules.get(module.id)
            if mp is None or mp.completed is None:
                continue
            if not completion.module_complete(self.course, progress, module):
                continue
            best = completion.best_score(mp)
            result: dict[str, Any] = {
                "success": True,
                "completion": True,
                "duration": duration(mp.seconds),
            }
            if best is not None:
                result["score"] = {"scaled": round(best, 4)}
            out.statements.append(
                self.statement(
                    progress,
                    ("module", module.id),
                    "completed",
                    self.module_activity(module.id),
                    result,
                    mp.completed,
                    [self.course_activity()],
                    None,
                )
            )
        done = completion.completed_at(self.course, progress)
        if done is None:
            return
        result = {
            "success": True,
            "completion": True,
            "duration": duration(sum(mp.seconds for mp in progress.modules.values())),
        }
        if progress.credit is not None:
            result["extensions"] = {
                self.base + "extensions/credits-claimed": progress.credit.claimed
            }
        out.statements.append(
            self.statement(
                progress, ("course",), "completed", self.course_activity(), result, done, [], None
            )
        )


def _truth(text: str) -> str:
    return "true" if text.strip().lower() == "true" else "false"


def _response(question: Question, chosen: Sequence[str]) -> str:
    if question.kind is Kind.TRUE_FALSE:
        option = question.option(chosen[0]) if chosen else None
        return _truth(option.text if option else "")
    order = {o.id: i for i, o in enumerate(question.options)}
    return "[,]".join(sorted(chosen, key=lambda c: order.get(c, len(order))))


def _question_count(module: Module, attempt: QuizAttempt) -> int:
    quiz = module.quiz
    return len(quiz.questions) if quiz and quiz.questions else max(1, len(attempt.answers))


def statements(
    course: Course, learners: Sequence[LearnerFiles], base: str = DEFAULT_BASE
) -> XapiResult:
    """Every learner's statements, learner by learner, each in time order."""
    builder = _Builder(course, base)
    out = XapiResult()
    for lf in learners:
        mine = XapiResult()
        builder.answers(lf.progress, mine)
        builder.attempts(lf.progress, mine)
        builder.drills(lf.progress, mine)
        builder.completions(lf.progress, mine)
        mine.statements.sort(key=_time_order)
        out.statements.extend(mine.statements)
        out.unknown_questions += mine.unknown_questions
    return out


def _time_order(statement: dict[str, Any]) -> tuple[dt.datetime, int]:
    when = dt.datetime.fromisoformat(statement["timestamp"].replace("Z", "+00:00"))
    return when, _VERB_ORDER[statement["verb"]["id"]]


_VERB_ORDER = {
    VERB_BASE + "answered": 0,
    VERB_BASE + "failed": 1,
    VERB_BASE + "passed": 1,
    VERB_BASE + "completed": 2,
}
