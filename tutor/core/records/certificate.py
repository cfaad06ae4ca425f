"""Certificates, as one-page PDFs: for CME credit, or of completion.

The app calls two functions:

    problems = certificate_problems(course, progress)   # [] when one can be issued
    result = write_certificate(course, progress, path)  # raises CertificateError

`tutor certificate` makes the same PDF from certificate_data and
render_certificate (the two steps write_certificate takes), and writes it
itself, so that a file it cannot write is a usage error (exit 2), not a refusal.

A CME certificate shows the physician's name, the provider, the activity title,
the learning format, the completion date, the credit *claimed* (never the
maximum, unless that is what was claimed), the designation statement, the
provider's ACCME accreditation statement and contact when course.toml gives
them, an optional signatory, and a verification code with a sentence on how to
check it. The trademarked credit name is always written out in full, in italics.

A certificate of completion (`CertificateData.provider is None`: no accredited
provider configured; see `completion_certificate_data`) shows the name, the
activity, the date and the code, and no credit or AMA statement at all.

Names in any of the scripts the embedded fonts cover (pdf.py) are drawn exactly;
a long name shrinks to fit, then wraps, and never leaves the page.
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
from tutor.core.records.codes import certificate_code, verification_code
from tutor.core.records.pdf import Canvas, Run, Style
from tutor.core.settings import is_placeholder
from tutor.core.text import one_line

CREDIT_NAME = re.compile(r"AMA PRA Category 1 Credits?(?:\(s\))?™?")


class CertificateError(Exception):
    """A certificate cannot be issued; the message says why, for the learner."""


@dataclass(frozen=True, slots=True)
class CertificateData:
    name: str
    title: str
    learning_format: str
    completed: dt.date
    code: str
    course_version: str
    provider: str | None = None  # None: a certificate of completion (no accredited provider)
    credits: float | None = None  # the credit claimed; None on a certificate of completion
    designation: str = ""
    accreditation: str = ""  # the provider's ACCME accreditation statement
    contact: str = ""
    signatory_name: str = ""
    signatory_title: str = ""


@dataclass(frozen=True, slots=True)
class CertificateResult:
    path: Path
    code: str
    lossy: bool  # the name or another text had characters the PDF fonts cannot show


def provider_is_placeholder(course: Course) -> bool:
    """Whether course.toml still holds the placeholder provider or designation.

    No certificate can be issued for such a course, whoever the learner is.
    """
    return is_placeholder(course.provider) or is_placeholder(course.designation)


def certificate_problems(course: Course, progress: Progress) -> list[str]:
    """Why no certificate can be issued yet, in plain words; empty when one can."""
    problems: list[str] = []
    if progress.course.id != course.id:
        return [f"this progress belongs to course {progress.course.id!r}, not {course.id!r}"]
    if provider_is_placeholder(course):
        problems.append(
            "the course has no accredited provider yet (course.toml still holds the placeholder)"
        )
    if not one_line(progress.learner.full_name):
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
    """What the CME certificate states. Raises CertificateError if it cannot be issued."""
    problems = certificate_problems(course, progress)
    if problems:
        raise CertificateError("; ".join(problems))
    done = completion.completed_at(course, progress)
    code = certificate_code(course, progress, done)
    assert done is not None and progress.credit is not None and code  # checked above
    records = course.records
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
        accreditation=one_line(records.accreditation),
        contact=one_line(records.contact),
        signatory_name=one_line(records.signatory_name),
        signatory_title=one_line(records.signatory_title),
    )


def completion_problems(course: Course, progress: Progress) -> list[str]:
    """Why no certificate of completion can be issued yet, in plain words; empty when one
    can."""
    problems: list[str] = []
    if progress.course.id != course.id:
        problems.append(f"this progress belongs to course {progress.course.id!r}")
    if not one_line(progress.learner.full_name):
        problems.append("add your name in your profile first")
    if completion.completed_at(course, progress) is None:
        problems.append("finish every module (and the evaluation, if there is one) first")
    if not verify_chain(progress):
        problems.append("the progress file's integrity check fails (it was changed outside tutor)")
    return problems


def completion_certificate_data(course: Course, progress: Progress) -> CertificateData:
    """A certificate of completion, for a course with no accredited provider configured
    (issue 9): no credit, no AMA statement. Needs the course complete, a name and an
    intact chain; raises CertificateError otherwise.

    Its code is `verification_code` with no credit claimed (codes.py); `tutor verify`
    finds such codes only once records carry them (a decision for issue 9).
    """
    problems = completion_problems(course, progress)
    if problems:
        raise CertificateError("; ".join(problems))
    done = completion.completed_at(course, progress)
    assert done is not None
    return CertificateData(
        name=one_line(progress.learner.full_name),
        title=one_line(course.title),
        learning_format=one_line(course.learning_format),
        completed=done.astimezone(dt.UTC).date(),
        code=verification_code(course, progress, done, require_credit=False),
        course_version=one_line(course.version),
        contact=one_line(course.records.contact),
        signatory_name=one_line(course.records.signatory_name),
        signatory_title=one_line(course.records.signatory_title),
    )


def _with_credit_name(text: str, style: Style = "") -> list[Run]:
    """Runs of `text` with the trademarked credit name in italics."""
    runs: list[Run] = []
    last = 0
    for match in CREDIT_NAME.finditer(text):
        runs.append(Run(text[last : match.start()], style))
        runs.append(Run(match.group(0), "I"))
        last = match.end()
    runs.append(Run(text[last:], style))
    return [r for r in runs if r.text]


def _credits_text(credits: float) -> str:
    amount = f"{credits:.2f}".rstrip("0").rstrip(".")
    return f"{amount} AMA PRA Category 1 Credit{'' if credits == 1 else 's'}™"


#: How a certificate's reader checks it (plain words; no command syntax on the page).
CHECK_SENTENCE = (
    "To check this certificate, give this code to the provider named above. They look it "
    "up with the tutor verify command: it matches only this learner's record of this "
    "course, with this name, date and credit."
)
CHECK_SENTENCE_COMPLETION = (
    "To check this certificate, give this code to whoever keeps the course records. They "
    "look it up with the tutor verify command: it matches only this learner's record of "
    "this course, with this name and date."
)

NAME_SIZE = 30.0
NAME_SMALLEST = 18.0


def render_certificate(data: CertificateData) -> tuple[bytes, bool]:
    """The PDF bytes, and whether some character of the name or the texts could not be drawn
    (no embedded font has it; the exact text is still in the document properties)."""
    texts = (
        data.name, data.title, data.learning_format, data.provider or "", data.designation,
        data.accreditation, data.contact, data.signatory_name, data.signatory_title,
        data.course_version,
    )  # fmt: skip
    page = Canvas(" ".join(texts))
    w = page.page_width
    cme = data.provider is not None and data.credits is not None
    page.frame(24, 2)
    page.frame(30, 0.5)
    text_width = w - 150
    y = 52.0
    if data.provider:
        y = page.paragraph(y, [Run(data.provider, "B")], 15, text_width)
        y += 6
    else:
        y += 12
    y = page.line(y, [Run("Certificate of Completion", "B")], 28)
    y += 10
    y = page.line(y, [Run("This certifies that")], 12)
    y += 6
    y, _ = page.fit(y, data.name, "B", NAME_SIZE, NAME_SMALLEST, text_width)
    y += 4
    y = page.line(y, [Run(f"has completed the {data.learning_format}")], 12)
    y = page.paragraph(y + 2, [Run(data.title, "B")], 16, text_width - 40)
    day = f"{data.completed.day} {data.completed:%B %Y}"
    if cme:
        assert data.credits is not None
        claim = [Run(f"on {day}, and claimed "), *_with_credit_name(_credits_text(data.credits))]
        claim.append(Run("."))
    else:
        claim = [Run(f"on {day}.")]
    y = page.paragraph(y + 4, claim, 12, text_width)
    if cme and data.designation:
        y = page.paragraph(y + 8, _with_credit_name(data.designation), 9, text_width - 60)
    if cme and data.accreditation:
        y = page.paragraph(y + 4, [Run(data.accreditation)], 9, text_width - 60)
    bottom = page.page_height - 44
    footer_top = bottom - 3 * 11
    if data.signatory_name:
        sig_y = max(y + 22, footer_top - 62)
        page.rule(w / 2 - 130, sig_y, w / 2 + 130, sig_y)
        sig = page.line(sig_y + 3, [Run(data.signatory_name)], 10, 1.2)
        if data.signatory_title:
            page.line(sig, [Run(data.signatory_title, "I")], 9, 1.2)
    contact = []
    if data.contact:
        who = data.provider or "Course records"
        contact = [Run(f"{who}: {data.contact}")]
    y = page.line(footer_top - 11, contact or [Run("")], 8.5)
    y = page.line(
        y,
        [Run(f"Course version {data.course_version}    Verification code "), Run(data.code, "B")],
        9.5,
    )
    page.paragraph(y, [Run(CHECK_SENTENCE if cme else CHECK_SENTENCE_COMPLETION)], 8, w - 200)
    kind = "Certificate" if cme else "Certificate of Completion"
    pdf = page.pdf
    pdf.set_title(f"{kind}: {data.title}")
    pdf.set_author(data.provider or "")
    credit = f"; {_credits_text(data.credits)} claimed" if cme and data.credits else ""
    pdf.set_subject(
        f"{data.name}; completed {data.completed.isoformat()}{credit}; "
        f"verification code {data.code}"
    )
    pdf.set_keywords(f"learner-name={data.name}")
    pdf.set_creator(f"tutor {__version__}")
    pdf.set_producer(f"tutor {__version__}")
    # the same certificate gives the same bytes: no clock in the file
    pdf.set_creation_date(dt.datetime(*data.completed.timetuple()[:3], tzinfo=dt.UTC))
    lossy = bool(page.missing(" ".join(texts)))
    return page.output(), lossy


def write_certificate(course: Course, progress: Progress, path: Path) -> CertificateResult:
    """Write the learner's certificate to `path` (atomically). Raises CertificateError."""
    data = certificate_data(course, progress)
    pdf, lossy = render_certificate(data)
    try:
        write_atomic(Path(path), pdf)
    except OSError as e:
        raise CertificateError(f"{path}: cannot write the certificate: {e.strerror or e}") from e
    return CertificateResult(Path(path), data.code, lossy)
