"""The app's queue of statements for an LRS: durable, in the progress folder.

`Outbox.enqueue(entries)` writes one new file, whole or not at all
(tutor.core.atomic: temp file, fsync, rename, fsync the folder), before it
returns: a statement the app queued survives a SIGKILL the instant after, the
same standard as progress saves. `drain(sender)` sends the queued files oldest
first, through the same Sender as `tutor send` (ledger, batches, voiding), and
removes a file only once the ledger holds every statement in it; statements the
LRS refused are kept in `refused-*.jsonl` beside the queue, never dropped.
Offline, `drain` stops at the first file it cannot send and keeps it for later.

One drain at a time: a lock file in the folder (another drain returns at once).
Enqueueing needs no lock (each call makes a new file).

The app uses it through `tutor.core.lrs.app_link.AppLink`, only with the learner's
consent: `saved()` after each save queues what is new and wakes the BackgroundSender;
withdrawing consent stops the sender and `discard()`s what is still queued.
"""

from __future__ import annotations

import json
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import filelock

from tutor.core.atomic import write_atomic
from tutor.core.lrs.client import LrsAuthError, LrsError, LrsUnavailable
from tutor.core.lrs.ledger import Ledger, remove_stale_temps
from tutor.core.lrs.sender import Sender, SendReport
from tutor.core.records.xapi import Entry

_QUEUED = "q-"
_REFUSED = "refused-"


@dataclass(slots=True)
class DrainReport:
    report: SendReport
    files_done: int = 0
    files_left: int = 0
    offline: bool = False  # stopped because the LRS could not be reached
    error: str = ""  # one line: why it stopped (offline, credentials), or ""
    busy: bool = False  # another drain held the lock


class Outbox:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def enqueue(self, entries: Iterable[Entry]) -> Path | None:
        """Queue these statements durably; returns the queue file (None if nothing given)."""
        lines = [
            json.dumps({"slot": e.slot, "statement": e.statement}, ensure_ascii=False) + "\n"
            for e in entries
        ]
        if not lines:
            return None
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{_QUEUED}{time.time_ns():020d}-{os.getpid()}-{secrets.token_hex(3)}.jsonl"
        path = self.folder / name
        write_atomic(path, "".join(lines).encode())
        return path

    def fresh(self, entries: Iterable[Entry], ledger: Ledger) -> list[Entry]:
        """The entries neither queued already nor acknowledged by the LRS (same id).

        The app calls this with all of the learner's statements after each event
        (`Statements(course, base).learner(files)`) and enqueues the result: only
        the new events (and corrected completions) are queued.
        """
        known = {e.id for e in self.pending()}
        known.update(e.id for path in self.refused() for e in _read(path))  # not again
        return [e for e in entries if e.id not in known and ledger.acked(e.slot) != e.id]

    def queued(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(self.folder.glob(f"{_QUEUED}*.jsonl"))

    def pending(self) -> Iterator[Entry]:
        """Every queued statement, oldest first (a file sent meanwhile is skipped)."""
        for path in self.queued():
            try:
                entries = list(_read(path))
            except FileNotFoundError:
                continue  # the sender finished it between the listing and the read
            yield from entries

    def discard(self) -> int:
        """Drop everything queued and not sent yet (the learner withdrew consent); how
        many files. A file being sent at that moment may still go."""
        dropped = 0
        for path in self.queued():
            try:
                path.unlink()
                dropped += 1
            except FileNotFoundError:
                pass
        return dropped

    def refused(self) -> list[Path]:
        return sorted(self.folder.glob(f"{_REFUSED}*.jsonl")) if self.folder.is_dir() else []

    def drain(self, sender: Sender, should_stop: Callable[[], bool] = lambda: False) -> DrainReport:
        """Send what is queued, oldest first; see the module doc."""
        out = DrainReport(SendReport())
        lock = filelock.FileLock(str(self.folder / ".drain.lock"))
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            lock.acquire(timeout=0)
        except filelock.Timeout:
            out.busy = True
            return out
        try:
            remove_stale_temps(self.folder)  # a killed enqueue's temp file
            files = self.queued()
            for i, path in enumerate(files):
                if should_stop():
                    out.files_left = len(files) - i
                    return out
                try:
                    entries = list(_read(path))
                except FileNotFoundError:
                    continue  # discarded meanwhile: the learner withdrew consent
                try:
                    report = sender.send(entries)
                except LrsUnavailable as e:
                    out.offline, out.error = True, str(e)
                    out.files_left = len(files) - i
                    return out
                except (LrsAuthError, LrsError) as e:
                    out.error = str(e)
                    out.files_left = len(files) - i
                    return out
                out.report.add(report)
                if report.refused:
                    refused = {r.statement_id for r in report.refused}
                    keep = [e for e in entries if e.id in refused]
                    reasons = {r.statement_id: r.reason for r in report.refused}
                    body = "".join(
                        json.dumps(
                            {"slot": e.slot, "statement": e.statement, "reason": reasons[e.id]},
                            ensure_ascii=False,
                        )
                        + "\n"
                        for e in keep
                    )
                    write_atomic(
                        self.folder / (_REFUSED + path.name[len(_QUEUED) :]), body.encode()
                    )
                path.unlink(missing_ok=True)
                out.files_done += 1
            return out
        finally:
            lock.release()


def _read(path: Path) -> Iterator[Entry]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            yield Entry(str(item["slot"]), dict(item["statement"]))


class BackgroundSender:
    """A daemon thread that drains the outbox: at start, on `wake()`, and after a failure
    with a growing pause (offline: 5 s, 10 s, ... up to 10 minutes). Never raises into
    the app; the last DrainReport is in `last`."""

    def __init__(
        self,
        outbox: Outbox,
        make_sender: Callable[[], Sender],
        *,
        first_pause: float = 5.0,
        max_pause: float = 600.0,
    ) -> None:
        self.outbox = outbox
        self.make_sender = make_sender
        self.first_pause = first_pause
        self.max_pause = max_pause
        self.last: DrainReport | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tutor-lrs-sender", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        pause = self.first_pause
        while not self._stop.is_set():
            self._wake.clear()
            try:
                sender = self.make_sender()
                try:
                    self.last = self.outbox.drain(sender, self._stop.is_set)
                finally:
                    sender.client.close()
                failed = bool(self.last.error) or self.last.busy  # busy: try again soon
            except Exception as e:  # the app must keep running; the queue keeps everything
                self.last = DrainReport(SendReport(), error=f"{type(e).__name__}: {e}")
                failed = True
            if failed:
                self._wake.wait(pause)
                pause = min(self.max_pause, pause * 2)
            else:
                pause = self.first_pause
                self._wake.wait()
