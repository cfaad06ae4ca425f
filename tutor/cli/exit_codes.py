"""Exit codes shared by every subcommand (documented in the README)."""

from enum import IntEnum


class Exit(IntEnum):
    OK = 0
    PROBLEMS = 1  # lint found errors; export skipped bad files; verify failed
    USAGE = 2  # bad arguments, or a path that cannot be read
    IN_USE = 3  # the progress file is already open in another copy of tutor
    INTERRUPTED = 130


class CliError(Exception):
    """An expected failure: printed as one plain line on stderr.

    The message is "COMMAND: what went wrong"; `tutor.cli.main.run` prints it after
    "tutor: " with control characters and line breaks removed, so raisers need not.
    """

    def __init__(self, message: str, code: Exit = Exit.USAGE) -> None:
        super().__init__(message)
        self.code = code
