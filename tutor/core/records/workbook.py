"""The records as an .xlsx workbook (`tutor export --format xlsx`): what the CSV holds,
for spreadsheets, and a sheet of evaluation answers.

Unlike the CSV, nothing here is rewritten by a spreadsheet: every cell holding
text is a text cell (format "@"), so course versions such as `2026.10`, IDs such
as `0012345` and names starting with `=`, `+`, `-` or `@` keep their exact value,
with no apostrophe added. Credits, minutes and scores are numbers. Rows are
written one at a time in XlsxWriter's constant_memory mode.

Sheets: "Records" (the CSV's columns, docs/records.md) and "Evaluation" (one row
per learner who submitted the evaluation; a column per question, ratings 1-5 as
numbers).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from tutor.core.model import Course
from tutor.core.records.rows import Record, csv_header, csv_row

#: CSV columns written as numbers (the others are text).
_NUMERIC = {"credits_claimed", "time_on_task_minutes"}


def new_workbook(out: str | IO[bytes]) -> xlsxwriter.Workbook:
    """An xlsx workbook that streams rows to `out` and never reads text as a number, a
    formula or a link (a board ID `0012345` stays text, `=1+1` stays text)."""
    return xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )


def write_workbook(course: Course, records: Iterable[Record], out: str | IO[bytes]) -> int:
    """Write the workbook to `out` (a path or a binary file); returns the records written."""
    book = new_workbook(out)
    text = book.add_format({"num_format": "@"})
    bold = book.add_format({"bold": True, "num_format": "@"})
    header = csv_header(course)
    numeric = [name in _NUMERIC or name.startswith("score_") for name in header]
    sheet = book.add_worksheet("Records")
    evaluation = book.add_worksheet("Evaluation")
    for col, name in enumerate(header):
        sheet.write_string(0, col, name, bold)
        sheet.set_column(col, col, 14, None if numeric[col] else text)
    eval_header = ["learner_id", "first_name", "last_name", "submitted"]
    eval_header += [q.prompt for q in course.evaluation]
    for col, name in enumerate(eval_header):
        evaluation.write_string(0, col, name, bold)
        evaluation.set_column(col, col, 14 if col < 4 else 30, text)
    count = 0
    submitted = 0
    for record in records:
        count += 1
        for col, cell in enumerate(csv_row(record)):
            if cell == "":
                continue
            if numeric[col]:
                sheet.write_number(count, col, float(cell))
            else:
                sheet.write_string(count, col, cell, text)
        if record.evaluation_submitted is not None:
            # each sheet's rows go in order; the two sheets may interleave (constant_memory)
            submitted += 1
            _evaluation_row(course, record, evaluation, submitted, text)
    sheet.freeze_panes(1, 0)
    book.close()
    return count


def _evaluation_row(
    course: Course, record: Record, sheet: Worksheet, row: int, text: Format
) -> None:
    answers = dict(record.evaluation)
    assert record.evaluation_submitted is not None
    cells = [record.learner_id, record.first_name, record.last_name]
    cells.append(record.evaluation_submitted.strftime("%Y-%m-%d %H:%M:%SZ"))
    for col, cell in enumerate(cells):
        sheet.write_string(row, col, cell, text)
    for col, question in enumerate(course.evaluation, start=4):
        value = answers.get(question.id, "")
        if question.kind == "rating" and value in ("1", "2", "3", "4", "5"):
            sheet.write_number(row, col, int(value))
        elif value:
            sheet.write_string(row, col, value, text)
