"""Replace a file whole or not at all: the one atomic writer the core uses.

Temp file in the same folder (O_EXCL|O_NOFOLLOW, mode 0600), fsync, `os.replace`,
fsync the folder. A crash or an error before the replace leaves the old file (or
no file), never a truncated one. Used for progress files, exports and certificates.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

FILE_MODE = 0o600
TMP_MARK = ".tmp-"
# the temp names write_atomic makes: .<target name>.tmp-<pid>-<hex>
_TEMP_NAME = re.compile(rf"\.(?P<target>.+){re.escape(TMP_MARK)}\d+-[0-9a-f]+")


def fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover - Windows cannot open a folder to fsync it
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def tmp_prefix(target: Path) -> str:
    return f".{target.name}{TMP_MARK}"


def temp_target(name: str) -> str | None:
    """If `name` is a temp file's name as write_atomic makes them (one a killed process may
    have left behind), the name of the file it was to replace; else None."""
    match = _TEMP_NAME.fullmatch(name)
    return match.group("target") if match else None


def write_atomic(target: Path, data: bytes, mode: int = FILE_MODE) -> None:
    """Replace `target` with `data`: temp file, fsync, os.replace, fsync the folder.

    Raises OSError; the old file is untouched unless the replace happened (see
    `open_atomic`, which this writes through).
    """
    with open_atomic(target, mode) as file:
        file.write(data)


@contextlib.contextmanager
def open_atomic(target: Path, mode: int = FILE_MODE) -> Iterator[BinaryIO]:
    """A binary file to write `target` piece by piece, replacing it in one step at the end.

    The temp file, in the same folder, is created with O_EXCL|O_NOFOLLOW and mode 0600,
    then given `mode` (whatever the umask), so nothing else can be opened or followed in
    its place; it is fsynced, `os.replace`d over `target`, and the folder fsynced. An
    exception inside the block removes the temp file and leaves `target` as it was.
    """
    folder = target.parent
    tmp = folder / f"{tmp_prefix(target)}{os.getpid()}-{secrets.token_hex(4)}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_CLOEXEC", 0)
    fd = os.open(tmp, flags, FILE_MODE)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb", buffering=1 << 16) as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(folder)
