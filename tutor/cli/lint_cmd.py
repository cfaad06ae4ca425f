"""`tutor lint [PATH]`: check a course folder or one module file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tutor.cli.errors import CliError, say
from tutor.core.exits import Exit


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "lint",
        help="check lessons for mistakes",
        description="Check a course folder (or one module file) and print compiler-style "
        "diagnostics: file:line:col: error|warning CODE message, then a hint. "
        "Exits 1 if there is any error; warnings alone exit 0; exits 2 if PATH (or its "
        "course.toml) cannot be read.",
    )
    parser.add_argument(
        "path",
        nargs="?",
        default=None,
        help="course folder or module file (default: the course in the current folder, "
        "if it has a course.toml; else $TUTOR_COURSE, else the built-in course)",
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

    path = lint_target(args.path)
    diagnostics = lint_path(path)
    if args.format == "json":
        print(to_json(diagnostics))
    else:
        for d in diagnostics:
            print(d.format())
        sys.stdout.flush()  # the summary comes after the diagnostics, even in a log
        errors = sum(d.is_error for d in diagnostics)
        warnings = len(diagnostics) - errors
        say("lint", f"{path}: {errors} error(s), {warnings} warning(s)")
    return int(Exit.PROBLEMS if has_errors(diagnostics) else Exit.OK)


def lint_target(given: str | None) -> Path:
    """The path to lint: PATH, else the course in the current folder, else the default
    course. A PATH (or its course.toml) that cannot be read is a CliError (exit 2)."""
    from tutor.core.files import SAYS, FileProblem, Kind, check_file, kind_of, need_folder
    from tutor.core.paths import course_dir
    from tutor.core.settings import COURSE_FILE

    if given is not None:
        path = Path(given)
    elif kind_of(Path(COURSE_FILE)) is not Kind.MISSING:
        path = Path(".")
    else:
        path = course_dir()
    kind = kind_of(path)
    if kind is Kind.MISSING:
        raise CliError(f"lint: {path}: no such file or folder")
    try:
        if kind is Kind.FOLDER:
            need_folder(path)
            settings = path / COURSE_FILE
            if kind_of(settings) is not Kind.MISSING:
                check_file(settings)
        elif kind is Kind.FILE:
            check_file(path)
        else:
            raise CliError(f"lint: {path}: {SAYS[kind]}; give a course folder or a module file")
    except FileProblem as exc:
        raise CliError(f"lint: {exc.path}: {exc}") from None
    return path
