"""What `tutor export`, `report`, `certificate` and `verify` share: options, the
course, the progress bar and the one-line reports of skipped files."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from tutor.cli.errors import CliError
from tutor.core.exits import Exit
from tutor.core.text import one_line

if TYPE_CHECKING:
    from tutor.core.model import Course
    from tutor.core.records import Batch, Skipped
    from tutor.core.records.stream import Plan

#: Batches at least this big get a progress bar (when stderr is a terminal).
BAR_THRESHOLD = 200


def add_course_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--course",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the course folder the files belong to (default: $TUTOR_COURSE, else the "
        "built-in course)",
    )


def add_batch_options(parser: argparse.ArgumentParser, *, files_optional: bool = False) -> None:
    parser.add_argument(
        "files",
        nargs="*" if files_optional else "+",
        metavar="FILES",
        help="progress files, folders (every .toml file below them) or glob patterns",
    )
    add_course_option(parser)
    parser.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=1,
        metavar="N",
        help="read files in N processes (0 = one per CPU; default 1)",
    )
    parser.add_argument(
        "--include-broken",
        action="store_true",
        help="keep files whose integrity chain does not match (marked broken) instead of "
        "skipping them",
    )


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value or (os.cpu_count() or 1)


def load_course_arg(args: argparse.Namespace) -> Course:
    """The course named by --course (or the default), or a one-line CliError."""
    from tutor.core.course import load_course
    from tutor.core.paths import course_dir

    command = getattr(args, "command", None)
    where = f"{command}: " if command else ""
    root = course_dir(getattr(args, "course", None))
    if not root.is_dir():
        raise CliError(f"{where}{root}: no such course folder (give one with --course)")
    load = load_course(root)
    if load.course is None:
        first = load.errors[0].format().splitlines()[0] if load.errors else "unknown error"
        raise CliError(f"{where}{root}: cannot load the course: {first} (run `tutor lint {root}`)")
    return load.course


class StderrBar:
    """A one-line progress bar on a terminal; silent when the stream is not one."""

    def __init__(self, stream: TextIO, label: str, unit: str = "files") -> None:
        self.stream = stream
        self.label = label
        self.unit = unit
        self.shown = False
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if total < BAR_THRESHOLD or not self.stream.isatty():
            return
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        width = 30
        filled = width * done // total if total else width
        bar = "#" * filled + "." * (width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done}/{total} {self.unit}")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


def read_batch(
    args: argparse.Namespace, course: Course, label: str, *, detail: bool = True
) -> Batch:
    """Expand, read and merge the FILES, with a progress bar. NoInput -> CliError."""
    from tutor.core.records import NoInput, collect

    bar = StderrBar(sys.stderr, label)
    try:
        return collect(
            args.files,
            course,
            jobs=args.jobs,
            include_broken=args.include_broken,
            on_progress=bar,
            detail=detail,
        )
    except NoInput as e:
        raise CliError(f"{label}: {e}") from None
    finally:
        bar.close()


def report_skipped(command: str, batch: Batch) -> None:
    """One line on stderr per skipped file: the path, where, and why."""
    for skipped in batch.skipped:
        print(f"tutor {command}: skipped {one_line(skipped.message)}", file=sys.stderr)


def exit_for(batch: Batch) -> int:
    return int(Exit.PROBLEMS if batch.skipped else Exit.OK)


def write_output(out: str | None, data: bytes, command: str) -> None:
    """All of `data` to the file `out` (atomically) or to stdout."""
    if out is None or out == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from tutor.core.atomic import write_atomic

    path = Path(out)
    if path.is_dir():
        raise CliError(f"{command}: {path}: is a folder; give a file name with -o")
    try:
        write_atomic(path, data)
    except OSError as e:
        raise CliError(f"{command}: {path}: cannot write: {e.strerror or e}") from None


def read_plan(
    args: argparse.Namespace,
    course: Course,
    label: str,
    *,
    records: bool = False,
    check_learner: bool = True,
    keep: bool = False,
) -> Plan:
    """Pass 1 of a streaming command (tutor.core.records.stream.scan), with a progress bar."""
    from tutor.core.records import NoInput
    from tutor.core.records.stream import scan

    bar = StderrBar(sys.stderr, label)
    try:
        return scan(
            args.files,
            course,
            jobs=args.jobs,
            include_broken=args.include_broken,
            on_progress=bar,
            records=records,
            check_learner=check_learner,
            keep=keep,
        )
    except NoInput as e:
        raise CliError(f"{label}: {e}") from None
    finally:
        bar.close()


def report_skipped_list(command: str, skipped: Sequence[Skipped]) -> None:
    for item in skipped:
        print(f"tutor {command}: skipped {one_line(item.message)}", file=sys.stderr)


@contextlib.contextmanager
def open_output(out: str | None, command: str) -> Iterator[BinaryIO]:
    """A binary stream for the output: stdout, or the file `out` replaced in one step."""
    if out is None or out == "-":
        yield sys.stdout.buffer
        sys.stdout.flush()
        return
    from tutor.core.atomic import open_atomic

    path = Path(out)
    if path.is_dir():
        raise CliError(f"{command}: {path}: is a folder; give a file name with -o")
    try:
        with open_atomic(path) as stream:
            yield stream
    except OSError as e:
        raise CliError(f"{command}: {path}: cannot write: {e.strerror or e}") from None
