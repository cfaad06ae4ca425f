"""The CLI's one expected failure: a plain line on stderr and an exit code."""

from tutor.core.exits import Exit


class CliError(Exception):
    """An expected failure: printed as one plain line on stderr.

    The message is "COMMAND: what went wrong"; `tutor.cli.main.run` prints it after
    "tutor: " with control characters and line breaks removed, so raisers need not.
    """

    def __init__(self, message: str, code: Exit = Exit.USAGE) -> None:
        super().__init__(message)
        self.code = code


def say(command: str, message: str) -> None:
    """One line on stderr about `command`, as every line tutor writes there looks:
    `tutor: COMMAND: message` (control characters and line breaks removed)."""
    import sys

    from tutor.core.text import visible

    print(f"tutor: {command}: {visible(message)}", file=sys.stderr)
