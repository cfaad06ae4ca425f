"""A protocol-level client of `tutor serve`: what textual.js does, without a browser.

Used by the security and resilience tests and by bench/bench_serve.py.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import aiohttp

from tests.serve.serving import Mirror


async def personal_cookie(session: aiohttp.ClientSession, base: str, token: str) -> dict[str, str]:
    """Trade the token for the session cookie, as the page load does: {"Cookie": ...}."""
    async with session.get(f"{base}?token={token}", allow_redirects=False) as response:
        assert response.status == 303, response.status
        pairs = [f"{name}={morsel.value}" for name, morsel in response.cookies.items()]
        return {"Cookie": "; ".join(pairs)}


class TermClient(Mirror):
    """One websocket connection: sends keys, mirrors the screen with pyte, times updates."""

    def __init__(self, websocket: aiohttp.ClientWebSocketResponse, width: int, height: int):
        super().__init__(width, height)
        self.websocket = websocket
        self.frames = 0
        self.last_frame = 0.0
        self.texts: list[Any] = []
        self.closed = asyncio.Event()
        self._reader = asyncio.create_task(self._read())

    @classmethod
    async def connect(
        cls,
        session: aiohttp.ClientSession,
        base: str,
        *,
        width: int = 100,
        height: int = 30,
        headers: dict[str, str] | None = None,
    ) -> TermClient:
        origin = base.rstrip("/")
        ws_url = "ws" + base[4:] + f"ws?width={width}&height={height}"
        websocket = await session.ws_connect(ws_url, headers={"Origin": origin, **(headers or {})})
        client = cls(websocket, width, height)
        await websocket.send_str(json.dumps(["resize", {"width": width, "height": height}]))
        return client

    async def _read(self) -> None:
        async for message in self.websocket:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.stream.feed(message.data)
                self.frames += 1
                self.last_frame = time.perf_counter()
            elif message.type == aiohttp.WSMsgType.TEXT:
                self.texts.append(json.loads(message.data))
        self.closed.set()

    async def key(self, data: str) -> None:
        await self.websocket.send_str(json.dumps(["stdin", data]))

    async def key_latency(self, data: str, timeout: float = 10) -> float:
        """Seconds from sending a key to the first screen bytes that follow it."""
        before = self.frames
        start = time.perf_counter()
        await self.key(data)
        deadline = time.monotonic() + timeout
        while self.frames == before:
            if time.monotonic() > deadline:
                raise AssertionError("no screen update after the key")
            await asyncio.sleep(0.001)
        return self.last_frame - start

    async def close(self) -> None:
        await self.websocket.close()
        await self._reader
