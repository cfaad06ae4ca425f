"""The coordinator's report (tutor.core.records.report) from an LRS's statements.

Each agent's statements for the course are turned back into the records the
report reads, and `report_of` computes the very same numbers as from files:

- quiz attempts (`passed`/`failed`: score, pass/fail, finish time), every answer
  (`answered`: question, options chosen, right or wrong, time), drill runs
  (`completed` simulations: ending, points), module completions, course completion;
- a module with a `completed` statement counts all its pages viewed (completion
  requires it); an evaluation counts as submitted when the course was completed;
- voided statements are left out (the LRS may still list them: Ralph does); the
  caller gives the voided ids first (`void`), from a query for `voided` statements,
  so statements are counted in as they stream by and none is kept.

What statements do not carry, the report from an LRS cannot show: time on task
(null here, with `"time_on_task": {"available": false}`), and learners who only
read pages (no statement yet) are not counted. The activity base must be the one
the statements were sent with (statements under another base are other courses).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from tutor.core.model import Course
from tutor.core.progress import (
    SCHEMA_VERSION,
    Answer,
    CourseRef,
    Credit,
    DrillRun,
    Evaluation,
    Integrity,
    Learner,
    ModuleProgress,
    Progress,
    QuizAttempt,
)
from tutor.core.records.report import report_of
from tutor.core.records.xapi import VERB_BASE, VOIDED, _seg

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC)


def _seconds(text: str) -> float:
    """An xAPI duration (PT#H#M#S, as tutor writes them) in seconds; 0 if unreadable."""
    if not text.startswith("PT"):
        return 0.0
    total, number = 0.0, ""
    for ch in text[2:]:
        if ch.isdigit() or ch == ".":
            number += ch
        elif ch in "HMS" and number:
            total += float(number) * {"H": 3600, "M": 60, "S": 1}[ch]
            number = ""
    return total


@dataclass(slots=True)
class _Learner:
    modules: dict[str, ModuleProgress] = field(default_factory=dict)
    answers: dict[str, list[Answer]] = field(default_factory=dict)
    course_done: dt.datetime | None = None
    credit: Credit | None = None
    evaluation: Evaluation | None = None

    def module(self, module_id: str) -> ModuleProgress:
        return self.modules.setdefault(module_id, ModuleProgress())


class ReportFromStatements:
    """Feed statements (in any order) with `add`, then `report()`."""

    def __init__(self, course: Course, base: str) -> None:
        self.course = course
        base = base if base.endswith("/") else base + "/"
        self.course_iri = base + _seg(course.id)
        self._learners: dict[str, _Learner] = {}
        self._voided: set[str] = set()
        self.statements = 0

    def void(self, statement_ids: Iterable[str]) -> None:
        """Statements that were voided: left out when they come (give these first)."""
        self._voided.update(statement_ids)

    def add(self, statement: dict[str, Any]) -> None:
        """Count one statement in, at once (nothing is kept but each learner's records)."""
        self.statements += 1
        verb = statement.get("verb", {}).get("id", "")
        if verb == VOIDED or str(statement.get("id", "")) in self._voided:
            return
        obj_id = str(statement.get("object", {}).get("id", ""))
        if obj_id != self.course_iri and not obj_id.startswith(self.course_iri + "/"):
            return
        actor = statement.get("actor", {})
        agent = json.dumps(
            {k: actor[k] for k in ("mbox", "mbox_sha1sum", "openid", "account") if k in actor},
            sort_keys=True,
        )
        self._apply(agent, statement)

    def add_all(self, statements: Iterable[dict[str, Any]]) -> None:
        for statement in statements:
            self.add(statement)

    def _apply(self, agent: str, statement: dict[str, Any]) -> None:
        learner = self._learners.setdefault(agent, _Learner())
        verb = statement["verb"]["id"][len(VERB_BASE) :]
        rest = str(statement["object"]["id"])[len(self.course_iri) :].lstrip("/")
        parts = [unquote(p) for p in rest.split("/")] if rest else []
        result = statement.get("result", {})
        when = _when(statement["timestamp"])
        extensions = statement.get("context", {}).get("extensions", {})
        number = next((v for k, v in extensions.items() if k.endswith("/attempt")), 0)
        if not parts:  # the course
            if verb == "completed":
                learner.course_done = max(learner.course_done or when, when)
                claimed = next(
                    (
                        v
                        for k, v in result.get("extensions", {}).items()
                        if k.endswith("/credits-claimed")
                    ),
                    None,
                )
                if claimed is not None:
                    learner.credit = Credit(claimed=float(claimed), attested=when)
            return
        kind = str(statement["object"].get("definition", {}).get("type", "")).rsplit("/", 1)[-1]
        parents = statement.get("context", {}).get("contextActivities", {}).get("parent", [])
        in_survey = any(
            str(a.get("definition", {}).get("type", "")).endswith("/survey") for a in parents
        )
        if kind == "survey" or in_survey:  # the course evaluation
            if learner.evaluation is None:
                learner.evaluation = Evaluation(submitted=when)
            if in_survey and verb == "answered" and len(parts) == 2:
                learner.evaluation.answers[parts[1]] = str(result.get("response", ""))
            return
        mp = learner.module(parts[0])
        if len(parts) == 1:
            if verb == "completed":
                mp.completed = when
                module = self.course.module(parts[0])
                mp.pages_viewed = [p.id for p in module.pages] if module else []
        elif parts[1:2] == ["quiz"] and len(parts) == 2:
            score = result.get("score", {}).get("scaled")
            mp.quiz_attempts.append(
                QuizAttempt(
                    number=int(number),
                    started=when - dt.timedelta(seconds=_seconds(result.get("duration", ""))),
                    finished=when,
                    score=float(score) if score is not None else None,
                    passed=bool(result.get("success")),
                )
            )
        elif parts[1:2] == ["quiz"] and len(parts) == 3:
            response = str(result.get("response", ""))
            learner.answers.setdefault(parts[0], []).append(
                Answer(
                    question=parts[2],
                    chosen=response.split("[,]") if response else [],
                    correct=bool(result.get("success")),
                    at=when,
                )
            )
        elif parts[1:2] == ["drill"] and len(parts) == 3:
            score = result.get("score", {})
            ending = next(
                (v for k, v in result.get("extensions", {}).items() if k.endswith("/ending")), ""
            )
            mp.drill_runs.append(
                DrillRun(
                    drill=parts[2],
                    number=int(number),
                    started=when - dt.timedelta(seconds=_seconds(result.get("duration", ""))),
                    points=int(score.get("raw", 0)),
                    max_points=int(score.get("max", 0)),
                    finished=when,
                    ending=str(ending),
                )
            )

    def progresses(self) -> list[Progress]:
        out = []
        for agent, learner in self._learners.items():
            for module_id, answers in learner.answers.items():
                answers.sort(key=lambda a: a.at)
                # one unfinished attempt first holding every answer in time order: the
                # report's item analysis reads each learner's first answer to a question
                first = QuizAttempt(number=0, started=answers[0].at, answers=answers)
                learner.module(module_id).quiz_attempts.insert(0, first)
            for mp in learner.modules.values():
                mp.quiz_attempts.sort(key=lambda a: (a.number != 0, a.started))
                mp.started = min(
                    [a.started for a in mp.quiz_attempts]
                    + [r.started for r in mp.drill_runs]
                    + ([mp.completed] if mp.completed else []),
                    default=None,
                )
            progress = Progress(
                schema_version=SCHEMA_VERSION,
                app_version="",
                created=_EPOCH,
                updated=_EPOCH,
                learner=Learner(id=agent),
                course=CourseRef(self.course.id, self.course.version, self.course.content_hash),
                integrity=Integrity(base="", chain=""),
                modules=learner.modules,
            )
            progress.credit = learner.credit
            if learner.evaluation is not None:
                progress.evaluation = learner.evaluation
            elif learner.course_done is not None:  # sent before evaluations were sent
                progress.evaluation = Evaluation(submitted=learner.course_done)
            out.append(progress)
        out.sort(key=lambda p: p.learner.id)
        return out

    def report(self) -> dict[str, Any]:
        data = report_of(self.course, self.progresses())
        # What statements do not carry: consent, boards and IDs (never sent), and the time
        # the app measured (so no claim can be checked against it).
        summary = data["summary"]
        summary.update(available=False, consented=None, pars_ready=None, boards={})
        summary["flags"] = [
            f
            for f in summary["flags"]
            if f["id"] not in ("claims-exceed-measured-time", "pars-ready-without-identifier")
        ]
        data["time_on_task"] = {
            "available": False,
            "learners": None,
            "total_seconds": None,
            "median_seconds": None,
            "mean_seconds": None,
        }
        for module in data["modules"]:
            module["median_seconds"] = None
        data["source"] = {"lrs_statements": self.statements}
        return data
