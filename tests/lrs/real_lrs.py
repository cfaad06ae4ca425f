"""A real Ralph LRS on 127.0.0.1 (tools/ralph_lrs.py), for the `lrs` fixture in conftest.py.

Skipped, with the reason, only when Ralph is not installed (`uv sync` installs it).
The LRS is counted through its own query API with plain urllib, not tutor's client.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = ROOT / "tools" / "ralph_lrs.py"
USER = "tutor"
PASSWORD = "test-password-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Lrs:
    url: str  # the xAPI endpoint, ending in /
    folder: Path
    process: subprocess.Popen[str]

    @property
    def env(self) -> dict[str, str]:
        return {"TUTOR_LRS_USER": USER, "TUTOR_LRS_PASSWORD": PASSWORD}

    def _get(self, target: str) -> dict[str, Any]:
        token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        request = urllib.request.Request(
            target,
            headers={"Authorization": "Basic " + token, "X-Experience-API-Version": "1.0.3"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            data: dict[str, Any] = json.loads(response.read())
            return data

    def statements(self, **query: str) -> list[dict[str, Any]]:
        """Every statement the LRS holds matching `query`, following `more`."""
        query.setdefault("limit", "500")
        target = self.url + "statements?" + urllib.parse.urlencode(query)
        out: list[dict[str, Any]] = []
        while True:
            page = self._get(target)
            out.extend(page["statements"])
            if not page.get("more") or not page["statements"]:
                return out
            target = urllib.parse.urljoin(self.url, page["more"])

    def agent_statements(self, agent: dict[str, Any]) -> list[dict[str, Any]]:
        return self.statements(agent=json.dumps(agent))


def start_lrs(folder: Path) -> Lrs:
    if importlib.util.find_spec("ralph") is None or importlib.util.find_spec("uvicorn") is None:
        pytest.skip("the Ralph LRS is not installed: run `uv sync` (dev group: ralph-malph[lrs])")
    port = free_port()
    env = {**os.environ, "RALPH_TEST_PASSWORD": PASSWORD}
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "server.log"
    with log.open("w") as out:  # a file, not a pipe: a full pipe would stall the server
        process = subprocess.Popen(
            [
                sys.executable,
                str(LAUNCHER),
                "--dir",
                str(folder),
                "--port",
                str(port),
                "--user",
                USER,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and process.poll() is None:
        for line in log.read_text().splitlines():
            if line.startswith("READY "):
                return Lrs(line.split()[1], folder, process)
        time.sleep(0.1)
    process.kill()
    raise AssertionError("the Ralph LRS did not start:\n" + log.read_text()[-3000:])
