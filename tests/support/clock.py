"""A fake clock for sessions and stores."""

from __future__ import annotations

import datetime as dt

START = dt.datetime(2026, 11, 21, 16, 0, 0, tzinfo=dt.UTC)


class FakeClock:
    """A clock that moves `step` seconds per call, from a fixed UTC start."""

    def __init__(self, start: dt.datetime | None = None, step: int = 1) -> None:
        self.now = start or START
        self.step = step

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=self.step)
        return self.now
