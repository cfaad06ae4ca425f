"""The course evaluation, for the provider: every learner's answers and a summary.

Accreditors ask providers whether learners found the activity free of commercial
bias, whether it met its objectives, and so on; the course's `[[evaluation]]`
questions ask that, and this module gives the answers to the provider:

- `evaluation_document(course, learners)`: `tutor export --format evaluation`,
  one JSON document (see docs/records.md);
- `summarise(course, answers)`: per question, for the report and that document.

A rating is 1 (strongly disagree) to 5 (strongly agree). "Agree" counts 4 and 5.
Only submitted evaluations count; each learner counts once (the file their
record comes from).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from tutor.core.model import Course
from tutor.core.records.collect import LearnerFiles

EVALUATION_FORMAT = "tutor-evaluation"
EVALUATION_SCHEMA_VERSION = 1
RATINGS = ("1", "2", "3", "4", "5")
#: The question accreditors ask about, if the course has it (matched by id).
COMMERCIAL_BIAS_ID = "free-of-commercial-bias"


def _ts(value: Any) -> str:
    from tutor.core.records.rows import _ts as ts

    out = ts(value)
    assert out is not None
    return out


def summarise(course: Course, answers: Sequence[Mapping[str, str]]) -> list[dict[str, Any]]:
    """Per evaluation question: how many answered and, for ratings, the distribution."""
    out: list[dict[str, Any]] = []
    for question in course.evaluation:
        given = [a[question.id] for a in answers if a.get(question.id, "").strip()]
        entry: dict[str, Any] = {
            "id": question.id,
            "prompt": question.prompt,
            "kind": question.kind,
            "answered": len(given),
        }
        if question.kind == "rating":
            ratings = [int(v) for v in given if v in RATINGS]
            entry["distribution"] = {r: sum(1 for v in ratings if v == int(r)) for r in RATINGS}
            entry["mean"] = round(statistics.fmean(ratings), 2) if ratings else None
            agree = sum(1 for v in ratings if v >= 4)
            entry["agree"] = agree
            entry["agree_rate"] = round(agree / len(ratings), 4) if ratings else None
        out.append(entry)
    return out


def evaluation_document(course: Course, learners: Iterable[LearnerFiles]) -> dict[str, Any]:
    """Every submitted evaluation, and the summary. Names and e-mails are left out.

    Reads the learners one at a time, keeping only their evaluation answers."""
    responses: list[dict[str, Any]] = []
    answer_sets: list[dict[str, str]] = []
    count = 0
    for lf in learners:
        count += 1
        evaluation = lf.progress.evaluation
        if evaluation is None:
            continue
        answers = {
            q.id: evaluation.answers[q.id] for q in course.evaluation if q.id in evaluation.answers
        }
        answer_sets.append(answers)
        responses.append(
            {
                "learner_id": lf.progress.learner.id,
                "submitted": _ts(evaluation.submitted),
                "answers": answers,
            }
        )
    responses.sort(key=lambda r: (r["submitted"], r["learner_id"]))
    return {
        "format": EVALUATION_FORMAT,
        "schema_version": EVALUATION_SCHEMA_VERSION,
        "course": {"id": course.id, "title": course.title, "version": course.version},
        "learners": count,
        "submitted": len(responses),
        "questions": summarise(course, answer_sets),
        "responses": responses,
    }
