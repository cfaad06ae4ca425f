"""Diagnostics: what is wrong, where, and how to fix it.

`CODES` is the one registry of diagnostic codes: each code's severity, a summary of
what it means, and the hint shown when a report gives none. The table of codes in
docs/lesson-format.md is generated from it (tools/doc_examples.py), and a test
fails when the two differ.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from tutor.core.limits import MAX_OPTIONS, PAGE_LIMIT, PAGE_WARN
from tutor.core.text import visible


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
            f"{visible(str(self.file))}:{self.line}:{self.col}: "
            f"{self.severity.value} {self.code} {self.message}"
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


@dataclass(frozen=True, slots=True)
class Code:
    """A diagnostic code, as the registry declares it."""

    code: str
    severity: Severity
    summary: str  # what it means, for the documentation's table (markdown)
    hint: str = ""  # what to do, when a report gives no more specific hint


E, W = Severity.ERROR, Severity.WARNING

CODES: dict[str, Code] = {
    c.code: c
    for c in (
        Code("C001", E, "`course.toml` is missing"),
        Code("C002", E, "`course.toml` is not valid TOML (reported at the line and column)"),
        Code("C003", E, "a required `course.toml` setting is missing, or a setting is wrong"),
        Code("C004", E, "a module listed in `course.toml` has no file"),
        Code("C005", W, "a module file is in the folder but `modules` does not list it"),
        Code("C006", E, "two modules share an id"),
        Code(
            "C007",
            E,
            "`max_credit` is not in 0.25 steps, or is more than the content's estimated time "
            "allows (see [Time and credit](#time-and-credit))",
        ),
        Code("C008", W, "an unknown `course.toml` key, in any table (often a typo)"),
        Code(
            "C009",
            W,
            "the provider or designation is still a placeholder, so learners get a certificate "
            "of completion with no credit",
        ),
        Code("C010", E, "the designation statement states a credit other than `max_credit`"),
        Code("C011", E, "a module is listed twice in `modules`"),
        Code("F001", E, "the module has no front matter, or cannot be read"),
        Code("F002", E, "the front matter is not valid TOML (reported at the line and column)"),
        Code("F003", E, "a required front-matter key is missing or has the wrong type"),
        Code("F004", W, "an unknown front-matter key, in any table (often a typo)"),
        Code("F005", W, "a source is listed but never cited in the module"),
        Code("F006", W, "a source has no `url`, and is not marked `print_only = true`"),
        Code(
            "F007",
            W,
            "a source id is declared in two modules with a different `title` or `url`",
        ),
        Code(
            "O001",
            W,
            "an objective (module or course) uses a verb that cannot be observed: know, "
            "understand, learn, appreciate, be aware of",
        ),
        Code(
            "T001",
            W,
            "a module's `minutes` differs from the content's estimated time by more than 25%",
        ),
        Code("R001", W, "`last_reviewed` is missing"),
        Code("R002", W, "`last_reviewed` is more than 12 months ago"),
        Code("R003", E, "`last_reviewed` is in the future"),
        Code("I001", E, "two things in a module share an id (see [Ids](#ids))"),
        Code("I002", E, "an `<!-- id: ... -->` comment has an invalid id"),
        Code(
            "H001",
            E,
            "a heading is written almost as the format asks (`## Quiz`, `## Drill: ...`, "
            "`### Ending: ...`), so its quiz, drill or ending is lost",
        ),
        Code("Q001", E, "a question has no options"),
        Code("Q002", E, "a question has no correct option"),
        Code("Q003", E, "a single-choice question has more than one correct option"),
        Code("Q004", W, "an option has no feedback"),
        Code("Q005", E, "a module has more than one quiz"),
        Code("Q006", E, "a quiz has no questions"),
        Code(
            "Q007",
            E,
            "a task list (`- [x]`, `- [ ]`) outside the quiz: learners would see the answer key",
        ),
        Code(
            "Q008",
            E,
            "an option or its feedback is laid out so that markdown moves it out of its question",
        ),
        Code("Q009", E, "a question has only one option"),
        Code("D001", E, "a choice links to a step that does not exist"),
        Code("D002", E, "a step cannot be reached from the first step"),
        Code("D003", E, "no path leads from a step to an ending"),
        Code("D004", E, "an ending has no debrief"),
        Code("D005", E, "a choice has no quality mark (**Best.**, **Acceptable.** or **Poor.**)"),
        Code("D006", E, "a drill has no steps, or its first step is an ending"),
        Code(
            "D007",
            E,
            "choices with **Best.** or **Poor.** feedback outside a drill: learners would see "
            "every mark",
        ),
        Code("D008", E, "an ending has choices, which learners would never see"),
        Code(
            "D009",
            E,
            "a step's heading repeats an earlier heading in the file, so its anchor ends in `-1`",
        ),
        Code("P001", E, "a page is empty"),
        Code("P002", W, f"a page is longer than {PAGE_WARN // 1024} KB"),
        Code("P003", E, "a link within the course is broken"),
        Code(
            "P004",
            E,
            "a citation names no source of the front matter (also `[FSMB-2019]` or `[fsmb]` "
            "for `fsmb-2019`)",
        ),
        Code(
            "P005",
            E,
            f"a page, question or step is more than the app shows at once ({PAGE_LIMIT // 1024} "
            f"KB, or {MAX_OPTIONS} options or choices)",
        ),
        Code("P006", W, "an image: the app shows only its description"),
        Code("P007", W, "text left from the `tutor new` template"),
        Code(
            "P008",
            W,
            "text states a pass mark, a number of questions or a credit that differs from the "
            "course's",
        ),
        Code("S001", E, "the file holds terminal control characters"),
        Code("S002", E, "the file holds raw HTML"),
        Code("S003", E, "a link (or a source's `url`) is neither `https://` nor within the course"),
        Code("S004", E, "the file is not valid UTF-8"),
        Code(
            "S005",
            E,
            "a value in `course.toml` or the front matter holds a control character, written "
            "as an escape such as `\\u001b`",
        ),
        Code(
            "S006",
            W,
            "invisible characters that reorder or hide text (bidi overrides, zero-width spaces)",
        ),
    )
}


def table() -> str:
    """The markdown table of every code, for docs/lesson-format.md."""
    rows = ["| code | severity | what it means |", "|---|---|---|"]
    rows += [f"| {c.code} | {c.severity.value} | {c.summary} |" for c in CODES.values()]
    return "\n".join(rows) + "\n"


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    return (str(d.file), d.line, d.col, d.code)


#: the most diagnostics of one code listed for one file; the rest are counted in one more
MAX_PER_CODE = 20


def cap(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Sorted diagnostics with at most MAX_PER_CODE of each code for each file, then one
    that counts the rest, at the first of them: a file with thousands of broken links is
    reported in a screenful, not thousands of lines."""
    found = sorted(diagnostics, key=sort_key)
    counts: dict[tuple[Path, str], int] = {}
    for d in found:
        counts[(d.file, d.code)] = counts.get((d.file, d.code), 0) + 1
    if all(n <= MAX_PER_CODE + 1 for n in counts.values()):
        return found
    out: list[Diagnostic] = []
    seen: dict[tuple[Path, str], int] = {}
    for d in found:
        key = (d.file, d.code)
        n = seen[key] = seen.get(key, 0) + 1
        if counts[key] <= MAX_PER_CODE + 1 or n <= MAX_PER_CODE:
            out.append(d)
        elif n == MAX_PER_CODE + 1:
            rest = counts[key] - MAX_PER_CODE
            out.append(
                Diagnostic(
                    d.file,
                    d.line,
                    d.col,
                    d.severity,
                    d.code,
                    f"{rest} more {d.code} problems in this file from here on (the first "
                    f"{MAX_PER_CODE} are listed above)",
                    d.hint,
                )
            )
    return out


def to_json(diagnostics: list[Diagnostic]) -> str:
    return json.dumps([d.as_dict() for d in sorted(diagnostics, key=sort_key)], indent=2)


class Sink:
    """Collects diagnostics for one file."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.items: list[Diagnostic] = []

    def add(
        self, line: int, col: int, code: str, message: str, hint: str = "", file: Path | None = None
    ) -> None:
        """Report `code` (its severity from the registry) at line and column of the sink's
        file, or of `file`."""
        entry = CODES[code]
        self.items.append(
            Diagnostic(
                file or self.file,
                line,
                col,
                entry.severity,
                code,
                visible(message),
                visible(hint or entry.hint),
            )
        )
