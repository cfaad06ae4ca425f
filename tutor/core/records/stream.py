"""Records one learner at a time, so memory stays flat however many files there are.

Two passes over the files, with the merge rule of collect.py unchanged:

1. **scan**: read and check every file (in worker processes with jobs > 1), keep
   only what the merge rule needs (`FileFacts`) plus, for CSV and JSON, the
   file's small `Record`; the parsed file itself is dropped at once. Skipped
   files are all known after this pass, before anything is written.
2. **learners**: for formats that need every event (xAPI), read each learner's
   files again, one learner at a time, and hand out `LearnerFiles`. A file whose
   bytes changed between the passes is skipped (its digest no longer matches).

Any writer consumes `records()` or `learners()` one item at a time.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tutor.core.model import Course
from tutor.core.records.collect import (
    _CHUNK,
    FileFacts,
    LearnerFiles,
    Loaded,
    OnProgress,
    Skipped,
    expand,
    group_files,
    learner_order,
    load_one,
    merge_key,
)
from tutor.core.records.identity import learner_problem
from tutor.core.records.rows import Record, build_record


@dataclass(frozen=True, slots=True)
class Scanned:
    """One file after the first pass."""

    facts: FileFacts
    record: Record | None  # built as if this file were the learner's chosen one


@dataclass(slots=True)
class Plan:
    course: Course
    groups: list[list[Scanned]]  # one per learner, the chosen file first, in learner order
    skipped: list[Skipped]
    files: int
    include_broken: bool

    @property
    def learner_count(self) -> int:
        return len(self.groups)


def _scan_one(
    path: Path,
    course: Course,
    include_broken: bool,
    want_record: bool,
    check_learner: bool,
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
    return Scanned(facts, record)


def _scan_chunk(
    paths: list[Path], course: Course, include_broken: bool, want: bool, check: bool
) -> list[Scanned | Skipped]:
    return [_scan_one(p, course, include_broken, want, check) for p in paths]


def scan(
    inputs: Iterable[str | os.PathLike[str]],
    course: Course,
    *,
    jobs: int = 1,
    include_broken: bool = False,
    on_progress: OnProgress | None = None,
    records: bool = False,
    check_learner: bool = False,
) -> Plan:
    """Pass 1. Raises NoInput (from expand); a bad file is a Skipped, never raised.

    `check_learner` skips files whose learner details break the entry rules
    (identity.learner_problem): what xAPI statements would carry to an LRS.
    """
    paths = expand(inputs)
    total = len(paths)
    results: list[Scanned | Skipped] = []
    if jobs <= 1 or total < 2 * _CHUNK:
        for i, path in enumerate(paths, start=1):
            results.append(_scan_one(path, course, include_broken, records, check_learner))
            if on_progress is not None and (i % 32 == 0 or i == total):
                on_progress(i, total)
    else:
        chunks = [list(paths[i : i + _CHUNK]) for i in range(0, total, _CHUNK)]
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [
                pool.submit(_scan_chunk, chunk, course, include_broken, records, check_learner)
                for chunk in chunks
            ]
            for future in futures:
                results.extend(future.result())
                if on_progress is not None:
                    on_progress(len(results), total)
    skipped = [r for r in results if isinstance(r, Skipped)]
    scanned = [r for r in results if isinstance(r, Scanned)]
    groups, duplicates = group_files(scanned, lambda s: s.facts)
    skipped.extend(duplicates)
    order = {str(p): i for i, p in enumerate(paths)}
    skipped.sort(key=lambda s: order.get(str(s.path), len(order)))
    return Plan(course, groups, skipped, total, include_broken)


def records(plan: Plan, *, complete_only: bool = False) -> Iterator[Record]:
    """Each learner's record (from pass 1), in learner order."""
    for group in plan.groups:
        record = group[0].record
        assert record is not None, "scan(records=True) first"
        if complete_only and record.status != "complete":
            continue
        yield dataclasses.replace(record, merged_from=tuple(str(s.facts.path) for s in group[1:]))


def learners(plan: Plan, skipped: list[Skipped]) -> Iterator[LearnerFiles]:
    """Pass 2: each learner's files read again, one learner at a time.

    A file that changed since the first pass is appended to `skipped` and left
    out (a learner whose chosen file changed is left out whole).
    """
    course = plan.course
    for group in plan.groups:
        loaded: list[Loaded] = []
        for item in group:
            again = load_one(item.facts.path, course.id, course.max_credit, plan.include_broken)
            if isinstance(again, Skipped) or again.digest != item.facts.digest:
                skipped.append(
                    Skipped(
                        item.facts.path,
                        "changed",
                        f"{item.facts.path}: changed while it was being exported; export again",
                    )
                )
                if not loaded:
                    break
                continue
            loaded.append(again)
        if len(loaded) == len(group) or (loaded and loaded[0].path == group[0].facts.path):
            yield LearnerFiles(loaded[0], loaded[1:])


def group_paths(plan: Plan) -> Sequence[Sequence[Path]]:
    return [[s.facts.path for s in group] for group in plan.groups]
