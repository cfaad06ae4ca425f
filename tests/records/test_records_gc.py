"""Reading a batch pauses the cyclic garbage collector, and leaves it as it found it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from records_factory import learners, write

from tutor.core.model import Course
from tutor.core.records import collect


@pytest.fixture
def folder(tmp_path: Path, course: Course) -> Path:
    for name, progress in learners(12, course, seed=3):
        write(tmp_path, name, progress)
    return tmp_path


@pytest.fixture(autouse=True)
def _restore_gc() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if enabled:
        gc.enable()
    else:
        gc.disable()


def test_the_collector_is_off_while_files_are_read_and_on_again_after(
    folder: Path, course: Course
) -> None:
    seen: list[bool] = []
    gc.enable()
    batch = collect([folder], course, on_progress=lambda done, total: seen.append(gc.isenabled()))
    assert len(batch.learners) == 12
    assert seen and not any(seen)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0  # what was read went back to the collector


def test_a_collector_switched_off_stays_off(folder: Path, course: Course) -> None:
    gc.disable()
    collect([folder], course)
    assert not gc.isenabled()


def test_objects_someone_else_froze_stay_frozen(folder: Path, course: Course) -> None:
    gc.enable()
    gc.freeze()
    frozen = gc.get_freeze_count()
    assert frozen > 0
    seen: list[bool] = []
    collect([folder], course, on_progress=lambda done, total: seen.append(gc.isenabled()))
    assert seen and all(seen)  # left alone
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen
