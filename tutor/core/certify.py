"""Which certificate a learner gets, what stands in the way, and its PDF.

A course with an accredited provider configured in course.toml gives a CME
certificate, stating the credit the learner claimed. A course without one (no
[provider] table, or the template's "replace before use" placeholder still in it)
gives a *certificate of completion*: no credit claim and no AMA statement. The
learner is told which before they start (the app's welcome screen).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from tutor.core.model import Course
from tutor.core.progress.model import Progress
from tutor.core.records.certificate import (
    certificate_data,
    certificate_problems,
    completion_certificate_data,
    completion_problems,
    render_certificate,
)
from tutor.core.records.codes import certificate_code

PDF = "application/pdf"


class Kind(StrEnum):
    CME = "cme"  # CME credit, with the provider's designation
    COMPLETION = "completion"  # a certificate of completion: no credit


def kind_of(course: Course) -> Kind:
    return Kind.CME if course.offers_credit else Kind.COMPLETION


@dataclass(frozen=True, slots=True)
class Status:
    """The learner's certificate: its kind, what is left to do, and its code once ready."""

    kind: Kind
    problems: tuple[str, ...]  # in plain words; empty when it can be issued
    code: str = ""  # the verification code, once it can be issued

    @property
    def ready(self) -> bool:
        return not self.problems


def status(course: Course, progress: Progress) -> Status:
    kind = kind_of(course)
    if kind is Kind.CME:
        problems = certificate_problems(course, progress)
    else:
        problems = completion_problems(course, progress)
    if problems:
        return Status(kind, tuple(problems))
    code = certificate_code(course, progress)  # the one rule exports and verify use too
    assert code is not None  # no problems: the course is complete (and claimed, for CME)
    return Status(kind, (), code)


@dataclass(frozen=True, slots=True)
class Certificate:
    """A certificate ready to hand to the learner."""

    data: bytes
    filename: str
    code: str
    kind: Kind
    lossy: bool  # some character of a name or text could not be drawn


def filename(course: Course) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", course.id) or "course"
    return f"{safe}-certificate.pdf"


def make(course: Course, progress: Progress) -> Certificate:
    """The learner's certificate as a PDF. Raises CertificateError when it cannot be issued."""
    kind = kind_of(course)
    if kind is Kind.CME:
        data = certificate_data(course, progress)
    else:
        data = completion_certificate_data(course, progress)
    pdf, lossy = render_certificate(data)
    return Certificate(pdf, filename(course), data.code, kind, lossy)
