"""Certificates: what they carry, when they are refused, and a well-formed PDF."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from records_factory import simulate, write
from records_helpers import PROGRESS, Cli

from tutor.core.model import Course
from tutor.core.progress import Progress, read_progress
from tutor.core.records import (
    CertificateError,
    certificate_data,
    certificate_problems,
    write_certificate,
)
from tutor.core.records.pdf import Font, Page, Run, encode, render, wrap


def check_pdf(data: bytes) -> str:
    """Check the file's structure (header, xref offsets, stream lengths); return page text."""
    assert data.startswith(b"%PDF-1.4\n")
    assert data.endswith(b"%%EOF\n")
    start = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", data).group(1))  # type: ignore[union-attr]
    assert data[start:].startswith(b"xref\n")
    header = re.match(rb"xref\n0 (\d+)\n", data[start:])
    assert header is not None
    count = int(header.group(1))
    entries = data[start + header.end() :].split(b"\n")[:count]
    assert entries[0] == b"0000000000 65535 f "
    for number, entry in enumerate(entries[1:], start=1):
        offset = int(entry[:10])
        assert data[offset:].startswith(f"{number} 0 obj\n".encode()), number
    assert re.search(rb"trailer\n<< /Size %d /Root 1 0 R /Info \d+ 0 R >>" % count, data)
    text = []
    for match in re.finditer(rb"<< /Length (\d+) >>\nstream\n", data):
        length = int(match.group(1))
        body = data[match.end() : match.end() + length]
        assert data[match.end() + length :].startswith(b"\nendstream")
        for op in re.finditer(rb"BT ([\d.]+) ([\d.]+) Td", body):
            x, y = float(op.group(1)), float(op.group(2))
            assert 30 <= x <= 762 and 30 <= y <= 582, (x, y)  # inside the border
        text.append(body.decode("latin-1"))
    return "\n".join(text)


def _shown(text: str) -> str:
    """The literal strings drawn, joined per line (enough to search in)."""
    lines = []
    for line in text.splitlines():
        parts = re.findall(r"\(((?:[^()\\]|\\.)*)\) Tj", line)
        lines.append("".join(parts).replace("\\(", "(").replace("\\)", ")"))
    return "\n".join(lines)


@pytest.fixture
def ada() -> Progress:
    return read_progress(PROGRESS / "ada-complete.progress.toml")


def test_certificate_carries_what_the_issue_lists(
    course: Course, ada: Progress, tmp_path: Path
) -> None:
    out = tmp_path / "ada.pdf"
    result = write_certificate(course, ada, out)
    shown = _shown(check_pdf(out.read_bytes()))
    data = certificate_data(course, ada)
    assert ada.credit is not None and ada.credit.claimed == 0.25 < course.max_credit
    assert "Ada Lovelace" in shown
    assert course.provider in shown
    assert course.title in shown
    assert f"has completed the {course.learning_format}" in shown
    assert f"on {data.completed.day} November 2026" in shown
    assert "claimed 0.25 AMA PRA Category 1 Credits\\231." in shown  # the claim, not the max
    assert "Physicians should claim only the credit commensurate" in shown
    assert result.code in shown
    assert not result.lossy
    # The trademarked name is always in the italic font.
    raw = out.read_bytes().decode("latin-1")
    assert "/F3 13 Tf (AMA PRA Category 1 Credits\\231)" in raw
    assert out.stat().st_mode & 0o777 == 0o600


def test_designation_max_is_shown_only_in_the_designation(course: Course, ada: Progress) -> None:
    data = certificate_data(course, ada)
    assert data.credits == 0.25
    assert data.designation == course.designation


def test_non_latin_name_never_crashes(course: Course, tmp_path: Path) -> None:
    wang = read_progress(PROGRESS / "wang-no-consent.progress.toml")
    out = tmp_path / "wang.pdf"
    result = write_certificate(course, wang, out)
    assert result.lossy
    data = out.read_bytes()
    shown = _shown(check_pdf(data))
    assert "cannot be shown in this PDF's fonts" in shown
    # The exact name survives in the document information, as UTF-16.
    name = wang.learner.full_name
    assert b"<FEFF" + name.encode("utf-16-be").hex().upper().encode() in data


@pytest.mark.parametrize(
    ("text", "lossy", "expected"),
    [
        ("José Núñez", False, "José Núñez".encode("cp1252")),
        ("Łukasz Őri", True, b"?ukasz Ori"),
        ("王小明", True, b"???"),
        ("(paren) back\\slash", False, b"(paren) back\\slash"),
    ],
)
def test_encode(text: str, lossy: bool, expected: bytes) -> None:
    assert encode(text) == (expected, lossy)


def test_pdf_escapes_parentheses_and_wraps(tmp_path: Path) -> None:
    page = Page()
    page.paragraph(500, [Run("a (tricky) \\ name " * 20)], 12, 300)
    data = render([page], {"Title": "t"})
    text = check_pdf(data)
    assert "\\(tricky\\)" in text and "\\\\" in text
    lines = wrap([Run("word " * 100)], 12, 300)
    assert len(lines) > 1
    for line in lines:
        assert sum(r.font.width(encode(r.text)[0], 12) for r in line) <= 300
    assert Font.BOLD.width(b"W", 10) == 9.44


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        ("partial", "finish every module"),
        ("complete", "claim the credit"),
    ],
)
def test_refused_until_complete_and_claimed(
    course: Course, level: str, expected: str, tmp_path: Path
) -> None:
    progress = simulate(course, seed=1, level=level, first_name="A", last_name="B")
    problems = certificate_problems(course, progress)
    assert any(expected in p for p in problems), problems
    with pytest.raises(CertificateError):
        write_certificate(course, progress, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_refused_without_a_name_or_provider_or_with_a_broken_chain(
    course: Course, ada: Progress
) -> None:
    assert certificate_problems(course, ada) == []
    nameless = read_progress(PROGRESS / "ada-complete.progress.toml")
    nameless.learner.first_name = nameless.learner.last_name = ""
    assert any("name" in p for p in certificate_problems(course, nameless))
    placeholder = dataclasses.replace(
        course, provider="[Accredited provider name: replace before use]"
    )
    assert any("provider" in p for p in certificate_problems(placeholder, ada))
    edited = read_progress(PROGRESS / "ada-complete.progress.toml")
    assert edited.credit is not None
    edited.credit.claimed = 0.5  # a different claim, without recomputing the chain
    assert any("integrity" in p for p in certificate_problems(course, edited))
    greedy = read_progress(PROGRESS / "ada-complete.progress.toml")
    assert greedy.credit is not None
    greedy.credit.claimed = 3.0
    greedy.restart_chain("new")
    assert any(
        "the most this course offers is 0.5" in p for p in certificate_problems(course, greedy)
    )


def test_cli_certificate(cli: Cli, tmp_path: Path, course: Course) -> None:
    out = tmp_path / "c.pdf"
    result = cli("certificate", str(PROGRESS / "ada-complete.progress.toml"), "-o", str(out))
    assert result.code == 0, result.err
    assert "verification code" in result.err
    check_pdf(out.read_bytes())
    refused = cli("certificate", str(PROGRESS / "chidi-partial.progress.toml"), "-o", str(out))
    assert refused.code == 1
    assert "finish every module" in refused.err
    assert len(refused.err_lines) == 1
    bad = tmp_path / "bad.toml"
    bad.write_text("")
    unreadable = cli("certificate", str(bad), "-o", str(out))
    assert unreadable.code == 2
    assert "empty" in unreadable.err
    lossy = cli("certificate", str(PROGRESS / "wang-no-consent.progress.toml"), "-o", str(out))
    assert lossy.code == 0
    assert "approximated" in lossy.err


def test_cli_certificate_other_course(cli: Cli, tmp_path: Path, course: Course) -> None:
    progress = simulate(course, seed=1, level="claimed", first_name="A", last_name="B")
    progress.course.id = "elsewhere"
    path = write(tmp_path, "x", progress)
    result = cli("certificate", str(path), "-o", str(tmp_path / "x.pdf"))
    assert result.code == 2
    assert "elsewhere" in result.err


def test_cli_certificate_that_cannot_be_written_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    """Not being able to write the PDF is unusable input/output (2), not a refusal (1)."""
    ada = str(PROGRESS / "ada-complete.progress.toml")
    into_folder = cli("certificate", ada, "-o", str(tmp_path))
    assert into_folder.code == 2
    assert into_folder.err_lines == [
        f"tutor: certificate: {tmp_path}: is a folder; give a file name with -o"
    ]
    nowhere = tmp_path / "missing" / "sub" / "c.pdf"
    no_parent = cli("certificate", ada, "-o", str(nowhere))
    assert no_parent.code == 2
    assert len(no_parent.err_lines) == 1
    assert no_parent.err.startswith(f"tutor: certificate: {nowhere}: cannot write")


def test_provider_is_placeholder(course: Course) -> None:
    from tutor.core.records import provider_is_placeholder

    assert not provider_is_placeholder(course)
    provider = dataclasses.replace(course, provider="[Accredited provider: REPLACE BEFORE USE]")
    designation = dataclasses.replace(course, designation="Replace before use.")
    assert provider_is_placeholder(provider)
    assert provider_is_placeholder(designation)
