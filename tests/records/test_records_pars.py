"""The ACCME PARS workbook and the records workbook, read back with a second library (openpyxl).

Every value must survive exactly, as a text cell where it is an identifier or a
name: spreadsheets turn `2026.10` into 2026.1, drop the zeros of `0012345`, read
`1E5` as 100000 and run `=1+2`; an xlsx text cell does none of that.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from records_factory import FIXTURES, simulate, write
from records_helpers import Cli
from test_records_csv_safety import DANGEROUS

from tutor.core.boards import ABMS_BOARDS, PARS_MOC_BOARDS, id_problems, npi_valid
from tutor.core.model import Course
from tutor.core.progress.model import BoardId
from tutor.core.records.pars import COLUMNS, HEADERS

HOSTILE = [
    *DANGEROUS,
    "2026.10",
    "0012345",
    "1E5",
    "'O'Brien",
    "'",
    "  spaces  ",
    "TRUE",
    "#N/A",
    "=cmd|' /C calc'!A0",
    "literal _x0041_ escape",
]

_XSTRING = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _xstring(value: Any) -> Any:
    """A cell's text as the OOXML standard defines it (ECMA-376 Part 1, ST_Xstring).

    The file stores a character XML cannot carry (a carriage return) as `_x000D_`, and a
    literal `_x` sequence as `_x005F_x...`; Excel and LibreOffice decode both, openpyxl
    hands them over as stored, so the test decodes them as a spreadsheet does.
    """
    if not isinstance(value, str):
        return value
    return _XSTRING.sub(lambda m: chr(int(m.group(1), 16)), value)


def _values(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet's cell values, as openpyxl reads them."""
    book = openpyxl.load_workbook(path)
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book}


def _jsonable(sheets: dict[str, list[list[Any]]]) -> str:
    def cell(value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.datetime) else value

    data = {name: [[cell(v) for v in row] for row in rows] for name, rows in sheets.items()}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


@pytest.fixture
def in_fixtures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)


@pytest.mark.parametrize(
    ("fmt", "name"), [("pars", "pars.xlsx.json"), ("xlsx", "records.xlsx.json")]
)
def test_workbook_golden(
    fmt: str,
    name: str,
    cli: Cli,
    golden: Callable[[str, bytes], None],
    tmp_path: Path,
    in_fixtures: None,
) -> None:
    out = tmp_path / "out.xlsx"
    result = cli("export", "progress", "--format", fmt, "-o", str(out))
    assert result.code == 0, result.err
    golden(name, _jsonable(_values(out)).encode())


def test_pars_holds_only_consenting_claimants_and_counts_the_rest(
    cli: Cli, tmp_path: Path, in_fixtures: None
) -> None:
    out = tmp_path / "pars.xlsx"
    result = cli("export", "progress", "--format", "pars", "-o", str(out))
    assert result.code == 0, result.err
    left_out = [line for line in result.err_lines if "left out of the PARS upload" in line]
    assert left_out == [
        "tutor: export: 5 learner(s) left out of the PARS upload: 3 not complete, "
        "1 without a credit claim, 1 without consent to share"
    ]
    rows = _values(out)["Learners"]
    assert tuple(rows[0]) == HEADERS
    names = {(r[1], r[2]) for r in rows[1:]}
    # Wang claimed but did not consent; Grace completed without a claim
    assert names == {("Ada", "Lovelace"), ("Samir", "Haddad"), ("'Zoë", "@Ångström=SUM(A1)")}
    ada = [r for r in rows[1:] if r[1] == "Ada"]
    col = {h: i for i, h in enumerate(HEADERS)}
    # one row per MOC board; CME credit on the first only; ABP's points from course.toml
    assert [(r[col["Certifying Board"]], r[col["Board ID"]]) for r in ada] == [
        ("ABIM", "0012345"),
        ("ABP", "2026.10"),
    ]
    assert [r[col["CME Credits"]] for r in ada] == [0.25, None]
    assert [r[col["MOC Points"]] for r in ada] == [0.25, 0.25]
    assert ada[0][col["Completion Date"]] == dt.datetime(2026, 11, 3)
    assert ada[0][col["Activity ID"]] == "0012026110"
    assert ada[0][col["NPI"]] == "1234567893"
    assert "Notes" in _values(out)


def test_identifiers_are_text_cells_and_dates_are_mm_dd_yyyy(
    cli: Cli, tmp_path: Path, in_fixtures: None
) -> None:
    out = tmp_path / "pars.xlsx"
    assert cli("export", "progress", "--format", "pars", "-o", str(out)).code == 0
    sheet = openpyxl.load_workbook(out)["Learners"]
    for row in sheet.iter_rows(min_row=2):
        for column, cell in zip(COLUMNS, row, strict=True):
            if cell.value is None:
                continue
            if column.kind == "text":
                assert cell.data_type == "s" and cell.number_format == "@", (column, cell)
            elif column.kind == "date":
                assert cell.is_date and cell.number_format == "mm/dd/yyyy"
            else:
                assert cell.data_type == "n"


def _hostile_batch(course: Course, folder: Path) -> list[str]:
    for i, value in enumerate(HOSTILE):
        progress = simulate(course, seed=300 + i, level="claimed", email=f"h{i}@example.org")
        # set directly, as a hand-edited file could (the app refuses control characters)
        learner = progress.learner
        learner.first_name = value
        learner.last_name = value[::-1]
        learner.consent_to_share = True
        learner.boards = [BoardId("ABIM", value), BoardId("ABP", "0012345")]
        learner.license_state = "CA"
        learner.license_number = value
        learner.npi = "0012345678"
        progress.course.version = value
        write(folder, f"h{i:02d}", progress)
    return HOSTILE


def test_hostile_values_survive_exactly_in_both_workbooks(
    cli: Cli, course: Course, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    _hostile_batch(course, folder)
    pars_out, xlsx_out = tmp_path / "pars.xlsx", tmp_path / "records.xlsx"
    assert cli("export", str(folder), "--format", "pars", "-o", str(pars_out)).code == 0
    assert cli("export", str(folder), "--format", "xlsx", "-o", str(xlsx_out)).code == 0
    col = {h: i for i, h in enumerate(HEADERS)}
    rows = openpyxl.load_workbook(pars_out)["Learners"].iter_rows(min_row=2)
    seen_first: list[str] = []
    for row in rows:
        first = row[col["First Name"]]
        if row[col["Certifying Board"]].value != "ABIM":
            continue
        value = _xstring(first.value)
        seen_first.append(value)
        assert first.data_type == "s"
        assert _xstring(row[col["Last Name"]].value) == value[::-1]
        assert _xstring(row[col["Board ID"]].value) == value
        assert _xstring(row[col["License Number"]].value) == value
        assert row[col["NPI"]].value == "0012345678"
    assert sorted(seen_first) == sorted(HOSTILE)
    records = openpyxl.load_workbook(xlsx_out)["Records"]
    header = [c.value for c in next(records.iter_rows(max_row=1))]
    versions = [r[header.index("course_version")] for r in records.iter_rows(min_row=2)]
    firsts = [_xstring(r[header.index("first_name")].value) for r in records.iter_rows(min_row=2)]
    assert sorted(firsts) == sorted(HOSTILE)  # no apostrophe added, nothing rewritten
    assert sorted(_xstring(c.value) for c in versions) == sorted(HOSTILE)
    assert all(c.data_type == "s" for c in versions)


def test_workbooks_are_written_row_by_row(cli: Cli, tmp_path: Path, in_fixtures: None) -> None:
    # XlsxWriter's constant_memory mode writes strings inline, row by row (no shared string
    # table held in memory): that is how the file shows it was streamed.
    out = tmp_path / "pars.xlsx"
    assert cli("export", "progress", "--format", "pars", "-o", str(out)).code == 0
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        assert 't="inlineStr"' in sheet
        assert "xl/sharedStrings.xml" not in z.namelist()


@pytest.mark.parametrize("fmt", ["pars", "xlsx"])
def test_workbooks_need_an_output_file(fmt: str, cli: Cli, in_fixtures: None) -> None:
    result = cli("export", "progress", "--format", fmt)
    assert result.code == 2
    assert result.err_lines == [
        f"tutor: export: --format {fmt} writes an .xlsx workbook; give a file name with -o, "
        "e.g. -o learners.xlsx"
    ]


def test_abms_boards_and_identifier_checks() -> None:
    assert len(ABMS_BOARDS) == 24
    assert len({b.abbreviation for b in ABMS_BOARDS}) == 24
    assert {b.abbreviation for b in ABMS_BOARDS} >= PARS_MOC_BOARDS
    assert npi_valid("1234567893")  # the CMS worked example
    assert not npi_valid("1234567890")
    assert not npi_valid("123456789")
    assert id_problems([("ABIM", "0012345")], "CA", "A1", "1234567893") == []
    problems = id_problems([("ABX", "1"), ("ABIM", "")], "ZZ", "", "1234567890")
    assert len(problems) == 5, problems


def test_bad_pars_settings_are_lint_errors_at_their_line(tmp_path: Path) -> None:
    import shutil

    from tutor.core.course import load_course

    folder = tmp_path / "course"
    shutil.copytree(FIXTURES / "course", folder)
    toml = folder / "course.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace('moc_boards = ["ABIM", "ABP"]', 'moc_boards = ["ABIM", "ABFM"]')
    toml.write_text(text, encoding="utf-8")
    load = load_course(folder)
    assert load.course is None
    errors = [d for d in load.errors if d.code == "C003"]
    assert len(errors) == 2, [str(e) for e in errors]  # ABFM is not a PARS board; ABP's points
    messages = " | ".join(e.message for e in errors)
    assert "'ABFM' is an ABMS member board that does not take MOC through PARS" in messages
    assert "MOC points for ABP, which is not in moc_boards" in messages
    lines = text.splitlines()
    where = {e.message.split(" ")[0]: e.line for e in errors}
    assert where["'ABFM'"] == lines.index('moc_boards = ["ABIM", "ABFM"]') + 1
    assert lines[where["MOC"] - 1].startswith("ABP")  # the line that gives ABP's points
