"""Debian's chromium, as the browser tests start it (installed by .ci/run)."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
#: headless, and quiet: without the background-networking flags chromium keeps trying to
#: reach Google's hosts, which this machine's closed network refuses
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
