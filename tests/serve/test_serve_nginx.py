"""`tutor serve` behind a real nginx, configured with the basic-auth example in docs/serve.md.

The `location / { ... }` block is read from the docs, so the example stays true: sign-in,
the user header nginx sets (and a browser cannot), the websocket upgrade, and downloads.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import aiohttp
import pytest

from tests.serve.serving import REPO, Served
from tests.serve.test_serve_browser import chromium, open_tab
from tests.support.browser import CHROMIUM

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


async def test_behind_nginx_with_the_documented_configuration(tmp_path: Path) -> None:
    data = tmp_path / "data"
    served = Served.start(
        "--course", str(COURSE), "--trusted-proxy", "127.0.0.1",
        "--user-header", "X-Remote-User", "--data-dir", str(data), "--port", "0",
    )  # fmt: skip
    nginx, port = start_nginx(tmp_path, served.port)
    try:
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
    finally:
        nginx.terminate()
        nginx.wait(10)
        assert served.stop() == 0
    opened = [line for line in served.log if " open  " in line]
    assert opened and all(" open  alice pid" in line for line in opened), served.log
    assert [p.name.split("-")[0] for p in data.iterdir()] == ["alice"]
