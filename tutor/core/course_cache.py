"""A course already loaded and checked, kept between runs so the app opens it at once.

Parsing and linting the built-in course takes most of a second on a slow machine;
the app needs neither when nothing has changed. After a load that lint passes, the
`Course` is kept in `paths.cache_dir()`, one file per course folder, under a key
made of everything that could change what a load and lint would give:

- the bytes and names of course.toml and of every markdown file in the folder;
- the folder's place (positions in the model name its files);
- today's date (lint rules look at dates, such as a module's last review);
- tutor's version, the Python version, and the size and time of every file of
  tutor's core (the model's shape and the parser's behaviour come from them).

A file whose key differs is not read any further. The model is kept as MessagePack,
encoded and decoded by msgspec from the model's own declaration (frozen Structs,
items and blocks as tagged unions): reading a cache file can only give back a
`Course`, never run code, and takes a few milliseconds. The folder and file are the
learner's own (0700 and 0600). Anything wrong with a cached file is a miss: the
course is loaded from its files again, and the cache is rewritten.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from pathlib import Path
from typing import Any

import msgspec

from tutor import __version__
from tutor.core.atomic import write_atomic
from tutor.core.model import Course
from tutor.core.paths import cache_dir
from tutor.core.settings import COURSE_FILE, MAX_FILE

FORMAT = b"tutor-course-cache/1"
_CORE = Path(__file__).resolve().parent


def _code_stamp() -> bytes:
    """tutor's version, Python's, and the size and time of every source file of the core."""
    parts = [__version__, sys.version]
    for path in sorted(_CORE.rglob("*.py")):
        st = path.stat()
        parts.append(f"{path.relative_to(_CORE)}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(parts).encode()


def key(root: Path, today: dt.date) -> str | None:
    """The cache key of the course in `root` today; None if its files cannot be read
    (the loader then reports them)."""
    digest = hashlib.sha256(FORMAT)
    digest.update(_code_stamp())
    digest.update(str(root.resolve()).encode())
    digest.update(today.isoformat().encode())
    try:
        names = sorted([COURSE_FILE, *(p.name for p in root.glob("*.md"))])
        for name in names:
            data = (root / name).read_bytes()
            if len(data) > MAX_FILE:
                return None
            digest.update(f"\0{name}\0{len(data)}\0".encode())
            digest.update(data)
    except OSError:
        return None
    return digest.hexdigest()


def _encode_path(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    raise NotImplementedError(f"cannot keep a {type(value).__name__} in the course cache")


def _decode_path(kind: type, value: Any) -> Any:
    if kind is Path and isinstance(value, str):
        return Path(value)
    raise NotImplementedError(f"no {kind.__name__} in the course cache")


_ENCODER = msgspec.msgpack.Encoder(enc_hook=_encode_path)
_DECODER = msgspec.msgpack.Decoder(Course, dec_hook=_decode_path)


def _file(root: Path) -> Path:
    return cache_dir() / f"{hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]}.course"


def load(root: Path, today: dt.date) -> tuple[Course | None, str | None]:
    """The cached course of `root` when its key still matches, and the key."""
    wanted = key(root, today)
    if wanted is None:
        return None, None
    path = _file(root)
    try:
        with path.open("rb") as handle:
            if handle.readline().rstrip(b"\n") != wanted.encode():
                return None, wanted
            course = _DECODER.decode(handle.read())
    except FileNotFoundError:
        return None, wanted
    except (OSError, msgspec.DecodeError, NotImplementedError):
        # a damaged or outdated file: load from the course's files, and write it again
        return None, wanted
    return course, wanted


def store(root: Path, wanted: str, course: Course) -> bool:
    """Keep `course` under `wanted` (the key `load` gave); False if it cannot be written
    (the next start loads the course from its files again; nothing else changes)."""
    path = _file(root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomic(path, wanted.encode() + b"\n" + _ENCODER.encode(course))
    except (OSError, NotImplementedError, TypeError):
        return False
    return True
