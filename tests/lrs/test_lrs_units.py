"""The LRS pieces without a server, and the independent validator (Learning Locker's rules)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.records.records_factory import COURSE_DIR, FIXTURES, fixture_course, learners, write
from tutor.cli.main import run
from tutor.core.lint import lint_path
from tutor.core.lrs.client import Credentials, LrsClient, endpoint_problem
from tutor.core.lrs.config import ConfigError, credentials
from tutor.core.lrs.ledger import FOLD_AFTER, Ledger
from tutor.core.lrs.outbox import Outbox
from tutor.core.lrs.sender import Retry, Sender
from tutor.core.model import Course
from tutor.core.progress import dumps, read_progress
from tutor.core.records import collect
from tutor.core.records.identity import Identity, email_problem, name_problem
from tutor.core.records.xapi import Statements

ROOT = Path(__file__).resolve().parents[2]
VALIDATOR = ROOT / "tools" / "xapi-validate"


@pytest.mark.parametrize(
    "email",
    [
        "ada@example.org",
        "o'neil@example.org",
        "jo+cme@mail.example.co.uk",
        "A.B-C_9%x@EXAMPLE.ORG",
        "",
    ],
)
def test_emails_both_validators_accept(email: str) -> None:
    assert email_problem(email) is None


@pytest.mark.parametrize(
    ("email", "why"),
    [
        ("a=b@example.org", "not ="),
        ("josé@example.org", "ASCII"),
        ("a..b@example.org", "two dots"),
        (".ab@example.org", "start or end"),
        ("ab@localhost", "needs a dot"),
        ("ab@example.invalid", "reserved"),
        ("ab@example.test", "reserved"),
        ("a@b@example.org", "exactly one @"),
        ("ab@exa_mple.org", "not a valid domain"),
        ("ab@example.c0m", "not a valid domain"),
        ("x" * 250 + "@example.org", "at most 254"),
    ],
)
def test_emails_refused_with_a_reason(email: str, why: str) -> None:
    problem = email_problem(email)
    assert problem is not None and why in problem, problem


def test_names() -> None:
    assert name_problem("Zoë Ångström-Łukasiewicz") is None
    assert name_problem("李") is None
    for bad in ("Ada\x1b[2J", "Ada\nLovelace", " Ada", "A" * 101, "Ada\u0085"):
        assert name_problem(bad), bad


def test_identity_is_normalised() -> None:
    assert Identity.of_email("  Samir@Example.ORG ").agent == {
        "objectType": "Agent",
        "mbox": "mailto:samir@example.org",
    }


def validate_with_learning_locker(statements: list[dict[str, object]]) -> str:
    node = shutil.which("node")
    if node is None or not (VALIDATOR / "node_modules" / "@learninglocker").is_dir():
        pytest.skip(
            "Learning Locker's validator is not installed: npm ci --prefix tools/xapi-validate"
        )
    body = "".join(json.dumps(s) + "\n" for s in statements)
    done = subprocess.run(
        [node, str(VALIDATOR / "validate.js")],
        input=body,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def test_every_statement_passes_learning_lockers_validator(tmp_path: Path) -> None:
    course = fixture_course()
    for name, p in learners(30, course, seed=3):
        write(tmp_path, name, p)
    for src in (FIXTURES / "progress").glob("*.toml"):
        shutil.copy(src, tmp_path / src.name)
    entries = list(Statements(course).entries(collect([tmp_path], course).learners))
    assert len(entries) > 300
    assert validate_with_learning_locker([e.statement for e in entries]) == ""
    # the validator is live, and refuses what the entry rules refuse
    bad = json.loads(json.dumps(entries[0].statement))
    bad["actor"]["mbox"] = "mailto:a=b@example.org"
    out = validate_with_learning_locker([bad])
    assert "actor.mbox" in out and email_problem("a=b@example.org")


def test_ledger_survives_reopening_and_folding(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l")
    ids = [f"00000000-0000-5000-8000-{i:012d}" for i in range(FOLD_AFTER + 5)]
    for i, statement_id in enumerate(ids):
        ledger.record([(f"slot-{i}", statement_id)])
    assert len(list((tmp_path / "l").glob("ledger-*"))) == 1
    assert len(list((tmp_path / "l").glob("seg-*"))) == 5
    # a killed writer's temp file (no process has this pid), and a live one (ours)
    (tmp_path / "l" / ".seg-x.tmp-4194305-ab").write_text("half")
    (tmp_path / "l" / f".seg-y.tmp-{os.getpid()}-cd").write_text("being written")
    again = Ledger(tmp_path / "l")
    assert again.acked("slot-3") == ids[3] and again.acked(f"slot-{FOLD_AFTER + 4}") == ids[-1]
    assert again.acked("nope") is None
    assert [p.name for p in (tmp_path / "l").glob(".*tmp*")] == [f".seg-y.tmp-{os.getpid()}-cd"]


def test_outbox_keeps_everything_while_offline(tmp_path: Path) -> None:
    course = fixture_course()
    entries = list(Statements(course).entries(collect([FIXTURES / "progress"], course).learners))
    outbox = Outbox(tmp_path / "outbox")
    outbox.enqueue(entries[:10])
    outbox.enqueue(entries[10:25])
    # nothing listens on this port: connection refused
    client = LrsClient("http://127.0.0.1:9/xAPI/", Credentials("u", "p"), timeout=2)
    sleeps: list[float] = []
    sender = Sender(client, Ledger(tmp_path / "ledger"), retry=Retry(3, 0.1), sleep=sleeps.append)
    report = outbox.drain(sender)
    assert report.offline and "cannot reach the LRS" in report.error
    assert report.files_left == 2 and len(sleeps) == 2 and sleeps[1] > sleeps[0]
    assert [e.id for e in outbox.pending()] == [e.id for e in entries[:25]]
    # the app enqueues only what is neither queued nor acknowledged
    ledger = Ledger(tmp_path / "ledger")
    ledger.record([(entries[30].slot, entries[30].id)])
    fresh = outbox.fresh(entries[:40], ledger)
    assert [e.id for e in fresh] == [e.id for e in entries[25:30] + entries[31:40]]
    # what the LRS refused is kept aside, and not queued again after every save
    refused = outbox.folder / "refused-0001.jsonl"
    refused.write_text(
        json.dumps({"slot": entries[26].slot, "statement": entries[26].statement, "reason": "x"})
        + "\n",
        encoding="utf-8",
    )
    assert entries[26].id not in {e.id for e in outbox.fresh(entries[:40], ledger)}
    # withdrawing consent drops what is queued and not sent yet
    assert outbox.discard() == 2 and list(outbox.pending()) == []


def test_credentials_never_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TUTOR_LRS_USER", raising=False)
    monkeypatch.delenv("TUTOR_LRS_PASSWORD", raising=False)
    monkeypatch.delenv("TUTOR_LRS_CREDENTIALS", raising=False)
    with pytest.raises(ConfigError, match="TUTOR_LRS_USER"):
        credentials()
    secret = tmp_path / "lrs.txt"
    secret.write_text("coord:s3cret\n")
    assert credentials(str(secret)) == Credentials("coord", "s3cret")
    secret.write_text("no colon\n")
    with pytest.raises(ConfigError, match="user:password"):
        credentials(str(secret))
    progress = str(FIXTURES / "progress")
    code = run(["send", progress, "--lrs", "http://127.0.0.1:9/", "--course", str(COURSE_DIR)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and err == [
        "tutor: send: no LRS credentials: set TUTOR_LRS_USER and TUTOR_LRS_PASSWORD, or give "
        "a file with --credentials FILE (one line user:password)"
    ]
    assert endpoint_problem("http://lrs.example.org/xAPI/") is not None  # not over plain http
    code = run(["send", progress, "--lrs", "http://lrs.example.org/", "--course", str(COURSE_DIR)])
    assert code == 2 and "use https" in capsys.readouterr().err


def test_dry_run_sends_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    code = run(
        [
            "send",
            str(FIXTURES / "progress"),
            "--lrs",
            "http://127.0.0.1:9/",
            "--dry-run",
            "--course",
            str(COURSE_DIR),
        ]
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 0, err
    assert err[-1] == (
        "tutor: send: dry run: 126 statement(s) to send, 0 to void, 0 already acknowledged by "
        "this LRS"
    )


def test_export_jsonl_and_the_entry_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [str(FIXTURES / "progress"), "--course", str(COURSE_DIR)]
    assert run(["export", *args, "--format", "xapi"]) == 0
    array = json.loads(capsys.readouterr().out)
    assert run(["export", *args, "--format", "xapi", "--jsonl"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert lines == array
    assert run(["export", *args, "--format", "xapi-jsonl", "-o", str(tmp_path / "x.jsonl")]) == 0
    assert [json.loads(x) for x in (tmp_path / "x.jsonl").read_text().splitlines()] == array
    # a learner whose e-mail the app would refuse: one line, exit 1, the others exported
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "progress", folder)
    ada = folder / "ada-complete.progress.toml"
    record = read_progress(ada)
    record.learner.email = "ada=lovelace@example.org"
    ada.write_text(dumps(record), encoding="utf-8")
    out = tmp_path / "out.json"
    code = run(
        ["export", str(folder), "--course", str(COURSE_DIR), "--format", "xapi", "-o", str(out)]
    )
    err = [x for x in capsys.readouterr().err.splitlines() if "skipped" in x and "ada" in x]
    assert code == 1
    assert len(err) == 1 and "(not =)" in err[0] and "correct it in the app" in err[0]
    assert json.loads(out.read_text()) and all(
        "ada" not in s["actor"].get("mbox", "") for s in json.loads(out.read_text())
    )


def _loaded(folder: Path) -> Course:
    from tutor.core.course import load_course

    course = load_course(folder).course
    assert course is not None
    return course


def test_endpoint_and_base_from_course_toml_or_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tutor.core.lrs.config import app_endpoint, sending_allowed

    course = tmp_path / "course"
    shutil.copytree(COURSE_DIR, course)
    assert app_endpoint(_loaded(course), {}) is None
    assert not sending_allowed(None, True)
    toml = course / "course.toml"
    toml.write_text(
        toml.read_text()
        + '\n[lrs]\nendpoint = "https://lrs.example.org/xAPI/"\n'
        + 'activity_base = "https://cme.example.org/x/"\n'
    )
    assert not [d for d in lint_path(course) if d.code == "C008"]  # [lrs] is declared
    settings = _loaded(course)
    assert app_endpoint(settings, {}) == "https://lrs.example.org/xAPI/"
    assert app_endpoint(settings, {"TUTOR_LRS_ENDPOINT": "https://other.example.org/"}) == (
        "https://other.example.org/"
    )
    with pytest.raises(ConfigError, match="use https"):
        app_endpoint(settings, {"TUTOR_LRS_ENDPOINT": "http://lrs.example.org/"})
    endpoint = app_endpoint(settings, {})
    assert sending_allowed(endpoint, True) and not sending_allowed(endpoint, False)
    assert settings.lrs.activity_base == "https://cme.example.org/x/"
    assert (
        run(["export", str(FIXTURES / "progress"), "--course", str(course), "--format", "xapi"])
        == 0
    )
    statements = json.loads(capsys.readouterr().out)
    assert all(s["object"]["id"].startswith("https://cme.example.org/x/") for s in statements)
