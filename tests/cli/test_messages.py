"""Messages that say what happened (issue 10, class 6).

A progress file cut off anywhere is reported as a file cut short, never as a bad value;
every cut gives one line and no traceback. A course folder that cannot be read exits 2
(the README's "a path that cannot be read"), not 1.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import ROOT, run_tutor

from tutor.core.progress import ProgressError, read_progress

GOOD = ROOT / "tests" / "fixtures" / "records" / "progress" / "ada-complete.progress.toml"


def cuts() -> list[int]:
    """Offsets to cut the good file at: every 97th byte, and inside the last lines."""
    size = len(GOOD.read_bytes())
    return sorted(set(range(40, size - 1, 97)) | set(range(size - 160, size - 1, 7)))


@pytest.mark.parametrize("cut", cuts())
def test_a_file_cut_short_is_said_to_be_cut_short(tmp_path: Path, cut: int) -> None:
    data = GOOD.read_bytes()[:cut]
    path = tmp_path / "ada.progress.toml"
    path.write_bytes(data)
    with pytest.raises(ProgressError) as caught:
        read_progress(path)
    error = caught.value
    assert "\n" not in str(error)
    mid_line = not data.endswith(b"\n")
    if mid_line or error.reason in ("truncated", "empty"):
        assert error.reason in ("truncated", "empty"), f"cut at {cut}: {error}"
        assert "cut short" in str(error) or error.reason == "empty", str(error)


def test_the_command_says_so_in_one_line(shared_tmp: Path) -> None:
    data = GOOD.read_bytes()
    path = shared_tmp / "ada.progress.toml"
    path.write_bytes(data[: len(data) // 2 + 3])
    result = run_tutor(
        "verify", str(path), "--course", str(ROOT / "tests/fixtures/records/course")
    ).check(1)
    assert "cut short" in result.out and len(result.out.splitlines()) == 1


def test_an_unreadable_course_folder_exits_2_as_a_user(shared_tmp: Path) -> None:
    folder = shared_tmp / "course"
    folder.mkdir()
    (folder / "course.toml").write_text('id = "x"\n', encoding="utf-8")
    folder.chmod(0o300)  # may be entered, not listed
    app = run_tutor("--course", str(folder), as_nobody=True).check(2)
    assert app.err_lines[0].startswith(f"tutor: {folder}: cannot list the folder"), app.err
    lint = run_tutor("lint", str(folder), as_nobody=True).check(2)
    assert lint.err_lines[0].startswith(f"tutor: lint: {folder}: cannot list the folder")
