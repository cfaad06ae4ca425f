"""The `tutor` command: a thin layer of argparse over the core.

Each subcommand lives in its own module with `register(subparsers)`; the
learner's app is the default when no subcommand is given. Nothing here imports
Textual: only starting the app does.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from tutor import __version__
from tutor.cli import (
    app_cmd,
    certificate_cmd,
    export_cmd,
    lint_cmd,
    new_cmd,
    report_cmd,
    send_cmd,
    serve_cmd,
    verify_cmd,
)
from tutor.cli.errors import CliError
from tutor.core.exits import Exit
from tutor.core.text import visible

COMMANDS = [
    app_cmd,
    lint_cmd,
    new_cmd,
    export_cmd,
    send_cmd,
    report_cmd,
    certificate_cmd,
    verify_cmd,
    serve_cmd,
]

EPILOG = """\
exit codes: 0 success; 1 problems found (lint errors, skipped files, failed
verification); 2 bad usage or unreadable input; 3 progress file open elsewhere.
Run `tutor COMMAND --help` for each command's options."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        command = self.prog.removeprefix("tutor").strip()  # "tutor export" -> "export"
        raise CliError(
            f"{command}: {message} (see --help)" if command else f"{message} (see --help)"
        )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tutor",
        description="Learn professional social media for physicians, in the terminal. "
        "With no command, opens the course.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"tutor {__version__}")
    app_cmd.add_app_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def run(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(args_list)
        handler = getattr(args, "handler", app_cmd.run_app)
        return int(handler(args))
    except CliError as exc:
        # Every CliError is "COMMAND: what went wrong"; here, and only here, it becomes one
        # plain line (no control characters from file names or content) after "tutor: ".
        print(f"tutor: {visible(str(exc))}", file=sys.stderr)
        return int(exc.code)
    except KeyboardInterrupt:
        print("tutor: interrupted", file=sys.stderr)
        return int(Exit.INTERRUPTED)
    except BrokenPipeError:
        return int(Exit.OK)
