"""Fixtures for tests/cli (the helpers are in cli_helpers.py)."""

from __future__ import annotations

import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A temporary folder that an unprivileged user can enter and write in (pytest's own
    tmp_path is private to the user running the tests)."""
    folder = Path(tempfile.mkdtemp(prefix="tutor-cli-"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:  # give back what a test locked
            try:
                if path.is_dir() and not path.is_symlink():
                    path.chmod(stat.S_IRWXU | stat.S_IRWXG | stat.S_IRWXO)
            except OSError:
                pass
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def time_limit() -> Iterator[None]:
    """Every case here ends within TIMEOUT seconds, in this process too (SIGALRM; the
    cases that run `tutor` have their own timeout on the process)."""
    import signal

    from cli_helpers import TIMEOUT

    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"no result within {TIMEOUT} s (a hang)")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(TIMEOUT * 2)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
