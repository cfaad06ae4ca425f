"""Every file location the program uses is decided here, and only here.

`TUTOR_HOME` redirects all learner data (tests set it so they never touch the
real home folder). Nothing here creates a folder: callers that write create
what they need, at the moment they write.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import platformdirs

APP_NAME = "tutor"
HOME_ENV = "TUTOR_HOME"
COURSE_ENV = "TUTOR_COURSE"

_PACKAGE = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The folder that holds progress files."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def progress_path(course_id: str, override: str | os.PathLike[str] | None = None) -> Path:
    """The progress file for one course: `--progress PATH` wins, then TUTOR_HOME."""
    if override:
        return Path(override).expanduser()
    return data_dir() / progress_file_name(course_id)


def progress_file_name(course_id: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", course_id) or "course"
    return f"{safe}.progress.toml"


def builtin_course() -> Path:
    """The built-in course folder, installed or in a source checkout."""
    installed = _PACKAGE / "_lessons"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "lessons"


def course_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The course to open: `--course PATH` wins, then TUTOR_COURSE, then the built-in one."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(COURSE_ENV)
    if env:
        return Path(env).expanduser()
    return builtin_course()


def user_folder_name(user_id: str) -> str:
    """A safe, collision-free folder name for one user of `tutor serve` (hospital mode).

    A readable part (letters, digits, `.`, `_`, `-` of the id, at most 40) for the data
    office, then a hash of the exact id, so that `a/b` and `a_b`, or `Ann` and `ann`, never
    share a folder, and no id can name a path outside the data folder.
    """
    digest = hashlib.sha256(user_id.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    readable = re.sub(r"[^A-Za-z0-9._-]", "_", user_id)[:40].strip("._-")
    return f"{readable}-{digest}" if readable else digest


def user_progress_path(data_folder: str | os.PathLike[str], user_id: str, course_id: str) -> Path:
    """Where one served user's progress for one course is kept: DATA/<user folder>/."""
    return Path(data_folder) / user_folder_name(user_id) / progress_file_name(course_id)


def lrs_dir(endpoint: str) -> Path:
    """The folder with what one LRS has acknowledged (its ledger), in the data folder."""
    name = hashlib.sha256(endpoint.rstrip("/").encode()).hexdigest()[:16]
    return data_dir() / "lrs" / name


def outbox_dir(progress_file: Path) -> Path:
    """The app's queue of statements to send, beside the progress file it comes from."""
    return progress_file.parent / f"{progress_file.name}.lrs-outbox"


def delivery_dir() -> Path:
    """Where files handed to the learner (a certificate) go: their Documents folder, else
    Downloads, else their home folder. Nothing is created."""
    for folder in (platformdirs.user_documents_dir(), platformdirs.user_downloads_dir()):
        path = Path(folder)
        if path.is_dir():
            return path
    return Path.home()


def preferences_path() -> Path:
    """The learner's app preferences (the theme), beside their progress files."""
    return data_dir() / "preferences.toml"


def cache_dir() -> Path:
    """Where tutor keeps what it can make again (a checked course): under TUTOR_HOME when
    that is set, else the user cache folder (on Linux `~/.cache/tutor`)."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser() / "cache"
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
