"""Run by test_lrs_kill.py: what the app's background sending does, to be killed at random.

    python outbox_child.py ENTRIES.json CHUNK OUTBOX ENDPOINT

Enqueues chunk CHUNK of the entries (as the app does when a learner acts), prints
`ENQUEUED CHUNK` once `enqueue` has returned, then drains the outbox to the LRS.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tutor.core.lrs.client import Credentials, LrsClient
from tutor.core.lrs.ledger import Ledger
from tutor.core.lrs.outbox import Outbox
from tutor.core.lrs.sender import Retry, Sender
from tutor.core.paths import lrs_dir
from tutor.core.records.xapi import Entry

CHUNK = 5


def main() -> int:
    entries_file, chunk, folder, endpoint, user, password = sys.argv[1:7]
    items = json.loads(Path(entries_file).read_text(encoding="utf-8"))
    k = int(chunk)
    outbox = Outbox(Path(folder))
    mine = items[k * CHUNK : (k + 1) * CHUNK]
    if mine:
        outbox.enqueue(Entry(i["slot"], i["statement"]) for i in mine)
        print(f"ENQUEUED {k}", flush=True)
    client = LrsClient(endpoint, Credentials(user, password))
    # one statement a request: a drain lasts long enough to be killed in the middle
    sender = Sender(client, Ledger(lrs_dir(endpoint)), batch=1, retry=Retry(3, 0.05, 0.2))
    report = outbox.drain(sender)
    print(f"DRAINED {report.files_done} {report.error}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
