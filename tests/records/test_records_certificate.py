"""Certificates: what they carry, when they are refused, and a PDF that independent tools
accept (qpdf --check, poppler's pdftotext and pdffonts, pypdf) for names in any script."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import msgspec
import pypdf
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
from tutor.core.records.certificate import CertificateData, render_certificate


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, (
        f"{name} is missing: install Debian's poppler-utils and qpdf "
        "(apt-get install -y poppler-utils qpdf; .ci/run does)"
    )
    return path


_BIDI_MARKS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def pdf_lines(path: Path) -> list[str]:
    """The page's text lines as poppler's pdftotext extracts them (bidi marks removed)."""
    out = subprocess.run(
        [_tool("pdftotext"), "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line.translate(_BIDI_MARKS).strip() for line in out.splitlines() if line.strip()]


WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


def pdf_words(path: Path) -> list[tuple[str, float, float, float, float]]:
    """Every word with its bounding box (xMin, yMin, xMax, yMax, in points), from pdftotext."""
    out = subprocess.run(
        [_tool("pdftotext"), "-bbox", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        (
            html.unescape(m.group(5)).translate(_BIDI_MARKS),
            float(m.group(1)),
            float(m.group(2)),
            float(m.group(3)),
            float(m.group(4)),
        )
        for m in WORD.finditer(out)
    ]


def check_pdf(path: Path) -> str:
    """qpdf's structural check passes and every font is embedded; returns the page's text."""
    qpdf = subprocess.run([_tool("qpdf"), "--check", str(path)], capture_output=True, text=True)
    assert qpdf.returncode == 0, qpdf.stdout + qpdf.stderr
    assert "No syntax or stream encoding errors found" in qpdf.stdout
    fonts = subprocess.run(
        [_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts, "no fonts at all"
    for row in fonts:
        emb, sub = row.split()[-5:-3]
        assert (emb, sub) == ("yes", "yes"), row  # embedded, as a subset
    # a second library agrees: every font carries its font program
    reader = pypdf.PdfReader(path)
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        descendant = font.get_object()["/DescendantFonts"][0].get_object()
        descriptor = descendant["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, descriptor
    return "\n".join(pdf_lines(path))


@pytest.fixture
def ada() -> Progress:
    return read_progress(PROGRESS / "ada-complete.progress.toml")


def test_certificate_carries_what_the_issue_lists(
    course: Course, ada: Progress, tmp_path: Path
) -> None:
    out = tmp_path / "ada.pdf"
    result = write_certificate(course, ada, out)
    shown = check_pdf(out)
    flat = " ".join(shown.split())
    data = certificate_data(course, ada)
    assert ada.credit is not None and ada.credit.claimed == 0.25 < course.max_credit
    assert "Ada Lovelace" in shown.splitlines()
    assert course.provider in shown
    assert course.title in shown
    assert f"has completed the {course.learning_format}" in shown
    day = data.completed.day
    assert f"on {day} November 2026, and claimed 0.25 AMA PRA Category 1 Credits™." in flat
    assert "Physicians should claim only the credit commensurate" in flat
    assert course.records.accreditation in flat  # the ACCME accreditation statement
    assert f"{course.provider}: {course.records.contact}" in flat
    assert course.records.signatory_name in shown and course.records.signatory_title in shown
    assert f"Verification code {result.code}" in flat
    assert "To check this certificate, give this code to the provider" in flat
    assert "`" not in shown
    assert not result.lossy
    # The trademarked name is always in the italic font (pypdf reports each text's font).
    italic: list[str] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if font is not None and "Italic" in str(font.get("/BaseFont")):
            italic.append(text)

    pypdf.PdfReader(out).pages[0].extract_text(visitor_text=visit)
    assert "AMA PRA Category 1 Credits" in "".join(italic)
    assert out.stat().st_mode & 0o777 == 0o600


def test_designation_max_is_shown_only_in_the_designation(course: Course, ada: Progress) -> None:
    data = certificate_data(course, ada)
    assert data.credits == 0.25
    assert data.designation == course.designation


NAMES = {
    "Polish": ("Łucja", "Żółkiewska-Wąsowicz"),
    "Vietnamese": ("Nguyễn Thị", "Minh Khai"),
    "Greek": ("Παναγιώτα", "Παπαδοπούλου"),
    "Cyrillic": ("Мария", "Иванова-Щербакова"),
    "Chinese": ("小明", "王"),
    "Japanese": ("太郎", "山田"),
    "Arabic": ("مريم", "عبد الرحمن الحسيني"),
    "Korean": ("민준", "김"),
    "long": (
        "Hubert Blaine",
        "Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaft"
        "schaferswessenschafewarenwohlgepflegeundsorgfaltigkeitbeschutzenvonangreifen",
    ),
}


@pytest.mark.parametrize("script", list(NAMES))
def test_names_in_every_script(script: str, course: Course, tmp_path: Path) -> None:
    progress = read_progress(PROGRESS / "ada-complete.progress.toml")
    progress.learner.first_name, progress.learner.last_name = NAMES[script]
    name = progress.learner.full_name
    out = tmp_path / f"{script}.pdf"
    result = write_certificate(course, progress, out)
    assert not result.lossy
    lines = check_pdf(out).splitlines()
    start = lines.index("This certifies that") + 1
    end = next(i for i, line in enumerate(lines) if line.startswith("has completed"))
    if script == "long":
        # too long for one line even at the smallest size: wrapped, nothing lost
        assert len(lines[start:end]) > 1
        assert "".join(lines[start:end]).replace(" ", "") == name.replace(" ", "")
    else:
        assert lines[start:end] == [name]
        assert unicodedata.is_normalized("NFC", lines[start])
    # every word of the name lies inside the page's inner frame (30 pt in from each edge)
    # (-bbox gives right-to-left words in visual order, so they are matched reversed too)
    pieces = name.split()
    words = [
        w
        for w in pdf_words(out)
        if any(t in p or p in t for p in pieces for t in (w[0], w[0][::-1]))
    ]
    assert len(words) >= len(pieces), pdf_words(out)
    for _, x0, y0, x1, y1 in words:
        assert 30 <= x0 < x1 <= 792 - 30 and 30 <= y0 < y1 <= 612 - 30, (x0, y0, x1, y1)
    # the exact name is in the document properties too
    info = pypdf.PdfReader(out).metadata
    assert info is not None and info["/Keywords"] == f"learner-name={name}"


def test_a_character_no_font_has_is_reported(course: Course, tmp_path: Path) -> None:
    progress = read_progress(PROGRESS / "ada-complete.progress.toml")
    progress.learner.first_name = "\U00013080"  # an Egyptian hieroglyph: in no embedded font
    result = write_certificate(course, progress, tmp_path / "x.pdf")
    assert result.lossy


def _data(**changes: Any) -> CertificateData:
    base = CertificateData(
        name="Ada Lovelace",
        title="Posting Safely",
        learning_format="enduring material",
        completed=dt.date(2026, 11, 3),
        code="ABCD-EFGH-JKLM-NPQR",
        course_version="2026.11",
    )
    return dataclasses.replace(base, **changes)


def test_certificate_of_completion_has_no_credit_or_ama_statement(tmp_path: Path) -> None:
    out = tmp_path / "completion.pdf"
    pdf, lossy = render_certificate(_data(contact="records@example.org"))
    out.write_bytes(pdf)
    text = " ".join(check_pdf(out).split())
    assert "Certificate of Completion" in text and "Ada Lovelace" in text
    assert "on 3 November 2026." in text
    assert "AMA" not in text and "Credit" not in text and "designates" not in text
    assert "Course records: records@example.org" in text
    assert "Verification code ABCD-EFGH-JKLM-NPQR" in text
    assert not lossy


def test_completion_certificate_data_needs_no_claim(course: Course) -> None:
    from tutor.core.records import completion_certificate_data

    grace = read_progress(PROGRESS / "grace-no-claim.progress.toml")
    assert grace.credit is None
    data = completion_certificate_data(course, grace)
    assert data.provider is None and data.credits is None
    assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){3}", data.code)
    chidi = read_progress(PROGRESS / "chidi-partial.progress.toml")
    with pytest.raises(CertificateError, match="finish every module"):
        completion_certificate_data(course, chidi)


def test_the_same_certificate_gives_the_same_bytes() -> None:
    assert render_certificate(_data())[0] == render_certificate(_data())[0]


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
    placeholder = msgspec.structs.replace(
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
    check_pdf(out)
    refused = cli("certificate", str(PROGRESS / "chidi-partial.progress.toml"), "-o", str(out))
    assert refused.code == 1
    assert "finish every module" in refused.err
    assert len(refused.err_lines) == 1
    bad = tmp_path / "bad.toml"
    bad.write_text("")
    unreadable = cli("certificate", str(bad), "-o", str(out))
    assert unreadable.code == 2
    assert "empty" in unreadable.err
    wang = cli("certificate", str(PROGRESS / "wang-no-consent.progress.toml"), "-o", str(out))
    assert wang.code == 0
    assert "小明 王" in check_pdf(out).splitlines()  # first name, then last, as in the profile
    assert "empty boxes" not in wang.err  # nothing missing: no note


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
    provider = msgspec.structs.replace(course, provider="[Accredited provider: REPLACE BEFORE USE]")
    designation = msgspec.structs.replace(course, designation="Replace before use.")
    assert provider_is_placeholder(provider)
    assert provider_is_placeholder(designation)
