"""Diagnostics: what is wrong, where, and how to fix it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    file: Path
    line: int
    col: int
    severity: Severity
    code: str
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        """Compiler style: `file:line:col: error CODE message`, then the hint."""
        head = (
            f"{self.file}:{self.line}:{self.col}: {self.severity.value} {self.code} {self.message}"
        )
        return f"{head}\n  hint: {self.hint}" if self.hint else head

    def as_dict(self) -> dict[str, object]:
        return {
            "file": str(self.file),
            "line": self.line,
            "col": self.col,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    return (str(d.file), d.line, d.col, d.code)


def to_json(diagnostics: list[Diagnostic]) -> str:
    return json.dumps([d.as_dict() for d in sorted(diagnostics, key=sort_key)], indent=2)


class Sink:
    """Collects diagnostics for one file."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.items: list[Diagnostic] = []

    def error(self, line: int, col: int, code: str, message: str, hint: str = "") -> None:
        self.items.append(Diagnostic(self.file, line, col, Severity.ERROR, code, message, hint))

    def warning(self, line: int, col: int, code: str, message: str, hint: str = "") -> None:
        self.items.append(Diagnostic(self.file, line, col, Severity.WARNING, code, message, hint))
