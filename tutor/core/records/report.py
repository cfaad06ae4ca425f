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
  reached (endings nobody reached are listed with 0). An ending is *good* when
  the best choice leading to it is rated best, *fair* when acceptable, *poor*
  when every choice leading to it is poor.
- **summary** (issue 11), what a coordinator reads first: completion; credit
  claimed (learners and total hours); learners ready for the PARS upload
  (complete, claimed, consented, intact chain); consent and certifying-board
  counts; the evaluation; and flags, such as claims above the time the app
  measured (`claimed hours x 3600 > seconds on task`).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from typing import Any

from tutor.core import completion
from tutor.core.model import Course, Drill, Quality
from tutor.core.progress import Answer, Progress
from tutor.core.records.collect import LearnerFiles
from tutor.core.records.evaluation import COMMERCIAL_BIAS_ID, summarise

BANDS = 10
TOP_WRONG = 3
REPORT_FORMAT = "tutor-report"
REPORT_SCHEMA_VERSION = 1
#: What the report's sections are called (`tutor report --section NAME`).
SECTIONS = ("summary", "scores", "time", "items", "drills", "evaluation", "flags")


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
    return report_of(
        course, [lf.progress for lf in learners], [lf.chosen.chain_ok for lf in learners]
    )


def report_of(
    course: Course, progresses: Sequence[Progress], chain_ok: Sequence[bool] | None = None
) -> dict[str, Any]:
    """The report over these learners' records (one Progress each). `chain_ok` says, for
    each, whether its file's hash chain matched (records from an LRS have no chain)."""
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
            quality = _ending_quality(drill)
            endings = [
                {
                    "id": s.id,
                    "title": s.title,
                    "count": reached.pop(s.id, 0),
                    "quality": quality.get(s.id, "unknown"),
                }
                for s in drill.endings
            ]
            endings += [
                {"id": ending, "title": "", "count": n, "quality": "unknown"}
                for ending, n in sorted(reached.items())
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
    evaluations = [p.evaluation.answers for p in progresses if p.evaluation is not None]
    return {
        "format": REPORT_FORMAT,
        "schema_version": REPORT_SCHEMA_VERSION,
        "course": {
            "id": course.id,
            "title": course.title,
            "version": course.version,
            "passing_score": course.passing_score,
        },
        "summary": _summary(
            course, progresses, chain_ok if chain_ok is not None else [True] * len(progresses)
        ),
        "evaluation": {
            "submitted": len(evaluations),
            "questions": summarise(course, evaluations),
        },
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


def _ending_quality(drill: Drill) -> dict[str, str]:
    """Each ending's quality: that of the best choice leading into it (see the module doc)."""
    best: dict[str, int] = {}
    for step in drill.steps:
        for choice in step.choices:
            best[choice.target] = max(best.get(choice.target, -1), choice.quality.points)
    names = {
        Quality.BEST.points: "good",
        Quality.ACCEPTABLE.points: "fair",
        Quality.POOR.points: "poor",
    }
    return {s.id: names[best[s.id]] for s in drill.endings if s.id in best}


def _flag(ident: str, count: int, of: int, text: str, **extra: Any) -> dict[str, Any]:
    return {"id": ident, "count": count, "of": of, "text": text, **extra}


def _summary(
    course: Course, progresses: Sequence[Progress], chain_ok: Sequence[bool]
) -> dict[str, Any]:
    total = len(progresses)
    complete = claimed = consented = pars_ready = no_identifier = broken = 0
    hours = 0.0
    boards: Counter[str] = Counter()
    over: list[dict[str, Any]] = []
    for p, intact in zip(progresses, chain_ok, strict=True):
        learner = p.learner
        done = completion.course_complete(course, p)
        complete += done
        consented += learner.consent_to_share
        broken += not intact
        for b in learner.certifying_boards():
            boards[b.board] += 1
        if p.credit is None:
            continue
        claimed += 1
        hours += p.credit.claimed
        seconds = sum(mp.seconds for mp in p.modules.values())
        if p.credit.claimed * 3600 > seconds:
            over.append(
                {
                    "learner_id": learner.id,
                    "name": learner.full_name,
                    "claimed_hours": p.credit.claimed,
                    "measured_seconds": seconds,
                }
            )
        if done and learner.consent_to_share and intact:
            pars_ready += 1
            has_board_id = any(b.id for b in learner.certifying_boards())
            if not has_board_id and not learner.license_number and not learner.npi:
                no_identifier += 1
    evaluations = [p.evaluation for p in progresses if p.evaluation]
    flags: list[dict[str, Any]] = []
    if over:
        over.sort(key=lambda o: (o["name"].casefold(), o["learner_id"]))
        flags.append(
            _flag(
                "claims-exceed-measured-time",
                len(over),
                claimed,
                f"{len(over)} of {claimed} credit claims exceed the time the app measured",
                learners=over,
            )
        )
    if no_identifier:
        flags.append(
            _flag(
                "pars-ready-without-identifier",
                no_identifier,
                pars_ready,
                f"{no_identifier} of {pars_ready} learners ready for PARS have no board ID, "
                "licence number or NPI",
            )
        )
    if broken:
        flags.append(
            _flag(
                "broken-chain",
                broken,
                total,
                f"{broken} of {total} records have a broken integrity chain",
            )
        )
    if any(q.id == COMMERCIAL_BIAS_ID for q in course.evaluation):
        low = sum(1 for e in evaluations if e.answers.get(COMMERCIAL_BIAS_ID) in ("1", "2"))
        if low:
            flags.append(
                _flag(
                    "commercial-bias-reported",
                    low,
                    len(evaluations),
                    f"{low} of {len(evaluations)} evaluations disagree that the content was "
                    "free of commercial bias",
                )
            )
    return {
        "learners": total,
        "complete": complete,
        "completion_rate": _round(complete / total) if total else None,
        "credit": {"learners": claimed, "total_hours": hours},
        "pars_ready": pars_ready,
        "consented": consented,
        "boards": dict(sorted(boards.items())),
        "evaluations": len(evaluations),
        "flags": flags,
    }
