"""A real Ralph LRS on 127.0.0.1 for each test that asks for `lrs` (see real_lrs.py).

Skipped, with the reason, only when Ralph is not installed (`uv sync` installs it).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from real_lrs import Lrs, start_lrs


@pytest.fixture
def lrs(tmp_path: Path) -> Iterator[Lrs]:
    server = start_lrs(tmp_path / "lrs")
    try:
        yield server
    finally:
        server.process.terminate()
        try:
            server.process.wait(10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()
