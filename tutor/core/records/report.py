"""The coordinator's and trainer's summary of a batch of learners, as plain data.

`build_report` returns a JSON-ready dict (what `tutor report --format json`
prints); the CLI draws the same dict with rich. Definitions (docs/records.md):

- **completion rate**: learners whose course is complete, over all learners.
- **score distribution**: each learner's best finished quiz score in a module,
  counted in ten bands of ten percentage points (100% falls in 90-100).
- **time on task**: the seconds the app counted while a module was open,
  summed per learner; the median and mean are over learners who started.
- **item analysis**: for each question, each learner's *first* answer to it
  (later attempts follow feedback, so they say less about the question).
  Difficulty is the fraction of those first answers that were right. The wrong
  options chosen most often are counted over the wrong first answers.
- **drill endings**: every finished run of a drill, counted by the ending it
  reached (endings nobody reached are listed with 0).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from typing import Any

from tutor.core import completion
from tutor.core.model import Course
from tutor.core.progress import Answer, Progress
from tutor.core.records.collect import LearnerFiles

BANDS = 10
TOP_WRONG = 3
REPORT_FORMAT = "tutor-report"
REPORT_SCHEMA_VERSION = 1


def _band_label(i: int) -> str:
    low = i * 100 // BANDS
    high = (i + 1) * 100 // BANDS - (0 if i == BANDS - 1 else 1)
    return f"{low}-{high}"


def _band(score: float) -> int:
    return min(BANDS - 1, max(0, int(score * BANDS + 1e-9)))


def _first_answers(progress: Progress, module_id: str) -> dict[str, Answer]:
    mp = progress.modules.get(module_id)
    first: dict[str, Answer] = {}
    if mp is None:
        return first
    for attempt in mp.quiz_attempts:
        for answer in attempt.answers:
            first.setdefault(answer.question, answer)
    return first


def _round(value: float | None, places: int = 4) -> float | None:
    return None if value is None else round(value, places)


def build_report(course: Course, learners: Sequence[LearnerFiles]) -> dict[str, Any]:
    return report_of(course, [lf.progress for lf in learners])


def report_of(course: Course, progresses: Sequence[Progress]) -> dict[str, Any]:
    """The report over these learners' records (one Progress each)."""
    total = len(progresses)
    complete = sum(1 for p in progresses if completion.course_complete(course, p))
    seconds = [
        sum(mp.seconds for mp in p.modules.values())
        for p in progresses
        if any(mp.started is not None for mp in p.modules.values())
    ]
    modules: list[dict[str, Any]] = []
    questions: list[dict[str, Any]] = []
    drills: list[dict[str, Any]] = []
    for module in course.modules:
        statuses = [completion.module_status(course, p, module) for p in progresses]
        scores = [s.score for s in statuses if s.score is not None]
        bands = [0] * BANDS
        for score in scores:
            bands[_band(score)] += 1
        module_seconds = [
            mp.seconds
            for p in progresses
            if (mp := p.modules.get(module.id)) is not None and mp.seconds > 0
        ]
        modules.append(
            {
                "id": module.id,
                "title": module.title,
                "started": sum(1 for s in statuses if s.state != "not started"),
                "complete": sum(1 for s in statuses if s.state in ("done", "passed")),
                "scored": len(scores),
                "median_score": _round(statistics.median(scores)) if scores else None,
                "distribution": [{"band": _band_label(i), "count": n} for i, n in enumerate(bands)],
                "median_seconds": _round(statistics.median(module_seconds), 1)
                if module_seconds
                else None,
            }
        )
        if module.quiz is not None:
            firsts = [_first_answers(p, module.id) for p in progresses]
            for question in module.quiz.questions:
                answers = [f[question.id] for f in firsts if question.id in f]
                right = sum(1 for a in answers if a.correct)
                wrong: Counter[str] = Counter()
                for a in answers:
                    if not a.correct:
                        wrong.update(c for c in a.chosen if c not in question.correct_ids)
                order = {o.id: i for i, o in enumerate(question.options)}
                top = sorted(wrong.items(), key=lambda kv: (-kv[1], order.get(kv[0], 99), kv[0]))
                questions.append(
                    {
                        "module": module.id,
                        "id": question.id,
                        "prompt": question.prompt,
                        "answered": len(answers),
                        "correct": right,
                        "difficulty": _round(right / len(answers)) if answers else None,
                        "wrong_options": [
                            {
                                "id": option_id,
                                "text": o.text if (o := question.option(option_id)) else "",
                                "count": count,
                            }
                            for option_id, count in top[:TOP_WRONG]
                        ],
                    }
                )
        for drill in module.drills:
            reached: Counter[str] = Counter()
            runs = 0
            for p in progresses:
                mp = p.modules.get(module.id)
                for run in mp.runs_of(drill.id) if mp else []:
                    if run.finished is not None:
                        runs += 1
                        reached[run.ending] += 1
            endings = [
                {"id": s.id, "title": s.title, "count": reached.pop(s.id, 0)} for s in drill.endings
            ]
            endings += [
                {"id": ending, "title": "", "count": n} for ending, n in sorted(reached.items())
            ]
            drills.append(
                {
                    "module": module.id,
                    "id": drill.id,
                    "title": drill.title,
                    "runs": runs,
                    "endings": endings,
                }
            )
    return {
        "format": REPORT_FORMAT,
        "schema_version": REPORT_SCHEMA_VERSION,
        "course": {"id": course.id, "title": course.title, "version": course.version},
        "learners": total,
        "complete": complete,
        "completion_rate": _round(complete / total) if total else None,
        "time_on_task": {
            "learners": len(seconds),
            "total_seconds": sum(seconds),
            "median_seconds": _round(statistics.median(seconds), 1) if seconds else None,
            "mean_seconds": _round(statistics.fmean(seconds), 1) if seconds else None,
        },
        "modules": modules,
        "questions": questions,
        "drills": drills,
    }
