"""Who a learner is, for an LRS: one stable identity per learner, and entry rules.

**The identity** (docs/records.md, "Who the statements are about"):

- a learner with a usable e-mail address is the Agent `{"mbox": "mailto:<email>"}`,
  the address *normalised*: surrounding spaces removed, lower-cased. The same
  physician typing `Samir@Example.org` on one computer and `samir@example.org` on
  another is one agent (an LRS compares mbox values exactly);
- a learner without one is `{"account": {"homePage": ACCOUNT_HOME, "name": <learner id>}}`.
  ACCOUNT_HOME is fixed (not the activity base), so changing `--activity-base`
  never changes who a statement is about;
- the display name is left out: it changes (a learner corrects a typo) while
  a statement never may, and it is in the CSV/JSON records already;
- a learner's files merged by `collect` (same learner id or same e-mail) share
  one identity: the e-mail of the file the record comes from, else the first
  usable e-mail among the other files (in path order), else the chosen file's id.

**Entry rules.** `email_problem` and `name_problem` say why a value would be
refused, in one line, or None. The app calls them when a learner types their
details, and `tutor export` / `tutor send` refuse a file the app would refuse.
The e-mail rule is what both LRS validators we test with accept (see
/docs/records.md): Learning Locker's xapi-validation allows only letters,
digits and `` .'_%+-` `` before the `@` (so `a=b@example.org`, valid by RFC 5322,
is refused there and takes the whole batch with it), and Ralph's email-validator
refuses special-use domains such as `.invalid` or `.test`, and `..`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tutor.core.progress import Progress
from tutor.core.text import strip_controls

#: The account homePage for learners without an e-mail address: fixed, never the
#: activity base. `.invalid` is a reserved domain: it names without pretending to be a site.
ACCOUNT_HOME = "https://tutor.invalid/learners"

MAX_EMAIL = 254
MAX_NAME = 100

_LOCAL = re.compile(r"^[A-Za-z0-9_%+'-]+(\.[A-Za-z0-9_%+'-]+)*$")
_LABEL = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
_TLD = re.compile(r"^[A-Za-z]{2,63}$")
#: Special-use names (RFC 6761 and later) that Ralph's validator refuses as a domain or TLD.
_SPECIAL = frozenset({"invalid", "test", "local", "localhost", "onion", "arpa", "internal"})


def normalise_email(email: str) -> str:
    """The address as the identity uses it: trimmed and lower-cased."""
    return email.strip().lower()


def email_problem(email: str) -> str | None:
    """Why an LRS would refuse this e-mail address, in one line; None if it is fine.

    An empty address is fine (the learner has none). Checked after trimming spaces.
    """
    text = email.strip()
    if not text:
        return None
    if len(text) > MAX_EMAIL:
        return f"an e-mail address is at most {MAX_EMAIL} characters"
    if not text.isascii():
        return "use an e-mail address with plain ASCII letters (no accents)"
    if text.count("@") != 1:
        return "an e-mail address has exactly one @"
    local, domain = text.split("@")
    if not local or not domain:
        return "an e-mail address needs a name before the @ and a domain after it"
    if not _LOCAL.match(local):
        bad = sorted({c for c in local if not (c.isalnum() or c in "._%+'-")})
        if bad:
            shown = " ".join(bad)
            return (
                f"the part before the @ may hold letters, digits and . _ % + ' - only "
                f"(not {shown}): some learning record stores refuse it"
            )
        return "the part before the @ cannot start or end with a dot or have two dots in a row"
    labels = domain.split(".")
    if len(labels) < 2:
        return "the domain after the @ needs a dot (example.org)"
    if not all(_LABEL.match(label) for label in labels[:-1]) or not _TLD.match(labels[-1]):
        return "the domain after the @ is not a valid domain name (example.org)"
    if labels[-1].lower() in _SPECIAL:
        return f"the domain .{labels[-1].lower()} is reserved and cannot receive mail"
    return None


def name_problem(name: str) -> str | None:
    """Why a first or last name would be refused, in one line; None if it is fine."""
    if strip_controls(name) != name or "\n" in name or "\t" in name:
        return "a name cannot hold control characters, tabs or line breaks"
    if len(name) > MAX_NAME:
        return f"a name is at most {MAX_NAME} characters"
    if name != name.strip():
        return "a name cannot start or end with a space"
    return None


def learner_problem(progress: Progress) -> str | None:
    """The first entry rule a progress file's learner details break, or None."""
    learner = progress.learner
    for label, value in (("first name", learner.first_name), ("last name", learner.last_name)):
        problem = name_problem(value)
        if problem:
            return f"{label}: {problem}"
    problem = email_problem(learner.email)
    if problem:
        return f"e-mail {learner.email.strip()!r}: {problem}"
    return None


@dataclass(frozen=True, slots=True)
class Identity:
    """One learner, as every statement about them names them."""

    key: str  # "mbox:<email>" or "account:<learner id>": part of every statement id
    agent: dict[str, Any]

    @classmethod
    def of_email(cls, email: str) -> Identity:
        address = normalise_email(email)
        return cls("mbox:" + address, {"objectType": "Agent", "mbox": "mailto:" + address})

    @classmethod
    def of_learner_id(cls, learner_id: str) -> Identity:
        return cls(
            "account:" + learner_id,
            {
                "objectType": "Agent",
                "account": {"homePage": ACCOUNT_HOME, "name": learner_id},
            },
        )


def identity_of(progresses: Sequence[Progress]) -> Identity:
    """The identity of one learner's files; the first is the file their record comes from."""
    for progress in progresses:
        email = progress.learner.email
        if email.strip() and email_problem(email) is None:
            return Identity.of_email(email)
    return Identity.of_learner_id(progresses[0].learner.id)
