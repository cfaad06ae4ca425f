"""Records one learner at a time, so memory stays flat however many files there are.

Two passes over the files, with the merge rule of collect.py unchanged:

1. **scan**: read and check every file (in worker processes with jobs > 1), keep
   only what the merge rule needs (`FileFacts`) plus, for CSV and JSON, the
   file's small `Record`; the parsed file itself is dropped at once. Skipped
   files are all known after this pass, before anything is written.
2. **learners**: for formats that need every event (xAPI), hand out each
   learner's `LearnerFiles`, one learner at a time. Pass 1 kept each file's
   checked records in an anonymous temporary file (packed with msgspec and compressed: about
   a twentieth of the TOML, read back twenty times faster than TOML is parsed),
   so pass 2 neither parses nor re-reads a progress file: what it hands out is
   exactly what pass 1 checked. The temporary file is this process's own
   (`tempfile.TemporaryFile`: no name, gone when closed).

Any writer consumes `records()` or `learners()` one item at a time.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import msgspec

from tutor.core.model import Course
from tutor.core.progress.model import Progress
from tutor.core.records.collect import (
    Batch,
    FileFacts,
    LearnerFiles,
    Loaded,
    OnProgress,
    Skipped,
    group_files,
    learner_order,
    left_out,
    load_one,
    merge_key,
    scan_inputs,
)
from tutor.core.records.identity import learner_problem
from tutor.core.records.rows import Record, build_record

#: files a worker process reads at a time (with --jobs)
_CHUNK = 64

#: The spill's format: the progress file's own declaration, as MessagePack (typed: nothing
#: but a Progress can come back out).
_PACK = msgspec.msgpack.Encoder()
_UNPACK = msgspec.msgpack.Decoder(Progress)


@dataclass(frozen=True, slots=True)
class Scanned:
    """One file after the first pass."""

    facts: FileFacts
    record: Record | None  # built as if this file were the learner's chosen one
    chain_ok: bool = True
    kept: bytes = b""  # the checked Progress, packed and compressed (keep=True), until spilled
    spill: tuple[int, int] = (0, 0)  # (offset, length) in Plan.spill


@dataclass(slots=True)
class Plan:
    course: Course
    groups: list[list[Scanned]]  # one per learner, the chosen file first, in learner order
    skipped: list[Skipped]
    files: int
    include_broken: bool
    spill: BinaryIO | None = None  # the checked records of every file (keep=True)

    def close(self) -> None:
        if self.spill is not None:
            self.spill.close()
            self.spill = None

    @property
    def learner_count(self) -> int:
        return len(self.groups)


def _scan_one(
    path: Path,
    course: Course,
    include_broken: bool,
    want_record: bool,
    check_learner: bool,
    keep: bool = False,
) -> Scanned | Skipped:
    loaded = load_one(path, course.id, course.max_credit, include_broken)
    if isinstance(loaded, Skipped):
        return loaded
    if check_learner:
        problem = learner_problem(loaded.progress)
        if problem:
            return Skipped(
                path,
                "bad-learner",
                f"{path}: {problem}; the app refuses this too: correct it in the app's profile",
            )
    facts = FileFacts(
        path,
        loaded.digest,
        loaded.progress.learner.id,
        loaded.progress.learner.email,
        merge_key(course, loaded),
        learner_order(loaded.progress),
    )
    record = build_record(course, LearnerFiles(loaded)) if want_record else None
    kept = zlib.compress(_PACK.encode(loaded.progress), 1) if keep else b""
    return Scanned(facts, record, loaded.chain_ok, kept)


def _scan_chunk(
    paths: list[Path], course: Course, include_broken: bool, want: bool, check: bool, keep: bool
) -> list[Scanned | Skipped]:
    return [_scan_one(p, course, include_broken, want, check, keep) for p in paths]


def scan(
    inputs: Iterable[str | os.PathLike[str]],
    course: Course,
    *,
    jobs: int = 1,
    include_broken: bool = False,
    on_progress: OnProgress | None = None,
    records: bool = False,
    check_learner: bool = False,
    keep: bool = False,
) -> Plan:
    """Pass 1. Raises NoInput (from expand); a bad file is a Skipped, never raised.

    `check_learner` skips files whose learner details break the entry rules
    (identity.learner_problem): what xAPI statements would carry to an LRS.
    `keep` keeps every file's checked records for `learners()` (call Plan.close()).
    """
    found = scan_inputs(inputs)
    paths = found.files
    total = len(paths)
    results: list[Scanned | Skipped] = []
    spill = tempfile.TemporaryFile() if keep else None  # noqa: SIM115 - Plan.close() closes it

    def add(items: list[Scanned | Skipped]) -> None:
        for item in items:
            if spill is not None and isinstance(item, Scanned):
                offset = spill.seek(0, os.SEEK_END)
                spill.write(item.kept)
                item = dataclasses.replace(item, kept=b"", spill=(offset, len(item.kept)))
            results.append(item)

    args = (course, include_broken, records, check_learner, keep)
    if jobs <= 1 or total < 2 * _CHUNK:
        for i, path in enumerate(paths, start=1):
            add([_scan_one(path, *args)])
            if on_progress is not None and (i % 32 == 0 or i == total):
                on_progress(i, total)
    else:
        chunks = [list(paths[i : i + _CHUNK]) for i in range(0, total, _CHUNK)]
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(_scan_chunk, chunk, *args) for chunk in chunks]
            for future in futures:
                add(future.result())
                if on_progress is not None:
                    on_progress(len(results), total)
    skipped = [r for r in results if isinstance(r, Skipped)] + left_out(found)
    scanned = [r for r in results if isinstance(r, Scanned)]
    groups, duplicates = group_files(scanned, lambda s: s.facts)
    skipped.extend(duplicates)
    order = {str(p): i for i, p in enumerate(paths)}
    skipped.sort(key=lambda s: order.get(str(s.path), len(order)))
    return Plan(course, groups, skipped, total + len(found.left_out), include_broken, spill)


def collect(
    inputs: Iterable[str | os.PathLike[str]],
    course: Course,
    *,
    jobs: int = 1,
    include_broken: bool = False,
    on_progress: OnProgress | None = None,
) -> Batch:
    """Both passes at once: every learner's files, in memory (for the report, which
    needs them all together). Raises NoInput; a bad file is a Skipped, never raised."""
    plan = scan(
        inputs,
        course,
        jobs=jobs,
        include_broken=include_broken,
        on_progress=on_progress,
        keep=True,
    )
    try:
        every = list(learners(plan))
    finally:
        plan.close()
    return Batch(course, every, plan.skipped, plan.files)


def records(plan: Plan, *, complete_only: bool = False) -> Iterator[Record]:
    """Each learner's record (from pass 1), in learner order."""
    for group in plan.groups:
        record = group[0].record
        assert record is not None, "scan(records=True) first"
        if complete_only and record.status != "complete":
            continue
        yield dataclasses.replace(record, merged_from=tuple(str(s.facts.path) for s in group[1:]))


def learners(plan: Plan) -> Iterator[LearnerFiles]:
    """Pass 2: each learner's files as pass 1 checked them, one learner at a time."""
    spill = plan.spill
    assert spill is not None, "scan(keep=True) first"
    for group in plan.groups:
        loaded = []
        for item in group:
            offset, length = item.spill
            spill.seek(offset)
            progress = _UNPACK.decode(zlib.decompress(spill.read(length)))
            loaded.append(Loaded(item.facts.path, progress, item.chain_ok, item.facts.digest))
        yield LearnerFiles(loaded[0], loaded[1:])


def group_paths(plan: Plan) -> Sequence[Sequence[Path]]:
    return [[s.facts.path for s in group] for group in plan.groups]
