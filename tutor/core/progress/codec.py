"""Progress <-> TOML, from the one declaration in `tutor.core.progress.model`.

Reading is strict and total: `loads_bytes` turns *any* bytes into a `Progress`
or a `ProgressError` naming the file, the line and what is wrong, and nothing
else escapes (see the tomllib traps in ../shared/GUIDE.md: UnicodeDecodeError,
RecursionError, ValueError for huge integers, `{}` for an empty file, a BOM).
A value that does not fit the declaration is reported at its key's line.

Writing is `tutor.core.formats.dumps` (tomli-w): `schema_version` comes first and
`[integrity]` last.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import msgspec

from tutor.core import formats
from tutor.core.formats import FormatError, show
from tutor.core.locate import locate, too_deep
from tutor.core.progress import migrations
from tutor.core.progress.errors import ProgressError, format_key
from tutor.core.progress.model import SCHEMA_VERSION, ModuleProgress, Progress, utc
from tutor.core.text import byte_line_col, line_col, toml_error

#: Files bigger than this are refused before parsing (16 MiB: about 12,000 quiz
#: attempts of five answers; a real learner makes a few dozen).
MAX_BYTES = 16 * 1024 * 1024

_BOM = b"\xef\xbb\xbf"
_DUPLICATE = ("Cannot overwrite", "Cannot declare", "Cannot mutate")
_LONG_NUMBER = re.compile(r"\d{1000,}")


# -- writing -------------------------------------------------------------------------


def to_toml_dict(progress: Progress) -> dict[str, Any]:
    """The file's content as plain TOML values; `schema_version` first, `integrity` last."""
    data: dict[str, Any] = msgspec.to_builtins(progress, builtin_types=formats.NATIVE)
    return data


def dumps(progress: Progress) -> str:
    """The TOML text of the file. ValueError for a naive timestamp: never guess a time zone."""
    utc(progress.updated)
    utc(progress.created)
    return formats.dumps(progress)


# -- reading: the structure ------------------------------------------------------------


def _invalid(error: FormatError) -> ProgressError:
    reason = "naive-timestamp" if error.naive else "invalid"
    message = f"{format_key(error.key)}: {error.message}" if error.key else error.message
    return ProgressError(reason, message, key=error.key)


def from_toml_dict(data: Mapping[str, Any], *, migrated_from: int | None = None) -> Progress:
    """Build a Progress from a current-schema dict; ProgressError names the bad key.

    `migrated_from` is the schema the dict was migrated from, if any: a file
    older than the chain gets a new chain that says so.
    """
    version = data.get("schema_version")
    if version != SCHEMA_VERSION or isinstance(version, bool):
        raise ProgressError(
            "invalid",
            f"schema_version: expected {SCHEMA_VERSION}, found {show(version)}",
            key=("schema_version",),
        )
    if migrated_from is None and "integrity" not in data:
        raise ProgressError(
            "truncated",
            "the file has no [integrity] table, which tutor writes last: it was probably cut short",
            key=("integrity",),
        )
    top = dict(data)
    modules = top.pop("modules", {})
    if "integrity" not in top:  # a migrated file from before the chain: a new one starts below
        top["integrity"] = {"base": "", "chain": ""}
    try:
        if not isinstance(modules, Mapping):
            raise FormatError(("modules",), f"should be a table, not {show(modules)}")
        progress = formats.convert(top, Progress)
        # one module at a time, so that a message can name the module (msgspec's error
        # path does not name a table's keys)
        progress.modules = {
            key: formats.convert(value, ModuleProgress, ("modules", key))
            for key, value in modules.items()
        }
    except FormatError as exc:
        raise _invalid(exc) from None
    if "integrity" not in data:
        progress.restart_chain(f"migrated from schema {migrated_from}")
    return progress


# -- reading: text and bytes ------------------------------------------------------------


def _last_line(text: str) -> int:
    return text.count("\n") + (0 if text.endswith("\n") else 1)


def _parse(text: str, path: Path | None) -> dict[str, Any]:
    """tomllib, with every way it can fail turned into a ProgressError."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        found = toml_error(e, text)
        if found is None:
            raise ProgressError("syntax", f"not valid TOML: {e}", path=path) from None
        line, col, message, at_end = found
        if at_end:
            raise ProgressError(
                "truncated",
                f"the file ends too soon: it was probably cut short ({message})",
                path=path,
                line=line,
            ) from None
        if message.startswith(_DUPLICATE):
            reason = "duplicate-key"
            message = f"a key or table is written twice ({message})"
        elif line >= _last_line(text) and not text.endswith("\n"):
            reason = "truncated"
            message = f"the file ends in mid-line: it was probably cut short ({message})"
        else:
            reason = "syntax"
            message = f"not valid TOML: {message}"
        raise ProgressError(reason, message, path=path, line=line, col=col) from None
    except RecursionError:
        hit = too_deep(text)
        raise ProgressError(
            "too-deep",
            "values are nested too deeply to read",
            path=path,
            line=hit[0] if hit else None,
            col=hit[1] if hit else None,
        ) from None
    except ValueError:
        # tomllib lets int() refuse a number with thousands of digits
        where = line_col(text, m2.start()) if (m2 := _LONG_NUMBER.search(text)) else None
        raise ProgressError(
            "syntax",
            "a number is too long to read",
            path=path,
            line=where[0] if where else None,
            col=where[1] if where else None,
        ) from None


def loads(text: str, path: Path | None = None, *, course_id: str | None = None) -> Progress:
    """Parse, migrate and check a progress file's text.

    `course_id`, when given, must match the file's `[course] id`
    ("foreign-course" otherwise). Raises only ProgressError.
    """
    return _loads(text, path, course_id)[0]


def _loads(text: str, path: Path | None, course_id: str | None) -> tuple[Progress, int]:
    if text.startswith("\ufeff"):
        raise ProgressError(
            "bom",
            "the file starts with a byte order mark (BOM); save it as UTF-8 without one",
            path=path,
            line=1,
            col=1,
        )
    data = _parse(text, path)
    if not data:
        raise ProgressError("empty", "the file is empty", path=path)
    try:
        if "schema_version" not in data:
            raise ProgressError(
                "not-progress", "this is not a tutor progress file (it has no schema_version)"
            )
        version = data["schema_version"]
        if not isinstance(version, int) or isinstance(version, bool) or version < 0:
            raise ProgressError(
                "invalid",
                f"schema_version: should be a whole number, not {show(version)}",
                key=("schema_version",),
            )
        if version > SCHEMA_VERSION:
            raise ProgressError(
                "newer-version",
                f"written by a newer tutor (schema_version {version}; this one reads up to "
                f"{SCHEMA_VERSION}); update tutor to open it",
                key=("schema_version",),
            )
        migrated_from: int | None = None
        if version < SCHEMA_VERSION:
            data = migrations.migrate(data)
            migrated_from = version
        progress = from_toml_dict(data, migrated_from=migrated_from)
        if course_id is not None and progress.course.id != course_id:
            raise ProgressError(
                "foreign-course",
                f"this file belongs to course {show(progress.course.id)}, not {show(course_id)}",
                key=("course", "id"),
            )
    except ProgressError as e:
        if e.reason == "invalid" and text and not text.endswith("\n"):
            # tutor ends every file with a line break: without it, a value that is missing
            # or wrong was most likely cut off, not written so
            e.reason = "truncated"
            e.message = f"the file ends in mid-line: it was probably cut short ({e.message})"
        e.path = path
        if e.key is not None and e.line is None:
            hit = locate(text, e.key)
            if hit is not None:
                e.line, e.col = hit
        if e.line is None and e.reason == "truncated":
            e.line = _last_line(text)
        raise
    return progress, version


def loads_bytes(
    data: bytes,
    path: Path | None = None,
    *,
    course_id: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> Progress:
    """`loads` for raw file content: checks the size, a BOM and the encoding first."""
    return decode(data, path, course_id=course_id, max_bytes=max_bytes)[0]


def decode(
    data: bytes,
    path: Path | None = None,
    *,
    course_id: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> tuple[Progress, int]:
    """`loads_bytes`, also returning the schema_version the file was written with."""
    if len(data) > max_bytes:
        raise ProgressError(
            "too-large",
            f"the file is larger than {max_bytes:,} bytes, the most tutor reads",
            path=path,
        )
    if data.startswith(_BOM):
        return _loads(data.decode("utf-8", "replace"), path, course_id)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line, col = byte_line_col(data, e.start)
        raise ProgressError(
            "encoding", "the file is not valid UTF-8 text", path=path, line=line, col=col
        ) from None
    return _loads(text, path, course_id)
