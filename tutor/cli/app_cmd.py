"""The learner's app (the default command) and `tutor preview` for trainers."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from tutor.cli.errors import CliError
from tutor.cli.records_cli import check_course_folder


def add_app_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--course",
        metavar="PATH",
        help="open this course folder (default: $TUTOR_COURSE, else the built-in course)",
    )
    parser.add_argument(
        "--progress",
        metavar="PATH",
        help="keep progress in this file (default: in $TUTOR_HOME, else your user data folder)",
    )


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "preview",
        help="open one module and reload it on every save (for trainers)",
        description="Open one module file in the app and reload it whenever the file is saved. "
        "A broken module shows its lint diagnostics instead of crashing. Nothing is saved "
        "to any progress file.",
    )
    parser.add_argument("file", help="the module's markdown file")
    parser.set_defaults(handler=run_preview)


def run_app(args: argparse.Namespace) -> int:
    from tutor.core.paths import course_dir

    course = course_dir(args.course)
    check_course_folder(course, "")
    if args.progress:
        _check_progress_path(Path(args.progress).expanduser())
    from tutor.ui.launch import launch_app

    return launch_app(course, args.progress)


def run_preview(args: argparse.Namespace) -> int:
    from tutor.core.files import FileProblem, check_file

    path = Path(args.file)
    try:
        check_file(path)
    except FileProblem as exc:
        raise CliError(f"preview: {path}: {exc}; give a module's markdown file") from None
    from tutor.ui.launch import launch_preview

    return launch_preview(path)


def _check_progress_path(path: Path) -> None:
    """--progress names a file that is, or can become, a progress file; CliError (exit 2)
    otherwise. (What is in the file is the progress store's to judge.)"""
    from tutor.core.files import SAYS, Kind, kind_of

    kind = kind_of(path)
    if kind in (Kind.FILE, Kind.MISSING):
        folder = kind_of(path.parent)
        if folder is Kind.FOLDER or kind is Kind.FILE:
            return
        what = SAYS[folder].replace(", not a file", ", not a folder")
        if folder is Kind.MISSING:
            what = "no such folder"
        raise CliError(f"--progress {path}: cannot keep progress in {path.parent}: {what}")
    raise CliError(f"--progress {path}: {SAYS[kind]}; give a progress file's name")
