"""Errors from the records commands: one plain line, `tutor: COMMAND: ...`."""

from __future__ import annotations

from pathlib import Path

from records_helpers import PROGRESS, Cli


def test_errors_name_the_command_after_tutor(cli: Cli, tmp_path: Path) -> None:
    missing = cli("export", str(PROGRESS), course=tmp_path / "no-course")
    assert missing.code == 2
    assert missing.err_lines == [
        f"tutor: export: {tmp_path / 'no-course'}: no such course folder (give one with --course)"
    ]
    usage = cli("report", str(PROGRESS), "--format", "xml")
    assert usage.code == 2
    assert len(usage.err_lines) == 1
    assert usage.err.startswith("tutor: report: argument --format: invalid choice")
    records = cli("verify", "AAAA-BBBB-CCCC-DDDD", "--records", str(tmp_path / "none.json"))
    assert records.code == 2
    assert records.err.startswith(f"tutor: verify: {tmp_path / 'none.json'}: cannot use it")


def test_course_diagnostic_has_no_control_characters(cli: Cli, tmp_path: Path) -> None:
    course = tmp_path / "bad\x1b[2J\x1b]0;owned\x07course"
    course.mkdir()
    result = cli(
        "certificate", str(PROGRESS / "ada-complete.progress.toml"), "-o", "x.pdf", course=course
    )
    assert result.code == 2
    assert len(result.err_lines) == 1
    assert "\x1b" not in result.err and "\x07" not in result.err
    assert result.err.startswith(f"tutor: certificate: {tmp_path / 'badcourse'}: cannot load")
