"""SIGKILL `tutor send` and the background sender at random moments (at least 100 kills).

Afterwards: every statement the ledger says the LRS acknowledged is in the LRS, each
statement is stored exactly once, and nothing the outbox had queued is lost.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from real_lrs import PASSWORD, USER, Lrs

from tests.records.records_factory import fixture_course, learners, write
from tutor.core.lrs.ledger import Ledger
from tutor.core.lrs.outbox import Outbox
from tutor.core.paths import lrs_dir
from tutor.core.records import collect
from tutor.core.records.xapi import Statements

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SEND_KILLS = 50
OUTBOX_KILLS = 50
CHUNK = 5  # statements queued per run of the background sender (outbox_child.CHUNK)


def acknowledged(home: Path, endpoint: str) -> set[str]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TUTOR_HOME", str(home))
        return Ledger(lrs_dir(endpoint)).statement_ids()


def stored_once(lrs: Lrs) -> Counter[str]:
    ids = Counter(s["id"] for s in lrs.statements(limit="1000"))
    duplicates = [i for i, n in ids.items() if n > 1]
    assert not duplicates, f"stored more than once: {duplicates[:5]}"
    return ids


class Lifetime:
    """How long a run lasts when nobody kills it: kill moments are drawn within it."""

    def __init__(self, guess: float) -> None:
        self.seconds = guess

    def saw(self, seconds: float) -> None:
        self.seconds = 0.7 * self.seconds + 0.3 * seconds


def kill_at_random(
    process: subprocess.Popen[bytes],
    rng: random.Random,
    life: Lifetime,
    shortest: float = 0.05,
    busy: Callable[[], bool] | None = None,
) -> bool:
    """SIGKILL `process` at a random moment; True if it was killed before it ended.

    Without `busy`: after a random pause from its start (startup, reading files,
    enqueueing...). With `busy`: once `busy()` says it is in the middle of its work
    (a batch acknowledged, a queue file written), after a random 0-50 ms more.
    """
    start = time.monotonic()
    if busy is not None:
        while not busy() and process.poll() is None and time.monotonic() - start < 10:
            time.sleep(0.002)
        deadline = time.monotonic() + rng.uniform(0, 0.05)
    else:
        deadline = start + rng.uniform(shortest, max(shortest, 0.9 * life.seconds))
    while time.monotonic() < deadline:
        if process.poll() is not None:
            life.saw(time.monotonic() - start)
            return False
        time.sleep(0.002)
    if process.poll() is not None:
        life.saw(time.monotonic() - start)
        return False
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    return True


def files_in(folder: Path, pattern: str) -> int:
    return len(list(folder.glob(pattern))) if folder.is_dir() else 0


@pytest.mark.slow
def test_killed_senders_lose_nothing_and_store_nothing_twice(lrs: Lrs, tmp_path: Path) -> None:
    rng = random.Random(12)
    course = fixture_course()
    progress = tmp_path / "progress"
    for name, p in learners(120, course, seed=21):
        write(progress, name, p)
    expected = {e.id for e in Statements(course).entries(collect([progress], course).learners)}
    env = {
        **os.environ,
        "TUTOR_HOME": str(tmp_path / "coordinator"),
        "TUTOR_LRS_USER": USER,
        "TUTOR_LRS_PASSWORD": PASSWORD,
    }
    send = [
        sys.executable,
        "-m",
        "tutor",
        "send",
        str(progress),
        "--lrs",
        lrs.url,
        "--course",
        str(ROOT / "tests" / "fixtures" / "records" / "course"),
        "--batch",
        "13",
    ]
    kills = 0
    send_life = Lifetime(0.6)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TUTOR_HOME", str(tmp_path / "coordinator"))
        ledger_dir = lrs_dir(lrs.url)
    for i in range(SEND_KILLS * 4):
        if kills >= SEND_KILLS:
            break
        segments = files_in(ledger_dir, "seg-*")

        def acked_a_batch(before: int = segments) -> bool:
            return files_in(ledger_dir, "seg-*") > before

        process = subprocess.Popen(
            send, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        if kill_at_random(process, rng, send_life, busy=acked_a_batch if i % 2 else None):
            kills += 1
        held = stored_once(lrs)
        missing = acknowledged(tmp_path / "coordinator", lrs.url) - set(held)
        assert not missing, f"acknowledged in the ledger but not in the LRS: {sorted(missing)[:5]}"
    assert kills >= SEND_KILLS
    done = subprocess.run(send, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    held = stored_once(lrs)
    assert set(held) == expected

    # The app's background sender: each run queues the next CHUNK statements (another 20
    # learners' events), then drains; killed at random, during either.
    app_course = fixture_course()
    others = tmp_path / "others"
    for name, p in learners(20, app_course, seed=77):
        write(others, name, p)
    entries = list(Statements(app_course).entries(collect([others], app_course).learners))
    entries_file = tmp_path / "entries.json"
    entries_file.write_text(
        json.dumps([{"slot": e.slot, "statement": e.statement} for e in entries])
    )
    outbox_dir = tmp_path / "learner" / "course.progress.toml.lrs-outbox"
    app_env = {**os.environ, "TUTOR_HOME": str(tmp_path / "learner")}
    reported: set[int] = set()
    child_life = Lifetime(0.45)
    chunk = 0
    kills_b = 0
    while kills_b < OUTBOX_KILLS and chunk < 4 * OUTBOX_KILLS:
        out_file = tmp_path / f"child-{chunk}.out"

        def enqueued(path: Path = out_file, k: int = chunk) -> bool:
            return f"ENQUEUED {k}" in path.read_text()

        with out_file.open("w") as out:
            process = subprocess.Popen(
                [
                    sys.executable,
                    str(HERE / "outbox_child.py"),
                    str(entries_file),
                    str(chunk),
                    str(outbox_dir),
                    lrs.url,
                    USER,
                    PASSWORD,
                ],
                env=app_env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            killed = kill_at_random(
                process, rng, child_life, shortest=0.1, busy=enqueued if chunk % 2 else None
            )
        kills_b += killed
        text = out_file.read_text()
        if f"ENQUEUED {chunk}" in text:
            reported.add(chunk)
        assert "Traceback" not in text, text
        # a queue file is whole or absent: every one of them reads
        for path in Outbox(outbox_dir).queued():
            for line in path.read_text(encoding="utf-8").splitlines():
                json.loads(line)
        held = stored_once(lrs)
        missing = acknowledged(tmp_path / "learner", lrs.url) - set(held)
        assert not missing, f"acknowledged but not in the LRS: {sorted(missing)[:5]}"
        chunk += 1
    assert kills_b >= OUTBOX_KILLS, kills_b
    # the app starts again, online: the queue drains
    final = subprocess.run(
        [
            sys.executable,
            str(HERE / "outbox_child.py"),
            str(entries_file),
            "999999",
            str(outbox_dir),
            lrs.url,
            USER,
            PASSWORD,
        ],
        env=app_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert final.returncode == 0, final.stdout + final.stderr
    assert Outbox(outbox_dir).queued() == []
    assert Outbox(outbox_dir).refused() == []
    held = stored_once(lrs)
    queued_ids = {e.id for k in reported for e in entries[k * CHUNK : (k + 1) * CHUNK]}
    assert queued_ids, "no enqueue completed before its kill: the test proved nothing"
    assert queued_ids <= set(held), f"lost: {sorted(queued_ids - set(held))[:5]}"
    # nothing half-queued: each chunk is in the LRS whole or not at all
    for k in range(chunk):
        ids = {e.id for e in entries[k * CHUNK : (k + 1) * CHUNK]}
        assert ids <= set(held) or not (ids & set(held)), f"chunk {k} half there"
    assert set(held) - expected <= {e.id for e in entries}
    print(
        f"kills: tutor send {kills}, background sender {kills_b}; "
        f"{len(reported)} chunks reported queued; {len(held)} statements in the LRS"
    )
