"""What can go wrong with a progress file, said in one plain line.

`ProgressError` is the only exception the loader raises for a bad file: the
app shows `str(error)` ("PATH:LINE:COL: what is wrong") and never a traceback.
`UntrustedFile` and `AlreadyOpen` come from `ProgressStore.open`; `SaveFailed`
from `ProgressStore.save`.
"""

from __future__ import annotations

from pathlib import Path

from tutor.core.locate import Key as Key
from tutor.core.locate import format_key as format_key

#: Short codes for `ProgressError.reason`, for programs that branch on them.
REASONS = frozenset(
    {
        "empty",  # no bytes, or nothing but blank lines and comments
        "truncated",  # the TOML stops in the middle of something
        "syntax",  # not valid TOML
        "encoding",  # not UTF-8
        "bom",  # starts with a UTF-8 byte order mark
        "too-deep",  # nested too deeply to parse
        "duplicate-key",  # a key or table written twice
        "newer-version",  # written by a newer tutor (schema_version too high)
        "naive-timestamp",  # a timestamp without a time zone
        "foreign-course",  # the file belongs to another course
        "not-progress",  # valid TOML, but not a progress file (no schema_version)
        "too-large",  # bigger than the size cap
        "not-a-file",  # a folder, a device or a pipe
        "unreadable",  # the operating system refused to read it
        "invalid",  # a progress file with a value of the wrong type or range
    }
)


class ProgressError(Exception):
    """A progress file that cannot be trusted, with where and why.

    `path`, `line` and `col` may be None when there is no such place (an empty
    file has no line). `key` is the TOML key path of a bad value, when known.
    """

    def __init__(
        self,
        reason: str,
        message: str,
        *,
        path: Path | None = None,
        line: int | None = None,
        col: int | None = None,
        key: Key | None = None,
    ) -> None:
        assert reason in REASONS, reason
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.path = path
        self.line = line
        self.col = col
        self.key = key

    def where(self) -> str:
        """`PATH:LINE:COL`, `PATH:LINE` or `PATH`, as far as it is known."""
        out = str(self.path) if self.path is not None else "<progress>"
        if self.line is not None:
            out += f":{self.line}"
            if self.col is not None:
                out += f":{self.col}"
        return out

    def __str__(self) -> str:
        text = f"{self.where()}: {self.message}"
        # One line, always: a message quoting file content must not break it.
        return " ".join(text.splitlines())

    def __repr__(self) -> str:
        return f"ProgressError({self.reason!r}, {str(self)!r})"


class UntrustedFile(Exception):
    """`ProgressStore.open` found a file it will not use, and wrote nothing.

    The learner chooses: `store.set_aside_and_start_fresh()` keeps the bytes
    beside the file and starts afresh; `store.restore_backup()` does the same
    but starts from `backup` (the last copy that opened cleanly), when there is
    one; or quit, and the file stays exactly as it was.
    """

    def __init__(self, error: ProgressError, path: Path, backup: Path | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.path = path
        self.backup = backup

    def __str__(self) -> str:
        return f"{self.error} (the file was left exactly as it is)"


class AlreadyOpen(Exception):
    """Another copy of tutor holds the progress file's lock."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path

    def __str__(self) -> str:
        return (
            f"{self.path}: already open in another copy of tutor; "
            "close that one first (nothing was written)"
        )


class SaveFailed(Exception):
    """The progress file could not be written; the previous file is intact."""

    def __init__(self, path: Path, cause: OSError) -> None:
        super().__init__(str(path))
        self.path = path
        self.cause = cause

    def __str__(self) -> str:
        why = self.cause.strerror or str(self.cause)
        return f"{self.path}: could not save progress: {why} (the last saved copy is intact)"


class StoreClosed(RuntimeError):
    """`save` was called on a store that is not open (a programming error)."""
