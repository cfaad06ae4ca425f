"""The ACCME PARS learner workbook (`tutor export --format pars`), as an .xlsx file.

One sheet, "Learners", in the layout of ACCME's learner upload template as far
as it could be confirmed (see COLUMNS: each column says where its value comes
from and whether its header and format were confirmed), and a "Notes" sheet that
says the same to whoever opens the file.

- **Who is in it**: only learners who completed the course, claimed credit and
  consented to sharing their data with boards. Everyone else is counted in
  `ParsStats` (the CLI prints one line).
- **Rows**: one per learner and MOC board the activity is registered with
  ([pars] moc_boards) that the learner holds; the first row of a learner also
  carries the CME credit, the others only MOC points, so credit is never
  reported twice. A learner with none of those boards gets one CME row.
- **Cells**: every identifier and name is a text cell (format "@"), so
  `0012345`, `2026.10`, `1E5` or `=1+2` arrive exactly as written and never
  become numbers or formulas; the completion date is a date cell shown as
  mm/dd/yyyy; month and day of birth and credit amounts are numbers.
- **Memory**: XlsxWriter's constant_memory mode, so each row goes to disk as it
  is written, whatever the number of learners.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Literal

import xlsxwriter

from tutor.core.boards import BY_ABBREVIATION
from tutor.core.model import Course
from tutor.core.records.rows import Record
from tutor.core.records.workbook import new_workbook

Kind = Literal["text", "date", "whole", "number"]

DATE_FORMAT = "mm/dd/yyyy"
SHEET = "Learners"


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    kind: Kind
    source: str  # where the value comes from, for the Notes sheet and docs/records.md
    confirmed: str  # what a public ACCME source confirms about it
    unconfirmed: str  # what could not be confirmed ("" when nothing)


#: The learner template's columns, in order.
COLUMNS: tuple[Column, ...] = (
    Column(
        "Activity ID",
        "text",
        "course.toml [pars] activity_id",
        "learners are reported against an activity already entered in PARS",
        "header name and position",
    ),
    Column(
        "First Name",
        "text",
        "the learner's profile (first_name)",
        "first name is required (ACCME FAQ on learner credit data)",
        "header name and position",
    ),
    Column(
        "Last Name",
        "text",
        "the learner's profile (last_name)",
        "last name is required",
        "header name and position",
    ),
    Column(
        "DOB Month",
        "whole",
        "the learner's profile (birth_month), 1-12",
        "date of birth is reported as month and day only",
        "whether the template wants month and day in two columns or one (MM/DD)",
    ),
    Column(
        "DOB Day",
        "whole",
        "the learner's profile (birth_day), 1-31",
        "date of birth is reported as month and day only",
        "as for DOB Month",
    ),
    Column(
        "Completion Date",
        "date",
        "when the course became complete (UTC date), an Excel date shown as mm/dd/yyyy",
        "the completion date is required; PARS takes a date without a time",
        "the display format mm/dd/yyyy (the format of ACCME's activity templates)",
    ),
    Column(
        "Certifying Board",
        "text",
        "the learner's certifying boards (ABMS abbreviation), one row per MOC board",
        "MOC is reported per board: ABA, ABIM, ABOS, ABOHNS, ABPath, ABP, ABS, ABTS",
        "header name, and whether the board is a column or chosen per activity in PARS",
    ),
    Column(
        "Board ID",
        "text",
        "the learner's ID at that board",
        "the certifying board's ID for the learner is required for MOC",
        "header name and position",
    ),
    Column(
        "License State",
        "text",
        "the learner's profile (license_state), a USPS code such as CA",
        "state medical license ID is one way to identify a learner to state boards",
        "header name, and whether the state is a separate column",
    ),
    Column(
        "License Number",
        "text",
        "the learner's profile (license_number)",
        "as for License State",
        "header name and position",
    ),
    Column(
        "NPI",
        "text",
        "the learner's profile (npi), 10 digits",
        "state boards in the ACCME collaboration may ask for license number or NPI",
        "whether the learner template has an NPI column at all",
    ),
    Column(
        "Credit Type",
        "text",
        "course.toml [pars] credit_type (default AMA PRA Category 1 Credit)",
        "CME, MOC and combined credit types can be reported in a single row",
        "the exact values PARS accepts in this column",
    ),
    Column(
        "CME Credits",
        "number",
        "the credit the learner claimed (never the maximum); empty on extra MOC rows",
        "CME credit earned is reported per learner",
        "header name and position",
    ),
    Column(
        "MOC Points",
        "number",
        "course.toml [pars.moc_points] for the board, else the credit claimed",
        "the quantity of MOC points is reported per learner",
        "header name and position",
    ),
)

HEADERS = tuple(c.header for c in COLUMNS)

CONFIRMED_SOURCES = (
    "ACCME, Excel Template Instructions for Submitting Learner Completion Data (2025-11-19): "
    "the batch upload adds or deletes many learner records and takes CME, MOC, REMS or "
    "combined credit types in a single row; pre-validate learners first.",
    "ACCME FAQ, learner credit data: first and last name, state medical license ID and/or "
    "certifying board ID, month and day of birth.",
    "ACCME FAQ, board-certified physicians: completion date, the board-assigned ID, first "
    "name, last name, date of birth (month/day).",
    "ACCME, Submit data via batch upload or web services: the eight boards that take MOC "
    "through PARS (ABA, ABIM, ABOS, ABOHNS, ABPath, ABP, ABS, ABTS); Excel upload, XML "
    "batch upload or web services.",
    "ACCME, State Medical Licensing Boards Collaboration: name, state license number or "
    "NPI, and day and month of birth.",
)


@dataclass(slots=True)
class ParsStats:
    """Who is in the workbook, and who was left out and why."""

    learners: int = 0  # learners written
    rows: int = 0
    not_complete: int = 0
    no_claim: int = 0  # complete but no credit claimed
    no_consent: int = 0  # complete and claimed, but did not consent to sharing
    broken: int = 0  # kept by --include-broken; never submitted
    unknown_boards: list[str] = field(default_factory=list)  # not ABMS abbreviations
    no_identifier: int = 0  # written, but with no board ID, licence or NPI

    @property
    def left_out(self) -> int:
        return self.not_complete + self.no_claim + self.no_consent + self.broken


def _reason(record: Record) -> str | None:
    if not record.chain_ok:
        return "broken"
    if record.status != "complete" or record.completed is None:
        return "not_complete"
    if record.credits_claimed is None:
        return "no_claim"
    if not record.consent_to_share:
        return "no_consent"
    return None


#: One template row, in COLUMNS order (None or "": an empty cell).
ParsRow = tuple[
    str, str, str, int | None, int | None, dt.date, str, str, str, str, str, str,
    float | None, float | None,
]  # fmt: skip


def pars_rows(course: Course, record: Record) -> list[ParsRow]:
    """The template rows for one eligible learner (see the module doc)."""
    pars = course.records.pars
    assert record.completed is not None and record.credits_claimed is not None
    claimed = record.credits_claimed
    done = record.completed.astimezone(dt.UTC).date()
    common = (pars.activity_id, record.first_name, record.last_name)
    ids = (record.license_state, record.license_number, record.npi)
    moc = [
        (b, i, points)
        for b, i in record.boards
        if (points := pars.points_for(b, claimed)) is not None
    ]
    if not moc:
        first = record.boards[0] if record.boards else ("", "")
        return [
            (*common, record.birth_month, record.birth_day, done, *first, *ids,
             pars.credit_type, claimed, None)
        ]  # fmt: skip
    rows: list[ParsRow] = []
    for n, (board, board_id, points) in enumerate(moc):
        rows.append(
            (*common, record.birth_month, record.birth_day, done, board, board_id, *ids,
             pars.credit_type if n == 0 else "MOC", claimed if n == 0 else None, points)
        )  # fmt: skip
    return rows


def write_pars(course: Course, records: Iterable[Record], out: str | IO[bytes]) -> ParsStats:
    """Write the PARS learner workbook to `out` (a path or a binary file), row by row."""
    stats = ParsStats()
    book = new_workbook(out)
    text = book.add_format({"num_format": "@"})
    date = book.add_format({"num_format": DATE_FORMAT})
    number = book.add_format({"num_format": "0.00"})
    bold = book.add_format({"bold": True, "num_format": "@"})
    sheet = book.add_worksheet(SHEET)
    for col, column in enumerate(COLUMNS):
        sheet.set_column(col, col, max(12, len(column.header) + 2), text)
        sheet.write_string(0, col, column.header, bold)
    row_n = 1
    for record in records:
        reason = _reason(record)
        if reason is not None:
            setattr(stats, reason, getattr(stats, reason) + 1)
            continue
        stats.learners += 1
        for board, _ in record.boards:
            if board not in BY_ABBREVIATION and board not in stats.unknown_boards:
                stats.unknown_boards.append(board)
        if not any(i for _, i in record.boards) and not record.license_number and not record.npi:
            stats.no_identifier += 1
        for row in pars_rows(course, record):
            for col, (column, value) in enumerate(zip(COLUMNS, row, strict=True)):
                if value is None or value == "":
                    continue
                if column.kind == "date":
                    assert isinstance(value, dt.date)
                    sheet.write_datetime(
                        row_n, col, dt.datetime(value.year, value.month, value.day), date
                    )
                elif column.kind in ("whole", "number"):
                    assert isinstance(value, int | float)
                    sheet.write_number(
                        row_n, col, value, number if column.kind == "number" else None
                    )
                else:
                    sheet.write_string(row_n, col, str(value), text)
            row_n += 1
            stats.rows += 1
    sheet.freeze_panes(1, 0)
    _notes(book.add_worksheet("Notes"), book, course, stats)
    book.close()
    return stats


def _notes(sheet: xlsxwriter.workbook.Worksheet, book: xlsxwriter.Workbook, course: Course,
           stats: ParsStats) -> None:  # fmt: skip
    wrap = book.add_format({"text_wrap": True, "valign": "top", "num_format": "@"})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "num_format": "@"})
    sheet.set_column(0, 0, 22, wrap)
    sheet.set_column(1, 3, 48, wrap)
    lines: list[tuple[str, ...]] = [
        ("About this file",),
        (
            "What",
            f"ACCME PARS learner upload for {course.title} (version {course.version}), "
            f"activity ID {course.records.pars.activity_id or '(not set in course.toml)'}.",
        ),
        (
            "Who is in it",
            f"{stats.learners} learner(s) in {stats.rows} row(s): those who completed the "
            "course, claimed credit and consented to sharing their data. Left out: "
            f"{stats.not_complete} not complete, {stats.no_claim} complete without a claim, "
            f"{stats.no_consent} without consent, {stats.broken} with a broken integrity chain.",
        ),
        (
            "Before uploading",
            "Pre-validate the learners in PARS, as ACCME recommends, and check the columns "
            "below against the template you download from ACCME: the column headers and "
            "date format could not all be confirmed from public sources. Report by "
            "31 December for MOC points to count that year.",
        ),
        ("",),
        ("Column", "Where the value comes from", "Confirmed by ACCME sources", "Not confirmed"),
    ]
    lines += [(c.header, c.source, c.confirmed, c.unconfirmed or "-") for c in COLUMNS]
    lines += [("",), ("Sources",)]
    lines += [("", source) for source in CONFIRMED_SOURCES]
    for r, line in enumerate(lines):
        for c, value in enumerate(line):
            heading = len(line) == 1 or line[0] == "Column"
            sheet.write_string(r, c, value, bold if heading else wrap)
