"""CSV that opens safely and correctly in Excel.

The rule (documented in docs/records.md): every cell whose text starts with
`=`, `+`, `-`, `@`, a tab, a carriage return or a line feed gets a leading
apostrophe, so a spreadsheet shows it as text instead of running it as a
formula (OWASP "CSV Injection"). It applies to every cell, whatever its column.
Every field is quoted, and the file is UTF-8 with a byte order mark so Excel
reads non-Latin names correctly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TextIO

#: The characters that make a spreadsheet treat a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")

BOM = "\ufeff"


def neutralise(cell: str) -> str:
    """The cell, with a leading apostrophe if it could start a formula."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def to_csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A whole CSV document: BOM, every field quoted, CRLF line ends, cells neutralised."""
    out = io.StringIO()
    write_csv(out, header, rows)
    return out.getvalue()


def write_csv(out: TextIO, header: Sequence[str], rows: Iterable[Sequence[str]]) -> int:
    """The same document as `to_csv`, written row by row to `out`; returns the rows written."""
    out.write(BOM)
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(_neutralised(header))
    count = 0
    for row in rows:
        writer.writerow(_neutralised(row))
        count += 1
    return count


def _neutralised(row: Sequence[str]) -> list[str]:
    """`[neutralise(c) for c in row]`, without a call per cell."""
    return ["'" + c if c.startswith(FORMULA_START) else c for c in row]
