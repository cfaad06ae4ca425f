"""The progress core never pulls in the UI: checked in a clean interpreter."""

from __future__ import annotations

import subprocess
import sys

import pytest

MODULES = [
    "tutor.core.progress",
    "tutor.core.progress.store",
    "tutor.core.session",
    "tutor.core.completion",
]


@pytest.mark.parametrize("module", MODULES)
def test_no_textual_or_rich(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'rich'})\n"
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == ""
