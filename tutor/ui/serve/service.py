"""One app process per browser connection: textual-serve's AppService, with three changes.

1. The process is started from an argument list (no shell), with the environment
   textual-serve builds, except that TEXTUAL_DRIVER names our driver (driver.py). This
   overrides AppService's private `_open_app_process`: textual-serve has no public way to
   give one connection its own command (see docs/serve.md, "How it works").
2. `stop_within(seconds)`: the app is asked to quit, as textual-serve does; if it has not
   exited in time it gets SIGTERM (which the web driver turns into a normal quit), then
   SIGKILL. textual-serve's own `stop()` waits forever.
3. Writing to a browser that has gone away is not an error: the app's output keeps being
   read (and dropped) until the app exits, so the app never blocks on a full pipe.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from asyncio.subprocess import PIPE, Process
from collections.abc import Sequence

from textual_serve.app_service import AppService

log = logging.getLogger("tutor.serve")

#: Textual's web driver, plus quitting when the server is gone (driver.py)
DRIVER = "tutor.ui.serve.driver:ServedDriver"

#: seconds for an app to quit after the browser left, before SIGTERM, then before SIGKILL
QUIT_GRACE = 5.0
TERM_GRACE = 3.0


class ServedApp(AppService):
    """The app process behind one websocket."""

    def __init__(self, argv: Sequence[str], *, label: str, **kwargs: object) -> None:
        # The command string is only textual-serve's label for it; argv is what runs.
        super().__init__(" ".join(argv), **kwargs)  # type: ignore[arg-type]
        self.argv = list(argv)
        self.label = label
        self.process: Process | None = None
        self.browser_gone = False

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        environment = self._build_environment(width=width, height=height)
        environment["TEXTUAL_DRIVER"] = DRIVER  # read by Textual when it is first imported
        self.process = self._process = process = await asyncio.create_subprocess_exec(
            *self.argv, stdin=PIPE, stdout=PIPE, stderr=PIPE, env=environment
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    async def on_data(self, payload: bytes) -> None:
        if self.browser_gone:
            return
        try:
            await super().on_data(payload)
        except (ConnectionError, RuntimeError):
            self.browser_gone = True

    async def on_meta(self, data: bytes) -> None:
        if self.browser_gone:
            return
        try:
            await super().on_meta(data)
        except (ConnectionError, RuntimeError):
            self.browser_gone = True

    async def stop_within(self, seconds: float = QUIT_GRACE) -> int | None:
        """Ask the app to quit, then make sure it has. Returns its exit code."""
        self.browser_gone = True
        process = self.process
        if process is None:
            return None
        if process.returncode is None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(self.stop()), seconds)
        if await self._exited_within(1.0):
            return process.returncode
        log.warning("app %s (pid %s) did not quit in time: SIGTERM", self.label, self.pid)
        with contextlib.suppress(ProcessLookupError):
            process.terminate()
        if not await self._exited_within(TERM_GRACE):
            log.warning("app %s (pid %s) ignored SIGTERM: SIGKILL", self.label, self.pid)
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
        return process.returncode

    async def _exited_within(self, seconds: float) -> bool:
        assert self.process is not None
        try:
            await asyncio.wait_for(self.process.wait(), seconds)
        except TimeoutError:
            return False
        return True
