"""Certificate verification codes.

A code is 80 bits of SHA-256 over what the certificate states: course id and
version, learner id and name, completion date and credit claimed, and when the
claim was attested. It is written as 16 letters and digits in four groups,
`ABCD-EFGH-JKLM-NPQR` (RFC 4648 base32). Anyone holding the progress file, or
an export of it, can recompute the code and compare; nothing secret is
involved, so a code shows that a certificate matches a record, not that the
record is honest (see docs/records.md).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re

from tutor.core import completion
from tutor.core.model import Course
from tutor.core.progress import Progress
from tutor.core.progress.model import iso
from tutor.core.text import one_line

CODE_TAG = "tutor-certificate/1"
_CLEAN = re.compile(r"[\s-]+")
_ALPHABET = re.compile(r"^[A-Z2-7]{16}$")
# Characters people type for ones base32 does not use.
_LOOKALIKE = str.maketrans({"0": "O", "1": "I", "8": "B"})
# json.dumps(payload, ensure_ascii=False, separators=(",", ":")), with the encoder made once
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def certificate_code(
    course: Course, progress: Progress, completed: dt.datetime | None = None
) -> str | None:
    """The code of the certificate `progress` gives for `course`, or None when it can
    have none: another course's progress, the course not complete, or no credit claimed.

    `completed` is completion.completed_at(course, progress) when the caller has
    it already (None: work it out here). A course without an accredited provider gives
    certificates of completion, whose code needs no claim.
    """
    if progress.course.id != course.id or (progress.credit is None and course.offers_credit):
        return None
    done = completed if completed is not None else completion.completed_at(course, progress)
    if done is None:
        return None
    return verification_code(course, progress, done, require_credit=course.offers_credit)


def verification_code(
    course: Course, progress: Progress, completed: dt.datetime, *, require_credit: bool = True
) -> str:
    """The code for `progress`'s certificate. Needs the credit claim (raises ValueError),
    unless `require_credit` is False: a certificate of completion, whose code covers an
    empty claim."""
    if progress.credit is None and require_credit:
        raise ValueError("no credit has been claimed")
    credit = progress.credit
    payload = [
        CODE_TAG,
        course.id,
        progress.course.version,
        progress.learner.id,
        one_line(progress.learner.full_name),  # the name as the certificate prints it
        completed.astimezone(dt.UTC).date().isoformat(),
        f"{credit.claimed:.2f}" if credit else "",
        iso(credit.attested) if credit else "",
    ]
    body = _JSON.encode(payload)
    digest = hashlib.sha256(body.encode()).digest()[:10]
    text = base64.b32encode(digest).decode()
    return "-".join(text[i : i + 4] for i in range(0, 16, 4))


def normalise_code(text: str) -> str | None:
    """A typed code in canonical form (`ABCD-EFGH-JKLM-NPQR`), or None if it cannot be one."""
    raw = _CLEAN.sub("", text).upper().translate(_LOOKALIKE)
    if not _ALPHABET.match(raw):
        return None
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))
