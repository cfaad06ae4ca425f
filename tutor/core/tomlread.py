"""Reading the TOML a trainer writes (course.toml, front matter): every mistake at once,
each said in words a non-programmer can act on.

`tomllib` stops at the first syntax error, so a trainer who fixes one would meet
the next only on the next run. `read_toml` reads on past each error, up to
`MAX_ERRORS`, by blanking the statement that failed (a whole `[table]` section when
its heading failed, so that its keys are not taken for another table's), and
returns the errors, the table read from what was left, and the keys whose
statements were blanked (a check must not then call them "missing").

`explain` turns tomllib's terms ("Invalid value", "Unclosed array") into what
happened, at the place to edit: a curly quote pasted from Word, a comma missing
after a list entry (at the entry, not on the next line), a `%` after a number, a
decimal comma, text without quotes, a key with a space in it.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from tutor.core.locate import positions
from tutor.core.text import TomlError, toml_error

MAX_ERRORS = 20
GENERIC_HINT = 'check quotes, commas and brackets; text values need "double quotes"'
CURLY = "“”„‟‘’‚‛«»"

_DATE_LIKE = re.compile(r"\d{4}-\d\d-\d\d")
_SPACED_KEY = re.compile(r"\s*[A-Za-z0-9_-]+[ \t]+[A-Za-z0-9_-]")


@dataclass(slots=True)
class TomlRead:
    data: dict[str, Any] | None  # None: nothing could be read (nested too deeply, say)
    errors: list[TomlError] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)  # one per error: "" when the message says it
    broken: set[str] = field(default_factory=set)  # top-level keys in blanked statements
    too_deep: bool = False


def read_toml(text: str) -> TomlRead:
    """Every syntax error of `text` (explained, in order of line), and the table read
    from the rest."""
    lines = text.split("\n")
    found = TomlRead(None)
    starts: list[tuple[int, str]] = []  # the line of each top-level key and table, once needed
    for _ in range(MAX_ERRORS + 1):
        try:
            found.data = tomllib.loads("\n".join(lines))
            break
        except tomllib.TOMLDecodeError as exc:
            error = toml_error(exc, "\n".join(lines))
            if error is None:
                found.errors.append(TomlError(1, 1, str(exc)))
                found.hints.append(GENERIC_HINT)
                break
            explained = explain(error, text)
            found.errors.append(explained)
            found.hints.append(GENERIC_HINT if explained == error else "")
            if error.at_end or len(found.errors) > MAX_ERRORS:
                break
            first = error.line - 1
            if not 0 <= first < len(lines) or not lines[first].strip():
                break  # nothing left to blank: give up reading on
            last = first + 1
            if lines[first].lstrip().startswith("["):  # a table heading: its keys go too
                while last < len(lines) and not lines[last].lstrip().startswith("["):
                    last += 1
            if not starts:  # what a blanked line belongs to
                starts = sorted(
                    (line, str(key[0])) for key, (line, _col) in positions(text).items() if key
                )
            # inside a value over several lines (a list): the whole statement goes, so its
            # other lines do not give a second error of their own
            begun = [line for line, _key in starts if line <= first + 1]
            if begun and begun[-1] < first + 1:
                later = [line for line, _key in starts if line > first + 1]
                first = begun[-1] - 1
                last = max(last, (later[0] - 1) if later else len(lines))
            found.broken.add(_statement_key(starts, first + 1) or _key_of(lines[first]))
            for n in range(first, last):
                lines[n] = ""
        except RecursionError:
            found.too_deep = True
            break
        except ValueError as exc:  # tomllib lets int() refuse a number thousands of digits long
            found.errors.append(TomlError(1, 1, f"a value cannot be read: {exc}"))
            found.hints.append("")
            break
    order = sorted(range(len(found.errors)), key=lambda n: found.errors[n][:2])
    found.errors = [found.errors[n] for n in order]
    found.hints = [found.hints[n] for n in order]
    return found


def _key_of(line: str) -> str:
    """The key a statement line sets (words joined by _, as the trainer surely meant)."""
    head = line.split("=", 1)[0].strip().lstrip("[").rstrip("]").strip().strip("\"'")
    return re.sub(r"\s+", "_", head.split(".", 1)[0].strip())


def _statement_key(starts: list[tuple[int, str]], line: int) -> str:
    """The top-level key (or table) whose statement line `line` is part of."""
    at = bisect_right(starts, (line, "\uffff")) - 1
    return starts[at][1] if at >= 0 else ""


def _char(lines: list[str], line: int, col: int) -> str:
    if 0 < line <= len(lines):
        text = lines[line - 1]
        return text[col - 1] if 0 < col <= len(text) else ""
    return ""


def _previous_value_end(lines: list[str], line: int, col: int) -> tuple[int, int] | None:
    """Where the last value before (line, col) ends (just after it), skipping blanks and
    # comments; None if what comes before is not the end of a value."""
    n, c = line - 1, col - 2
    while n >= 0:
        text = lines[n]
        hash_at = _comment_start(text)
        if c < 0 or c >= len(text):
            c = len(text) - 1
        if hash_at >= 0 and c >= hash_at:
            c = hash_at - 1
        while c >= 0 and text[c] in " \t":
            c -= 1
        if c >= 0:
            ch = text[c]
            if ch in "\"']}" or ch.isalnum():
                return n + 1, c + 2
            return None
        n -= 1
        c = -1
    return None


def _comment_start(text: str) -> int:
    """Where a # comment starts on a line, outside strings (-1 if there is none)."""
    quote = ""
    for n, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            return n
    return -1


def explain(error: TomlError, text: str) -> TomlError:
    """tomllib's message in plain words, moved to the place to edit where that differs."""
    lines = text.split("\n")
    line, col, message, at_end = error
    ch = _char(lines, line, col)
    rest = lines[line - 1][col - 1 :].strip() if 0 < line <= len(lines) else ""
    if ch and ch in CURLY:
        return TomlError(
            line,
            col,
            f"a curly quote ({ch}) where TOML needs a straight double quote: Word and some "
            'editors type curly quotes; write the text as "like this"',
            at_end,
        )
    if message == "Invalid value" and not at_end:
        if not rest or rest.startswith("#"):
            return TomlError(line, col, 'a value is missing after "="', at_end)
        if ch.isalpha() and not rest.startswith(("true", "false", "inf", "nan")):
            return TomlError(
                line,
                col,
                f'text must be in double quotes: write "{_snippet(rest)}"',
                at_end,
            )
    if message == "Unclosed array" and not at_end:
        end = _previous_value_end(lines, line, col)
        if end is not None and ch and ch not in ",]":
            return TomlError(
                end[0],
                end[1],
                "a comma is missing after this list entry (each entry but the last ends with ,)",
                at_end,
            )
    if message == "Expected newline or end of document after a statement":
        if ch == "%":
            return TomlError(
                line, col, "write the number without a % sign (passing_score = 80)", at_end
            )
        before = lines[line - 1][: col - 1] if 0 < line <= len(lines) else ""
        if ch == "," and before.rstrip()[-1:].isdigit():
            return TomlError(
                line, col, "write a decimal with a point, not a comma (0.5, not 0,5)", at_end
            )
        value = before.split("=", 1)[1].strip() if "=" in before else ""
        if _DATE_LIKE.match(value + rest) or re.match(r"\d{4}-", value):
            return TomlError(
                line,
                col,
                "this is not a valid date: write YYYY-MM-DD, such as 2026-11-01",
                at_end,
            )
        return TomlError(
            line,
            col,
            f'there is more on this line after the value: "{_snippet(rest)}"; put text in '
            "double quotes, and write one setting per line (notes go after a #)",
            at_end,
        )
    if message.startswith("Expected '=' after a key") and _SPACED_KEY.match(lines[line - 1]):
        return TomlError(
            line,
            col,
            "a key cannot contain spaces: write it with underscores (last_reviewed), then "
            "= and the value",
            at_end,
        )
    if message.startswith("Cannot overwrite") or message.startswith("Cannot declare"):
        return TomlError(line, col, "this setting is written twice; keep one of them", at_end)
    if message.startswith("Expected ']' at the end of a table"):
        return TomlError(line, col, "a [table] heading is missing its closing ]", at_end)
    if at_end:
        return TomlError(
            line,
            col,
            'the text ends inside a value: is a closing ] or " missing?',
            at_end,
        )
    return error


def _snippet(text: str, limit: int = 30) -> str:
    text = text.split("#", 1)[0].strip() if "#" in text else text.strip()
    return text if len(text) <= limit else text[: limit - 3] + "..."
