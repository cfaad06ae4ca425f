"""Certificates of completion, as one-page PDFs.

The app calls two functions:

    problems = certificate_problems(course, progress)   # [] when one can be issued
    result = write_certificate(course, progress, path)  # raises CertificateError

`tutor certificate` makes the same PDF from certificate_data and
render_certificate (the two steps write_certificate takes), and writes it
itself, so that a file it cannot write is a usage error (exit 2), not a refusal.

A certificate shows the physician's name, the provider, the activity title,
the learning format, the completion date, the credit *claimed* (never the
maximum, unless that is what was claimed), the designation statement from
course.toml and a verification code (see codes.py). The trademarked credit
name is always written out in full, in italics.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from tutor import __version__
from tutor.core import completion
from tutor.core.atomic import write_atomic
from tutor.core.model import Course
from tutor.core.progress import Progress
from tutor.core.progress.model import verify_chain
from tutor.core.records.codes import certificate_code
from tutor.core.records.pdf import Font, Page, Run, encode, render
from tutor.core.text import one_line

CREDIT_NAME = re.compile(r"AMA PRA Category 1 Credits?(?:\(s\))?™?")
_PLACEHOLDER = "replace before use"


class CertificateError(Exception):
    """A certificate cannot be issued; the message says why, for the learner."""


@dataclass(frozen=True, slots=True)
class CertificateData:
    name: str
    provider: str
    title: str
    learning_format: str
    completed: dt.date
    credits: float
    designation: str
    code: str
    course_version: str


@dataclass(frozen=True, slots=True)
class CertificateResult:
    path: Path
    code: str
    lossy: bool  # the name or another text had characters the PDF fonts cannot show


def provider_is_placeholder(course: Course) -> bool:
    """Whether course.toml still holds the placeholder provider or designation.

    No certificate can be issued for such a course, whoever the learner is.
    """
    return _PLACEHOLDER in course.provider.lower() or _PLACEHOLDER in course.designation.lower()


def certificate_problems(course: Course, progress: Progress) -> list[str]:
    """Why no certificate can be issued yet, in plain words; empty when one can."""
    problems: list[str] = []
    if progress.course.id != course.id:
        return [f"this progress belongs to course {progress.course.id!r}, not {course.id!r}"]
    if provider_is_placeholder(course):
        problems.append(
            "the course has no accredited provider yet (course.toml still holds the placeholder)"
        )
    if not progress.learner.full_name.strip():
        problems.append("add your name in your profile first")
    if not completion.course_complete(course, progress):
        problems.append("finish every module (and the evaluation, if there is one) first")
    if progress.credit is None:
        problems.append("claim the credit you earned first (at most the maximum, in 0.25 steps)")
    else:
        problem = completion.claim_problem(progress.credit.claimed, course.max_credit)
        if problem:
            problems.append(
                f"the credit claim ({progress.credit.claimed:g}) is not allowed: {problem}"
            )
    if not verify_chain(progress):
        problems.append(
            "the progress file's integrity check fails (it was changed outside tutor), "
            "so it cannot back a certificate"
        )
    return problems


def certificate_data(course: Course, progress: Progress) -> CertificateData:
    """What the certificate states. Raises CertificateError if it cannot be issued."""
    problems = certificate_problems(course, progress)
    if problems:
        raise CertificateError("; ".join(problems))
    done = completion.completed_at(course, progress)
    code = certificate_code(course, progress, done)
    assert done is not None and progress.credit is not None and code  # checked above
    return CertificateData(
        name=one_line(progress.learner.full_name),
        provider=one_line(course.provider),
        title=one_line(course.title),
        learning_format=one_line(course.learning_format),
        completed=done.astimezone(dt.UTC).date(),
        credits=progress.credit.claimed,
        designation=one_line(course.designation),
        code=code,
        course_version=one_line(course.version),
    )


def _with_credit_name(text: str) -> list[Run]:
    """Runs of `text` with the trademarked credit name in italics."""
    runs: list[Run] = []
    last = 0
    for match in CREDIT_NAME.finditer(text):
        runs.append(Run(text[last : match.start()]))
        runs.append(Run(match.group(0), Font.ITALIC))
        last = match.end()
    runs.append(Run(text[last:]))
    return [r for r in runs if r.text]


def _credits_text(credits: float) -> str:
    amount = f"{credits:.2f}".rstrip("0").rstrip(".")
    return f"{amount} AMA PRA Category 1 Credit{'' if credits == 1 else 's'}™"


def render_certificate(data: CertificateData) -> tuple[bytes, bool]:
    """The PDF bytes, and whether any text had to be shown approximately."""
    page = Page()
    w, h = page.width, page.height
    page.rect(24, 24, w - 48, h - 48, 2)
    page.rect(30, 30, w - 60, h - 60, 0.5)
    y = h - 84
    y = page.paragraph(y, [Run(data.provider, Font.BOLD)], 16, w - 140)
    y -= 18
    page.centred(y, [Run("Certificate of Completion", Font.BOLD)], 30)
    y -= 44
    page.centred(y, [Run("This certifies that")], 13)
    y -= 40
    y = page.paragraph(y, [Run(data.name, Font.BOLD)], 26, w - 140)
    if encode(data.name)[1]:
        page.centred(
            y + 14,
            [
                Run(
                    "(Some characters of this name cannot be shown in this PDF's fonts; "
                    "the exact name is in the document properties and the record.)",
                    Font.ITALIC,
                )
            ],
            8,
        )
    y -= 6
    page.centred(y, [Run(f"has completed the {data.learning_format}")], 13)
    y -= 30
    y = page.paragraph(y, [Run(data.title, Font.BOLD)], 18, w - 160)
    y -= 6
    day = f"{data.completed.day} {data.completed:%B %Y}"
    claim = [Run(f"on {day}, and claimed "), *_with_credit_name(_credits_text(data.credits) + ".")]
    y = page.paragraph(y, claim, 13, w - 160)
    y -= 18
    y = page.paragraph(y, _with_credit_name(data.designation), 10, w - 180)
    page.line(w / 2 - 150, 92, w / 2 + 150, 92, 0.5)
    page.centred(
        74,
        [
            Run(f"Course version {data.course_version}    Verification code "),
            Run(data.code, Font.BOLD),
        ],
        10,
    )
    page.centred(
        58,
        [Run("Anyone holding the learner's record can check this code with `tutor verify`.")],
        8,
    )
    info = {
        "Title": f"Certificate of Completion: {data.title}",
        "Author": data.provider,
        "Subject": (
            f"{data.name}; completed {data.completed.isoformat()}; "
            f"{_credits_text(data.credits)} claimed; verification code {data.code}"
        ),
        "Keywords": f"learner-name={data.name}",
        "Creator": f"tutor {__version__}",
    }
    return render([page], info), page.lossy


def write_certificate(course: Course, progress: Progress, path: Path) -> CertificateResult:
    """Write the learner's certificate to `path` (atomically). Raises CertificateError."""
    data = certificate_data(course, progress)
    pdf, lossy = render_certificate(data)
    try:
        write_atomic(Path(path), pdf)
    except OSError as e:
        raise CertificateError(f"{path}: cannot write the certificate: {e.strerror or e}") from e
    return CertificateResult(Path(path), data.code, lossy)
