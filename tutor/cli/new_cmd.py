"""`tutor new module "Title"`: scaffold a module that passes lint."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from tutor.cli.errors import CliError
from tutor.core.exits import Exit
from tutor.core.text import visible


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "new",
        help="start a new lesson module from a template",
        description="Write a new module, with example pages, a quiz and a drill, that passes "
        "tutor lint. If the folder has a course.toml, the module is added to its list.",
    )
    parser.add_argument("what", choices=["module"], help="what to create")
    parser.add_argument("title", help='the module title, e.g. "Replying to reviews"')
    parser.add_argument("--dir", default=".", help="the course folder (default: here)")
    parser.set_defaults(handler=run)


def show(line: str) -> None:
    """A line on stdout, with no control character a folder or title may hold."""
    print(visible(line))


def run(args: argparse.Namespace) -> int:
    from tutor.core.files import FileProblem
    from tutor.core.scaffold import ScaffoldError, new_module

    try:
        path, listing = new_module(Path(args.dir), args.title)
    except (ScaffoldError, OSError, FileProblem) as exc:
        raise CliError(f"new: {exc}") from None
    show(f"created {path}")
    course = Path(args.dir) / "course.toml"
    if listing.before:
        show(
            f"edited {course}: added {path.name} to modules, before {listing.before} "
            "(the final assessment)"
        )
    elif listing:
        show(f"edited {course}: added {path.name} to the end of modules")
    elif course.exists():
        show(f"could not edit {course}: add {path.name} to its modules list yourself")
    else:
        show("no course.toml here: list the module in your course's course.toml")
    show(f"next: edit it, then run `tutor lint {args.dir}`")
    return int(Exit.OK)
