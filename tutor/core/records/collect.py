"""Gather progress files into one record per learner: expand, read, check, merge.

The rules (docs/records.md says the same, for coordinators):

- **Inputs** are files, folders (every `*.toml` below them, recursively) and glob
  patterns. A file named twice (say, by a folder and a glob) is read once.
- **Skipped files**, each with one reason: unreadable or corrupt, not a progress
  file, written by a newer tutor, another course's file ("foreign"), a hash chain
  that does not match the records in the file (edited by hand), credit claimed
  that the course does not allow, and duplicates. A *duplicate* is a
  byte-for-byte copy of another file given; the first copy, in path order, is
  kept.
- **The same learner twice**: two files belong to the same learner when they
  share the learner id or the e-mail address (compared without case or
  surrounding spaces). The learner's record comes from exactly one of the files,
  never a blend, chosen by `merge_key`: a complete course with credit claimed
  beats a complete one without, which beats an incomplete one; between two
  complete files the earlier completion wins (credit is earned once); then the
  file updated last wins (this decides between two incomplete files); the
  smaller chain head, then the path, break any tie left. The order the files
  were given in never matters.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from tutor.core import completion
from tutor.core.files import Kind, Scan, scan
from tutor.core.model import Course
from tutor.core.progress import Progress, ProgressError, read_progress_bytes
from tutor.core.progress.model import verify_chain

#: Called as work goes on with (files done, files in all).
OnProgress = Callable[[int, int], None]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file left out of the records, and why, in one line."""

    path: Path
    reason: str  # a ProgressError reason, or "duplicate", "broken-chain", "bad-credit", "error"
    message: str  # "PATH: what is wrong"

    def __str__(self) -> str:
        return self.message


@dataclass(slots=True)
class Loaded:
    """A progress file that was read and checked."""

    path: Path
    progress: Progress
    chain_ok: bool
    digest: str  # sha256 of the file's bytes, to find copies


@dataclass(slots=True)
class LearnerFiles:
    """One learner's record: the file it comes from, and the others merged into it."""

    chosen: Loaded
    merged: list[Loaded] = field(default_factory=list)

    @property
    def progress(self) -> Progress:
        return self.chosen.progress


@dataclass(slots=True)
class Batch:
    """What came of a set of inputs: learners in a stable order, and skipped files."""

    course: Course
    learners: list[LearnerFiles]
    skipped: list[Skipped]
    files: int  # files found


class NoInput(ValueError):
    """An input names nothing: a glob with no match, or an empty folder."""


def expand(inputs: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The files named by paths, folders and globs, each once, in the order found.

    A path given as a file is kept whatever it is, so that reading it reports it.
    Raises NoInput for a glob or folder that names no file. (`scan_inputs` also says
    which paths a folder or glob held that were left out, and why.)
    """
    return scan_inputs(inputs).files


def scan_inputs(inputs: Iterable[str | os.PathLike[str]]) -> Scan:
    """`tutor.core.files.scan` of the inputs for `.toml` files; NoInput if one names none."""
    found = scan(inputs, ".toml")
    if found.empty:
        raise NoInput(found.empty[0])
    return found


def left_out(found: Scan) -> list[Skipped]:
    """What a folder or glob held that is no file to read (a sub-folder that cannot be
    listed, a pipe or a dangling link named *.toml), as skipped files to report."""
    return [
        Skipped(
            left.path,
            "unreadable" if left.kind is Kind.NO_ACCESS else "not-a-file",
            str(left),
        )
        for left in found.left_out
    ]


def load_one(
    path: Path, course_id: str, max_credit: float, include_broken: bool
) -> Loaded | Skipped:
    """Read and check one file. Never raises for a bad file."""
    try:
        progress, data = read_progress_bytes(path, course_id=course_id)
    except ProgressError as e:
        return Skipped(path, e.reason, str(e))
    except Exception as e:  # a reader bug must cost one file, not the whole batch
        return Skipped(path, "error", f"{path}: could not be read ({type(e).__name__}: {e})")
    chain_ok = verify_chain(progress)
    if not chain_ok and not include_broken:
        return Skipped(
            path,
            "broken-chain",
            f"{path}: its integrity chain does not match its records (edited by hand?); "
            "check it with `tutor verify`",
        )
    if progress.credit is not None:
        problem = completion.claim_problem(progress.credit.claimed, max_credit)
        if problem:
            return Skipped(
                path,
                "bad-credit",
                f"{path}: the credit claim ({progress.credit.claimed:g}) is not allowed: {problem}",
            )
    # the digest is of the very bytes that were read and checked
    return Loaded(path, progress, chain_ok, hashlib.sha256(data).hexdigest())


def merge_key(course: Course, loaded: Loaded) -> tuple[int, float, float, str, str]:
    """Sort key: the smallest is the file a learner's record comes from (see module doc)."""
    progress = loaded.progress
    done = completion.completed_at(course, progress)
    if done is not None:
        rank = 0 if progress.credit is not None else 1
        when = done.timestamp()
    else:
        rank = 2
        when = 0.0
    updated = -progress.updated.timestamp()
    return (rank, when, updated, progress.integrity.chain, str(loaded.path))


def email_key(email: str) -> str:
    return email.strip().casefold()


@dataclass(frozen=True, slots=True)
class FileFacts:
    """What the merge rule reads of one file (see the module doc)."""

    path: Path
    digest: str
    learner_id: str
    email: str
    key: tuple[int, float, float, str, str]  # merge_key
    order: tuple[str, str, str, str]  # learner_order


def group_files(
    items: Sequence[T], facts_of: Callable[[T], FileFacts]
) -> tuple[list[list[T]], list[Skipped]]:
    """The merge rule, for any kind of item: groups (chosen file first) in learner order,
    and the byte-for-byte copies left out."""
    facts = {id(item): facts_of(item) for item in items}
    ordered = sorted(items, key=lambda x: str(facts[id(x)].path))
    skipped: list[Skipped] = []
    unique: list[T] = []
    first_copy: dict[str, FileFacts] = {}
    for item in ordered:
        fact = facts[id(item)]
        original = first_copy.get(fact.digest)
        if original is not None:
            skipped.append(
                Skipped(
                    fact.path, "duplicate", f"{fact.path}: a byte-for-byte copy of {original.path}"
                )
            )
            continue
        first_copy[fact.digest] = fact
        unique.append(item)
    # Union-find over files: linked by a shared learner id or a shared e-mail address.
    parent = list(range(len(unique)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, item in enumerate(unique):
        fact = facts[id(item)]
        keys = ["id:" + fact.learner_id]
        if email_key(fact.email):
            keys.append("email:" + email_key(fact.email))
        for key in keys:
            j = owner.setdefault(key, i)
            a, b = find(i), find(j)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[T]] = {}
    for i, item in enumerate(unique):
        groups.setdefault(find(i), []).append(item)
    out = list(groups.values())
    for files in out:
        if len(files) > 1:
            files.sort(key=lambda x: facts[id(x)].key)
    out.sort(key=lambda files: facts[id(files[0])].order)
    return out, skipped


def learner_order(progress: Progress) -> tuple[str, str, str, str]:
    learner = progress.learner
    return (
        learner.last_name.casefold(),
        learner.first_name.casefold(),
        email_key(learner.email),
        learner.id,
    )


def started_at(progress: Progress) -> dt.datetime | None:
    """When the learner first opened a module; None if they never did."""
    times = [mp.started for mp in progress.modules.values() if mp.started is not None]
    return min(times) if times else None
