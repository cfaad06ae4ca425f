"""What `tutor export`, `report`, `certificate` and `verify` share: options, the
course, the progress bar and the one-line reports of skipped files."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal, TextIO, cast

from tutor.cli.errors import CliError, say
from tutor.core.exits import Exit
from tutor.core.text import strip_controls

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
    check_course_folder(root, where)
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


def read_batch(args: argparse.Namespace, course: Course, label: str) -> Batch:
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
        )
    except NoInput as e:
        raise CliError(f"{label}: {e}") from None
    finally:
        bar.close()


def report_skipped(command: str, batch: Batch) -> None:
    """One line on stderr per skipped file: the path, where, and why."""
    for skipped in batch.skipped:
        say(command, f"skipped {skipped.message}")


def exit_for(batch: Batch) -> int:
    return int(Exit.PROBLEMS if batch.skipped else Exit.OK)


def check_course_folder(root: Path, where: str) -> None:
    """A course folder that can be read, with a course.toml that can be; CliError (exit 2)
    naming what is wrong otherwise."""
    from tutor.core.files import FileProblem, Kind, check_file, need_folder
    from tutor.core.settings import COURSE_FILE

    try:
        need_folder(root)
        check_file(root / COURSE_FILE)
    except FileProblem as exc:
        if exc.kind is Kind.MISSING and exc.path != root:
            raise CliError(
                f"{where}{root}: cannot load the course: no {COURSE_FILE} in this folder "
                "(give a course folder with --course)"
            ) from None
        if exc.kind is Kind.MISSING:
            raise CliError(
                f"{where}{root}: no such course folder (give one with --course)"
            ) from None
        hint = " (give a course folder with --course)" if exc.path == root else ""
        raise CliError(f"{where}{exc.path}: {exc}{hint}") from None


#: how written data may be cleaned of control characters (see `clean_output`)
OutputKind = Literal["text", "json", "binary"]

_JSON_UNESCAPED = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_TEXT_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")


def clean_output(data: bytes, kind: OutputKind) -> bytes:
    """Output that cannot drive a terminal, whatever a learner's name or a lesson held:

    - "json": DEL, C1 and the bidi controls, which JSON leaves as they are, escaped as
      \\u009b and the like (the same text to any JSON reader; C0 is escaped already);
    - "text" (CSV, HTML, the text report): control sequences and characters removed,
      line endings (CSV's CR LF too) kept;
    - "binary" (PDF, xlsx): as it is; it is never written to a terminal.
    """
    if kind == "binary":
        return data
    text = data.decode("utf-8", "replace")
    if kind == "json":
        if _JSON_UNESCAPED.search(text):
            text = _JSON_UNESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    elif _TEXT_CONTROL.search(text):
        text = "\r\n".join(strip_controls(part) for part in text.split("\r\n"))
    return text.encode("utf-8")


def _output_path(out: str, command: str) -> Path:
    """The file -o names, if it is one tutor may replace; CliError (exit 2) otherwise."""
    from tutor.core.files import SAYS, Kind, kind_of

    path = Path(out)
    kind = kind_of(path)
    if kind is Kind.FOLDER:
        raise CliError(f"{command}: {path}: is a folder; give a file name with -o")
    if kind in (Kind.FIFO, Kind.SOCKET, Kind.DEVICE):
        raise CliError(
            f"{command}: {path}: {SAYS[kind]}; give a file name with -o, or -o - for "
            "standard output"
        )
    return path


def write_output(out: str | None, data: bytes, command: str, form: OutputKind = "text") -> None:
    """All of `data` to the file `out` (atomically) or to stdout. JSON has its DEL, C1 and
    bidi controls escaped wherever it goes (the same JSON); text written to stdout, which
    may be a terminal, is cleaned of control characters (`clean_output`), while a file
    keeps what the records hold. Binary data is never written to a terminal."""
    if form == "json":
        data = clean_output(data, form)
    if out is None or out == "-":
        data = clean_output(data, form)
        stream = sys.stdout
        if form == "binary" and stream.isatty():
            raise CliError(f"{command}: will not write a binary file to a terminal; give -o FILE")
        stream.buffer.write(data)
        stream.flush()
        return
    from tutor.core.atomic import write_atomic

    path = _output_path(out, command)
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
    """One line on stderr per skipped file: the path, where, and why."""
    for item in skipped:
        say(command, f"skipped {item.message}")


class _Cleaned(io.BufferedIOBase):
    """A binary stream that passes what is written through `clean_output` (each write is
    whole UTF-8 text: the writers, and a TextIOWrapper, encode whole characters)."""

    def __init__(self, stream: BinaryIO, kind: OutputKind) -> None:
        super().__init__()
        self.stream = stream
        self.kind = kind

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.stream.write(clean_output(bytes(data), self.kind))
        return len(data)

    def flush(self) -> None:
        self.stream.flush()


@contextlib.contextmanager
def open_output(out: str | None, command: str, kind: OutputKind = "text") -> Iterator[BinaryIO]:
    """A binary stream for streamed output: stdout, or the file `out` replaced in one step.

    As with `write_output`: JSON has its DEL, C1 and bidi controls escaped wherever it goes;
    text to stdout is cleaned of control characters; binary data never goes to a terminal."""
    if out is None or out == "-":
        if kind == "binary" and sys.stdout.isatty():
            raise CliError(f"{command}: will not write a binary file to a terminal; give -o FILE")
        raw = sys.stdout.buffer
        yield raw if kind == "binary" else cast(BinaryIO, _Cleaned(raw, kind))
        sys.stdout.flush()
        return
    from tutor.core.atomic import open_atomic

    path = _output_path(out, command)
    try:
        with open_atomic(path) as stream:
            yield cast(BinaryIO, _Cleaned(stream, kind)) if kind == "json" else stream
    except OSError as e:
        raise CliError(f"{command}: {path}: cannot write: {e.strerror or e}") from None
