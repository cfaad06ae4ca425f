"""xAPI statements for the course evaluation (issue 11), kept apart from xapi.py.

For each learner who submitted the evaluation:

- one `answered` statement per answered question: a `cmi.interaction` activity,
  `likert` with the scale 1-5 for ratings (response "1" to "5"), `long-fill-in`
  for free text (the response is the text);
- one `completed` statement for the evaluation itself (activity type `survey`,
  a child of the course).

Ids are UUID version 5 from the learner, the course and the question, in the
namespace xapi.py uses, so exporting again gives the same statements. Everything
in a statement is fixed when the learner submits (the evaluation cannot be
changed afterwards), as an LRS requires of a statement id it already holds.
Timestamps are the submission time.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from tutor.core.model import Course
from tutor.core.records.collect import LearnerFiles
from tutor.core.records.xapi import (
    DEFAULT_BASE,
    LANG,
    NAMESPACE,
    VERB_BASE,
    _Builder,
    timestamp,
)

SCALE = (
    ("1", "Strongly disagree"),
    ("2", "Disagree"),
    ("3", "Neither agree nor disagree"),
    ("4", "Agree"),
    ("5", "Strongly agree"),
)


def evaluation_statements(
    course: Course, learners: Sequence[LearnerFiles], base: str = DEFAULT_BASE
) -> list[dict[str, Any]]:
    """The evaluation statements of every learner who submitted it, learner by learner."""
    if not course.evaluation:
        return []
    builder = _Builder(course, base)
    survey_iri = f"{builder.course_iri}/evaluation"
    survey = builder.activity(survey_iri, "survey", f"Evaluation: {course.title}")
    out: list[dict[str, Any]] = []
    for lf in learners:
        progress = lf.progress
        evaluation = progress.evaluation
        if evaluation is None:
            continue
        learner_id = progress.learner.id
        registration = str(uuid.uuid5(NAMESPACE, f"{learner_id}|{course.id}|registration"))
        context = {
            "registration": registration,
            "contextActivities": {"parent": [survey], "grouping": [builder.course_activity()]},
            "platform": "tutor",
            "language": LANG,
        }
        when = timestamp(evaluation.submitted)
        actor = builder.actor(progress)
        for question in course.evaluation:
            answer = evaluation.answers.get(question.id, "")
            if not answer.strip():
                continue
            if question.kind == "rating":
                extra: dict[str, Any] = {
                    "interactionType": "likert",
                    "scale": [{"id": i, "description": {LANG: d}} for i, d in SCALE],
                }
            else:
                extra = {"interactionType": "long-fill-in"}
            activity = builder.activity(
                f"{survey_iri}/{question.id}", "cmi.interaction", question.prompt, extra
            )
            ident = f"{learner_id}|{course.id}|evaluation|{question.id}"
            out.append(
                {
                    "id": str(uuid.uuid5(NAMESPACE, ident)),
                    "actor": actor,
                    "verb": {"id": VERB_BASE + "answered", "display": {LANG: "answered"}},
                    "object": activity,
                    "result": {"response": answer, "completion": True},
                    "context": context,
                    "timestamp": when,
                }
            )
        context_done = {
            "registration": registration,
            "contextActivities": {"parent": [builder.course_activity()]},
            "platform": "tutor",
            "language": LANG,
        }
        out.append(
            {
                "id": str(uuid.uuid5(NAMESPACE, f"{learner_id}|{course.id}|evaluation")),
                "actor": actor,
                "verb": {"id": VERB_BASE + "completed", "display": {LANG: "completed"}},
                "object": survey,
                "result": {"completion": True},
                "context": context_done,
                "timestamp": when,
            }
        )
    return out
