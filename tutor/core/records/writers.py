"""Writers that take records or statements one at a time and write them as they come.

Each writes to a binary stream (an `open_atomic` file, or stdout) and returns how
many items it wrote. The bytes are those of the whole-document forms in rows.py
(`to_csv_text`, `dumps_json(to_json_document(...))`), so outputs do not depend on
whether they were streamed.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import BinaryIO

from tutor.core.model import Course
from tutor.core.records.csvsafe import write_csv
from tutor.core.records.rows import (
    JSON_FORMAT,
    JSON_SCHEMA_VERSION,
    Record,
    course_json,
    csv_header,
    csv_row,
    record_json,
)
from tutor.core.records.xapi import Entry

_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
_INDENTED = json.JSONEncoder(ensure_ascii=False, indent=2, allow_nan=False)


def csv_records(out: BinaryIO, course: Course, records: Iterable[Record]) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=False)
    try:
        return write_csv(text, csv_header(course), (csv_row(r) for r in records))
    finally:
        text.flush()
        text.detach()


def json_records(out: BinaryIO, course: Course, records: Iterable[Record]) -> int:
    """`dumps_json(to_json_document(course, records))`, one record at a time."""
    head = _INDENTED.encode(
        {
            "format": JSON_FORMAT,
            "schema_version": JSON_SCHEMA_VERSION,
            "course": course_json(course),
            "records": [],
        }
    )
    prefix, suffix = head.rsplit("[]", 1)
    out.write(prefix.encode())
    count = 0
    for record in records:
        body = _INDENTED.encode(record_json(record)).replace("\n", "\n    ")
        out.write((("," if count else "[") + "\n    " + body).encode())
        count += 1
    out.write(("\n  ]" if count else "[]").encode() + suffix.encode() + b"\n")
    return count


def xapi_statements(out: BinaryIO, entries: Iterable[Entry], *, lines: bool = False) -> int:
    """A JSON array with one statement per line, or JSON lines (`lines=True`)."""
    count = 0
    if not lines:
        out.write(b"[")
    for entry in entries:
        text = _COMPACT.encode(entry.statement)
        if lines:
            out.write(text.encode() + b"\n")
        else:
            out.write(((",\n" if count else "\n") + text).encode())
        count += 1
    if not lines:
        out.write(b"\n]\n" if count else b"]\n")
    return count
