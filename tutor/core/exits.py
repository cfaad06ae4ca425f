"""The exit codes of every `tutor` command and of the app (documented in the README)."""

from enum import IntEnum


class Exit(IntEnum):
    OK = 0
    PROBLEMS = 1  # lint found errors; export skipped bad files; verify failed
    USAGE = 2  # bad arguments, or a path that cannot be read
    IN_USE = 3  # the progress file is already open in another copy of tutor
    INTERRUPTED = 130
