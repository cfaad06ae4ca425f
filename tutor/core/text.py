"""Small text helpers shared by the parser, the linter and the app."""

from __future__ import annotations

import re
import unicodedata

# Escape sequences first (CSI, OSC, DCS/SOS/PM/APC strings, two-byte ESC x), then any
# lone C0 control except tab and newline, DEL, and the C1 range.
_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC / DCS / SOS / PM / APC strings
    r"|\x1b[ -~]?"  # two-byte escapes (ESC c resets the terminal) and a bare ESC
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)
_SLUG_DROP = re.compile(r"[^\w\- ]", re.UNICODE)


def strip_controls(text: str) -> str:
    """Remove terminal control sequences and control characters, keeping tab and newline."""
    return _CONTROL.sub("", text.replace("\r\n", "\n"))


def find_controls(text: str) -> list[int]:
    """Offsets of every control sequence or character (tab and newline excepted)."""
    return [m.start() for m in _CONTROL.finditer(text)]


def slugify(text: str, limit: int = 0) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    slug = _SLUG_DROP.sub("", unicodedata.normalize("NFC", text).strip().lower()).replace(" ", "-")
    if limit and len(slug) > limit:
        slug = slug[:limit].rstrip("-")
    return slug


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset in text."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col
