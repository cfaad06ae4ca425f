"""The learner's app (the default command) and `tutor preview` for trainers."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from tutor.cli.errors import CliError


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
    if not course.is_dir():
        raise CliError(f"{course}: no such course folder")
    from tutor.ui.launch import launch_app

    return launch_app(course, args.progress)


def run_preview(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise CliError(f"preview: {path}: no such file")
    from tutor.ui.launch import launch_preview

    return launch_preview(path)
