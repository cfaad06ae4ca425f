"""The app's link to the course's LRS, once the learner has agreed.

After every save the app calls `saved(progress)`: the learner's statements
are built from the progress just saved (the same builder as `tutor send`), those
neither queued nor acknowledged yet go into the outbox as one small file written
whole before `saved` returns, and the background thread is woken to send them.
Nothing here waits for the network. A queue left by a run that was killed is sent
at the next start; statements already acknowledged are never sent twice (the
ledger), and one sent twice by a race is answered "already present" by the LRS.
"""

from __future__ import annotations

from pathlib import Path

from tutor.core.lrs.client import Credentials, LrsClient
from tutor.core.lrs.ledger import Ledger
from tutor.core.lrs.outbox import BackgroundSender, DrainReport, Outbox
from tutor.core.lrs.sender import Sender
from tutor.core.model import Course
from tutor.core.paths import lrs_dir, outbox_dir
from tutor.core.progress import Progress
from tutor.core.records.collect import LearnerFiles, Loaded
from tutor.core.records.xapi import DEFAULT_BASE, Statements


class AppLink:
    def __init__(
        self,
        course: Course,
        progress_path: Path,
        endpoint: str,
        credentials: Credentials,
        *,
        first_pause: float = 5.0,
    ) -> None:
        self.endpoint = endpoint
        self.path = progress_path
        self._ledger_dir = lrs_dir(endpoint)
        # one queue per LRS: statements queued for one endpoint never go to another
        self.outbox = Outbox(outbox_dir(progress_path) / self._ledger_dir.name)
        self._builder = Statements(course, course.lrs.activity_base or DEFAULT_BASE)

        def make_sender() -> Sender:
            return Sender(LrsClient(endpoint, credentials), Ledger(self._ledger_dir))

        self.worker = BackgroundSender(self.outbox, make_sender, first_pause=first_pause)

    def start(self) -> None:
        self.worker.start()

    def saved(self, progress: Progress) -> int:
        """Queue what the save added (durably) and wake the sender; how many statements."""
        entries = self._builder.learner(LearnerFiles(Loaded(self.path, progress, True, "")))
        fresh = self.outbox.fresh(entries, Ledger(self._ledger_dir))
        if fresh:
            self.outbox.enqueue(fresh)
            self.worker.wake()
        return len(fresh)

    @property
    def last(self) -> DrainReport | None:
        """What the sender did last (None before its first try)."""
        return self.worker.last

    def stop(self, timeout: float = 0.2) -> None:
        """Stop the sender without waiting on the network for long: the queue keeps the rest."""
        self.worker.stop(timeout)

    def withdraw(self) -> None:
        """The learner said no: stop sending, and drop what is queued and not sent yet."""
        self.worker.stop(0.2)
        self.outbox.discard()
