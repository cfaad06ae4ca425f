"""Small text helpers shared by the parser, the linter and the app."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import unquote

# Escape sequences first (CSI, OSC, DCS/SOS/PM/APC strings, two-byte ESC x), then any
# lone C0 control except tab and newline, DEL, and the C1 range. A two-byte escape
# never swallows a newline either.
_C0_C1 = r"\x00-\x1f\x7f-\x9f"  # every C0 control, DEL and every C1 control
_C0_C1_BUT_TAB_NL = r"\x00-\x08\x0b-\x1f\x7f-\x9f"
_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    # OSC / DCS / SOS / PM / APC strings, ended by BEL or ST; never past a newline, so
    # stripping them keeps every line where it was
    r"|\x1b[\]PX^_][^\x07\x1b\n]*(?:\x07|\x1b\\)?"
    r"|\x1b[ -~]?"  # two-byte escapes (ESC c resets the terminal) and a bare ESC
    rf"|[{_C0_C1_BUT_TAB_NL}]"
)
_SLUG_DROP = re.compile(r"[^\w\- ]", re.UNICODE)


def strip_controls(text: str) -> str:
    """Remove terminal control sequences and control characters, keeping tab and newline."""
    return _CONTROL.sub("", text.replace("\r\n", "\n"))


def one_line(text: str) -> str:
    """Text as one line: controls stripped, every run of whitespace one space, no blank ends."""
    return " ".join(strip_controls(text).split())


_ANY_CONTROL = re.compile(f"[{_C0_C1_BUT_TAB_NL}]")  # ESC is in the range
#: one control character: any C0 control (tab and newline included), DEL or a C1 control
CONTROL_CHAR = re.compile(f"[{_C0_C1}]")


def has_controls(text: str, allowed: str = "") -> bool:
    """Whether `text` holds a control character (C0, DEL or C1) other than those in `allowed`."""
    return any(m.group() not in allowed for m in CONTROL_CHAR.finditer(text))


def find_controls(text: str) -> list[int]:
    """Offsets of every control sequence or character (tab and newline excepted)."""
    if not _ANY_CONTROL.search(text):  # the usual case, and much faster than finditer
        return []
    return [m.start() for m in _CONTROL.finditer(text)]


#: Characters that reorder or hide text without being seen: the bidi embeddings, overrides
#: and isolates (U+202A-U+202E, U+2066-U+2069) and the zero-width space, word joiner,
#: invisible separator and byte order mark. Always suspect in lesson text.
_ALWAYS_INVISIBLE = "\u202a-\u202e\u2066-\u2069\u200b\u2060\u180e\ufeff"
#: Zero-width joiners and direction marks: needed inside emoji sequences and in Arabic,
#: Persian or Indic words, suspect only between plain ASCII (or at a line's edge).
_CONTEXT_INVISIBLE = "\u200c\u200d\u200e\u200f\u061c"
_INVISIBLE = re.compile(f"[{_ALWAYS_INVISIBLE}{_CONTEXT_INVISIBLE}]")


def find_invisible(text: str) -> list[int]:
    """Offsets of characters that reorder or hide text (see _ALWAYS_INVISIBLE); a joiner or
    direction mark counts only with plain ASCII (or a line's edge) on both sides."""
    if text.isascii():
        return []
    found: list[int] = []
    for match in _INVISIBLE.finditer(text):
        at = match.start()
        if match.group() in _CONTEXT_INVISIBLE:
            before = text[at - 1] if at > 0 else "\n"
            after = text[at + 1] if at + 1 < len(text) else "\n"
            if not (before.isascii() and after.isascii()):
                continue
        found.append(at)
    return found


def visible(text: str) -> str:
    """Text for a one-line message: controls stripped, whitespace runs one space, and every
    invisible formatting character shown as <U+XXXX>, so a message cannot be reordered."""
    line = one_line(text)
    if line.isascii():
        return line
    return _INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", line)


@lru_cache(maxsize=4096)
def slugify(text: str, limit: int = 0) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    if not text.isascii():
        import unicodedata  # here: its tables cost the app's start-up most of a megabyte

        text = unicodedata.normalize("NFC", text)
    slug = _SLUG_DROP.sub("", text.strip().lower()).replace(" ", "-")
    if limit and len(slug) > limit:
        slug = slug[:limit].rstrip("-")
    return slug


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def link_target(href: str) -> str:
    """A link's target as the trainer wrote it: markdown-it percent-encodes anything but
    ASCII (`#überblick` becomes `#%C3%BCberblick`, a curly apostrophe `%E2%80%99`); a
    target within the course is decoded again, so it compares with heading anchors in
    any script. Web addresses are kept as they are."""
    if "%" not in href or _SCHEME.match(href):
        return href
    decoded = unquote(href)
    # a control or invisible character stays encoded: decoding must not make one
    return href if has_controls(decoded) or find_invisible(decoded) else decoded


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset in text."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def line_starts(text: str) -> list[int]:
    """The offset where each line of `text` starts, for `line_col_in`."""
    return [0, *(m.end() for m in re.finditer("\n", text))]


def line_col_in(starts: Sequence[int], offset: int) -> tuple[int, int]:
    """`line_col`, by bisecting a `line_starts` table: for many offsets in one text."""
    line = bisect_right(starts, offset) - 1
    return line + 1, offset - starts[line] + 1


def byte_line_col(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and (character) column of a byte offset in UTF-8 data that may not
    decode: where a UnicodeDecodeError's `start` is, as an editor shows it."""
    start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", "replace")) + 1


def find_line(
    lines: Sequence[str], needle: str, start: int = 0, stop: int | None = None, nth: int = 1
) -> tuple[int, int] | None:
    """1-based line and column of the `nth` line of lines[start:stop] holding `needle`
    (its first place on that line), or None."""
    for n in range(max(start, 0), len(lines) if stop is None else min(stop, len(lines))):
        col = lines[n].find(needle)
        if col >= 0:
            nth -= 1
            if nth == 0:
                return n + 1, col + 1
    return None


class TomlError(NamedTuple):
    line: int  # 1-based, within the TOML text
    col: int
    message: str  # readable, without the position
    at_end: bool = False  # the text ended too soon


_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")


def toml_error(exc: ValueError, text: str = "") -> TomlError | None:
    """Where a TOML error is and a readable message; None when it names no position.

    An error "at end of document" is placed at the end of `text`, the TOML that failed.
    """
    raw = str(exc)
    if match := _TOML_AT.search(raw):
        line, col, at_end = int(match.group(1)), int(match.group(2)), False
        message = raw[: match.start()].strip()
    elif match := _TOML_END.search(raw):
        line, col = line_col(text, len(text))
        if col == 1 and line > 1:  # after a final newline: the end of the last line
            line, col = line_col(text, len(text) - 1)
        at_end = True
        message = raw[: match.start()].strip()
    else:
        return None
    if message == "Illegal character '\\n'":
        message = 'a line ends inside a text value (is a closing " missing?)'
    return TomlError(line, col, message, at_end)
