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
