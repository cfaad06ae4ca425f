"""Check progress files and certificate codes against records.

What a check proves, honestly (docs/records.md says the same):

- A progress file's hash chain links every answer, quiz result, drill run,
  evaluation and credit claim in order. If it matches, the file has not been
  edited by accident or casually (a changed score, a deleted attempt). It does
  not stop a determined learner who recomputes the chain: there is no secret
  on the learner's machine. What anchors a record is a copy kept elsewhere:
  the chain head and code in the coordinator's export, or the code on the
  certificate.
- A certificate code matches a record when the course, learner, name,
  completion date and credit claimed on the certificate are the ones in the
  record. It shows the certificate was made from that record, not that the
  record is true.
"""

from __future__ import annotations

from dataclasses import dataclass

from tutor.core import completion
from tutor.core.model import Course
from tutor.core.progress import Progress
from tutor.core.progress.model import events, unchained, verify_chain
from tutor.core.records.codes import certificate_code


@dataclass(frozen=True, slots=True)
class FileCheck:
    chain_ok: bool
    events: int  # chained records found
    unchained: tuple[str, ...]  # records that should be chained but are not
    chain: str  # the head stored in the file
    code: str | None  # the certificate code this record gives, if it can have one
    complete: bool


def check_progress(course: Course | None, progress: Progress) -> FileCheck:
    """The file's chain, and (with the course) its completion and certificate code."""
    code = None
    complete = False
    if course is not None and progress.course.id == course.id:
        done = completion.completed_at(course, progress)
        complete = done is not None
        code = certificate_code(course, progress, done) if done is not None else None
    chain_ok = verify_chain(progress)
    return FileCheck(
        chain_ok=chain_ok,
        events=len(events(progress)),
        # what is missing from the chain is only worth finding when the chain fails
        unchained=() if chain_ok else tuple(unchained(progress)),
        chain=progress.integrity.chain,
        code=code,
        complete=complete,
    )


@dataclass(frozen=True, slots=True)
class ExportedCode:
    """A certificate code found in a JSON export, with what the row says."""

    code: str
    name: str
    course: str
    completed: str
    credits: float | None
    chain: str
    chain_ok: bool  # the row's integrity.chain_ok; anything but true counts as broken
    source: str


def codes_in_export(document: object) -> list[ExportedCode]:
    """Certificate codes in a `tutor export --format json` document. ValueError if it is not one."""
    from tutor.core.records.rows import JSON_FORMAT

    if not isinstance(document, dict) or document.get("format") != JSON_FORMAT:
        raise ValueError(f"not a {JSON_FORMAT} JSON export")
    records = document.get("records")
    if not isinstance(records, list):
        raise ValueError("the export has no list of records")
    out: list[ExportedCode] = []
    for row in records:
        if not isinstance(row, dict) or not isinstance(row.get("certificate_code"), str):
            continue
        learner = row.get("learner") if isinstance(row.get("learner"), dict) else {}
        course = row.get("course") if isinstance(row.get("course"), dict) else {}
        credit = row.get("credit") if isinstance(row.get("credit"), dict) else {}
        integrity = row.get("integrity") if isinstance(row.get("integrity"), dict) else {}
        assert isinstance(learner, dict) and isinstance(course, dict)
        assert isinstance(credit, dict) and isinstance(integrity, dict)
        name = " ".join(
            str(learner.get(k) or "") for k in ("first_name", "last_name") if learner.get(k)
        )
        claimed = credit.get("claimed")
        out.append(
            ExportedCode(
                code=row["certificate_code"],
                name=name,
                course=f"{course.get('id', '')} {course.get('version', '')}".strip(),
                completed=str(row.get("completed") or ""),
                credits=float(claimed) if isinstance(claimed, int | float) else None,
                chain=str(integrity.get("chain") or ""),
                chain_ok=integrity.get("chain_ok") is True,
                source=str(row.get("source") or ""),
            )
        )
    return out
