"""Fixtures for the lint tests: modules and courses written to tmp_path, then linted."""

from __future__ import annotations

from pathlib import Path

import pytest
from lint_helpers import TODAY, Lint

from tutor.core.diagnostics import Diagnostic
from tutor.core.lint import lint_path


@pytest.fixture
def lint_module(tmp_path: Path) -> Lint:
    """Write one module file (text or bytes) and lint it alone."""

    def run(content: str | bytes, name: str = "01-a.md") -> list[Diagnostic]:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
        return lint_path(path, today=TODAY)

    return run


@pytest.fixture
def lint_course(tmp_path: Path) -> Lint:
    """Write a course folder (file name -> text) and lint it."""

    def run(files: dict[str, str]) -> list[Diagnostic]:
        for name, text in files.items():
            (tmp_path / name).write_text(text, encoding="utf-8")
        return lint_path(tmp_path, today=TODAY)

    return run
