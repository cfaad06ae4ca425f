"""Run `tutor serve` as a real subprocess, and watch what a browser's terminal shows.

`Served.start(...)` launches `python -m tutor serve --no-browser --port 0 ...` with the test's
private TUTOR_HOME and reads the address it prints. `Screen` keeps a copy of the terminal the
page draws: it follows the page's websocket (Playwright) and feeds every byte the page
receives, the same bytes xterm.js draws, to pyte, a terminal emulator. xterm.js draws on a
canvas, so its rows are not in the DOM; what the page shows is checked on screenshots.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyte

REPO = Path(__file__).resolve().parents[2]
URL = re.compile(r"http://127\.0\.0\.1:(\d+)/\?token=([\w-]+)")
LISTENING = re.compile(r"on http://([\d.:\[\]a-f]+):(\d+)/")


@dataclass
class Served:
    """A running `tutor serve`; stop() ends it as Ctrl+C would."""

    process: subprocess.Popen[str]
    port: int
    url: str  # with the token in personal mode
    log: list[str] = field(default_factory=list)

    @classmethod
    def start(cls, *args: str, env: dict[str, str] | None = None, timeout: float = 20) -> Served:
        environment = {**os.environ, **(env or {})}
        environment.pop("DISPLAY", None)
        process = subprocess.Popen(
            [sys.executable, "-m", "tutor", "serve", "--no-browser", *args],
            cwd=REPO,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        lines: list[str] = []
        found: list[tuple[int, str]] = []
        ready = threading.Event()

        def read(stream: Any) -> None:
            for line in stream:
                lines.append(line.rstrip("\n"))
                if not ready.is_set():
                    if match := URL.search(line):
                        found.append((int(match.group(1)), match.group(0)))
                        ready.set()
                    elif match := LISTENING.search(line):
                        port = int(match.group(2))
                        found.append((port, f"http://127.0.0.1:{port}/"))
                        ready.set()

        for stream in (process.stdout, process.stderr):
            threading.Thread(target=read, args=(stream,), daemon=True).start()
        if not ready.wait(timeout):
            process.kill()
            raise AssertionError("tutor serve did not start:\n" + "\n".join(lines))
        port, url = found[0]
        return cls(process, port, url, lines)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def token(self) -> str:
        return parse_qs(urlsplit(self.url).query).get("token", [""])[0]

    def stop(self, timeout: float = 15) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def app_pids(self) -> list[int]:
        """The app processes (children) of this server, from /proc."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                if ppid == self.process.pid:
                    pids.append(int(entry.name))
        return pids


def listening_sockets(pid: int) -> list[tuple[str, int]]:
    """(address, port) of every TCP socket `pid` listens on, from /proc (IPv4 and IPv6)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            target = os.readlink(fd)
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    found = []
    for table, size in (("tcp", 8), ("tcp6", 32)):
        with contextlib.suppress(FileNotFoundError):
            for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
                parts = line.split()
                local, state, inode = parts[1], parts[3], parts[9]
                if state != "0A" or inode not in inodes:  # 0A: LISTEN
                    continue
                address, port = local.split(":")
                found.append((_address(address, size), int(port, 16)))
    return found


def _address(hexed: str, size: int) -> str:
    import ipaddress

    raw = bytes.fromhex(hexed)
    if size == 8:
        return str(ipaddress.IPv4Address(raw[::-1]))
    words = b"".join(raw[i : i + 4][::-1] for i in range(0, 16, 4))
    return str(ipaddress.IPv6Address(words))


class Mirror:
    """A terminal rebuilt with pyte from the bytes the server sends, to wait for text on."""

    def __init__(self, width: int, height: int) -> None:
        self.screen = pyte.Screen(width, height)
        self.stream = pyte.ByteStream(self.screen)

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    async def wait_for(self, *wanted: str, timeout: float = 20) -> str:
        """Wait until every string in `wanted` is on the screen; return the screen."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.text()
            if all(w in text for w in wanted):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"not on screen: {wanted!r}\n--- screen ---\n{text}")
            await asyncio.sleep(0.02)


class Screen(Mirror):
    """What the page's terminal shows, rebuilt from the bytes the page receives."""

    def __init__(self) -> None:
        super().__init__(80, 24)
        self.frames = 0
        self.closed = False
        self.texts: list[str] = []  # JSON messages from the server (open_url, downloads)

    def attach(self, page: Any) -> Screen:
        page.on("websocket", self._on_websocket)
        return self

    def _on_websocket(self, websocket: Any) -> None:
        query = parse_qs(urlsplit(websocket.url).query)
        self.screen.reset()  # a new connection (a reload) draws a new screen
        self.screen.resize(int(query["height"][0]), int(query["width"][0]))
        websocket.on("framesent", self._sent)
        websocket.on("framereceived", self._received)
        websocket.on("close", lambda *_: setattr(self, "closed", True))

    def _sent(self, payload: Any) -> None:
        if isinstance(payload, str):
            message = json.loads(payload)
            if message[0] == "resize":
                self.screen.resize(message[1]["height"], message[1]["width"])

    def _received(self, payload: Any) -> None:
        if isinstance(payload, bytes):
            self.stream.feed(payload)
            self.frames += 1
        else:
            self.texts.append(payload)

    async def wait_quiet(self, quiet: float = 0.3, timeout: float = 10) -> None:
        """Wait until no frame has arrived for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        last = (self.frames, time.monotonic())
        while time.monotonic() < deadline:
            await asyncio.sleep(0.05)
            if self.frames != last[0]:
                last = (self.frames, time.monotonic())
            elif time.monotonic() - last[1] >= quiet:
                return


async def press(page: Any, screen: Screen, *keys: str) -> None:
    """Press keys in the page's terminal, one at a time, each followed by its redraw."""
    for key in keys:
        await page.keyboard.press(key)
        await screen.wait_quiet(0.15)


def wait_gone(pids: Sequence[int], timeout: float) -> float:
    """Seconds until every pid has exited (AssertionError past `timeout`)."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        alive = [p for p in pids if Path(f"/proc/{p}").exists() and not _zombie(p)]
        if not alive:
            return time.monotonic() - start
        time.sleep(0.05)
    raise AssertionError(f"still running after {timeout} s: {pids}")


def _zombie(pid: int) -> bool:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    return True


async def click_text(page: Any, screen: Screen, text: str) -> None:
    """Click the middle of `text` where the terminal shows it (mouse, through xterm.js)."""
    places = [(r, line.find(text)) for r, line in enumerate(screen.screen.display) if text in line]
    if not places:
        raise AssertionError(f"not on screen: {text!r}\n{screen.text()}")
    row, col = places[0]
    box = await page.locator(".xterm-screen").bounding_box()
    assert box is not None
    cell_w = box["width"] / screen.screen.columns
    cell_h = box["height"] / screen.screen.lines
    x = box["x"] + (col + len(text) / 2) * cell_w
    y = box["y"] + (row + 0.5) * cell_h
    await page.mouse.click(x, y)
