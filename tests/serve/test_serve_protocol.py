"""`tutor serve` over HTTP and its websocket, without a browser: access, binding, resilience.

Each test starts the real server as a subprocess (tests/serve/serving.py) with the test's
private TUTOR_HOME, and talks to it the way the page's textual.js does (tests/serve/client.py).
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from tests.serve.client import TermClient, personal_cookie
from tests.serve.serving import REPO, Served, listening_sockets, wait_gone
from tests.support.learner import finish_course
from tutor.core.course import load_course
from tutor.core.paths import progress_path, user_progress_path
from tutor.core.progress.store import ProgressStore
from tutor.core.session import Session

COURSE = REPO / "tests" / "fixtures" / "ui_course"
pytestmark = pytest.mark.slow


@pytest.fixture
def personal() -> Iterator[Served]:
    served = Served.start("--course", str(COURSE))
    yield served
    assert served.stop() == 0


def hospital_args(data: Path, trusted: str = "127.0.0.1") -> list[str]:
    return [
        "--course", str(COURSE), "--trusted-proxy", trusted,
        "--user-header", "X-Remote-User", "--data-dir", str(data),
    ]  # fmt: skip


def finished_learner(path: Path) -> None:
    """A learner who has done everything but save the certificate (via the core)."""
    course = load_course(COURSE).course
    assert course is not None
    path.parent.mkdir(parents=True, exist_ok=True)
    store = ProgressStore(path)
    session = Session(course, store.open(course), save=store.save)
    finish_course(session)
    session.update_learner(first_name="Alice", last_name="Liddell")
    session.attest_credit(0.5)
    store.close()


def lock_is_free(path: Path) -> bool:
    course = load_course(COURSE).course
    assert course is not None
    store = ProgressStore(path)
    try:
        store.open(course)
    except Exception:
        return False
    store.close()
    return True


async def test_no_token_or_a_wrong_token_gets_no_app(personal: Served) -> None:
    base = personal.base
    async with aiohttp.ClientSession() as session:
        for url in (base, f"{base}?token=", f"{base}?token={personal.token[:-2]}xx"):
            async with session.get(url, allow_redirects=False) as response:
                assert response.status == 403
                page = await response.text()
                assert "token" in page and "textual.js" not in page
        for path in ("ws?width=80&height=24", "download/0123456789abcdef"):
            async with session.get(base + path, headers={"Origin": base[:-1]}) as response:
                assert response.status == 403
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await session.ws_connect(base + "ws", headers={"Origin": base[:-1]})
        # The token is good once traded for the cookie: the page, then the app.
        cookie = await personal_cookie(session, base, personal.token)
        async with session.get(base, headers=cookie) as response:
            assert response.status == 200
            assert "static/js/textual.js" in await response.text()
            assert "connect-src 'self'" in response.headers["Content-Security-Policy"]
        # ... but only from our own page: another site's script cannot open the websocket,
        # and another host name (DNS rebinding) gets nothing.
        for origin in ({"Origin": "http://evil.example"}, {}):
            with pytest.raises(aiohttp.WSServerHandshakeError):
                await session.ws_connect(base + "ws", headers={**cookie, **origin})
        async with session.get(
            base, headers={**cookie, "Host": f"evil.example:{personal.port}"}
        ) as response:
            assert response.status == 421
        client = await TermClient.connect(session, base, headers=cookie)
        await client.wait_for("About this course")
        await client.close()
    assert not any("Traceback" in line for line in personal.log)
    assert sum("refused" in line for line in personal.log) >= 8
    assert not any(personal.token in line for line in personal.log[5:])  # never logged


def test_it_listens_only_where_it_was_told(personal: Served, tmp_path: Path) -> None:
    assert listening_sockets(personal.process.pid) == [("127.0.0.1", personal.port)]
    served = Served.start(*hospital_args(tmp_path / "data"), "--host", "127.0.0.1", "--port", "0")
    try:
        assert listening_sockets(served.process.pid) == [("127.0.0.1", served.port)]
    finally:
        assert served.stop() == 0


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tutor", "serve", "--no-browser", *args],
        cwd=REPO, capture_output=True, text=True, timeout=60, env=os.environ,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["--trusted-proxy", "10.0.0.5"], 2, "missing --user-header, --data-dir"),
        (["--host", "0.0.0.0"], 2, "--host is only for serving behind a proxy"),
        (["--trusted-proxy", "proxy.lan", "--user-header", "X-U", "--data-dir", "d"], 2,
         "--trusted-proxy: 'proxy.lan' is not an IP address"),
        (["--trusted-proxy", "10.0.0.5", "--user-header", "X U", "--data-dir", "d"], 2,
         "is not a header name"),
        (["--trusted-proxy", "10.0.0.5", "--user-header", "X-U", "--data-dir", "d",
          "--host", "localhost"], 2, "give an IP address"),
        (["--course", "no/such/folder"], 2, "no such course folder"),
        (["--max-sessions", "0"], 2, "--max-sessions must be 1 or more"),
    ],
)  # fmt: skip
def test_bad_options_say_so_in_one_line(args: list[str], code: int, says: str) -> None:
    result = cli(*args)
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tutor: serve: ") and says in lines[0]


def test_a_port_in_use_is_a_usage_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli("--course", str(COURSE), "--port", str(port))
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr


async def test_hospital_header_from_an_untrusted_address_is_ignored(tmp_path: Path) -> None:
    served = Served.start(*hospital_args(tmp_path / "data", trusted="127.0.0.2"), "--port", "0")
    base = served.base
    try:
        # From 127.0.0.1 (not the proxy), a user header gets nothing.
        async with aiohttp.ClientSession() as session:
            alice = {"X-Remote-User": "alice", "Origin": base[:-1]}
            async with session.get(base, headers=alice) as response:
                assert response.status == 403
            with pytest.raises(aiohttp.WSServerHandshakeError):
                await session.ws_connect(base + "ws", headers=alice)
        # From the proxy's address it works, and the file is alice's own.
        connector = aiohttp.TCPConnector(local_addr=("127.0.0.2", 0))
        async with aiohttp.ClientSession(connector=connector) as session:
            async with session.get(base, headers={"X-Remote-User": "alice"}) as response:
                assert response.status == 200
            async with session.get(base) as response:  # the proxy, but no user named
                assert response.status == 403
            client = await TermClient.connect(session, base, headers={"X-Remote-User": "alice"})
            await client.wait_for("About this course")
            await client.close()
        assert user_progress_path(tmp_path / "data", "alice", "ui-test-course").is_file()
    finally:
        assert served.stop() == 0
    assert any("127.0.0.1 is not a trusted proxy" in line for line in served.log)


async def test_a_users_download_is_theirs_alone(tmp_path: Path) -> None:
    """Bob cannot fetch a file delivered to Alice, even knowing its key."""
    data = tmp_path / "data"
    finished_learner(user_progress_path(data, "alice", "ui-test-course"))
    served = Served.start(*hospital_args(data), "--port", "0")
    base = served.base
    try:
        async with aiohttp.ClientSession() as session:
            alice = await TermClient.connect(session, base, headers={"X-Remote-User": "alice"})
            await alice.wait_for("Quiz: results")  # where she finished
            await alice.key("\x1b")
            await alice.key("\x1b")
            await alice.wait_for("Continue: your certificate")
            await alice.key("c")
            # under `tutor serve` the certificate is a download: Enter on the focused button
            await alice.wait_for("Certificate and credit", "3. Claim credit")
            await alice.key("\r")
            key = await wait_delivery(alice)
            for user, status in (("bob", 404), ("alice", 200)):
                async with session.get(
                    f"{base}download/{key}", headers={"X-Remote-User": user}
                ) as response:
                    assert response.status == status
                    body = await response.read()
            assert body.startswith(b"%PDF-")
            await alice.close()
    finally:
        assert served.stop() == 0
    assert any("refused download" in line and "bob" in line for line in served.log)


async def wait_delivery(client: TermClient, timeout: float = 10) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in client.texts:
            if message[0] == "deliver_file_start":
                return str(message[1])
        await asyncio.sleep(0.05)
    raise AssertionError(f"no delivery; messages: {client.texts}")


async def test_a_closed_connection_ends_its_app_and_frees_the_lock(personal: Served) -> None:
    progress = progress_path("ui-test-course")
    async with aiohttp.ClientSession() as session:
        cookie = await personal_cookie(session, personal.base, personal.token)
        client = await TermClient.connect(session, personal.base, headers=cookie)
        await client.wait_for("About this course")
        pids = personal.app_pids()
        assert len(pids) == 1 and not lock_is_free(progress)
        await client.close()
        seconds = wait_gone(pids, timeout=5)
        assert lock_is_free(progress)
        # ... and a new connection opens the course at once.
        again = await TermClient.connect(session, personal.base, headers=cookie)
        await again.wait_for("About this course")
        await again.close()
    print(f"app gone {seconds:.2f} s after its connection closed")


async def test_a_killed_server_leaves_no_app_holding_the_lock() -> None:
    progress = progress_path("ui-test-course")
    personal = Served.start("--course", str(COURSE))
    async with aiohttp.ClientSession() as session:
        cookie = await personal_cookie(session, personal.base, personal.token)
        client = await TermClient.connect(session, personal.base, headers=cookie)
        await client.wait_for("About this course")
        pids = personal.app_pids()
        os.kill(personal.process.pid, signal.SIGKILL)
        personal.process.wait()
        seconds = wait_gone(pids, timeout=5)
        assert lock_is_free(progress)
        await client.closed.wait()
    print(f"orphaned app gone {seconds:.2f} s after the server was killed")


async def test_a_confirmed_link_opens_in_the_learners_browser_not_on_the_server(
    personal: Served,
) -> None:
    async with aiohttp.ClientSession() as session:
        cookie = await personal_cookie(session, personal.base, personal.token)
        client = await TermClient.connect(session, personal.base, headers=cookie)
        await client.wait_for("About this course")
        for key, shown in (("c", "page 1 of 3"), ("n", "page 2 of 3")):
            await client.key(key)
            await client.wait_for(shown)
        await client.key("l")  # the page's links
        await client.wait_for("AMA guidance")
        await client.key("\r")
        await client.wait_for("Open this page in your web browser?")
        await client.key("\r")  # "Open in browser"
        deadline = time.monotonic() + 10
        while not any(m[0] == "open_url" for m in client.texts) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        opened = [m[1] for m in client.texts if m[0] == "open_url"]
        assert opened == [
            {
                "url": "https://code-medical-ethics.ama-assn.org/ethics-opinions/"
                "professionalism-use-social-media",
                "new_tab": True,
            }
        ]
        # Nothing was started on the server: the app has no child process of its own.
        (app,) = personal.app_pids()
        children = Path(f"/proc/{app}/task/{app}/children").read_text().split()
        assert children == []
        await client.close()


async def test_a_dead_browser_is_dropped_and_holds_up_no_one(tmp_path: Path) -> None:
    """A client that stops reading and answering pings (a laptop lid closed mid-lesson)."""
    served = Served.start(*hospital_args(tmp_path / "data"), "--port", "0")
    base = served.base
    try:
        async with aiohttp.ClientSession() as session:
            dead = await session.ws_connect(
                f"ws{base[4:]}ws?width=120&height=40",
                headers={"Origin": base[:-1], "X-Remote-User": "dead"},
                autoping=False,  # never answers the server's pings
            )
            await asyncio.sleep(3)  # its app starts; from now on nothing is read
            for n in range(200):  # and it asks for a redraw again and again
                size = {"width": 100 + n % 50, "height": 30 + n % 10}
                await dead.send_str(f'["resize", {{"width": {size["width"]}, '
                                    f'"height": {size["height"]}}}]')  # fmt: skip
            live = await TermClient.connect(session, base, headers={"X-Remote-User": "live"})
            await live.wait_for("About this course")
            for key, shown in (("c", "page 1 of 3"), ("n", "page 2")):
                await live.key(key)
                await live.wait_for(shown, timeout=15)
            started = time.monotonic()
            while time.monotonic() - started < 40:
                if any("close dead" in line for line in served.log):
                    break
                await asyncio.sleep(0.2)
            assert any("close dead" in line for line in served.log), served.log
            assert any("open  live" in line for line in served.log)
            assert not any("close live" in line for line in served.log)
            await live.close()
            await dead.close()
    finally:
        assert served.stop() == 0
    print(f"dead client dropped {time.monotonic() - started:.1f} s after the live one finished")
