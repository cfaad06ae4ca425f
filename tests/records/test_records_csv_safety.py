"""CSV for Excel: dangerous names survive a round trip and never start a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from records_factory import simulate, write
from records_helpers import Cli

from tutor.core.model import Course
from tutor.core.records.csvsafe import FORMULA_START, neutralise, to_csv

DANGEROUS = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "-2",
    "@x",
    "\tleading tab",
    "embedded\nnewline",
    "\rcarriage return",
    "\nleading newline",
    "王小明",
    "Сергей Иванов",
    "محمد",
    "Zoë Ångström-Łukasiewicz",
    'quote " and , comma',
    "=1+2",
    "plain",
]


def _read(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def _restore(cell: str, original: str) -> str:
    return cell[1:] if original.startswith(FORMULA_START) else cell


@pytest.mark.parametrize("value", DANGEROUS)
def test_neutralise(value: str) -> None:
    safe = neutralise(value)
    assert not safe.startswith(FORMULA_START)
    assert _restore(safe, value) == value


def test_to_csv_quotes_everything_and_round_trips() -> None:
    text = to_csv(["name", "=header"], [[v, v] for v in DANGEROUS])
    rows = _read(text)
    assert rows[0] == ["name", "'=header"]
    for row, original in zip(rows[1:], DANGEROUS, strict=True):
        assert row == [neutralise(original)] * 2
        assert _restore(row[0], original) == original
    # Every field quoted: each line starts with a quote (after the BOM) and records end in CRLF.
    assert text.removeprefix("\ufeff").startswith('"name","\'=header"\r\n')


def test_export_of_dangerous_learners(cli: Cli, course: Course, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    for i, name in enumerate(DANGEROUS):
        progress = simulate(course, seed=100 + i, level="claimed", email=f"p{i}@example.org")
        # Set directly, as a hand-edited file could: the app itself refuses control characters.
        progress.learner.first_name = name
        progress.learner.last_name = name[::-1]
        progress.learner.board = name
        progress.learner.board_id = "-42"
        progress.learner.consent_to_share = True
        write(folder, f"learner{i}", progress)
    out = tmp_path / "out.csv"
    result = cli("export", str(folder), "-o", str(out))
    assert result.code == 0, result.err
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = _read(raw.decode("utf-8"))
    header, body = rows[0], rows[1:]
    assert len(body) == len(DANGEROUS)
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_START), cell
    first = header.index("first_name")
    last = header.index("last_name")
    board_id = header.index("board_id")
    names = [_unneutralise(row[first]) for row in body]
    assert sorted(names) == sorted(DANGEROUS)
    for row, name in zip(body, names, strict=True):
        assert row[last] == neutralise(name[::-1])
        assert row[board_id] == "'-42"


def _unneutralise(cell: str) -> str:
    """What was written, for these test names (none of which really starts with ')."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell
