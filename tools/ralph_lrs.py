"""Run a Ralph LRS (ralph-malph, installed by `uv sync`) on 127.0.0.1, for tests and trials.

    uv run python tools/ralph_lrs.py --dir /tmp/lrs --port 8100 --user tutor --password secret

Statements are kept in DIR/statements/fs_lrs.jsonl (Ralph's file-system backend);
the basic-auth user is written to DIR/auth.json (bcrypt hash, scope "all").
Prints `READY http://127.0.0.1:PORT/xAPI/` on stdout once the server answers.

One change to Ralph, made before its app is imported: its file-system LRS
backend writes with the data backend's default operation, CREATE, so every
write after the first fails ("fs_lrs.jsonl already exists", HTTP 500; seen with
ralph-malph 5.1.0). It is set to APPEND, which is what an LRS needs. Ralph's
validation, id and conflict checks, authentication and query API are unchanged.
Run with one uvicorn worker: the fs backend does not lock its file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
import urllib.request
from pathlib import Path


def write_auth_file(path: Path, user: str, password: str) -> None:
    import bcrypt

    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4)).decode()
    entry = {
        "username": user,
        "hash": hashed,
        "scopes": ["all"],
        "agent": {"mbox": "mailto:tutor-tests@example.org"},
    }
    path.write_text(json.dumps([entry]), encoding="utf-8")


def configure(folder: Path, user: str, password: str, page: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "statements").mkdir(exist_ok=True)
    auth = folder / "auth.json"
    write_auth_file(auth, user, password)
    os.environ.update(
        {
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder / "statements"),
            "RALPH_AUTH_FILE": str(auth),
            "RALPH_APP_DIR": str(folder / "app"),
            "RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT": str(page),
        }
    )


def patch_fs_backend() -> None:
    from ralph.backends.data.base import BaseOperationType
    from ralph.backends.lrs.fs import FSLRSBackend

    FSLRSBackend.default_operation_type = BaseOperationType.APPEND


def _announce_when_up(url: str) -> None:
    for _ in range(600):
        try:
            with urllib.request.urlopen(url + "__heartbeat__", timeout=2) as response:
                if response.status == 200:
                    print(f"READY {url}xAPI/", flush=True)
                    return
        except OSError:
            pass
        time.sleep(0.05)
    print("NOT READY", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True, type=Path)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--user", default="tutor")
    parser.add_argument("--password", default=os.environ.get("RALPH_TEST_PASSWORD", ""))
    parser.add_argument("--page", type=int, default=1000, help="largest page of a GET")
    args = parser.parse_args(argv)
    if not args.password:
        parser.error("give --password or RALPH_TEST_PASSWORD")
    configure(args.dir, args.user, args.password, args.page)
    patch_fs_backend()
    import uvicorn

    url = f"http://127.0.0.1:{args.port}/"
    threading.Thread(target=_announce_when_up, args=(url,), daemon=True).start()
    uvicorn.run(
        "ralph.api:app",
        host="127.0.0.1",
        port=args.port,
        workers=1,
        log_level="warning",
        access_log=False,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
