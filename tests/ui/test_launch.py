"""Before the first screen: a broken course, a second copy, an untrusted or unwritable file."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui.conftest import COURSE, MakeApp, click, close, progress_file, screen_text, settle
from tutor.core.exits import Exit
from tutor.ui.launch import Prepared, prepare_app
from tutor.ui.screens.home import HomeScreen
from tutor.ui.screens.untrusted import UntrustedScreen


def test_broken_course_is_refused_with_file_and_line(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    module = course / "01-first-steps.md"
    module.write_text(
        module.read_text().replace("- [x] Everyone who can see", "- [ ] Everyone who can see")
    )
    err = io.StringIO()
    assert prepare_app(course, err=err) == Exit.PROBLEMS
    text = err.getvalue()
    assert text.startswith(f"tutor: cannot open the course in {course}: 1 error")
    assert f"{module}:" in text and "Q002" in text
    assert not progress_file().exists()


def test_missing_course_toml_is_refused(tmp_path: Path) -> None:
    err = io.StringIO()
    assert prepare_app(tmp_path, err=err) == Exit.PROBLEMS
    assert "C001" in err.getvalue()


async def test_second_copy_is_refused_and_writes_nothing(make_app: MakeApp) -> None:
    app = make_app()  # holds the lock
    before = progress_file().read_bytes()
    err = io.StringIO()
    assert prepare_app(COURSE, err=err) == Exit.IN_USE
    line = err.getvalue()
    assert "already open elsewhere" in line and line.count("\n") == 1
    assert progress_file().read_bytes() == before
    close(app)


def test_second_process_is_refused_not_kept_waiting() -> None:
    first = prepare_app(COURSE)
    assert isinstance(first, Prepared)
    try:
        before = progress_file().read_bytes()
        # A second copy that waited for the lock would hit the timeout (TimeoutExpired).
        done = subprocess.run(
            [sys.executable, "-m", "tutor", "--course", str(COURSE)],
            capture_output=True,
            text=True,
            timeout=10,
            env=os.environ.copy(),
            stdin=subprocess.DEVNULL,
        )
    finally:
        first.store.close()
    assert done.returncode == Exit.IN_USE
    assert done.stderr.count("\n") == 1 and "already open elsewhere" in done.stderr
    assert done.stdout == ""
    assert progress_file().read_bytes() == before


def test_unwritable_folder_names_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("TUTOR_HOME", str(blocker / "data"))
    err = io.StringIO()
    assert prepare_app(COURSE, err=err) == Exit.USAGE
    text = err.getvalue()
    assert f"cannot keep your progress in {blocker / 'data'}" in text
    assert "--progress PATH" in text and text.count("\n") == 1


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"schema_version = 999\n", "newer"),
        (b"\xff\xfe not utf-8", "UTF-8"),
        (b'schema_version = 1\n[learner\nid = "x"\n', "Where: line 2, column 9"),
    ],
)
async def test_untrusted_file_start_afresh_keeps_its_bytes(
    make_app: MakeApp, content: bytes, reason: str
) -> None:
    path = progress_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, UntrustedScreen)
        text = screen_text(app)
        assert str(path) in text
        assert reason.lower() in text.lower()
        await click(pilot, "#fresh")
        assert isinstance(app.screen, HomeScreen)
    kept = [p for p in path.parent.iterdir() if ".corrupt-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == content
    assert path.read_bytes() != content


async def test_untrusted_file_quit_changes_nothing(make_app: MakeApp) -> None:
    path = progress_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"schema_version = 999\n")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
    assert app.return_value == 1
    assert path.read_bytes() == b"schema_version = 999\n"
    assert sorted(p.name for p in path.parent.iterdir() if not p.name.endswith(".lock")) == [
        path.name
    ]


def test_cli_refuses_a_broken_course_with_exit_1(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    (course / "02-second-module.md").write_text("no front matter\n")
    done = subprocess.run(
        [sys.executable, "-m", "tutor", "--course", str(course)],
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == Exit.PROBLEMS
    first, *rest = done.stderr.splitlines()
    assert first.startswith(f"tutor: cannot open the course in {course}")
    assert any(f"{course / '02-second-module.md'}:1:" in line for line in rest)
    assert done.stdout == ""


async def test_a_failed_save_is_told_and_caught_up(make_app: MakeApp) -> None:
    from tutor.core.progress.errors import SaveFailed

    app = make_app()
    store = app.store
    assert store is not None
    real_save = store.save

    def full_disk(progress: object) -> None:
        raise SaveFailed(store.path, OSError(28, "No space left on device"))

    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        app.open_item("first-steps", "quiz")
        await settle(pilot)
        store.save = full_disk  # type: ignore[method-assign]
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert app.is_running
        assert "Correct." in screen_text(app)
        assert "Progress not saved" in screen_text(app)
        assert "No space left on device" in app.save_problem
        store.save = real_save  # type: ignore[method-assign]
        await pilot.press("n")  # the next step saves everything kept in memory
        await settle(pilot)
        await pilot.press("1", "s")
        await settle(pilot)
        assert app.save_problem == ""
    from tests.ui.conftest import read_progress

    answers = read_progress()["modules"]["first-steps"]["quiz_attempts"][0]["answers"]
    assert [a["correct"] for a in answers] == [True, False]
