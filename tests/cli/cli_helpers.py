"""Shared by tests/cli: run `tutor` as a user would, in a process of its own, with a
timeout, its output captured.

Every run is checked the same way (`Result.check`): it ended within the timeout, it
printed no traceback, and neither stdout nor stderr holds a raw escape or control
sequence. Permission cases run as an unprivileged user (`as_nobody`): root ignores
file permissions, so as root the process drops to `nobody` with setpriv; a system
that cannot do that skips those tests and says why.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 30  # seconds: every case must end well inside this
#: a raw control character in output: anything below space but tab and newline (and a
#: carriage return ending a line, as CSV writes them), DEL, C1
RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
NOBODY = 65534


@dataclass
class Result:
    code: int
    out: str
    err: str
    args: tuple[str, ...]

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()

    def check(self, code: int | None = None) -> Result:
        """No traceback, no raw control character, and the exit code (if given)."""
        where = f"tutor {' '.join(self.args)}"
        assert "Traceback" not in self.err, f"{where}: traceback\n{self.err}"
        for name, text in (("stdout", self.out), ("stderr", self.err)):
            found = RAW_CONTROL.search(text)
            assert found is None, f"{where}: raw {found.group()!r} on {name}: {text[:300]!r}"
        if code is not None:
            assert self.code == code, f"{where}: exit {self.code}, not {code}\n{self.err}"
        return self


def _drop() -> list[str]:
    """The command prefix that runs a program as an unprivileged user, or [] if the
    tests already run as one."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot drop privileges to test permissions")
    return [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


def run_tutor(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    as_nobody: bool = False,
    stdin: str | None = None,
) -> Result:
    """`tutor ARGS...` in a new process, within TIMEOUT seconds (a hang fails the test)."""
    command = [sys.executable, "-m", "tutor", *args]
    if as_nobody:
        command = _drop() + command
    full_env = {
        k: v for k, v in os.environ.items() if not k.startswith(("TUTOR_", "COLUMNS", "LINES"))
    }
    full_env["PYTHONPATH"] = str(ROOT)
    full_env["TUTOR_HOME"] = str(Path(tempfile.gettempdir()) / "tutor-cli-tests-home")
    full_env.update(env or {})
    try:
        done = subprocess.run(
            command,
            cwd=cwd or ROOT,
            env=full_env,
            input=stdin if stdin is not None else "",
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"tutor {' '.join(args)}: no answer within {TIMEOUT} s (a hang)")
    return Result(
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
        tuple(args),
    )


def open_up(path: Path) -> None:
    """Make a file or a folder tree readable (and folders writable) by anyone."""
    for item in [path, *path.rglob("*")] if path.is_dir() else [path]:
        if not item.is_symlink():
            item.chmod(0o777 if item.is_dir() else 0o666)
