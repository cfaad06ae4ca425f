"""The progress file on disk: one lock for the app's lifetime, atomic saves.

    store = ProgressStore(paths.progress_path(course.id, args.progress))
    try:
        progress = store.open(course)        # AlreadyOpen / UntrustedFile
    except UntrustedFile as e:
        ... tell the learner str(e); then, if they agree:
        progress = store.set_aside_and_start_fresh()    # or store.restore_backup()
    session = Session(course, progress, save=store.save)
    ...
    store.close()

Guarantees (see docs/progress-file.md):

- A save is atomic: a temporary file in the same folder is written, fsynced and
  `os.replace`d over the old one, then the folder is fsynced. After `save`
  returns, the new content survives a crash or power cut; before, the old file
  is intact. Files are mode 0600.
- The lock (`<name>.lock`, flock via filelock) is held from `open` to `close`.
  A second copy gets `AlreadyOpen` at once and writes nothing.
- A file that cannot be trusted is never written over. `open` raises
  `UntrustedFile` having written nothing; only when the learner chooses to start
  afresh are its bytes moved aside, unchanged, as `<name>.corrupt-<UTC time>`.
- Symlinks: the final path is resolved once at `open`, and the file the link
  points to is the one read, locked and replaced; the link itself is kept.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import filelock

from tutor import __version__
from tutor.core.atomic import FILE_MODE, fsync_dir, temp_target, write_atomic
from tutor.core.files import FileProblem, Kind, read_file
from tutor.core.model import Course
from tutor.core.progress.codec import MAX_BYTES, decode, dumps, loads_bytes
from tutor.core.progress.errors import (
    AlreadyOpen,
    ProgressError,
    SaveFailed,
    StoreClosed,
    UntrustedFile,
)
from tutor.core.progress.model import SCHEMA_VERSION, Progress, utc_now, verify_chain

DIR_MODE = 0o700


def _stamp(now: dt.datetime) -> str:
    return now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _read_regular(path: Path, max_bytes: int) -> bytes | None:
    """The file's bytes; None if it does not exist. Refuses anything but a regular file.

    Read with `tutor.core.files.read_file`, so a FIFO in its place cannot hang the app.
    Reads at most max_bytes + 1 bytes: the codec reports "too-large".
    """
    try:
        return read_file(path, max_bytes + 1, "progress file")
    except FileProblem as e:
        if e.kind in (Kind.MISSING, Kind.DANGLING):
            return None
        if e.kind is Kind.FILE:  # larger than even max_bytes + 1
            raise ProgressError(
                "too-large",
                f"the file is larger than {max_bytes:,} bytes, the most tutor reads",
                path=path,
            ) from None
        reason = (
            "not-a-file"
            if e.kind in (Kind.FOLDER, Kind.FIFO, Kind.SOCKET, Kind.DEVICE)
            else "unreadable"
        )
        raise ProgressError(reason, e.message, path=path) from None


def read_progress(path: str | os.PathLike[str], *, course_id: str | None = None) -> Progress:
    """Read a progress file without locking or writing anything (for coordinators).

    Raises ProgressError, also for a missing file ("unreadable").
    """
    return read_progress_bytes(path, course_id=course_id)[0]


def read_progress_bytes(
    path: str | os.PathLike[str], *, course_id: str | None = None
) -> tuple[Progress, bytes]:
    """`read_progress`, also returning the bytes that were read (to hash them, say,
    without reading the file a second time)."""
    target = path if isinstance(path, Path) else Path(path)
    data = _read_regular(target, MAX_BYTES)
    if data is None:
        raise ProgressError("unreadable", "no such file", path=target)
    return loads_bytes(data, target, course_id=course_id), data


class ProgressStore:
    """One learner's progress file, opened by one copy of the app at a time."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        clock: Callable[[], dt.datetime] | None = None,
        max_bytes: int = MAX_BYTES,
    ) -> None:
        self.given_path = Path(path)
        #: the file actually read and replaced (the symlink target, if the path is a link)
        self.path = self.given_path
        self.max_bytes = max_bytes
        #: where the untrusted file's bytes went, after set_aside_and_start_fresh()
        self.kept_path: Path | None = None
        #: True when the hash chain matched at open (see model.verify_chain)
        self.chain_ok = True
        self._clock = clock or utc_now
        self._lock: filelock.BaseFileLock | None = None
        self._course: Course | None = None
        self._untrusted: ProgressError | None = None

    # -- paths -------------------------------------------------------------------

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    @property
    def backup_path(self) -> Path:
        """A copy of the file as it was at the last open that read it cleanly."""
        return self.path.with_name(self.path.name + ".bak")

    @property
    def is_open(self) -> bool:
        return self._lock is not None

    def _now(self) -> dt.datetime:
        return self._clock()

    # -- open / close ------------------------------------------------------------

    def open(self, course: Course) -> Progress:
        """Lock, tidy, and load (or create) the file for `course`.

        Raises AlreadyOpen (another copy holds the lock; nothing written),
        UntrustedFile (the file exists but cannot be used; nothing written, the
        lock is kept so the learner can choose), ProgressError (the path is a
        folder or unreadable), or SaveFailed (a new file could not be created).
        """
        if self.is_open:
            raise RuntimeError(f"{self.path} is already open in this store")
        # Symlink policy: follow the link once, then work on the real file.
        self.path = Path(os.path.realpath(self.given_path))
        self._course = course
        self._untrusted = None
        self.kept_path = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        except OSError as e:
            raise SaveFailed(self.path, e) from None
        lock = filelock.FileLock(self.lock_path, timeout=0, mode=FILE_MODE, thread_local=False)
        try:
            lock.acquire(timeout=0)
        except filelock.Timeout:
            raise AlreadyOpen(self.path) from None
        except OSError as e:
            raise SaveFailed(self.lock_path, e) from None
        self._lock = lock
        try:
            return self._load(course)
        except UntrustedFile:
            raise  # keep the lock: the learner's choice comes next
        except BaseException:
            self.close()
            raise

    def _load(self, course: Course) -> Progress:
        self._remove_stray_temps()
        data = _read_regular(self.path, self.max_bytes)
        if data is None:
            progress = Progress.new(course, self._now())
            self.save(progress)
            return progress
        try:
            progress, version = decode(
                data, self.path, course_id=course.id, max_bytes=self.max_bytes
            )
        except ProgressError as e:
            self._untrusted = e
            usable = self._usable_backup(course)
            raise UntrustedFile(e, self.path, usable[0] if usable else None) from None
        self.chain_ok = verify_chain(progress)
        self._write(self.backup_path, data)
        progress.app_version = __version__  # the course's version and hash: Session stamps them
        if version != SCHEMA_VERSION:
            # keep the pre-migration bytes once, beside the file, then write the new schema
            old = self.path.with_name(f"{self.path.name}.schema-{version}")
            if not old.exists():
                self._write(old, data)
            self.save(progress)
        return progress

    def _usable_backup(self, course: Course) -> tuple[Path, Progress] | None:
        """The backup and what it holds, when it is there and reads cleanly for `course`."""
        try:
            data = _read_regular(self.backup_path, self.max_bytes)
            if data is None:
                return None
            progress = loads_bytes(
                data, self.backup_path, course_id=course.id, max_bytes=self.max_bytes
            )
        except ProgressError:
            return None
        return self.backup_path, progress

    def _remove_stray_temps(self) -> None:
        """Delete temp files a killed copy left behind (only ours, only while locked).

        Ours are write_atomic's temp files for `<name>`, `<name>.bak` or `<name>.schema-N`.
        """
        ours = re.compile(rf"{re.escape(self.path.name)}(\.bak|\.schema-\d+)?")
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.path.parent):
                target = temp_target(entry.name)
                if (
                    target is not None
                    and ours.fullmatch(target)
                    and entry.is_file(follow_symlinks=False)
                ):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)

    def close(self) -> None:
        """Release the lock. Safe to call twice. The lock file itself stays."""
        lock, self._lock = self._lock, None
        if lock is not None:
            lock.release(force=True)

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- the learner's choice after UntrustedFile -------------------------------

    def _set_aside(self) -> Path:
        """Move the untrusted file aside, bytes unchanged; never overwrite anything."""
        if not self.is_open or self._untrusted is None:
            raise RuntimeError("set aside only after open() raised UntrustedFile")
        base = f"{self.path.name}.corrupt-{_stamp(self._now())}"
        for n in range(1, 1000):
            kept = self.path.with_name(base if n == 1 else f"{base}-{n}")
            try:
                os.link(self.path, kept)  # fails if `kept` exists: never overwrites
            except FileExistsError:
                continue
            except FileNotFoundError:
                raise
            except OSError:
                # no hard links here (some network or FAT file systems)
                if kept.exists():
                    continue
                os.rename(self.path, kept)
            else:
                os.unlink(self.path)
            fsync_dir(self.path.parent)
            self.kept_path = kept
            self._untrusted = None
            return kept
        raise SaveFailed(self.path, FileExistsError("too many set-aside copies"))

    def set_aside_and_start_fresh(self) -> Progress:
        """Keep the untrusted file as `<name>.corrupt-<UTC time>` and start a new one.

        The kept path is in `self.kept_path`.
        """
        assert self._course is not None
        try:
            self._set_aside()
        except OSError as e:
            raise SaveFailed(self.path, e) from None
        progress = Progress.new(self._course, self._now())
        self.save(progress)
        return progress

    def restore_backup(self) -> Progress:
        """Keep the untrusted file aside, then continue from the last good backup."""
        course = self._course
        assert course is not None
        usable = self._usable_backup(course)
        if usable is None:
            raise RuntimeError("there is no usable backup to restore")
        progress = usable[1]
        try:
            self._set_aside()
        except OSError as e:
            raise SaveFailed(self.path, e) from None
        self.save(progress)
        return progress

    # -- saving --------------------------------------------------------------------

    def _write(self, target: Path, data: bytes) -> None:
        try:
            write_atomic(target, data)
        except OSError as e:
            raise SaveFailed(target, e) from None

    def save(self, progress: Progress) -> None:
        """Write `progress` atomically. Raises SaveFailed (the old file is intact)."""
        if not self.is_open:
            raise StoreClosed(f"{self.path}: save() on a store that is not open")
        if self._untrusted is not None:
            raise StoreClosed(f"{self.path}: the file on disk is untrusted; choose first")
        self._write(self.path, dumps(progress).encode("utf-8"))
