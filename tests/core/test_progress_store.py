"""ProgressStore: atomic saves, the lock, untrusted files, temp files, symlinks."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from progress_course import CORPUS, COURSE_ID, FIXTURES, GOOD, FakeClock, make_course

from tutor.core import paths
from tutor.core.atomic import write_atomic
from tutor.core.progress import (
    AlreadyOpen,
    ProgressError,
    ProgressStore,
    SaveFailed,
    StoreClosed,
    UntrustedFile,
    dumps,
    loads,
    read_progress,
    verify_chain,
)
from tutor.core.session import Session

HERE = Path(__file__).resolve().parent


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the developer's own data folder out of every test."""
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "home"))


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _open(path: Path) -> ProgressStore:
    store = ProgressStore(path, clock=FakeClock())
    store.open(make_course())
    return store


# -- creating and saving --------------------------------------------------------------


def test_open_creates_the_folder_and_a_0600_file(tmp_path: Path) -> None:
    path = paths.progress_path(COURSE_ID)
    assert path.parent == tmp_path / "home"
    store = ProgressStore(path, clock=FakeClock())
    progress = store.open(make_course())
    try:
        assert path.exists()
        assert _mode(path) == 0o600
        assert _mode(path.parent) == 0o700
        assert loads(path.read_text()) == progress
    finally:
        store.close()


def test_saves_are_0600_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o000)
    try:
        store = _open(tmp_path / "p.toml")
        progress = loads((tmp_path / "p.toml").read_text())
        store.save(progress)
        store.close()
    finally:
        os.umask(old)
    assert _mode(tmp_path / "p.toml") == 0o600
    assert _mode(tmp_path / "p.toml.lock") == 0o600


def test_reopen_gives_back_what_was_saved(tmp_path: Path) -> None:
    course = make_course()
    store = ProgressStore(tmp_path / "p.toml", clock=FakeClock())
    progress = store.open(course)
    session = Session(course, progress, store.save, FakeClock())
    session.view_page("basics", "intro")
    session.start_quiz("basics")
    session.answer("basics", "q1", {"a"})
    store.close()
    with ProgressStore(tmp_path / "p.toml") as again:
        reopened = again.open(course)
    assert reopened == progress
    assert again.chain_ok


def test_save_replaces_atomically_and_leaves_no_temp_files(tmp_path: Path) -> None:
    store = _open(tmp_path / "p.toml")
    inode = (tmp_path / "p.toml").stat().st_ino
    progress = loads((tmp_path / "p.toml").read_text())
    progress.learner.first_name = "Ada"
    store.save(progress)
    store.close()
    assert (tmp_path / "p.toml").stat().st_ino != inode  # a new file was renamed in
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.toml", "p.toml.lock"]


def test_opening_an_open_store_again_is_a_programming_error(tmp_path: Path) -> None:
    store = _open(tmp_path / "p.toml")
    with pytest.raises(RuntimeError):
        store.open(make_course())
    store.close()


def test_save_on_a_closed_store_is_refused(tmp_path: Path) -> None:
    store = _open(tmp_path / "p.toml")
    progress = loads((tmp_path / "p.toml").read_text())
    store.close()
    store.close()  # twice is fine
    with pytest.raises(StoreClosed):
        store.save(progress)


def test_a_failed_save_says_so_and_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _open(tmp_path / "p.toml")
    before = (tmp_path / "p.toml").read_bytes()
    progress = loads(before.decode())
    progress.learner.first_name = "Ada"

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(SaveFailed) as info:
        store.save(progress)
    monkeypatch.undo()
    store.close()
    assert str(info.value) == (
        f"{tmp_path / 'p.toml'}: could not save progress: No space left on device "
        "(the last saved copy is intact)"
    )
    assert (tmp_path / "p.toml").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.toml", "p.toml.lock"]


def test_write_atomic_cleans_up_its_temp_file_on_failure(tmp_path: Path) -> None:
    (tmp_path / "target").mkdir()  # os.replace cannot put a file over a folder
    with pytest.raises(OSError):
        write_atomic(tmp_path / "target", b"data")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target"]


# -- stray temp files -----------------------------------------------------------------


def test_stray_temp_files_are_cleaned_at_open(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    _open(path).close()
    strays = [
        tmp_path / ".p.toml.tmp-123-abcd0123",
        tmp_path / ".p.toml.tmp-9-ffff",
        tmp_path / ".p.toml.bak.tmp-9-0000aaaa",
        tmp_path / ".p.toml.schema-0.tmp-77-12345678",
    ]
    for stray in strays:
        stray.write_text("half a file")
    others = [
        tmp_path / ".other.toml.tmp-1-aaaa",  # another course's: not ours to delete
        tmp_path / ".p.toml.tmp-notes",  # not a name write_atomic makes
    ]
    for other in others:
        other.write_text("x")
    store = _open(path)
    store.close()
    assert not any(s.exists() for s in strays)
    assert all(o.exists() for o in others)


# -- the lock ---------------------------------------------------------------------------


def test_a_second_store_in_the_same_process_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    first = _open(path)
    before = path.read_bytes()
    second = ProgressStore(path)
    with pytest.raises(AlreadyOpen) as info:  # at once: the lock is tried without waiting
        second.open(make_course())
    assert "already open" in str(info.value)
    assert path.read_bytes() == before
    first.close()
    second.open(make_course())  # free once the first copy closes
    second.close()


_SECOND_COPY = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, sys.argv[2])
    from progress_course import make_course
    from tutor.core.progress import AlreadyOpen, ProgressStore
    try:
        ProgressStore(sys.argv[1]).open(make_course())
    except AlreadyOpen as e:
        print(json.dumps({"outcome": "refused", "message": str(e)}))
        sys.exit(3)
    print(json.dumps({"outcome": "opened"}))
    """
)


def test_a_second_copy_of_the_app_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    course = make_course()
    store = ProgressStore(path, clock=FakeClock())
    progress = store.open(course)
    Session(course, progress, store.save, FakeClock()).view_page("basics", "intro")
    before = path.read_bytes()
    listing = sorted(p.name for p in tmp_path.iterdir())
    # a copy that waited for the lock instead of refusing at once would hit the timeout
    result = subprocess.run(
        [sys.executable, "-c", _SECOND_COPY, str(path), str(HERE)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    store.close()
    assert result.returncode == 3, result.stderr
    report = json.loads(result.stdout)
    assert report["outcome"] == "refused"
    assert "already open in another copy" in report["message"]
    assert result.stderr == ""
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


# -- files that cannot be trusted ----------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_an_untrusted_file_is_never_written_and_kept_byte_for_byte(
    tmp_path: Path, name: str
) -> None:
    path = tmp_path / "p.toml"
    shutil.copyfile(FIXTURES / "bad" / name, path)
    original = path.read_bytes()
    reason, line = CORPUS[name]
    course = make_course()

    store = ProgressStore(path, clock=FakeClock())
    with pytest.raises(UntrustedFile) as info:
        store.open(course)
    assert info.value.error.reason == reason
    assert info.value.error.line == line
    assert info.value.path == path
    message = str(info.value)
    assert message.startswith(f"{path}:{line}:" if line else f"{path}: ")
    assert "\n" not in message
    assert path.read_bytes() == original
    with pytest.raises(StoreClosed):  # nothing is written until the learner chooses
        store.save(loads(GOOD.read_text()))
    assert path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.toml", "p.toml.lock"]

    fresh = store.set_aside_and_start_fresh()
    kept = store.kept_path
    assert kept is not None and kept.parent == tmp_path
    assert kept.name.startswith("p.toml.corrupt-20") and kept.name.endswith("Z")
    assert kept.read_bytes() == original
    assert read_progress(path) == fresh
    assert fresh.course.id == COURSE_ID
    store.close()


def test_quitting_after_an_untrusted_file_leaves_it_alone(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    shutil.copyfile(FIXTURES / "bad" / "truncated.toml", path)
    original = path.read_bytes()
    store = ProgressStore(path)
    with pytest.raises(UntrustedFile):
        store.open(make_course())
    store.close()
    assert path.read_bytes() == original
    # and the next run asks again
    with pytest.raises(UntrustedFile):
        ProgressStore(path).open(make_course())


def test_setting_aside_twice_in_a_second_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    clock = FakeClock()
    kept: list[Path] = []
    for content in (b"first bad", b"second bad"):
        path.write_bytes(content)
        store = ProgressStore(path, clock=lambda: clock.now)  # a clock that stands still
        with pytest.raises(UntrustedFile):
            store.open(make_course())
        store.set_aside_and_start_fresh()
        assert store.kept_path is not None
        kept.append(store.kept_path)
        store.close()
        path.unlink()
    assert kept[0] != kept[1]
    assert [k.read_bytes() for k in kept] == [b"first bad", b"second bad"]


def test_the_last_good_copy_is_offered_and_restored(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    shutil.copyfile(GOOD, path)
    good = path.read_bytes()
    _open(path).close()  # a clean open keeps a backup
    assert (tmp_path / "p.toml.bak").read_bytes() == good
    path.write_bytes(good[:500])  # then the file is damaged
    damaged = path.read_bytes()
    store = ProgressStore(path, clock=FakeClock())
    with pytest.raises(UntrustedFile) as info:
        store.open(make_course())
    assert info.value.backup == tmp_path / "p.toml.bak"
    restored = store.restore_backup()
    assert restored.learner.first_name == "Ada"
    assert store.kept_path is not None and store.kept_path.read_bytes() == damaged
    assert read_progress(path) == restored
    store.close()


def test_an_older_schema_is_migrated_and_its_bytes_kept(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    shutil.copyfile(FIXTURES / "schema0.toml", path)
    original = path.read_bytes()
    store = _open(path)
    store.close()
    assert (tmp_path / "p.toml.schema-0").read_bytes() == original
    migrated = read_progress(path)
    assert migrated.learner.last_name == "Smith"
    assert verify_chain(migrated)
    assert path.read_text().startswith("schema_version = 1\n")


def test_a_folder_in_place_of_the_file_is_an_error_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "p.toml").mkdir()
    with pytest.raises(ProgressError) as info:
        ProgressStore(tmp_path / "p.toml").open(make_course())
    assert info.value.reason == "not-a-file"
    store = ProgressStore(tmp_path / "p.toml")
    assert not store.is_open


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_place_of_the_file_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "p.toml")
    with pytest.raises(ProgressError) as info:
        read_progress(tmp_path / "p.toml")
    assert info.value.reason == "not-a-file"


def test_read_progress_reads_without_locking_or_writing(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    shutil.copyfile(GOOD, path)
    store = _open(path)  # the app holds the lock...
    listing = sorted(p.name for p in tmp_path.iterdir())
    progress = read_progress(path, course_id=COURSE_ID)  # ...a coordinator can still read
    assert progress.learner.first_name == "Ada"
    assert sorted(p.name for p in tmp_path.iterdir()) == listing
    store.close()
    with pytest.raises(ProgressError) as info:
        read_progress(tmp_path / "missing.toml")
    assert info.value.reason == "unreadable"


# -- symlinks -------------------------------------------------------------------------------


def test_a_symlinked_file_is_followed_and_the_link_kept(tmp_path: Path) -> None:
    real_dir = tmp_path / "synced"
    real_dir.mkdir()
    real = real_dir / "progress.toml"
    shutil.copyfile(GOOD, real)
    link = tmp_path / "p.toml"
    link.symlink_to(real)
    course = make_course()
    store = ProgressStore(link, clock=FakeClock())
    progress = store.open(course)
    assert store.path == real
    Session(course, progress, store.save, FakeClock()).view_page("second", "only")
    # a second copy that opens the real file directly is refused: one lock for both names
    with pytest.raises(AlreadyOpen):
        ProgressStore(real).open(course)
    store.close()
    assert link.is_symlink() and link.resolve() == real
    assert "only" in read_progress(real).modules["second"].pages_viewed
    assert _mode(real) == 0o600
    assert (real_dir / "progress.toml.lock").exists()
    assert not (tmp_path / "p.toml.lock").exists()


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "p.toml"
    link.symlink_to(tmp_path / "elsewhere" / "p.toml")
    _open(link).close()
    assert link.is_symlink()
    assert read_progress(tmp_path / "elsewhere" / "p.toml").course.id == COURSE_ID


def test_dumps_of_what_open_returns_matches_the_file(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    store = _open(path)
    progress = loads(path.read_text())
    store.close()
    assert dumps(progress) == path.read_text()
