"""The files and folders people name: what each path is, read without hanging, said plainly.

Every command takes paths from a trainer, a learner or a coordinator, and any of
them can be something other than what was meant: missing, a folder, a named pipe
(reading one waits forever for a writer), a socket, a device, a dangling or looping
symbolic link, a huge file, or a file under a folder the user may not search. This
module answers, for any path, without raising anything but `FileProblem`:

- `kind_of(path)`: what the path is (`Kind`), never following a link loop;
- `read_file(path, limit)`: the bytes of a regular file, opened without blocking, so
  a FIFO in its place cannot hang; everything else becomes a `FileProblem` whose
  message says what the path is and what to do;
- `need_folder(path)`: a folder that can be listed, or a `FileProblem`;
- `scan(inputs, suffix)`: the files that paths, folders and glob patterns name,
  with every path it had to leave out and why (nothing is dropped without a word),
  never following a symbolic link into a loop.
"""

from __future__ import annotations

import errno
import glob
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Kind(StrEnum):
    FILE = "file"
    FOLDER = "folder"
    MISSING = "missing"
    DANGLING = "dangling"  # a symbolic link to nothing
    LOOP = "loop"  # a symbolic link loop
    FIFO = "fifo"
    SOCKET = "socket"
    DEVICE = "device"
    NO_ACCESS = "no-access"  # a folder on the way may not be searched
    NOT_A_FOLDER = "not-a-folder"  # a part of the path is a file, not a folder
    ERROR = "error"  # any other refusal by the system


#: What each kind of path is, in plain words.
SAYS = {
    Kind.FILE: "a file",
    Kind.FOLDER: "a folder, not a file",
    Kind.MISSING: "no such file or folder",
    Kind.DANGLING: "a symbolic link to something that does not exist",
    Kind.LOOP: "a symbolic link that leads round in a loop",
    Kind.FIFO: "a named pipe (FIFO), not a file",
    Kind.SOCKET: "a socket, not a file",
    Kind.DEVICE: "a device, not a file",
    Kind.NO_ACCESS: "cannot be reached: a folder on the way does not allow it (permission denied)",
    Kind.NOT_A_FOLDER: "cannot exist: a part of the path is a file, not a folder",
    Kind.ERROR: "cannot be read",
}


class FileProblem(Exception):
    """A path that cannot be used as asked, with what it is in plain words.

    `str()` is the message without the path; `kind` says what the path turned out to be.
    """

    def __init__(self, path: Path, kind: Kind, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.kind = kind
        self.message = message

    def __str__(self) -> str:
        return self.message


def _kind_of_error(path: Path, exc: OSError) -> Kind:
    if exc.errno == errno.ELOOP:
        return Kind.LOOP
    if exc.errno == errno.EACCES or exc.errno == errno.EPERM:
        return Kind.NO_ACCESS
    if exc.errno == errno.ENOTDIR:
        return Kind.NOT_A_FOLDER
    if exc.errno == errno.ENOENT:
        try:
            os.lstat(path)
        except OSError:
            return Kind.MISSING
        return Kind.DANGLING  # the name is there; what it points to is not
    return Kind.ERROR


def kind_of(path: Path | str) -> Kind:
    """What `path` is. Never raises, never blocks."""
    path = Path(path)
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return _kind_of_error(path, exc)
    except ValueError:  # a NUL character in the name
        return Kind.ERROR
    if stat.S_ISREG(mode):
        return Kind.FILE
    if stat.S_ISDIR(mode):
        return Kind.FOLDER
    if stat.S_ISFIFO(mode):
        return Kind.FIFO
    if stat.S_ISSOCK(mode):
        return Kind.SOCKET
    return Kind.DEVICE


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower() if exc.strerror else str(exc)


def _open_regular(path: Path) -> tuple[int, int]:
    """A descriptor open for reading on the regular file at `path`, and its size; opened
    without blocking, so a FIFO cannot hang it. FileProblem for anything else."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        kind = _kind_of_error(path, exc)
        if kind is Kind.ERROR:
            if exc.errno == errno.ENXIO:  # a socket, or a device with nothing behind it
                kind = kind_of(path)
                if kind is Kind.FILE:
                    kind = Kind.ERROR
            elif exc.errno == errno.EISDIR:
                kind = Kind.FOLDER
        message = SAYS[kind] if kind is not Kind.ERROR else f"cannot be read: {_reason(exc)}"
        if kind is Kind.NO_ACCESS and kind_of(path) is Kind.FILE:
            message = "cannot be read: permission denied"
        raise FileProblem(path, kind, message) from None
    except ValueError:
        raise FileProblem(path, Kind.ERROR, "the name holds a NUL character") from None
    try:
        info = os.fstat(fd)
    except OSError as exc:
        os.close(fd)
        raise FileProblem(path, Kind.ERROR, f"cannot be read: {_reason(exc)}") from None
    mode = info.st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = (
            Kind.FOLDER
            if stat.S_ISDIR(mode)
            else Kind.FIFO
            if stat.S_ISFIFO(mode)
            else Kind.SOCKET
            if stat.S_ISSOCK(mode)
            else Kind.DEVICE
        )
        raise FileProblem(path, kind, f"this is {SAYS[kind]}")
    return fd, info.st_size


def check_file(path: Path | str) -> None:
    """Nothing if `path` is a regular file that can be opened for reading; FileProblem
    (as `read_file` raises it) otherwise. Reads nothing."""
    fd, _size = _open_regular(Path(path))
    os.close(fd)


def read_file(path: Path | str, limit: int, what: str = "file") -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them.

    Raises FileProblem for anything else: a missing path, a folder, a pipe (opened
    without blocking, so it cannot hang), a socket, a device, a link that leads
    nowhere, a file that cannot be read, and a file larger than `limit`.
    """
    path = Path(path)
    fd, size = _open_regular(path)
    try:
        chunks: list[bytes] = []
        left = limit + 1
        # ask for about the size the file has: os.read sets aside all it is asked for
        step = max(min(size + 1, left), 1 << 12)
        while left > 0:
            chunk = os.read(fd, min(left, step))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
            step = min(2 * step, 1 << 20)
    except OSError as exc:
        raise FileProblem(path, Kind.ERROR, f"cannot be read: {_reason(exc)}") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise FileProblem(
            path, Kind.FILE, f"the {what} is larger than {_size(limit)}, the most tutor reads"
        )
    return data


def _size(n: int) -> str:
    if n % (1 << 20) == 0:
        return f"{n >> 20} MiB"
    if n % (1 << 10) == 0:
        return f"{n >> 10} KiB"
    return f"{n} bytes"


def need_folder(path: Path | str) -> Path:
    """`path` if it is a folder whose files can be listed; FileProblem otherwise."""
    path = Path(path)
    kind = kind_of(path)
    if kind is Kind.FILE:
        raise FileProblem(path, kind, "is a file, not a folder")
    if kind is not Kind.FOLDER:
        message = SAYS[kind].replace(", not a file", ", not a folder")
        if kind is Kind.MISSING:
            message = "no such folder"
        raise FileProblem(path, kind, message)
    try:
        with os.scandir(path):
            pass
    except OSError as exc:
        raise FileProblem(path, Kind.NO_ACCESS, f"cannot list the folder: {_reason(exc)}") from None
    return path


def list_folder(path: Path, suffix: str) -> list[Path]:
    """The names in folder `path` that end with `suffix` (any kind of path), sorted.

    Raises FileProblem when the folder cannot be listed."""
    try:
        with os.scandir(path) as entries:
            return sorted(path / e.name for e in entries if e.name.endswith(suffix))
    except OSError as exc:
        kind = _kind_of_error(path, exc)
        raise FileProblem(path, kind, f"cannot list the folder: {_reason(exc)}") from None


# -- scanning inputs -------------------------------------------------------------------------

_GLOB_CHARS = frozenset("*?[")


@dataclass(slots=True)
class Left:
    """A path a scan left out, and why (one line, without the path)."""

    path: Path
    kind: Kind
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(slots=True)
class Scan:
    files: list[Path] = field(default_factory=list)
    left_out: list[Left] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)  # inputs that named nothing at all


def scan(inputs: Iterable[str | os.PathLike[str]], suffix: str) -> Scan:
    """The files that `inputs` name: files as given, folders searched for `suffix` files
    at any depth, and glob patterns (`**` for any depth). Each file once, in order found.

    A path given as a file is kept whatever it is, so that reading it says what is
    wrong. In folders and pattern matches, a path ending with `suffix` that is not a
    regular file (a folder, a pipe, a dangling link...) and a folder that cannot be
    listed are left out with a reason. Symbolic links to folders are followed once:
    a folder already searched (by its real path) is not searched again, so a link
    loop ends.
    """
    found = Scan()
    seen: set[str] = set()
    searched: set[tuple[int, int]] = set()  # folders searched for this input (loops end)
    matched = 0  # paths this input named, new or not

    def add(path: Path) -> None:
        key = os.path.normcase(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            found.files.append(path)

    def leave(path: Path, kind: Kind, message: str) -> None:
        key = "left:" + os.path.normcase(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            found.left_out.append(Left(path, kind, message))

    def consider(path: Path) -> bool:
        """A path met inside a folder or by a pattern: add it if it is a usable file."""
        nonlocal matched
        matched += 1
        kind = kind_of(path)
        if kind is Kind.FILE:
            add(path)
            return True
        leave(path, kind, SAYS[kind])
        return False

    def walk(folder: Path) -> int:
        """Search a folder for `suffix` files; returns how many it added."""
        nonlocal matched
        try:
            info = os.stat(folder)
        except OSError as exc:
            leave(folder, _kind_of_error(folder, exc), _reason(exc))
            return 0
        ident = (info.st_dev, info.st_ino)
        if ident in searched:
            return 0
        searched.add(ident)
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            leave(folder, Kind.NO_ACCESS, f"cannot list this folder: {_reason(exc)}")
            return 0
        count = 0
        for entry in entries:
            path = folder / entry.name
            kind = kind_of(path)
            if kind is Kind.FOLDER:
                added = walk(path)
                if not added and entry.name.endswith(suffix):
                    matched += 1
                    leave(path, kind, SAYS[kind])
                count += added
            elif entry.name.endswith(suffix):
                count += consider(path)
        return count

    for item in inputs:
        text = os.fspath(item)
        path = Path(text)
        kind = kind_of(path)
        matched = 0
        searched.clear()
        if kind is Kind.FOLDER:
            walk(path)
            if not matched:
                found.empty.append(f"{text}: no {suffix} files in this folder")
        elif kind is Kind.MISSING and _GLOB_CHARS & set(text):
            for match in _glob(text, leave):
                consider(Path(match))
            if not matched:
                found.empty.append(f"{text}: no files match")
        else:
            add(path)
    return found


def _glob(pattern: str, leave: Callable[[Path, Kind, str], None]) -> list[str]:
    """Matches of a pattern, `**` meaning any depth, without following a link loop;
    a folder on the way that cannot be listed is passed to `leave`."""
    if "**" not in pattern:
        return sorted(glob.glob(pattern))
    head, _, tail = pattern.partition("**")
    rest = tail.lstrip("/" + os.sep)
    bases = sorted(glob.glob(head)) if _GLOB_CHARS & set(head) else [head or "."]
    out: list[str] = []
    searched: set[tuple[int, int]] = set()

    def walk(folder: Path) -> None:
        try:
            info = os.stat(folder)
        except OSError:
            return
        ident = (info.st_dev, info.st_ino)
        if ident in searched:
            return
        searched.add(ident)
        try:
            with os.scandir(folder) as it:
                names = sorted(e.name for e in it)
        except OSError as exc:
            leave(folder, Kind.NO_ACCESS, f"cannot list this folder: {_reason(exc)}")
            return
        prefix = glob.escape(str(folder))
        out.extend(glob.glob(os.path.join(prefix, rest) if rest else prefix))
        for name in names:
            child = folder / name
            if kind_of(child) is Kind.FOLDER:
                walk(child)

    for base in bases:
        if kind_of(base) is Kind.FOLDER:
            walk(Path(base))
    return sorted(set(out))
