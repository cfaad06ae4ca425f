"""The learner's app preferences (today, the theme), kept between runs.

One small TOML file beside the progress files (`paths.preferences_path()`),
declared once by `Preferences`. A file that cannot be read is never fatal: the
app starts with the defaults and says why; the next change writes a good file.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import msgspec

from tutor.core import formats
from tutor.core.atomic import write_atomic
from tutor.core.text import one_line

MAX_BYTES = 64 * 1024


class Preferences(msgspec.Struct, kw_only=True):
    """What the preferences file may say."""

    theme: str = ""  # a theme's name; "" for the app's default


def load(path: Path) -> tuple[Preferences, str]:
    """The preferences in `path` (defaults when there is none), and a one-line problem
    ("" when all is well)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return Preferences(), ""
    except OSError as exc:
        return Preferences(), f"{path}: cannot read it ({exc.strerror or exc}); using defaults"
    try:
        if len(data) > MAX_BYTES:
            raise ValueError("the file is too large")
        return formats.convert(tomllib.loads(data.decode("utf-8")), Preferences), ""
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        return Preferences(), f"{path}: {one_line(str(exc))}; using defaults"


def save(path: Path, preferences: Preferences) -> None:
    """Write the preferences atomically. Raises OSError."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_atomic(path, formats.dumps(preferences).encode("utf-8"))
