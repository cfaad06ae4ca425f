"""Shared helpers for the records tests (imported by conftest and the tests)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from records_factory import FIXTURES

GOLDEN = Path(__file__).resolve().parent / "golden"
PROGRESS = FIXTURES / "progress"


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line]


Cli = Callable[..., Result]


def check_golden(name: str, data: bytes) -> None:
    """Compare with golden/NAME; UPDATE_GOLDEN=1 rewrites it instead."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_bytes(data)
        return
    assert path.exists(), f"no golden file {path}; run with UPDATE_GOLDEN=1 to create it"
    expected = path.read_bytes()
    if data != expected:
        # A readable diff on failure; the byte comparison is what counts.
        assert data.decode("utf-8", "replace") == expected.decode("utf-8", "replace")
        assert data == expected
