"""Start the learner's app, or `tutor preview`: everything that happens before the first screen.

Textual is imported only once the course is loaded and the progress file is
locked, so a second copy of the app is refused quickly, and a broken course is
reported without starting a UI at all.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tutor.core import course_cache
from tutor.core.exits import Exit
from tutor.core.model import Course
from tutor.core.paths import preferences_path, progress_path
from tutor.core.progress.errors import AlreadyOpen, ProgressError, SaveFailed, UntrustedFile
from tutor.core.progress.model import Progress
from tutor.core.progress.store import ProgressStore
from tutor.core.text import visible

if TYPE_CHECKING:
    from tutor.core.course import CourseLoad
    from tutor.core.diagnostics import Diagnostic
    from tutor.ui.app import TutorApp

MAX_LISTED = 10


def course_problems(load: CourseLoad, today: dt.date | None = None) -> list[Diagnostic]:
    """Every error that stops the course from being taught: loading plus the lint rules.

    Without a course.toml that is all there is to say (C001): the folder's loose
    markdown files, which `tutor lint` checks one by one, are no course yet.
    """
    from tutor.core.diagnostics import sort_key
    from tutor.core.lint import lint_load

    found = sorted(load.diagnostics, key=sort_key) if load.missing else lint_load(load, today)
    return [d for d in found if d.is_error]


def open_course(course_dir: Path, err: TextIO) -> Course | int:
    """The course in `course_dir`, checked: from the cache when its files have not changed
    since it last passed (tutor.core.course_cache), else loaded and linted (and cached).
    An exit code, with the errors printed, when it cannot be taught."""
    today = dt.date.today()
    cached, key = course_cache.load(course_dir, today)
    if cached is not None:
        return cached
    from tutor.core.course import load_course

    load = load_course(course_dir)
    errors = course_problems(load, today)
    if load.course is None or errors:
        return _refuse_course(course_dir, errors, err)
    if key is not None:
        course_cache.store(course_dir, key, load.course)
    return load.course


def _refuse_course(root: Path, errors: list[Diagnostic], err: TextIO) -> int:
    count = len(errors)
    print(
        visible(
            f"tutor: cannot open the course in {root}: {count} error{'s' if count != 1 else ''} "
            f"(run `tutor lint {root}` for hints)"
        ),
        file=err,
    )
    for d in errors[:MAX_LISTED]:
        print(f"  {visible(str(d.file))}:{d.line}:{d.col}: {d.code} {d.message}", file=err)
    if count > MAX_LISTED:
        print(f"  ... and {count - MAX_LISTED} more", file=err)
    return int(Exit.PROBLEMS)


@dataclass
class Prepared:
    """An app ready to run, and the store whose lock it holds (close it afterwards)."""

    app: TutorApp
    store: ProgressStore


def prepare_app(
    course_dir: Path,
    progress_override: str | None = None,
    *,
    clock: Callable[[], dt.datetime] | None = None,
    theme: str | None = None,
    err: TextIO | None = None,
) -> Prepared | int:
    """Load the course and open the progress file. Returns an exit code when it cannot."""
    err = err or sys.stderr
    course = open_course(course_dir, err)
    if isinstance(course, int):
        return course
    store = ProgressStore(progress_path(course.id, progress_override), clock=clock)
    progress: Progress | None = None
    untrusted: UntrustedFile | None = None
    try:
        progress = store.open(course)
    except AlreadyOpen as exc:
        print(
            visible(
                f"tutor: {exc.path} is already open elsewhere (another copy of tutor is "
                "running); close that one first. Nothing was written."
            ),
            file=err,
        )
        return int(Exit.IN_USE)
    except UntrustedFile as exc:
        untrusted = exc
    except SaveFailed as exc:
        folder = store.path.parent
        why = exc.cause.strerror or str(exc.cause)
        print(
            visible(
                f"tutor: cannot keep your progress in {folder}: {why}. Make that folder "
                "writable, or keep progress elsewhere with --progress PATH or TUTOR_HOME=FOLDER."
            ),
            file=err,
        )
        return int(Exit.USAGE)
    except ProgressError as exc:
        print(visible(f"tutor: {exc}. Move it away, or use --progress PATH."), file=err)
        return int(Exit.USAGE)
    return Prepared(_build(course, store, progress, untrusted, clock, theme), store)


def _build(
    course: Course,
    store: ProgressStore,
    progress: Progress | None,
    untrusted: UntrustedFile | None,
    clock: Callable[[], dt.datetime] | None,
    theme: str | None,
) -> TutorApp:
    from tutor.core.session import utc_now
    from tutor.ui.app import TutorApp

    return TutorApp(
        course,
        store=store,
        progress=progress,
        untrusted=untrusted,
        clock=clock or utc_now,
        theme=theme,
        preferences_path=preferences_path(),
    )


def launch_app(course_dir: Path, progress_override: str | None = None) -> int:
    """`tutor`: run the course in `course_dir` until the learner quits. Returns the exit code.

    In a terminal, a line says the course is opening before anything else happens (the
    app's first screen takes a moment), and, after the app closes, where everything
    was saved.
    """
    tty = sys.stdout.isatty()
    if tty:
        print("tutor: opening the course…", flush=True)
    prepared = prepare_app(course_dir, progress_override)
    if isinstance(prepared, int):
        return prepared
    try:
        result = prepared.app.run()
    finally:
        prepared.store.close()
    # A crash inside the app has already been printed; it must not exit 0.
    code = prepared.app.return_code or int(result or 0)
    if tty and code == 0 and prepared.app.session is not None:
        print(
            f"Everything is saved, in {prepared.store.path}.\n"
            "Run tutor again to carry on exactly where you left off.",
            flush=True,
        )
    return code


def launch_preview(path: Path) -> int:
    """`tutor preview FILE`: show one module, reloading it whenever the file is saved."""
    from tutor.ui.preview import PreviewApp

    app = PreviewApp(path)
    result = app.run()
    return app.return_code or int(result or 0)
