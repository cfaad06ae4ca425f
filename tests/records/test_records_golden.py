"""Golden files pin every output format, built from tests/fixtures/records/progress/."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from records_factory import FIXTURES
from records_helpers import Cli


@pytest.fixture
def in_fixtures(monkeypatch: pytest.MonkeyPatch) -> None:
    # Paths in the output are as given: run from the fixtures folder so they are stable.
    monkeypatch.chdir(FIXTURES)


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("csv", "export.csv"),
        ("json", "export.json"),
        ("xapi", "xapi.json"),
        ("evaluation", "evaluation.json"),
    ],
)
def test_export_golden(
    fmt: str,
    name: str,
    cli: Cli,
    golden: Callable[[str, bytes], None],
    tmp_path: Path,
    in_fixtures: None,
) -> None:
    out = tmp_path / name
    result = cli("export", "progress", "--format", fmt, "-o", str(out))
    assert result.code == 0, result.err
    assert result.err_lines == [result.err_lines[-1]]  # only the summary line
    golden(name, out.read_bytes())


def test_report_json_golden(
    cli: Cli, golden: Callable[[str, bytes], None], in_fixtures: None
) -> None:
    result = cli("report", "progress", "--format", "json")
    assert result.code == 0, result.err
    golden("report.json", result.out.encode())


def test_export_is_the_same_whatever_the_order_of_the_files(
    cli: Cli, tmp_path: Path, in_fixtures: None
) -> None:
    files = sorted(str(p.relative_to(FIXTURES)) for p in (FIXTURES / "progress").glob("*.toml"))
    outputs = []
    for order in (files, files[::-1], files[3:] + files[:3]):
        out = tmp_path / "out.json"
        assert cli("export", *order, "--format", "json", "-o", str(out)).code == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


def test_jobs_give_the_same_output(cli: Cli, tmp_path: Path, in_fixtures: None) -> None:
    # Enough files for the worker-process path (it is only used above 128 files).
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(140):
        for src in (FIXTURES / "progress").glob("*.toml"):
            (folder / f"{i:03d}-{src.name}").write_bytes(src.read_bytes())
    outs = {}
    for fmt in ("csv", "xapi"):
        for jobs in ("1", "2"):
            out = tmp_path / f"{fmt}-{jobs}"
            result = cli("export", str(folder), "--format", fmt, "-o", str(out), "--jobs", jobs)
            assert result.code == 1  # every copy after the first is a duplicate
            outs[fmt, jobs] = out.read_bytes()
        assert outs[fmt, "1"] == outs[fmt, "2"]


def test_merged_learner_keeps_the_completed_file(in_fixtures: None, cli: Cli) -> None:
    result = cli("export", "progress", "--format", "json")
    records = json.loads(result.out)["records"]
    samir = [r for r in records if r["learner"]["first_name"] == "Samir"]
    assert len(samir) == 1
    assert samir[0]["source"] == "progress/samir-laptop.progress.toml"
    assert samir[0]["merged_from"] == ["progress/samir-desktop.progress.toml"]
    assert samir[0]["status"] == "complete"


def test_board_and_birth_date_only_with_consent(in_fixtures: None, cli: Cli) -> None:
    records = json.loads(cli("export", "progress", "--format", "json").out)["records"]
    by_email = {r["learner"]["email"]: r for r in records}
    grace = by_email["grace@example.org"]["learner"]
    assert (grace["board"], grace["board_id"], grace["birth_month"], grace["birth_day"]) == (
        "ABP",
        "654321",
        12,
        9,
    )
    wang = by_email["wang@example.org"]["learner"]  # gave them, did not consent
    assert wang["consent_to_share"] is False
    assert (wang["board"], wang["board_id"], wang["birth_month"], wang["birth_day"]) == (
        None,
        None,
        None,
        None,
    )
    csv_text = cli("export", "progress").out
    assert "999000" not in csv_text  # Wang's board ID
    assert "654321" in csv_text


def test_credit_is_the_claim_never_the_maximum(in_fixtures: None, cli: Cli) -> None:
    records = json.loads(cli("export", "progress", "--format", "json").out)["records"]
    ada = next(r for r in records if r["learner"]["first_name"] == "Ada")
    assert ada["credit"]["claimed"] == 0.25  # the course offers 0.5
    grace = next(r for r in records if r["learner"]["first_name"] == "Grace")
    assert grace["status"] == "complete" and grace["credit"] is None  # never filled in
    assert grace["certificate_code"] is None
