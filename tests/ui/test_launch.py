"""Before the first screen: a broken course, a second copy, an untrusted or unwritable file."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui.conftest import (
    COURSE,
    MakeApp,
    click,
    close,
    press,
    progress_file,
    screen_text,
    settle,
)
from tutor.core.exits import Exit
from tutor.ui.launch import Prepared, prepare_app
from tutor.ui.screens.home import HomeScreen
from tutor.ui.screens.untrusted import UntrustedScreen
from tutor.ui.screens.welcome import WelcomeScreen


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
        assert isinstance(app.screen, WelcomeScreen)  # a fresh start is a first run
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)
    kept = [p for p in path.parent.iterdir() if ".corrupt-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == content
    assert path.read_bytes() != content


@pytest.mark.parametrize("key", ["escape", "ctrl+q"])
async def test_untrusted_file_quit_changes_nothing_and_exits_1(make_app: MakeApp, key: str) -> None:
    """Leaving the untrusted-file screen (its "quit" choice, or Ctrl+Q) writes nothing."""
    path = progress_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"schema_version = 999\n")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
    assert app.return_value == 1
    assert path.read_bytes() == b"schema_version = 999\n"
    # (the checked course's cache is kept beside progress files, in cache/)
    names = [p.name for p in path.parent.iterdir() if p.name != "cache"]
    assert sorted(n for n in names if not n.endswith(".lock")) == [path.name]


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


def test_records_package_names_resolve_lazily() -> None:
    """tutor.core.records imports each name on first use (start-up); every name it exports
    still resolves, and the lazy table lists exactly what it exports."""
    import tutor.core.records as records

    assert set(records._WHERE) | {"collect"} == set(records.__all__)
    for name in records.__all__:
        assert getattr(records, name) is not None


def _no_loading(*args: object, **kwargs: object) -> None:
    raise AssertionError("the course was parsed again")


def test_a_checked_course_opens_from_the_cache_until_a_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tutor.core.course as course_module
    from tutor.core import course_cache
    from tutor.core.paths import cache_dir

    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    first = prepare_app(course)
    assert isinstance(first, Prepared)
    first.store.close()
    kept = list(cache_dir().glob("*.course"))
    assert len(kept) == 1 and kept[0].stat().st_mode & 0o777 == 0o600

    with monkeypatch.context() as patched:
        patched.setattr(course_module, "load_course", _no_loading)
        again = prepare_app(course)  # nothing changed: no parse
        assert isinstance(again, Prepared)
        again.store.close()
        assert again.app.course == first.app.course

    # an edit that breaks the course is seen at once
    module = course / "01-first-steps.md"
    module.write_text(
        module.read_text().replace("- [x] Everyone who can see", "- [ ] Everyone who can see")
    )
    err = io.StringIO()
    assert prepare_app(course, err=err) == Exit.PROBLEMS
    assert "Q002" in err.getvalue()

    # a damaged cache file is a miss, never a crash
    shutil.copytree(COURSE, course, dirs_exist_ok=True)
    kept[0].write_bytes(kept[0].read_bytes()[:200])
    fixed = prepare_app(course)
    assert isinstance(fixed, Prepared)
    fixed.store.close()
    loaded, key = course_cache.load(course, dt.date.today())
    assert loaded is not None and key is not None  # written again, whole


def test_a_terminal_sees_a_line_at_once_and_where_everything_is_saved(tmp_path: Path) -> None:
    """In a real terminal: a line before the course loads, and after Ctrl+Q, where progress
    is kept."""
    import fcntl
    import pty
    import select
    import struct
    import termios
    import time

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = dict(os.environ, TERM="xterm-256color")
    proc = subprocess.Popen(
        [sys.executable, "-m", "tutor", "--course", str(COURSE)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    out = bytearray()
    sent = False
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    out += os.read(master, 65536)
                except OSError:
                    break
            if not sent and b"Start the course" in out:
                os.write(master, b"\x11")  # Ctrl+Q
                sent = True
        proc.wait(10)
        while True:  # what is left to read
            ready, _, _ = select.select([master], [], [], 0.1)
            if not ready:
                break
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    text = out.decode(errors="replace")
    assert proc.returncode == 0, text[-1500:]
    assert text.index("tutor: opening the course") < text.index("\x1b[?1049h")
    after = text[text.rindex("\x1b[?1049l") :]
    assert f"Everything is saved, in {progress_file()}" in after
    assert "carry on exactly where you left off" in after


async def test_a_certificate_goes_to_the_browser_when_the_app_is_served(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io as _io

    from tutor.ui.app import TutorApp

    app = make_app()
    handed: list[tuple[bytes, str | None, str | None]] = []

    def deliver_binary(binary: _io.BytesIO, **kwargs: str) -> None:
        handed.append((binary.read(), kwargs.get("save_filename"), kwargs.get("mime_type")))

    monkeypatch.setattr(TutorApp, "is_web", property(lambda self: True))
    app.deliver_binary = deliver_binary  # type: ignore[assignment,method-assign]
    delivery = app.deliver(b"%PDF-1.7 test", "x-certificate.pdf", "application/pdf")
    assert (
        delivery.path is None and "browser is downloading x-certificate.pdf" in delivery.describe()
    )
    assert handed == [(b"%PDF-1.7 test", "x-certificate.pdf", "application/pdf")]
