"""One record per learner per course, and its CSV and JSON forms.

`build_record` turns a learner's chosen progress file into a `Record`; the CSV
and JSON writers lay records out as docs/records.md documents. Board, board ID
and date of birth appear only when the learner gave them *and* consented to
sharing; otherwise they are empty (CSV) or null (JSON).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from tutor.core import completion
from tutor.core.model import Course
from tutor.core.records.codes import certificate_code
from tutor.core.records.collect import Batch, LearnerFiles, started_at
from tutor.core.records.csvsafe import to_csv

Status = Literal["complete", "in progress", "not started"]

#: Version of the JSON export's layout (the "schema_version" key).
JSON_SCHEMA_VERSION = 1
JSON_FORMAT = "tutor-cme-records"
CREDIT_TYPE = "AMA PRA Category 1 Credit™"


@dataclass(frozen=True, slots=True)
class ModuleResult:
    id: str
    state: str  # completion.State
    score: float | None  # best finished quiz score, 0.0-1.0
    seconds: int
    completed: dt.datetime | None


@dataclass(frozen=True, slots=True)
class Record:
    learner_id: str
    first_name: str
    last_name: str
    email: str
    consent_to_share: bool
    board: str | None  # None unless given and consented
    board_id: str | None
    birth_month: int | None
    birth_day: int | None
    course_id: str
    course_version: str
    content_hash: str
    status: Status
    started: dt.datetime | None
    completed: dt.datetime | None
    credits_claimed: float | None
    credit_attested: dt.datetime | None
    seconds: int
    modules: tuple[ModuleResult, ...]
    chain_ok: bool
    chain: str
    certificate_code: str | None
    source: str
    merged_from: tuple[str, ...]
    # issue 11: every certifying board (board, ID), the state licence and the NPI, each only
    # when given and consented; the evaluation's submission time and answers (question id, value)
    boards: tuple[tuple[str, str], ...] = ()
    license_state: str = ""
    license_number: str = ""
    npi: str = ""
    evaluation_submitted: dt.datetime | None = None
    evaluation: tuple[tuple[str, str], ...] = ()


def _shared(value: str, consent: bool) -> str | None:
    return value if consent and value else None


def _shared_int(value: int, consent: bool) -> int | None:
    return value if consent and value else None


def build_record(course: Course, files: LearnerFiles) -> Record:
    progress = files.progress
    learner = progress.learner
    consent = learner.consent_to_share
    modules = []
    for module in course.modules:
        module_status = completion.module_status(course, progress, module)
        mp = progress.modules.get(module.id)
        modules.append(
            ModuleResult(
                id=module.id,
                state=module_status.state,
                score=module_status.score,
                seconds=mp.seconds if mp else 0,
                completed=mp.completed if mp else None,
            )
        )
    # Hot path: completed_at (which checks completeness itself) only when the course is complete.
    complete = completion.course_complete(course, progress)
    done = completion.completed_at(course, progress) if complete else None
    started = started_at(progress)
    status: Status = (
        "complete"
        if complete
        else "in progress"
        if started is not None or progress.evaluation is not None
        else "not started"
    )
    credit = progress.credit
    code = certificate_code(course, progress, done) if done is not None else None
    boards = tuple((b.board, b.id) for b in learner.certifying_boards()) if consent else ()
    evaluation = progress.evaluation
    return Record(
        learner_id=learner.id,
        first_name=learner.first_name,
        last_name=learner.last_name,
        email=learner.email,
        consent_to_share=consent,
        board=_shared(boards[0][0], consent) if boards else None,
        board_id=_shared(boards[0][1], consent) if boards else None,
        birth_month=_shared_int(learner.birth_month, consent),
        birth_day=_shared_int(learner.birth_day, consent),
        course_id=progress.course.id,
        course_version=progress.course.version,
        content_hash=progress.course.content_hash,
        status=status,
        started=started,
        completed=done,
        credits_claimed=credit.claimed if credit else None,
        credit_attested=credit.attested if credit else None,
        seconds=sum(mp.seconds for mp in progress.modules.values()),
        modules=tuple(modules),
        chain_ok=files.chosen.chain_ok,
        chain=progress.integrity.chain,
        certificate_code=code,
        source=str(files.chosen.path),
        merged_from=tuple(str(f.path) for f in files.merged),
        boards=boards,
        license_state=_shared(learner.license_state, consent) or "",
        license_number=_shared(learner.license_number, consent) or "",
        npi=_shared(learner.npi, consent) or "",
        evaluation_submitted=evaluation.submitted if evaluation else None,
        evaluation=tuple(evaluation.answers.items()) if evaluation else (),
    )


def build_records(batch: Batch, *, complete_only: bool = False) -> list[Record]:
    records = [build_record(batch.course, lf) for lf in batch.learners]
    if complete_only:
        records = [r for r in records if r.status == "complete"]
    return records


# -- CSV -----------------------------------------------------------------------------


def _date(value: dt.datetime | None) -> str:
    return value.astimezone(dt.UTC).date().isoformat() if value else ""


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}"


def csv_header(course: Course) -> list[str]:
    return [
        "first_name",
        "last_name",
        "email",
        "board",
        "board_id",
        "birth_month",
        "birth_day",
        "consent_to_share",
        "completion_date",
        "credit_type",
        "credits_claimed",
        "course_id",
        "course_version",
        "content_hash",
        "start_date",
        "status",
        "time_on_task_minutes",
        *(f"score_{m.id}" for m in course.modules),
        "integrity",
        "chain",
        "certificate_code",
        "learner_id",
        "source_file",
        "merged_files",
        "boards",
        "license_state",
        "license_number",
        "npi",
    ]


def csv_row(record: Record) -> list[str]:
    return [
        record.first_name,
        record.last_name,
        record.email,
        record.board or "",
        record.board_id or "",
        str(record.birth_month or ""),
        str(record.birth_day or ""),
        "yes" if record.consent_to_share else "no",
        _date(record.completed),
        CREDIT_TYPE if record.credits_claimed is not None else "",
        _num(record.credits_claimed),
        record.course_id,
        record.course_version,
        record.content_hash,
        _date(record.started),
        record.status,
        str(round(record.seconds / 60)),
        *(_percent(m.score) for m in record.modules),
        "ok" if record.chain_ok else "broken",
        record.chain,
        record.certificate_code or "",
        record.learner_id,
        record.source,
        "; ".join(record.merged_from),
        "; ".join(f"{b} {i}".strip() for b, i in record.boards),
        record.license_state,
        record.license_number,
        record.npi,
    ]


def to_csv_text(course: Course, records: Sequence[Record]) -> str:
    return to_csv(csv_header(course), (csv_row(r) for r in records))


# -- JSON ----------------------------------------------------------------------------


def _ts(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if value else None


def record_json(record: Record) -> dict[str, Any]:
    return {
        "learner": {
            "id": record.learner_id,
            "first_name": record.first_name,
            "last_name": record.last_name,
            "email": record.email,
            "consent_to_share": record.consent_to_share,
            "board": record.board,
            "board_id": record.board_id,
            "birth_month": record.birth_month,
            "birth_day": record.birth_day,
            "boards": [{"board": b, "id": i} for b, i in record.boards]
            if record.consent_to_share
            else None,
            "license_state": record.license_state or None,
            "license_number": record.license_number or None,
            "npi": record.npi or None,
        },
        "course": {
            "id": record.course_id,
            "version": record.course_version,
            "content_hash": record.content_hash,
        },
        "status": record.status,
        "started": _ts(record.started),
        "completed": _ts(record.completed),
        "credit": (
            {
                "type": CREDIT_TYPE,
                "claimed": record.credits_claimed,
                "attested": _ts(record.credit_attested),
            }
            if record.credits_claimed is not None
            else None
        ),
        "time_on_task_seconds": record.seconds,
        "modules": [
            {
                "id": m.id,
                "state": m.state,
                "score": m.score,
                "seconds": m.seconds,
                "completed": _ts(m.completed),
            }
            for m in record.modules
        ],
        "integrity": {"chain_ok": record.chain_ok, "chain": record.chain},
        "certificate_code": record.certificate_code,
        "source": record.source,
        "merged_from": list(record.merged_from),
        "evaluation": (
            {
                "submitted": _ts(record.evaluation_submitted),
                "answers": dict(record.evaluation),
            }
            if record.evaluation_submitted is not None
            else None
        ),
    }


def course_json(course: Course) -> dict[str, Any]:
    return {
        "id": course.id,
        "title": course.title,
        "version": course.version,
        "content_hash": course.content_hash,
        "provider": course.provider,
        "learning_format": course.learning_format,
        "max_credit": course.max_credit,
        "modules": [{"id": m.id, "title": m.title} for m in course.modules],
        "evaluation": [{"id": q.id, "prompt": q.prompt, "kind": q.kind} for q in course.evaluation],
    }


def to_json_document(course: Course, records: Sequence[Record]) -> dict[str, Any]:
    return {
        "format": JSON_FORMAT,
        "schema_version": JSON_SCHEMA_VERSION,
        "course": course_json(course),
        "records": [record_json(r) for r in records],
    }


def dumps_json(document: object) -> str:
    """JSON text, the same every time: keys in the documented order, UTF-8, 2-space indent."""
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
