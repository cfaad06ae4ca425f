"""A module's front matter: the ```toml block that opens the file, and its declaration.

`FrontMatter` is the one declaration of what the block may hold; `read` checks a
parsed block against it, reporting every bad key at once (F002 for TOML that does
not parse, F003 for a key that is missing or wrong, F004 for an unknown key).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import msgspec
from markdown_it.token import Token
from msgspec import Meta

from tutor.core import formats
from tutor.core.diagnostics import Sink
from tutor.core.locate import positions
from tutor.core.model import Pos, Source
from tutor.core.text import find_line, strip_controls
from tutor.core.tomlcheck import check_table, text_where
from tutor.core.tomlread import read_toml

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
PINNED_LIMIT = 64  # the longest id a trainer may pin
MAX_MINUTES = 24 * 60

Ident = Annotated[str, Meta(pattern=ID_PATTERN, max_length=PINNED_LIMIT)]
Text = Annotated[str, Meta(pattern=r"\S")]  # not empty, not only spaces


class SourceEntry(msgspec.Struct, forbid_unknown_fields=False):
    """One `[[sources]]` table."""

    id: Text
    title: Text
    url: str = ""
    print_only: bool = False  # no web address on purpose: a book, a journal's print issue


class FrontMatter(msgspec.Struct, kw_only=True):
    """What a module's front matter may say. The declaration of the format."""

    id: Ident
    title: Text
    minutes: Annotated[int, Meta(ge=1, le=MAX_MINUTES)]
    objectives: Annotated[list[Text], Meta(min_length=1)]
    last_reviewed: dt.date | None = None  # missing: a warning (R001), not an error
    sources: list[SourceEntry]


KEYS = tuple(f.encode_name for f in msgspec.structs.fields(FrontMatter))

HINTS = {
    "id": 'write id = "short-name" (lower-case letters, digits and hyphens)',
    "title": 'write title = "What the learner sees"',
    "minutes": "write minutes = 20 (the estimated time, a whole number)",
    "objectives": 'write objectives = ["...", "..."]',
    "last_reviewed": "write a TOML date without quotes: last_reviewed = 2026-11-01",
    "sources": 'add [[sources]] tables with id = "...", title = "..." and url = "https://..."',
}


@dataclass(slots=True)
class Front:
    """The front matter as read: the checked declaration (None if anything is wrong),
    the raw table, its TOML text and the line of its opening fence."""

    matter: FrontMatter | None
    data: dict[str, Any]
    text: str
    line: int
    sources: tuple[Source, ...] | None = None  # None when the list is missing or unusable

    def key_pos(self, path: Path, key: str) -> Pos | None:
        """Where a top-level key (or [[table]]) is written, if it is."""
        return key_positions(path, self.text, self.line).get(key)


def key_positions(path: Path, content: str, fence_line: int) -> dict[str, Pos]:
    """Where each top-level key (or [table], [[array]]) of the front matter is first written."""
    return {
        key[0]: Pos(path, fence_line + line, col)
        for key, (line, col) in positions(content).items()
        if len(key) == 1 and isinstance(key[0], str)
    }


def read(first: Token | None, path: Path, lines: list[str], sink: Sink) -> Front | None:
    """The front matter in `first`, the file's first block token; None if it has none."""
    if first is None or first.type != "fence" or first.info.strip().lower() != "toml":
        sink.add(
            1,
            1,
            "F001",
            "the module has no front matter",
            "start the file with a ```toml block holding id, title, minutes, objectives, "
            "last_reviewed and sources (see docs/lesson-format.md)",
        )
        return None
    fence_line = first.map[0] + 1 if first.map else 1
    end = first.map[1] if first.map else 0
    closing = lines[end - 1].strip() if 0 < end <= len(lines) else ""
    if (
        end - fence_line < 1
        or not closing.startswith(first.markup[:3])
        or closing == lines[fence_line - 1].strip()
    ):
        # an unclosed fence runs to the end of the file: everything would be "settings"
        body = next(
            (n + 1 for n in range(fence_line, len(lines)) if lines[n].startswith("#")),
            fence_line + 1,
        )
        sink.add(
            body,
            1,
            "F002",
            f"the front matter has no closing {first.markup} line, so the whole file is read "
            "as its settings",
            f"add a line {first.markup} after the last setting, before this line",
        )
        return Front(None, {}, first.content, fence_line)
    read_ = read_toml(first.content)
    last_toml_line = max(first.content.count("\n"), 1)
    for error, hint in zip(read_.errors, read_.hints, strict=True):
        # the fence's last line is not TOML: an error "at" it is one line up
        line = min(error.line, last_toml_line)
        sink.add(
            fence_line + line,
            error.col,
            "F002",
            f"front matter is not valid TOML: {error.message}",
            hint,
        )
    if read_.too_deep:
        sink.add(fence_line, 1, "F002", "front matter is nested too deeply")
    if read_.data is None:
        return Front(None, {}, first.content, fence_line)
    data = read_.data
    front = Front(None, data, first.content, fence_line)
    if isinstance(data.get("last_reviewed"), dt.datetime):
        data["last_reviewed"] = data["last_reviewed"].date()
    matter, problems, _unknown = formats.check_fields(data, FrontMatter)
    if read_.errors:
        matter = None
    keys: dict[str, Pos] = {}
    for problem in problems:
        if not keys:  # where each key is: needed only to report one
            keys = key_positions(path, first.content, fence_line)
        name = str(problem.key[0])
        if problem.missing:
            if name not in read_.broken:
                sink.add(
                    fence_line, 1, "F003", f'front matter key "{name}" is missing', HINTS[name]
                )
            continue
        at = keys.get(name) or Pos(path, fence_line, 1)
        if name == "sources" and len(problem.key) > 1:
            message = "each [[sources]] entry needs an id and a title (and may have a url)"
            if isinstance(problem.key[-1], str) and len(problem.key) == 3:
                message = f"[[sources]] {problem.key[-1]} {problem.message}"
        else:
            message = f'front matter key "{name}" {problem.message}'
        sink.add(at.line, at.col, "F003", message, HINTS[name])
    check_table(
        data, FrontMatter, text_where(first.content, fence_line), sink, "F004", read_.broken
    )
    entries: list[SourceEntry] | None = matter.sources if matter is not None else None
    if (
        entries is None
        and not any(p.key[0] == "sources" for p in problems)
        and ("sources" not in read_.broken)
    ):
        entries = formats.convert(data.get("sources", []), list[SourceEntry])
    if entries is not None:
        _check_sources(entries, front, path, lines, sink)
        front.sources = tuple(
            Source(
                strip_controls(e.id), strip_controls(e.title), strip_controls(e.url), e.print_only
            )
            for e in entries
        )
    front.matter = matter
    return front


def _check_sources(
    entries: list[SourceEntry], front: Front, path: Path, lines: list[str], sink: Sink
) -> None:
    first = front.line  # the fence; TOML starts on the next line
    last = first + front.text.count("\n")

    def find(needle: str, nth: int = 1) -> Pos:
        hit = find_line(lines, needle, first, last + 1, nth)
        return Pos(path, *hit) if hit else Pos(path, first, 1)

    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            at = find(f'"{entry.id}"', 2)
            sink.add(
                at.line,
                at.col,
                "I001",
                f'source id "{entry.id[:40]}" is listed twice',
                "give each [[sources]] entry its own id, or merge the two",
            )
        seen.add(entry.id)
        if entry.url and not entry.url.startswith("https://"):
            at = find(entry.url)
            sink.add(
                at.line,
                at.col,
                "S003",
                f'source url "{entry.url[:60]}" is not https',
                "link to the https:// address of the source",
            )
