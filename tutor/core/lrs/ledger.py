"""What one LRS has acknowledged: for each event slot, the statement id it holds.

Kept in a folder per LRS (tutor.core.paths.lrs_dir). Each acknowledged batch is a
new small segment file, written whole or not at all (tutor.core.atomic), so a
killed sender loses at most the batch it had not recorded yet, which the LRS
then recognises as already stored. Now and then the segments are folded into one
`ledger-<last segment>.txt` (also atomic), and the folded segments removed.

A line is `<slot key> <statement id>`: the slot key is the first 8 bytes of
SHA-256 of the slot, in hex (slots hold learner ids; the ledger need not).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import time
import uuid
from collections.abc import Iterable
from pathlib import Path

from tutor.core.atomic import TMP_MARK, write_atomic

_SEGMENT = "seg-"
_FOLDED = "ledger-"
FOLD_AFTER = 64  # segments


def remove_stale_temps(folder: Path) -> None:
    """Remove temp files that a killed writer left (write_atomic names them
    `.<name>.tmp-<pid>-<hex>`); a live process's temp file is left alone."""
    for stray in folder.glob(f".*{TMP_MARK}*"):
        pid_text = stray.name.rsplit(TMP_MARK, 1)[1].split("-", 1)[0]
        if pid_text.isdigit() and _alive(int(pid_text)):
            continue
        with contextlib.suppress(OSError):
            stray.unlink()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def slot_key(slot: str) -> int:
    return int.from_bytes(hashlib.sha256(slot.encode()).digest()[:8], "big")


class Ledger:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._acked: dict[int, int] = {}
        self._segments: list[Path] = []
        self._load()

    def __len__(self) -> int:
        return len(self._acked)

    def acked(self, slot: str) -> str | None:
        """The statement id the LRS acknowledged for `slot`, or None."""
        value = self._acked.get(slot_key(slot))
        return None if value is None else str(uuid.UUID(int=value))

    def statement_ids(self) -> set[str]:
        """Every statement id the LRS acknowledged (for checks and tests)."""
        return {str(uuid.UUID(int=v)) for v in self._acked.values()}

    def record(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Note that the LRS holds these (slot, statement id) pairs. Durable on return."""
        lines = []
        for slot, statement_id in pairs:
            key, value = slot_key(slot), uuid.UUID(statement_id).int
            self._acked[key] = value
            lines.append(f"{key:016x} {value:032x}\n")
        if not lines:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{_SEGMENT}{time.time_ns():020d}-{os.getpid()}-{secrets.token_hex(3)}.txt"
        path = self.folder / name
        write_atomic(path, "".join(lines).encode())
        self._segments.append(path)
        if len(self._segments) >= FOLD_AFTER:
            self.fold()

    def fold(self) -> None:
        """Write everything into one file, then remove the segments it includes."""
        if not self._segments:
            return
        last = max(p.name for p in self._segments)
        body = "".join(f"{k:016x} {v:032x}\n" for k, v in self._acked.items())
        write_atomic(self.folder / f"{_FOLDED}{last}", body.encode())
        for old in self.folder.glob(f"{_FOLDED}*"):
            if old.name != f"{_FOLDED}{last}":
                with contextlib.suppress(OSError):
                    old.unlink()
        for segment in self._segments:
            with contextlib.suppress(OSError):
                segment.unlink()
        self._segments = []

    def _load(self) -> None:
        if not self.folder.is_dir():
            return
        remove_stale_temps(self.folder)
        folded = sorted(self.folder.glob(f"{_FOLDED}{_SEGMENT}*"))
        mark = ""
        if folded:
            newest = folded[-1]
            mark = newest.name[len(_FOLDED) :]
            self._read(newest)
        for segment in sorted(self.folder.glob(f"{_SEGMENT}*.txt")):
            if segment.name > mark:
                self._read(segment)
                self._segments.append(segment)
            else:  # folded already; a kill came before it was removed
                with contextlib.suppress(OSError):
                    segment.unlink()

    def _read(self, path: Path) -> None:
        acked = self._acked
        for line in path.read_text(encoding="ascii").splitlines():
            key, _, value = line.partition(" ")
            acked[int(key, 16)] = int(value, 16)
