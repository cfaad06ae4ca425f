"""Small text helpers shared by the parser, the linter and the app."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Escape sequences first (CSI, OSC, DCS/SOS/PM/APC strings, two-byte ESC x), then any
# lone C0 control except tab and newline, DEL, and the C1 range. A two-byte escape
# never swallows a newline either.
_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    # OSC / DCS / SOS / PM / APC strings, ended by BEL or ST; never past a newline, so
    # stripping them keeps every line where it was
    r"|\x1b[\]PX^_][^\x07\x1b\n]*(?:\x07|\x1b\\)?"
    r"|\x1b[ -~]?"  # two-byte escapes (ESC c resets the terminal) and a bare ESC
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)
_SLUG_DROP = re.compile(r"[^\w\- ]", re.UNICODE)


def strip_controls(text: str) -> str:
    """Remove terminal control sequences and control characters, keeping tab and newline."""
    return _CONTROL.sub("", text.replace("\r\n", "\n"))


_ANY_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # ESC is in the range


def find_controls(text: str) -> list[int]:
    """Offsets of every control sequence or character (tab and newline excepted)."""
    if not _ANY_CONTROL.search(text):  # the usual case, and much faster than finditer
        return []
    return [m.start() for m in _CONTROL.finditer(text)]


@lru_cache(maxsize=4096)
def slugify(text: str, limit: int = 0) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    slug = _SLUG_DROP.sub("", text.strip().lower()).replace(" ", "-")
    if limit and len(slug) > limit:
        slug = slug[:limit].rstrip("-")
    return slug


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset in text."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)")


def toml_error(exc: ValueError) -> tuple[int, int, str]:
    """Line, column (1-based, within the TOML text) and a readable message for a TOML error."""
    text = str(exc)
    match = _TOML_AT.search(text)
    line, col = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
    message = _TOML_AT.sub("", text).strip()
    if message == "Illegal character '\\n'":
        message = 'a line ends inside a text value (is a closing " missing?)'
    return line, col, message
