"""`tutor lint [PATH]`: check a course folder or one module file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tutor.cli.errors import CliError
from tutor.core.exits import Exit


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "lint",
        help="check lessons for mistakes",
        description="Check a course folder (or one module file) and print compiler-style "
        "diagnostics: file:line:col: error|warning CODE message, then a hint. "
        "Exits 1 if there is any error; warnings alone exit 0.",
    )
    parser.add_argument(
        "path",
        nargs="?",
        default=None,
        help="course folder or module file (default: the built-in course)",
    )
    parser.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text for people, json for editors and CI",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tutor.core.diagnostics import to_json
    from tutor.core.lint import has_errors, lint_path
    from tutor.core.paths import course_dir

    path = Path(args.path) if args.path else course_dir()
    if not path.exists():
        raise CliError(f"lint: {path}: no such file or folder")
    diagnostics = lint_path(path)
    if args.format == "json":
        print(to_json(diagnostics))
    else:
        for d in diagnostics:
            print(d.format())
        errors = sum(d.is_error for d in diagnostics)
        warnings = len(diagnostics) - errors
        print(f"{path}: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return int(Exit.PROBLEMS if has_errors(diagnostics) else Exit.OK)
