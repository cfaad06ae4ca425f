"""Saves survive crashes: writers killed with SIGKILL at random moments, 500 times.

How the harness works:

- One helper process (a fresh interpreter, started once) imports everything
  and then forks a short-lived *worker* for each run, so a run costs a fork
  rather than an interpreter start-up (500 start-ups would not fit in a minute).
- A worker opens the progress file and answers quiz questions in a loop. After
  each answer's save returns, it appends the answer's `seq` to an ack file with
  one `write` (so an ack is either wholly there or not at all).
- Once the worker has opened the file and is about to save, the test sleeps
  a random 5-60 ms and kills it with SIGKILL (one run in ten is instead killed
  0-15 ms after the fork, while it opens the file). Then it
  reads the progress file: it must parse, and every acknowledged answer must be
  in it. The same file is reused by the next run, which continues from it
  (every 25 runs a new file is started, to keep saves typical in size).

The control run uses a naive writer (`open(path, "w")` then write) in the same
harness and must be caught at least once: a file killed mid-write is empty or
cut short, and the answers acknowledged before it are lost.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tutor.core.progress import ProgressError, read_progress, verify_chain

HERE = Path(__file__).resolve().parent
RUNS = 500
CONTROL_RUNS = 80
RUNS_PER_FILE = 25
EARLY = 0.1  # the share of runs killed while opening, before they start saving

HELPER = textwrap.dedent(
    """
    import os, sys
    sys.path.insert(0, sys.argv[1])
    import datetime as dt
    from progress_course import make_course
    from tutor.core.progress import Progress, ProgressStore, dumps, read_progress
    from tutor.core.session import Session

    COURSE = make_course()

    def naive_save(path):
        def save(progress):
            with open(path, "w") as f:
                f.write(dumps(progress))
        return save

    def work(mode, path, ack_path, ready):
        ack = os.open(ack_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            if mode == "atomic":
                store = ProgressStore(path)
                progress = store.open(COURSE)
                save = store.save
            else:
                if os.path.exists(path):
                    progress = read_progress(path)
                else:
                    progress = Progress.new(COURSE, dt.datetime.now(dt.UTC))
                save = naive_save(path)
            session = Session(COURSE, progress, save)
            os.write(ready, b"R")
            while True:
                session.start_quiz("basics")
                while (question := session.next_question("basics")) is not None:
                    answer = session.answer("basics", question.id, {question.options[0].id})
                    os.write(ack, f"{answer.seq}\\n".encode())
                session.finish_quiz("basics")
        except BaseException as e:
            os.write(ack, f"E {type(e).__name__}: {e}\\n".encode())
        os._exit(1)

    for line in sys.stdin:
        mode, path, ack_path = line.split()
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            work(mode, path, ack_path, w)
        os.close(w)
        print(pid, flush=True)
        print("ready" if os.read(r, 1) else "dead", flush=True)
        os.close(r)
        _, status = os.waitpid(pid, 0)
        print(status, flush=True)
    """
)


@dataclass
class Tally:
    runs: int = 0
    saving: int = 0  # runs killed 5-60 ms into their save loop
    acked: int = 0  # acknowledged answers, over all runs
    unparseable: int = 0
    lost: int = 0
    worker_errors: list[str] = field(default_factory=list)
    broken_chains: int = 0
    files: int = 0
    stray_temps: int = 0

    def __str__(self) -> str:
        return (
            f"{self.runs} kills ({self.saving} while saving) over {self.files} files: "
            f"{self.acked} answers acknowledged, "
            f"{self.unparseable} unparseable files, {self.lost} acknowledged answers lost, "
            f"{self.broken_chains} broken chains, {len(self.worker_errors)} worker errors"
        )


def answer_seqs(path: Path) -> set[int]:
    progress = read_progress(path)
    return {
        a.seq
        for mp in progress.modules.values()
        for attempt in mp.quiz_attempts
        for a in attempt.answers
    }


def hammer(mode: str, runs: int, folder: Path, seed: int) -> Tally:
    rng = random.Random(seed)
    tally = Tally()
    helper = subprocess.Popen(
        [sys.executable, "-c", HELPER, str(HERE)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    assert helper.stdin is not None and helper.stdout is not None
    acked: set[int] = set()
    path = folder / "none"
    pid = 0
    try:
        for run in range(runs):
            if run % RUNS_PER_FILE == 0:
                path = folder / f"{mode}-{run // RUNS_PER_FILE:03d}.progress.toml"
                acked = set()
                tally.files += 1
            ack_path = folder / f"ack-{run}"
            helper.stdin.write(f"{mode} {path} {ack_path}\n")
            pid = int(helper.stdout.readline())
            if rng.random() < EARLY:
                # kill while it opens the file (lock, temp clean-up, backup write)
                time.sleep(rng.uniform(0.0, 0.015))
                os.kill(pid, signal.SIGKILL)
                pid = 0
                helper.stdout.readline()  # "ready" or "dead"
            else:
                # kill while it saves answers
                if helper.stdout.readline().strip() == "ready":
                    tally.saving += 1
                time.sleep(rng.uniform(0.005, 0.060))
                os.kill(pid, signal.SIGKILL)
                pid = 0
            helper.stdout.readline()  # the helper has reaped it
            tally.runs += 1

            lines = ack_path.read_text().splitlines() if ack_path.exists() else []
            ack_path.unlink(missing_ok=True)
            tally.worker_errors += [line for line in lines if line.startswith("E ")]
            new = {int(line) for line in lines if not line.startswith("E ")}
            tally.acked += len(new)
            acked |= new
            if not path.exists():
                continue  # killed before the first save
            try:
                present = answer_seqs(path)
            except ProgressError:
                tally.unparseable += 1
                tally.lost += len(acked)
                acked = set()
                path.unlink()  # start that file afresh
                continue
            tally.lost += len(acked - present)
            acked &= present
            if mode == "atomic" and not verify_chain(read_progress(path)):
                tally.broken_chains += 1
        tally.stray_temps = sum(1 for p in folder.iterdir() if ".tmp-" in p.name)
    finally:
        if pid:  # a failure before the kill must not leave a worker saving in the background
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        helper.stdin.close()
        try:
            helper.wait(timeout=30)
        except subprocess.TimeoutExpired:
            helper.kill()
            helper.wait()
    return tally


@pytest.mark.slow
def test_atomic_saves_survive_500_kills_and_a_naive_writer_is_caught(tmp_path: Path) -> None:
    started = time.monotonic()
    (tmp_path / "atomic").mkdir()
    (tmp_path / "naive").mkdir()
    atomic = hammer("atomic", RUNS, tmp_path / "atomic", seed=1)
    naive = hammer("naive", CONTROL_RUNS, tmp_path / "naive", seed=2)
    elapsed = time.monotonic() - started
    print(f"\natomic: {atomic}\nnaive:  {naive}\n{elapsed:.1f} s")

    assert atomic.worker_errors == []
    assert atomic.runs == RUNS
    assert atomic.unparseable == 0, atomic
    assert atomic.lost == 0, atomic
    assert atomic.broken_chains == 0, atomic
    assert atomic.saving >= RUNS * 0.8, atomic  # most kills hit the save loop
    assert atomic.acked >= RUNS, atomic  # which really was saving
    # a kill can leave one temp file; the next open removes it (one per file at most)
    assert atomic.stray_temps <= atomic.files

    assert naive.worker_errors == []
    assert naive.unparseable + naive.lost >= 1, f"the harness caught nothing: {naive}"
