"""`tutor report --lrs` gives the report `tutor report FILES` gives, from the LRS's statements."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from real_lrs import Lrs

from tests.records.records_factory import COURSE_DIR, fixture_course, simulate, write
from tutor.cli.main import run


def cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lrs: Lrs, *args: str
) -> tuple[int, str, str]:
    for key, value in lrs.env.items():
        monkeypatch.setenv(key, value)
    capsys.readouterr()
    code = run([*args, "--course", str(COURSE_DIR)])
    out = capsys.readouterr()
    return code, out.out, out.err


def comparable(report: dict[str, Any]) -> dict[str, Any]:
    """Everything but what statements do not carry (time on task; consent, boards and IDs,
    and the flags that need them) and the source."""
    out = dict(report)
    out.pop("time_on_task")
    out.pop("source", None)
    summary = dict(out.pop("summary"))
    for key in ("available", "consented", "pars_ready", "boards", "flags"):
        summary.pop(key, None)
    out["summary"] = summary
    out["modules"] = [{k: v for k, v in m.items() if k != "median_seconds"} for m in out["modules"]]
    return out


def test_report_from_the_lrs_equals_the_report_from_files(
    lrs: Lrs,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    course = fixture_course()
    folder = tmp_path / "progress"
    # learners who did something an LRS hears about (page views alone send nothing)
    for i in range(24):
        level = ("partial", "complete", "claimed")[i % 3]
        progress = simulate(
            course,
            seed=300 + i,
            level=level,
            first_name="L",
            last_name=str(i),
            email=f"l{i}@example.org",
            accuracy=0.4 + (i % 5) / 10,
        )
        write(folder, f"l{i:02d}", progress)
    code, _, err = cli(capsys, monkeypatch, lrs, "send", str(folder), "--lrs", lrs.url)
    assert code == 0, err
    code, from_files, err = cli(capsys, monkeypatch, lrs, "report", str(folder), "--format", "json")
    assert code == 0, err
    code, from_lrs, err = cli(
        capsys, monkeypatch, lrs, "report", "--lrs", lrs.url, "--format", "json"
    )
    assert code == 0, err
    files_report, lrs_report = json.loads(from_files), json.loads(from_lrs)
    assert lrs_report["learners"] == 24
    assert lrs_report["questions"] and any(q["wrong_options"] for q in lrs_report["questions"])
    assert comparable(lrs_report) == comparable(files_report)
    assert lrs_report["time_on_task"]["available"] is False
    # --since: a time after every statement leaves no learner
    code, later, err = cli(
        capsys,
        monkeypatch,
        lrs,
        "report",
        "--lrs",
        lrs.url,
        "--since",
        "2030-01-01",
        "--format",
        "json",
    )
    assert code == 0, err
    assert json.loads(later)["learners"] == 0
    # text output works too
    code, text, err = cli(capsys, monkeypatch, lrs, "report", "--lrs", lrs.url)
    assert code == 0, err
    assert "16 of 24 learners" in text and "not in the LRS's statements" in text
