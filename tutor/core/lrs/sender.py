"""Send statements to an LRS: batches, retries with backoff, voiding, the ledger.

For each entry (a statement and the event slot it fills):

- the ledger says the LRS holds this very statement: nothing is sent (`known`);
- the ledger says the LRS holds *another* statement for the slot (the learner's
  identity, a completion or a credit claim changed since): a `voided` statement
  for the old one is sent first, then the new one;
- otherwise it is sent. An LRS that already holds it, identical, says so (it is
  left out of the ids a 200 lists, or the answer is 204): that is a success
  (`present`), as is storing it now (`sent`).

A batch the LRS refuses (400, 409, 413) is split in halves until the statements
it refuses are found, one by one; each is `refused`, with the LRS's reason, and
the rest goes through. No answer, a 5xx or a 429 is retried with exponential
backoff; after the last try `LrsUnavailable` is raised, and everything
acknowledged until then is in the ledger: sending again resumes from there.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tutor.core.lrs.client import LrsClient, LrsRefused, LrsUnavailable
from tutor.core.lrs.ledger import Ledger
from tutor.core.records.xapi import Entry, void_statement

BATCH = 250


@dataclass(frozen=True, slots=True)
class Refusal:
    statement_id: str
    reason: str


@dataclass(slots=True)
class SendReport:
    sent: int = 0  # stored by the LRS now
    present: int = 0  # the LRS held them already, identical
    known: int = 0  # the ledger says the LRS holds them: not sent
    voided: int = 0  # voiding statements stored for superseded statements
    refused: list[Refusal] = field(default_factory=list)

    def add(self, other: SendReport) -> None:
        self.sent += other.sent
        self.present += other.present
        self.known += other.known
        self.voided += other.voided
        self.refused.extend(other.refused)


@dataclass(frozen=True, slots=True)
class Retry:
    attempts: int = 6
    first: float = 0.5  # seconds before the second try; doubles each time
    cap: float = 30.0


class Sender:
    def __init__(
        self,
        client: LrsClient,
        ledger: Ledger,
        *,
        batch: int = BATCH,
        retry: Retry = Retry(),
        sleep: Callable[[float], None] = time.sleep,
        dry_run: bool = False,
    ) -> None:
        self.client = client
        self.ledger = ledger
        self.batch = batch
        self.retry = retry
        self.sleep = sleep
        self.dry_run = dry_run

    def plan(self, entries: Iterable[Entry]) -> tuple[list[Entry], list[tuple[str, Entry]], int]:
        """Split `entries`: to send, (old id to void, replacement), and how many are known."""
        todo: list[Entry] = []
        voids: list[tuple[str, Entry]] = []
        known = 0
        for entry in entries:
            held = self.ledger.acked(entry.slot)
            if held == entry.id:
                known += 1
                continue
            if held is not None:
                voids.append((held, entry))
            todo.append(entry)
        return todo, voids, known

    def send(
        self,
        entries: Iterable[Entry],
        on_batch: Callable[[SendReport], None] | None = None,
    ) -> SendReport:
        """Send everything not yet acknowledged, batch by batch (see the module doc)."""
        report = SendReport()
        pending: list[Entry] = []
        for entry in entries:
            pending.append(entry)
            if len(pending) >= self.batch:
                self._send_some(pending, report)
                pending = []
                if on_batch is not None:
                    on_batch(report)
        if pending:
            self._send_some(pending, report)
        if on_batch is not None:
            on_batch(report)
        return report

    def _send_some(self, entries: Sequence[Entry], report: SendReport) -> None:
        todo, voids, known = self.plan(entries)
        report.known += known
        if self.dry_run:
            report.sent += len(todo)
            report.voided += len(voids)
            return
        if voids:
            # the old statements first: a reader never sees both as valid
            void_statements = [void_statement(old, e.statement) for old, e in voids]
            stored, present, refused = self._post_all(void_statements)
            report.voided += stored + present
            report.refused.extend(refused)
            refused_ids = {r.statement_id for r in refused}
            # a replacement whose voiding was refused waits (sending it would leave two)
            blocked = {
                e.id for old, e in voids if void_statement(old, e.statement)["id"] in refused_ids
            }
            todo = [e for e in todo if e.id not in blocked]
        if not todo:
            return
        stored, present, refused = self._post_all([e.statement for e in todo])
        report.sent += stored
        report.present += present
        report.refused.extend(refused)
        refused_ids = {r.statement_id for r in refused}
        self.ledger.record((e.slot, e.id) for e in todo if e.id not in refused_ids)

    def _post_all(self, statements: Sequence[dict[str, Any]]) -> tuple[int, int, list[Refusal]]:
        """(stored now, already present, refused) for a batch, splitting it on refusal."""
        try:
            ids = self._post_with_retry(statements)
        except LrsRefused as e:
            if len(statements) == 1:
                return 0, 0, [Refusal(str(statements[0].get("id", "")), e.reason)]
            half = len(statements) // 2
            a = self._post_all(statements[:half])
            b = self._post_all(statements[half:])
            return a[0] + b[0], a[1] + b[1], a[2] + b[2]
        stored = len(set(ids) & {str(s["id"]) for s in statements}) if ids is not None else 0
        return stored, len(statements) - stored, []

    def _post_with_retry(self, statements: Sequence[dict[str, Any]]) -> list[str] | None:
        delay = self.retry.first
        for attempt in range(1, self.retry.attempts + 1):
            try:
                return self.client.post_statements(statements)
            except LrsUnavailable:
                if attempt == self.retry.attempts:
                    raise
            self.sleep(min(self.retry.cap, delay) * random.uniform(0.8, 1.2))
            delay *= 2
        raise AssertionError("unreachable")
