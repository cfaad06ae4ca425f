"""The web server of `tutor serve` (aiohttp): the page, the websocket, downloads.

Routes (all relative to where the page is served):
    GET /            the page (personal mode: `/?token=...` once, then a cookie)
    GET /ws          the websocket; each one runs its own app process (service.ServedApp)
    GET /download/K  a file the app delivers (the certificate), for the user who owns it
    GET /static/...  textual-serve's assets: textual.js (xterm.js), xterm.css, Roboto Mono
    GET /assets/...  this package's static/ (page style, start-up script)

Every request is checked by `access` first. Each connection is an asyncio task of its own,
so a slow or dead browser holds up only its own app. textual-serve's `Server` class is not
used: docs/serve.md ("How it works") says why.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
import re
import signal
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import quote, urlsplit

import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.download_manager import DownloadManager

from tutor.ui.serve.access import BUSY, NEEDS_TOKEN, Hospital, Identity, Personal, Refusal
from tutor.ui.serve.service import ServedApp

log = logging.getLogger("tutor.serve")

HERE = Path(__file__).resolve().parent
TEXTUAL_SERVE_STATIC = Path(textual_serve.__file__).resolve().parent / "static"
PAGE = Template((HERE / "page.html").read_text(encoding="utf-8"))

#: a browser that stops answering pings is dropped after about 1.5 times this (aiohttp)
HEARTBEAT = 10.0
MAX_MESSAGE = 64 * 1024
MIN_SIZE, MAX_SIZE = (10, 4), (500, 200)

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)


@dataclass
class Connection:
    identity: Identity
    service: ServedApp
    websocket: web.WebSocketResponse
    started: float = field(default_factory=time.monotonic)


@dataclass(frozen=True)
class ServeSettings:
    course: Path
    title: str
    access: Personal | Hospital
    host: str = "127.0.0.1"
    max_sessions: int = 40
    python: str = sys.executable


def _clamp(value: Any, low: int, high: int, default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return max(low, min(high, number))


def _safe_file_name(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "_", Path(name).name).strip(".") or "download"
    return cleaned[:120]


class TutorServer:
    """The aiohttp application and the connections it runs."""

    def __init__(self, settings: ServeSettings) -> None:
        self.settings = settings
        self.downloads = DownloadManager()
        self.connections: dict[str, Connection] = {}

    # -- who is asking -----------------------------------------------------------------

    def identify(self, request: web.Request) -> Identity | Refusal:
        access = self.settings.access
        if isinstance(access, Personal):
            return access.check(request.host, request.cookies)
        peer = request.transport.get_extra_info("peername") if request.transport else None
        address = peer[0] if isinstance(peer, tuple) and peer else None
        return access.check(address, request.headers.getall(access.header, []))

    def refuse(self, request: web.Request, refusal: Refusal) -> web.Response:
        log.info(
            "refused %s %s from %s: %s",
            request.method,
            request.rel_url.raw_path[:200],  # still percent-encoded: no control characters
            request.remote,
            refusal.reason,
        )
        return web.Response(status=refusal.status, text=refusal.page, content_type="text/html")

    def origin_ok(self, request: web.Request) -> bool:
        """A websocket may be opened only by our own page (no other site's script)."""
        origin = request.headers.get("Origin")
        if not origin:
            return False
        expected = {request.host}
        if isinstance(self.settings.access, Hospital):
            forwarded = request.headers.get("X-Forwarded-Host")
            if forwarded:
                expected.add(forwarded.split(",")[0].strip())
        return urlsplit(origin).netloc in expected

    # -- routes --------------------------------------------------------------------------

    def application(self) -> web.Application:
        app = web.Application(middlewares=[self.headers_middleware])
        app.add_routes(
            [
                web.get("/", self.handle_page),
                web.get("/ws", self.handle_websocket),
                web.get("/download/{key}", self.handle_download),
                web.static("/static", TEXTUAL_SERVE_STATIC),
                web.static("/assets", HERE / "static"),
            ]
        )
        return app

    @web.middleware
    async def headers_middleware(
        self, request: web.Request, handler: Callable[[web.Request], Any]
    ) -> web.StreamResponse:
        response: web.StreamResponse = await handler(request)
        if not response.prepared:
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
            response.headers.setdefault("Referrer-Policy", "no-referrer")
            response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    async def handle_page(self, request: web.Request) -> web.StreamResponse:
        access = self.settings.access
        if isinstance(access, Personal) and "token" in request.query:
            if request.host in access.hosts() and access.token_ok(request.query.get("token")):
                # Trade the token for a cookie, and take it out of the address bar.
                response = web.HTTPSeeOther(location=request.path)
                response.set_cookie(
                    access.cookie_name, access.secret, httponly=True, samesite="Strict", path="/"
                )
                return response
            return self.refuse(request, Refusal(403, "wrong token", NEEDS_TOKEN))
        who = self.identify(request)
        if isinstance(who, Refusal):
            return self.refuse(request, who)
        if len(self.connections) >= self.settings.max_sessions:
            return self.refuse(request, Refusal(503, "at capacity", BUSY))
        font_size = _clamp(request.query.get("fontsize"), 8, 40, 16)
        html = PAGE.substitute(title=escape(self.settings.title), font_size=font_size)
        return web.Response(
            text=html,
            content_type="text/html",
            headers={"Content-Security-Policy": CSP, "Cache-Control": "no-store"},
        )

    def app_argv(self, identity: Identity) -> list[str]:
        argv = [
            self.settings.python,
            "-m",
            "tutor.ui.serve.child",
            "--course",
            str(self.settings.course),
        ]
        if identity.progress is not None:
            argv += ["--progress", str(identity.progress)]
        return argv

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        who = self.identify(request)
        if isinstance(who, Refusal):
            return self.refuse(request, who)
        if not self.origin_ok(request):
            return self.refuse(request, Refusal(403, "websocket from another origin", ""))
        if len(self.connections) >= self.settings.max_sessions:
            return self.refuse(request, Refusal(503, "at capacity", BUSY))
        websocket = web.WebSocketResponse(heartbeat=HEARTBEAT, max_msg_size=MAX_MESSAGE)
        await websocket.prepare(request)
        width = _clamp(request.query.get("width"), MIN_SIZE[0], MAX_SIZE[0], 80)
        height = _clamp(request.query.get("height"), MIN_SIZE[1], MAX_SIZE[1], 24)
        service = ServedApp(
            self.app_argv(who),
            label=who.label,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.downloads,
        )
        connection = Connection(who, service, websocket)
        self.connections[service.app_service_id] = connection
        try:
            await service.start(width, height)
            log.info("open  %s pid %s (%sx%s)", who.label, service.pid, width, height)
            await self.pump(websocket, service)
        except Exception:
            log.exception("connection of %s failed", who.label)
        finally:
            code = await asyncio.shield(self.close(connection))
            seconds = time.monotonic() - connection.started
            log.info("close %s pid %s after %.0f s, exit %s", who.label, service.pid, seconds, code)
        return websocket

    async def close(self, connection: Connection) -> int | None:
        try:
            code = await connection.service.stop_within()
        finally:
            await self.downloads.cancel_app_downloads(connection.service.app_service_id)
            self.connections.pop(connection.service.app_service_id, None)
            if not connection.websocket.closed:
                with contextlib.suppress(Exception):
                    await connection.websocket.close()
        return code

    async def pump(self, websocket: web.WebSocketResponse, service: ServedApp) -> None:
        """The browser's messages, as textual.js sends them, to the app."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                break
            if not isinstance(envelope, list) or not envelope:
                break
            kind = envelope[0]
            data = envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                await service.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(data, dict):
                await service.set_terminal_size(
                    _clamp(data.get("width"), MIN_SIZE[0], MAX_SIZE[0], 80),
                    _clamp(data.get("height"), MIN_SIZE[1], MAX_SIZE[1], 24),
                )
            elif kind == "ping":
                await websocket.send_json(["pong", str(data)[:40]])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        who = self.identify(request)
        if isinstance(who, Refusal):
            return self.refuse(request, who)
        key = request.match_info["key"]
        try:
            meta = await self.downloads.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound(text="This download has expired.") from None
        owner = self.connections.get(meta.app_service.app_service_id)
        if owner is None or owner.identity.user != who.user:
            log.warning("refused download %s to %s: not theirs", key[:8], who.label)
            raise web.HTTPNotFound(text="This download has expired.")
        name = _safe_file_name(meta.file_name)
        content_type = meta.mime_type or "application/octet-stream"
        if meta.encoding:
            content_type += f"; charset={meta.encoding}"
        response = web.StreamResponse(
            headers={
                "Content-Type": content_type,
                "Content-Disposition": f'attachment; filename="{name}"; '
                f"filename*=UTF-8''{quote(name)}",
                "Cache-Control": "no-store",
                "X-Content-Type-Options": "nosniff",
            }
        )
        await response.prepare(request)
        size = 0
        async for chunk in self.downloads.download(key):
            size += len(chunk)
            await response.write(chunk)
        await response.write_eof()
        log.info("download %s %s (%d bytes)", who.label, name, size)
        return response

    # -- running -------------------------------------------------------------------------

    async def stop_all(self) -> None:
        await asyncio.gather(
            *(self.close(c) for c in list(self.connections.values())), return_exceptions=True
        )


def listen(host: str, port: int) -> socket.socket:
    """A listening socket on exactly `host` (an IP address) and `port` (0: any free one).

    Raises OSError (address in use, not an address of this machine, ...).
    """
    family = socket.AF_INET6 if ipaddress.ip_address(host).version == 6 else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.bind((host, port))
        sock.listen(128)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


async def serve(
    settings: ServeSettings, sock: socket.socket, stop: asyncio.Event | None = None
) -> None:
    """Serve on `sock` until SIGINT/SIGTERM (or `stop`), then close every app cleanly."""
    server = TutorServer(settings)
    runner = web.AppRunner(server.application(), handle_signals=False, access_log=None)
    await runner.setup()
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await web.SockSite(runner, sock, shutdown_timeout=2.0).start()
        await stop.wait()
        log.info("stopping: closing %d open course(s)", len(server.connections))
        await server.stop_all()
    finally:
        await runner.cleanup()


def run(settings: ServeSettings, sock: socket.socket) -> None:
    asyncio.run(serve(settings, sock))
