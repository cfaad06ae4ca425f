"""Fixtures for the CME records tests: the fixture course, the CLI and golden files.

Golden files live in tests/records/golden/. To accept new output after a
deliberate change: `UPDATE_GOLDEN=1 uv run pytest tests/records`, then review
the diff before committing it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from records_factory import COURSE_DIR, fixture_course
from records_helpers import Cli, Result, check_golden

from tutor.cli.main import run
from tutor.core.model import Course


@pytest.fixture(scope="session")
def course() -> Course:
    return fixture_course()


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run `tutor ARGS...` in this process (with the fixture course unless --course is given)."""

    def call(*args: str, course: Path | None = COURSE_DIR) -> Result:
        argv = list(args)
        if course is not None and "--course" not in argv:
            argv += ["--course", str(course)]
        capsys.readouterr()
        code = run(argv)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return call


@pytest.fixture
def golden() -> Callable[[str, bytes], None]:
    return check_golden
