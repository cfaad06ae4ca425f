"""`tutor serve` behind a real nginx, configured with the basic-auth example in docs/serve.md.

The `location / { ... }` block is read from the docs, so the example stays true: sign-in,
the user header nginx sets (and a browser cannot), the websocket upgrade, and downloads.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from tests.serve.serving import REPO, Served
from tests.serve.test_serve_browser import COURSE_ID, chromium, open_tab, shoot
from tests.support.browser import CHROMIUM
from tutor.core.paths import user_progress_path
from tutor.core.progress.store import read_progress

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
COURSE = REPO / "tests" / "fixtures" / "ui_course"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(NGINX).exists() or not CHROMIUM.exists(),
        reason="needs Debian's nginx and chromium (apt-get install nginx-light chromium)",
    ),
]


def docs_location_block() -> str:
    """The basic-auth `location / { ... }` example from docs/serve.md."""
    text = (REPO / "docs" / "serve.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```nginx\n(.*?)```", text, re.S)
    found = [b for b in blocks if "auth_basic" in b and b.strip().startswith("location / {")]
    assert len(found) == 1, "docs/serve.md: expected one basic-auth location block"
    return found[0]


def start_nginx(tmp_path: Path, upstream: int) -> tuple[subprocess.Popen[bytes], int]:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    users = tmp_path / "tutor.htpasswd"
    users.write_text("alice:{PLAIN}alice-pw\nbob:{PLAIN}bob-pw\n")
    location = (
        docs_location_block()
        .replace("/etc/nginx/tutor.htpasswd", str(users))
        .replace("http://127.0.0.1:8000", f"http://127.0.0.1:{upstream}")
    )
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"""
user root;
worker_processes 1;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/nginx-error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
{location}
    }}
}}
"""
    )
    process = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", str(conf), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return process, port
        if process.poll() is not None:
            raise AssertionError(process.stderr.read().decode() if process.stderr else "")
        time.sleep(0.05)
    process.kill()
    raise AssertionError("nginx did not start")


@contextlib.contextmanager
def behind_nginx(tmp_path: Path) -> Iterator[tuple[Served, int, Path]]:
    """`tutor serve` trusting 127.0.0.1's X-Remote-User, behind the documented nginx:
    yields the server, nginx's port and the data folder; stops both after."""
    data = tmp_path / "data"
    served = Served.start(
        "--course", str(COURSE), "--trusted-proxy", "127.0.0.1",
        "--user-header", "X-Remote-User", "--data-dir", str(data), "--port", "0",
    )  # fmt: skip
    nginx, port = start_nginx(tmp_path, served.port)
    try:
        yield served, port, data
    finally:
        nginx.terminate()
        nginx.wait(10)
        assert served.stop() == 0


async def test_behind_nginx_with_the_documented_configuration(tmp_path: Path) -> None:
    with behind_nginx(tmp_path) as (served, port, data):
        # No sign-in: nginx answers 401, whatever user header comes along.
        async with aiohttp.ClientSession() as session:
            for path in ("", "ws", "download/x"):
                url = f"http://127.0.0.1:{port}/{path}"
                async with session.get(url, headers={"X-Remote-User": "alice"}) as response:
                    assert response.status == 401
        async with chromium() as browser:
            # Alice signs in, and claims to be mallory in a header of her own: nginx
            # replaces it with the signed-in user.
            context = await browser.new_context(
                http_credentials={"username": "alice", "password": "alice-pw"},
                extra_http_headers={"X-Remote-User": "mallory"},
            )
            page, screen = await open_tab(context, f"http://127.0.0.1:{port}/")
            await screen.wait_for("About this course", timeout=60)  # the websocket came through
            await page.locator("#terminal").click()
            await page.keyboard.press("c")
            await screen.wait_for("page 1 of 3")
            await context.close()
    opened = [line for line in served.log if " open  " in line]
    assert opened and all(" open  alice pid" in line for line in opened), served.log
    assert [p.name.split("-")[0] for p in data.iterdir()] == ["alice"]


async def test_two_users_at_once_each_with_their_own_progress(tmp_path: Path) -> None:
    """A hospital's set-up: nginx signs Alice and Bob in and sets the user header; each gets
    their own course, their own place and their own progress file."""
    with behind_nginx(tmp_path) as (served, port, data):
        base = f"http://127.0.0.1:{port}/"
        async with chromium() as browser:
            alice_ctx = await browser.new_context(
                viewport={"width": 1000, "height": 640},
                http_credentials={"username": "alice", "password": "alice-pw"},
            )
            bob_ctx = await browser.new_context(
                viewport={"width": 1000, "height": 640},
                http_credentials={"username": "bob", "password": "bob-pw"},
            )
            alice, alice_screen = await open_tab(alice_ctx, base)
            bob, bob_screen = await open_tab(bob_ctx, base)
            await alice_screen.wait_for("About this course", timeout=60)
            await bob_screen.wait_for("About this course", timeout=60)
            await alice.locator("#terminal").click()
            for key, wanted in (("c", "page 1 of 3"), ("n", "page 2 of 3")):
                await alice.keyboard.press(key)
                await alice_screen.wait_for(wanted)
            await bob.locator("#terminal").click()
            await bob.keyboard.press("c")
            await bob_screen.wait_for("page 1 of 3")  # his own first page, not Alice's
            await shoot(bob, bob_screen, tmp_path, "serve-hospital-bob")
            await alice_ctx.close()
            await bob_ctx.close()

            # Alice comes back: her place, not Bob's.
            alice_ctx = await browser.new_context(
                viewport={"width": 1000, "height": 640},
                http_credentials={"username": "alice", "password": "alice-pw"},
            )
            alice, alice_screen = await open_tab(alice_ctx, base)
            await alice_screen.wait_for(
                "page 2 of 3", "You are back where you left off", timeout=60
            )
            await alice_ctx.close()
    alice_file = user_progress_path(data, "alice", COURSE_ID)
    bob_file = user_progress_path(data, "bob", COURSE_ID)
    assert alice_file.parent != bob_file.parent
    alice_progress, bob_progress = read_progress(alice_file), read_progress(bob_file)
    alice_pages = alice_progress.modules["first-steps"].pages_viewed
    bob_pages = bob_progress.modules["first-steps"].pages_viewed
    assert len(alice_pages) == 2 and bob_pages == alice_pages[:1]  # each their own reading
    assert sorted(p.name for p in data.iterdir()) == sorted(
        [alice_file.parent.name, bob_file.parent.name]
    )
    assert any(" open  alice pid" in line for line in served.log), served.log
