"""Fixtures for every suite: no test touches the real home folder or the developer's course."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private HOME and TUTOR_HOME under tmp_path, and no TUTOR_COURSE.

    Tests that write into the home ask for it by name: `private_home / "cert.pdf"`.
    """
    home = tmp_path / "home"
    monkeypatch.setenv("TUTOR_HOME", str(home / "data"))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("TUTOR_COURSE", raising=False)
    for name in ("ENDPOINT", "USER", "PASSWORD", "CREDENTIALS"):  # a developer's own LRS
        monkeypatch.delenv(f"TUTOR_LRS_{name}", raising=False)
    return home
