"""`tutor send` against a real Ralph LRS: re-sending after corrections, one agent per learner."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from real_lrs import Lrs

from tests.records.records_factory import COURSE_DIR, FIXTURES, learners, write
from tutor.cli.main import run
from tutor.core.course import load_course
from tutor.core.progress import dumps, read_progress

SAMIR = {"objectType": "Agent", "mbox": "mailto:samir@example.org"}


def tutor(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    *args: str,
) -> tuple[int, str, str]:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    capsys.readouterr()
    code = run(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def batch(tmp_path: Path) -> tuple[Path, Path]:
    """(course folder, progress folder): the fixture course and files, plus 12 simulated
    learners, all copies the test may change."""
    course = tmp_path / "course"
    shutil.copytree(COURSE_DIR, course)
    progress = tmp_path / "progress"
    shutil.copytree(FIXTURES / "progress", progress)
    loaded = load_course(course).course
    assert loaded is not None
    for name, p in learners(12, loaded, seed=5):
        write(progress, name, p)
    return course, progress


def exported(cli: Any, course: Path, progress: Path, *extra: str) -> list[dict[str, Any]]:
    code, out, err = cli(
        "export", str(progress), "--course", str(course), "--format", "xapi", *extra
    )
    assert code == 0, err
    statements: list[dict[str, Any]] = json.loads(out)
    return statements


def summary(err: str) -> str:
    return [line for line in err.splitlines() if line.startswith("tutor: send: ")][-1]


def test_resend_after_corrections_gives_no_conflict_and_no_duplicate(
    lrs: Lrs,
    batch: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    course, progress = batch

    def cli(*args: str) -> tuple[int, str, str]:
        return tutor(capsys, monkeypatch, lrs.env, *args)

    expected = exported(cli, course, progress)
    code, _, err = cli("send", str(progress), "--course", str(course), "--lrs", lrs.url)
    assert code == 0, err
    assert summary(err) == (
        f"tutor: send: {len(expected)} sent, 0 already present, 0 already acknowledged "
        "(not sent again), 0 voided, 0 refused"
    )
    stored = lrs.statements()
    assert sorted(s["id"] for s in stored) == sorted(s["id"] for s in expected)

    # A learner corrects their name; a trainer rewords a question and an option; the
    # coordinator moves the activity base.
    ada = progress / "ada-complete.progress.toml"
    record = read_progress(ada)
    record.learner.first_name = "Augusta Ada"
    ada.write_text(dumps(record), encoding="utf-8")
    module = course / "01-privacy.md"
    text = module.read_text(encoding="utf-8")
    assert "The patient's state of residence" in text
    module.write_text(
        text.replace(
            "The patient's state of residence", "The patient’s state of residence"
        ).replace("Which of these is an identifier", "Which one of these is an identifier"),
        encoding="utf-8",
    )
    code, _, err = cli(
        "send",
        str(progress),
        "--course",
        str(course),
        "--lrs",
        lrs.url,
        "--activity-base",
        "https://cme.example.org/xapi/",
    )
    assert code == 0, err
    assert summary(err) == (
        f"tutor: send: 0 sent, 0 already present, {len(expected)} already acknowledged "
        "(not sent again), 0 voided, 0 refused"
    )
    again = lrs.statements()
    assert len(again) == len(expected)
    assert sorted(s["id"] for s in again) == sorted(s["id"] for s in expected)

    # Without the ledger (another machine, a lost data folder), the same activity base:
    # every statement is byte-for-byte what the LRS holds, so it says "already present".
    shutil.rmtree(Path(str(lrs_home())) / "lrs")
    code, _, err = cli("send", str(progress), "--course", str(course), "--lrs", lrs.url)
    assert code == 0, err
    assert summary(err) == (
        f"tutor: send: 0 sent, {len(expected)} already present, 0 already acknowledged "
        "(not sent again), 0 voided, 0 refused"
    )
    assert len(lrs.statements()) == len(expected)


def lrs_home() -> str:
    import os

    return os.environ["TUTOR_HOME"]


def test_a_learners_two_files_are_one_agent(
    lrs: Lrs, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    progress = FIXTURES / "progress"
    # the two files give the address as Samir@Example.org and samir@example.org
    emails = {
        read_progress(progress / f"samir-{m}.progress.toml").learner.email
        for m in ("desktop", "laptop")
    }
    assert len(emails) == 2 and len({e.lower() for e in emails}) == 1
    code, _, err = tutor(
        capsys,
        monkeypatch,
        lrs.env,
        "send",
        str(progress),
        "--course",
        str(COURSE_DIR),
        "--lrs",
        lrs.url,
    )
    assert code == 0, err
    stored = lrs.statements()
    agents = Counter(json.dumps(s["actor"], sort_keys=True) for s in stored)
    samir = [a for a in agents if "samir" in a.lower()]
    assert samir == [json.dumps(SAMIR, sort_keys=True)]
    mine = lrs.agent_statements(SAMIR)
    assert len(mine) == agents[samir[0]]
    # the history is both files' events: each computer's quiz attempts are there
    registrations = {s["context"]["registration"] for s in mine}
    assert len(registrations) == 1
    assert len({s["timestamp"][:10] for s in mine}) >= 2


def test_a_changed_email_voids_the_old_statements(
    lrs: Lrs,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    progress = tmp_path / "p"
    progress.mkdir()
    shutil.copy(FIXTURES / "progress" / "grace-no-claim.progress.toml", progress / "grace.toml")

    def send() -> tuple[int, str, str]:
        return tutor(
            capsys,
            monkeypatch,
            lrs.env,
            "send",
            str(progress),
            "--course",
            str(COURSE_DIR),
            "--lrs",
            lrs.url,
        )

    code, _, err = send()
    assert code == 0, err
    first = lrs.statements()
    grace = progress / "grace.toml"
    record = read_progress(grace)
    record.learner.email = "grace.hopper@example.org"
    grace.write_text(dumps(record), encoding="utf-8")
    code, _, err = send()
    assert code == 0, err
    n = len(first)
    assert summary(err) == (
        f"tutor: send: {n} sent, 0 already present, 0 already acknowledged (not sent again), "
        f"{n} voided, 0 refused"
    )
    stored = lrs.statements()
    voids = [s for s in stored if s["verb"]["id"].endswith("/voided")]
    assert sorted(v["object"]["id"] for v in voids) == sorted(s["id"] for s in first)
    new = lrs.agent_statements({"mbox": "mailto:grace.hopper@example.org"})
    assert len([s for s in new if not s["verb"]["id"].endswith("/voided")]) == n
    # sending again changes nothing
    code, _, err = send()
    assert code == 0, err
    assert len(lrs.statements()) == len(stored)
    # the report from the LRS leaves the voided statements out: one learner, not two
    code, out, err = tutor(
        capsys,
        monkeypatch,
        lrs.env,
        "report",
        "--lrs",
        lrs.url,
        "--course",
        str(COURSE_DIR),
        "--format",
        "json",
    )
    assert code == 0, err
    assert json.loads(out)["learners"] == 1


def test_background_sender_drains_the_outbox(lrs: Lrs, tmp_path: Path) -> None:
    import time

    from tutor.core.lrs.client import Credentials, LrsClient
    from tutor.core.lrs.ledger import Ledger
    from tutor.core.lrs.outbox import BackgroundSender, Outbox
    from tutor.core.lrs.sender import Sender
    from tutor.core.records import collect
    from tutor.core.records.xapi import Statements

    course = load_course(COURSE_DIR).course
    assert course is not None
    entries = list(Statements(course).entries(collect([FIXTURES / "progress"], course).learners))
    outbox = Outbox(tmp_path / "outbox")

    def make_sender() -> Sender:
        client = LrsClient(lrs.url, Credentials("tutor", "test-password-1"))
        return Sender(client, Ledger(tmp_path / "ledger"))

    worker = BackgroundSender(outbox, make_sender)
    worker.start()
    try:
        for i in range(0, len(entries), 10):  # events arriving while the app runs
            outbox.enqueue(entries[i : i + 10])
            worker.wake()
        deadline = time.monotonic() + 30
        while outbox.queued() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        worker.stop()
    assert outbox.queued() == [] and outbox.refused() == []
    assert sorted(s["id"] for s in lrs.statements()) == sorted(e.id for e in entries)
