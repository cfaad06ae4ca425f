"""`course.toml`: the course's settings, declared once and read from that declaration.

`CourseSettings` is what the file may say. `read_settings` reads a course folder's
file and checks it against the declaration, reporting every problem at once with
its line (C002 for TOML that does not parse, C003 for a missing or wrong setting).
The course loader and `tutor preview` both read settings here.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta

from tutor.core import formats
from tutor.core.accreditation import Pars, check_pars
from tutor.core.diagnostics import Diagnostic, Sink
from tutor.core.locate import format_key, locate
from tutor.core.text import toml_error

COURSE_FILE = "course.toml"
MAX_FILE = 4 * 1024 * 1024  # the largest course.toml or module file read, in bytes

Text = Annotated[str, Meta(pattern=r"\S")]  # not empty, not only spaces
ModuleFile = Annotated[str, Meta(pattern=r"^[^/\\:]+\.md$")]


class Provider(msgspec.Struct):
    """The accredited provider; without one, learners get a certificate of completion."""

    name: str
    designation: str
    accreditation: str = ""  # the provider's ACCME accreditation statement
    contact: str = ""  # how a learner or a board reaches the provider
    signatory_name: str = ""
    signatory_title: str = ""


class Disclosure(msgspec.Struct, frozen=True):
    """A planner's or author's disclosure of financial relationships ("None" is one)."""

    name: Text
    role: Text  # "planner", "author", "reviewer"...
    relationships: Text  # "None", or the relationships, as the provider words them


class EvalItem(msgspec.Struct):
    """One question of the end-of-course evaluation."""

    id: Text
    prompt: Text
    kind: Literal["rating", "text"] = "rating"


class CourseSettings(msgspec.Struct, kw_only=True):
    """What course.toml may say. The declaration of the format."""

    id: Text
    title: Text
    version: Text
    audience: Text
    passing_score: Annotated[float, Meta(gt=0, le=100)]  # a percentage
    learning_format: Text
    max_credit: Annotated[float, Meta(ge=0, le=1000)]  # hours
    modules: list[ModuleFile]
    provider: Provider | None = None
    pars: Pars = Pars()
    evaluation: list[EvalItem] = []
    # The CME frame, shown to learners before they start (an enduring material's
    # release, review and expiry dates; objectives; disclosures).
    objectives: list[Text] = []
    practice_gap: str = ""
    release_date: dt.date | None = None
    review_date: dt.date | None = None
    expiry_date: dt.date | None = None
    disclosures: list[Disclosure] = []
    commercial_support: str = ""


#: What to write for each setting, for hints.
EXAMPLES = {
    "id": 'id = "my-course"',
    "title": 'title = "Course title"',
    "version": 'version = "2026.11"',
    "audience": 'audience = "Practising physicians"',
    "passing_score": "passing_score = 80 (a percentage, without a % sign)",
    "learning_format": 'learning_format = "enduring material"',
    "max_credit": "max_credit = 2.5",
    "modules": 'modules = ["01-intro.md", "02-next.md"]',
    "provider": 'a [provider] table with name = "..." and designation = "..."',
    "pars": 'a [pars] table with activity_id = "..." and moc_boards = ["ABIM"]',
    "objectives": 'objectives = ["Choose ...", "Apply ..."]',
    "practice_gap": 'practice_gap = "What physicians do today, and what they should do"',
    "release_date": "release_date = 2026-12-02 (a TOML date, without quotes)",
    "review_date": "review_date = 2026-12-02 (a TOML date, without quotes)",
    "expiry_date": "expiry_date = 2029-12-01 (a TOML date, without quotes)",
    "disclosures": (
        '[[disclosures]] tables with name = "...", role = "planner" and relationships = "None"'
    ),
    "commercial_support": 'commercial_support = "None"',
    "evaluation": 'an [[evaluation]] table with id = "useful", prompt = "..." and kind = "rating"',
}


@dataclass(slots=True)
class SettingsRead:
    """What `read_settings` found: the settings (None if unusable), the raw text and the
    diagnostics; `missing` when there is no course.toml at all."""

    path: Path
    settings: CourseSettings | None
    text: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    missing: bool = False

    def key_line(self, key: str) -> int:
        """The line where a top-level key (or a [table] / [[array]] of that name) is set."""
        hit = locate(self.text, (key,))
        return hit[0] if hit else 1


def read_text(path: Path) -> str:
    """A course file's text: at most MAX_FILE bytes of UTF-8, a byte order mark dropped.

    Raises OSError, UnicodeDecodeError or ValueError (too large)."""
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE + 1)
    if len(data) > MAX_FILE:
        raise ValueError("the file is larger than 4 MiB")
    return data.decode("utf-8").removeprefix("\ufeff")


def read_settings(root: Path) -> SettingsRead:
    """The settings of the course in `root`. Never raises for bad content."""
    path = root / COURSE_FILE
    sink = Sink(path)
    found = SettingsRead(path, None, diagnostics=sink.items)
    try:
        text = read_text(path)
    except FileNotFoundError:
        sink.add(
            1,
            1,
            "C001",
            f"no {COURSE_FILE} in {root}",
            "create it with id, title, version and the list of modules (see docs/lesson-format.md)",
        )
        found.missing = True
        return found
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        sink.add(1, 1, "C002", f"cannot read {COURSE_FILE}: {exc}", "save it as UTF-8 text")
        return found
    found.text = text
    data = _parse(text, sink)
    if data is not None:
        found.settings = _check(data, found, sink)
    return found


def _parse(text: str, sink: Sink) -> dict[str, Any] | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        error = toml_error(exc, text)
        line, col, message = error[:3] if error else (1, 1, str(exc))
        sink.add(
            line,
            col,
            "C002",
            f"{COURSE_FILE} is not valid TOML: {message}",
            'check quotes, commas and brackets; text values need "double quotes"',
        )
    except RecursionError:
        sink.add(1, 1, "C002", f"{COURSE_FILE} is nested too deeply")
    return None


def _check(data: dict[str, Any], found: SettingsRead, sink: Sink) -> CourseSettings | None:
    settings, problems, _unknown = formats.check_fields(data, CourseSettings)
    for problem in problems:
        name = str(problem.key[0])
        hint = f"write {EXAMPLES[name]}" if name in EXAMPLES else ""
        if problem.missing:
            sink.add(1, 1, "C003", f'"{name}" is missing', hint)
            continue
        line = found.key_line(name)
        if name == "modules":
            message = "modules must be a list of markdown file names in this folder"
        else:
            where = format_key(problem.key)
            message = f'"{where}" {problem.message}'
        sink.add(line, 1, "C003", message, hint)
    if settings is not None:
        for key, message, hint in check_pars(settings.pars):
            hit = locate(found.text, tuple(key.split(".")))
            sink.add(hit[0] if hit else 1, 1, "C003", message, hint)
        if sink.items and any(d.code == "C003" for d in sink.items):
            return None
    return settings
