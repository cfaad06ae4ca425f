"""`tutor serve`: the course in a browser, for one learner or, behind a proxy, for many."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
import webbrowser
from pathlib import Path
from typing import Any

from tutor.cli.errors import CliError
from tutor.core.exits import Exit

HOSPITAL_OPTIONS = ("trusted_proxy", "user_header", "data_dir")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="open the course in a web browser",
        description="Serve the course to a web browser. By default, for you alone: it listens "
        "on 127.0.0.1 only, prints an address with a secret token, and opens your browser. "
        "Your progress is the same file the terminal app uses. With --trusted-proxy, "
        "--user-header and --data-dir together, it serves many people behind your "
        "organisation's sign-in proxy, each with their own progress file (docs/serve.md).",
    )
    parser.add_argument(
        "--course",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="serve this course folder (default: $TUTOR_COURSE, else the built-in course)",
    )
    parser.add_argument(
        "--progress",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="personal mode: keep progress in this file (default: as the terminal app)",
    )
    parser.add_argument(
        "--port",
        type=int,
        metavar="N",
        help="port to listen on (default: any free port; 8000 behind a proxy)",
    )
    parser.add_argument(
        "--no-browser", action="store_true", help="print the address, do not open a browser"
    )
    hospital = parser.add_argument_group("behind a sign-in proxy (all three together)")
    hospital.add_argument(
        "--trusted-proxy",
        action="append",
        metavar="ADDR",
        help="address or network of the proxy (repeat, or separate with commas); the user "
        "header is believed only from these",
    )
    hospital.add_argument(
        "--user-header", metavar="NAME", help="header the proxy sets to the user's id"
    )
    hospital.add_argument("--data-dir", metavar="DIR", help="folder for every user's progress file")
    hospital.add_argument(
        "--host",
        metavar="ADDR",
        help="IP address to listen on (default 127.0.0.1; only behind a proxy)",
    )
    hospital.add_argument(
        "--max-sessions",
        type=int,
        default=40,
        metavar="N",
        help="browser tabs open at once; more are told to come back later (default 40)",
    )
    parser.set_defaults(handler=run_serve)


def _hospital_mode(args: argparse.Namespace) -> bool:
    given = [name for name in HOSPITAL_OPTIONS if getattr(args, name)]
    if given and len(given) < len(HOSPITAL_OPTIONS):
        missing = [f"--{n.replace('_', '-')}" for n in HOSPITAL_OPTIONS if n not in given]
        raise CliError(
            "serve: behind a proxy, --trusted-proxy, --user-header and --data-dir go together "
            f"(missing {', '.join(missing)})"
        )
    return bool(given)


def _can_open_browser() -> bool:
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def run_serve(args: argparse.Namespace) -> int:
    import ipaddress

    from tutor.core.course import load_course
    from tutor.core.paths import course_dir
    from tutor.ui.launch import course_problems
    from tutor.ui.serve.access import HEADER_NAME, Hospital, Personal, parse_networks

    hospital = _hospital_mode(args)
    progress = getattr(args, "progress", None)
    if hospital and progress:
        raise CliError("serve: --progress is for one learner; behind a proxy use --data-dir")
    if not hospital and args.host:
        raise CliError(
            "serve: --host is only for serving behind a proxy; for yourself it is 127.0.0.1"
        )
    host = args.host or "127.0.0.1"
    try:
        ipaddress.ip_address(host)
    except ValueError:
        raise CliError(f"serve: --host {host}: give an IP address, not a name") from None
    if args.max_sessions < 1:
        raise CliError("serve: --max-sessions must be 1 or more")

    course = course_dir(getattr(args, "course", None))
    if not course.is_dir():
        raise CliError(f"serve: {course}: no such course folder")
    load = load_course(course)
    errors = course_problems(load)
    if load.course is None or errors:
        raise CliError(
            f"serve: cannot open the course in {course}: {len(errors)} error(s) "
            f"(run `tutor lint {course}`)",
            Exit.PROBLEMS,
        )

    access: Personal | Hospital
    port = args.port if args.port is not None else (8000 if hospital else 0)
    sock = _listen(host, port)
    port = sock.getsockname()[1]
    if hospital:
        if not HEADER_NAME.fullmatch(args.user_header):
            raise CliError(f"serve: --user-header {args.user_header!r} is not a header name")
        try:
            trusted = parse_networks(args.trusted_proxy)
        except ValueError as exc:
            raise CliError(f"serve: --trusted-proxy: {exc}") from None
        data = Path(args.data_dir).expanduser()
        _check_data_dir(data)
        access = Hospital(trusted, args.user_header, data.resolve(), load.course.id)
    else:
        access = Personal(port, progress=Path(progress).expanduser() if progress else None)

    from tutor.ui.serve.server import ServeSettings, run

    _setup_logging()
    settings = ServeSettings(
        course=course.resolve(),
        title=" ".join(load.course.title.split()),
        access=access,
        host=host,
        max_sessions=args.max_sessions,
    )
    _announce(settings, load.course.id, port, args.no_browser)
    run(settings, sock)
    return int(Exit.OK)


def _listen(host: str, port: int) -> Any:
    from tutor.ui.serve.server import listen

    try:
        return listen(host, port)
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise CliError(
            f"serve: cannot listen on {host}:{port}: {why} (choose another with --port N)"
        ) from None


def _check_data_dir(data: Path) -> None:
    try:
        data.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise CliError(f"serve: --data-dir {data}: cannot create it: {exc.strerror}") from None
    if not data.is_dir() or not os.access(data, os.W_OK | os.X_OK):
        raise CliError(f"serve: --data-dir {data}: not a folder this user can write to")


def _setup_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger = logging.getLogger("tutor.serve")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def _announce(settings: Any, course_id: str, port: int, no_browser: bool) -> None:
    from tutor.core.paths import progress_path
    from tutor.ui.serve.access import Hospital

    access = settings.access
    log = logging.getLogger("tutor.serve")
    if isinstance(access, Hospital):
        nets = ", ".join(str(n) for n in access.trusted)
        log.info(
            "serving %s on http://%s:%d/ for the users named in %s by %s; progress in %s",
            settings.course,
            settings.host,
            port,
            access.header,
            nets,
            access.data_dir,
        )
        return
    url = f"http://127.0.0.1:{port}/?token={access.token}"
    where = access.progress or progress_path(course_id)
    print(
        f"tutor serve: your course is at this address (keep it private):\n\n    {url}\n\n"
        f"Progress is saved in {where}. Press Ctrl+C to stop.",
        flush=True,
    )
    if not no_browser and _can_open_browser():
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
