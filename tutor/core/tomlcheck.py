"""Checks that course.toml and a module's front matter share, beyond their declarations.

Both are TOML a trainer writes by hand and both are declared once as msgspec Structs
(settings.py, parser/frontmatter.py). `check_table` reports, for either:

- keys the declaration does not have, at any depth (C008 / F004), with the nearest
  known key as a suggestion: a typo in an optional key would otherwise be ignored
  without a word (a misspelt `signatory_name` leaves it off every certificate);
- control characters in any text value (S005): TOML can write ESC as `\\u001b`, which
  no byte scan of the file sees, and which would reach the learner's terminal;
- objectives that start with a verb no one can observe (O001).

Positions come from `where(key, value)`, so that each caller can map a key path to
its file (the front matter is offset by its fence).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from typing import Any

import msgspec

from tutor.core import formats
from tutor.core.diagnostics import Sink
from tutor.core.locate import Key, format_key, positions
from tutor.core.objectives import suggestion, unmeasurable
from tutor.core.text import CONTROL_CHAR, find_line, has_controls

Where = Callable[[Key, str], tuple[int, int]]


def check_table(
    data: Mapping[str, Any],
    kind: type[msgspec.Struct],
    where: Where,
    sink: Sink,
    unknown_code: str,
    skip: set[str] | frozenset[str] = frozenset(),
) -> None:
    """The shared checks over a TOML table read from a file; `skip` names top-level keys
    whose statements could not be read (a syntax error was reported there)."""
    for key, known in formats.unknown_keys(data, kind):
        if str(key[0]) in skip:
            continue
        name = str(key[-1])
        line, col = where(key, "")
        close = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.6)
        hint = (
            f'did you mean "{close[0]}"? Known keys here: {", ".join(known)}'
            if close
            else "check the spelling; known keys here: " + ", ".join(known)
        )
        sink.add(line, col, unknown_code, f'unknown key "{format_key(key)[:60]}"', hint)
    for key, value in formats.text_values(data):
        if str(key[0]) in skip or not has_controls(value, "\n\t"):
            continue
        char = next(m.group() for m in CONTROL_CHAR.finditer(value) if m.group() not in "\n\t")
        line, col = where(key, "")
        sink.add(
            line,
            col,
            "S005",
            f'"{format_key(key)[:60]}" holds the control character U+{ord(char):04X}, written '
            "as an escape",
            "delete the escape (such as \\u001b or \\e); control characters can take over the "
            "learner's terminal",
        )
    objectives = data.get("objectives")
    if isinstance(objectives, list) and "objectives" not in skip:
        for n, objective in enumerate(objectives):
            if not isinstance(objective, str):
                continue
            verb = unmeasurable(objective)
            if verb is None:
                continue
            line, col = where(("objectives", n), objective)
            sink.add(
                line,
                col,
                "O001",
                f'objective starts with "{verb}", which no one can observe or assess',
                f"start it with what the learner will do: {suggestion(verb)}",
            )


def text_where(text: str, first_line: int = 0) -> Where:
    """A `where` for TOML `text` whose line 1 is the file's line `first_line + 1`: the key
    path's own position, or a list item's text found after its key, or the nearest
    written ancestor."""
    known: dict[Key, tuple[int, int]] = {}

    def where(key: Key, value: str) -> tuple[int, int]:
        found = known or known.update(positions(text)) or known  # read once, when needed
        lines = text.split("\n")
        for end in range(len(key), 0, -1):
            hit = found.get(key[:end])
            if hit is None:
                continue
            if end < len(key) and value:
                needle = value[:40]
                item = find_line(lines, needle, hit[0] - 1)
                if item is not None:
                    return first_line + item[0], max(item[1] - 1, 1)
            return first_line + hit[0], hit[1]
        return first_line + 1, 1

    return where
