"""`course.toml`: the course's settings, declared once and read from that declaration.

`CourseSettings` is what the file may say. `read_settings` reads a course folder's
file and checks it against the declaration, reporting every problem at once with
its line (C002 for TOML that does not parse, C003 for a missing or wrong setting).
The course loader and `tutor preview` both read settings here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta

from tutor.core import formats
from tutor.core.accreditation import Pars, check_pars
from tutor.core.diagnostics import MAX_PER_CODE, Diagnostic, Sink
from tutor.core.files import FileProblem, Kind, read_file
from tutor.core.locate import format_key, locate
from tutor.core.text import byte_line_col, find_invisible, find_line, line_col_in, line_starts
from tutor.core.tomlcheck import check_table, text_where
from tutor.core.tomlread import read_toml

COURSE_FILE = "course.toml"
MAX_FILE = 1024 * 1024  # the largest course.toml or module file read, in bytes
#: What the template's provider and designation say until a provider replaces them; a
#: course whose provider still says it gives certificates of completion (no credit).
PLACEHOLDER = "replace before use"

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


class Lrs(msgspec.Struct, frozen=True):
    """Where the course's xAPI statements go (`tutor send`, `export --format xapi`)."""

    endpoint: str = ""  # the LRS's xAPI endpoint (https), or "" (TUTOR_LRS_ENDPOINT, --lrs)
    activity_base: str = ""  # the start of every activity id, or "" (the default base)


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
    lrs: Lrs = Lrs()
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
    "lrs": 'an [lrs] table with endpoint = "https://lrs.example.org/xAPI/"',
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

    Raises FileProblem (missing, not a file, unreadable, too large) or UnicodeDecodeError."""
    return read_file(path, MAX_FILE, COURSE_FILE).decode("utf-8").removeprefix("\ufeff")


def read_settings(root: Path) -> SettingsRead:
    """The settings of the course in `root`. Never raises for bad content."""
    path = root / COURSE_FILE
    sink = Sink(path)
    found = SettingsRead(path, None, diagnostics=sink.items)
    try:
        data = read_file(path, MAX_FILE, COURSE_FILE)
    except FileProblem as exc:
        if exc.kind is Kind.MISSING:
            sink.add(
                1,
                1,
                "C001",
                f"no {COURSE_FILE} in {root}",
                "create it with id, title, version and the list of modules "
                "(see docs/lesson-format.md)",
            )
            found.missing = True
        else:
            sink.add(
                1,
                1,
                "C002",
                f"cannot read {COURSE_FILE}: {exc}",
                f"make {COURSE_FILE} a text file that you can open in your editor",
            )
        return found
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line, col = byte_line_col(data, exc.start)
        sink.add(
            line,
            col,
            "C002",
            f"{COURSE_FILE} is not valid UTF-8",
            "save the file as UTF-8 in your editor",
        )
        return found
    found.text = text
    _invisible(text, sink)
    read = read_toml(text)
    for error, hint in zip(read.errors, read.hints, strict=True):
        sink.add(
            error.line, error.col, "C002", f"{COURSE_FILE} is not valid TOML: {error.message}", hint
        )
    if read.too_deep:
        sink.add(1, 1, "C002", f"{COURSE_FILE} is nested too deeply")
    if read.data is not None:
        found.settings = _check(read.data, found, sink, read.broken)
        if read.errors:
            found.settings = None
    return found


def _invisible(text: str, sink: Sink) -> None:
    """S006 for characters that reorder or hide text, once per line."""
    lines: set[int] = set()
    found = find_invisible(text)
    starts = line_starts(text) if found else []
    for offset in found:
        line, col = line_col_in(starts, offset)
        if line not in lines and len(lines) < MAX_PER_CODE:
            lines.add(line)
            sink.add(
                line,
                col,
                "S006",
                f"invisible character U+{ord(text[offset]):04X} in {COURSE_FILE}",
                "delete it: it cannot be seen, but it can reorder or hide the text around it",
            )


def is_placeholder(text: str) -> bool:
    """Whether a provider's name or designation is still the template's placeholder."""
    return PLACEHOLDER in text.lower()


def _check(
    data: dict[str, Any], found: SettingsRead, sink: Sink, broken: set[str]
) -> CourseSettings | None:
    settings, problems, _unknown = formats.check_fields(data, CourseSettings)
    for problem in problems:
        name = str(problem.key[0])
        hint = f"write {EXAMPLES[name]}" if name in EXAMPLES else ""
        if problem.missing:
            if name not in broken:
                sink.add(1, 1, "C003", f'"{name}" is missing', hint)
            continue
        line = found.key_line(name)
        if name == "modules":
            message = "modules must be a list of markdown file names in this folder"
        else:
            where = format_key(problem.key)
            message = f'"{where}" {problem.message}'
        sink.add(line, 1, "C003", message, hint)
    check_table(data, CourseSettings, text_where(found.text), sink, "C008", broken)
    _modules_twice(data.get("modules"), found, sink)
    if settings is not None:
        for key, message, hint in check_pars(settings.pars):
            hit = locate(found.text, tuple(key.split(".")))
            sink.add(hit[0] if hit else 1, 1, "C003", message, hint)
        _provider(settings, found, sink)
        if sink.items and any(d.code == "C003" for d in sink.items):
            return None
    return settings


def _modules_twice(modules: object, found: SettingsRead, sink: Sink) -> None:
    if not isinstance(modules, list):
        return
    lines = found.text.split("\n")
    start = found.key_line("modules") - 1
    seen: set[str] = set()
    counts: dict[str, int] = {}
    for name in modules:
        if not isinstance(name, str):
            continue
        counts[name] = counts.get(name, 0) + 1
        if name in seen:
            hit = find_line(lines, f'"{name}"', start, nth=counts[name]) or (start + 1, 1)
            sink.add(
                hit[0],
                hit[1],
                "C011",
                f'module "{name[:60]}" is listed twice in modules',
                "list each module once; learners would meet it twice and it would count twice",
            )
        seen.add(name)


_STATED_CREDIT = re.compile(
    r"maximum of\s+(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)\s+(?:\*{0,2})AMA PRA", re.I
)


def stated_credit(designation: str) -> float | None:
    """The credit a designation statement states ("a maximum of 4.25 AMA PRA..."), if any."""
    match = _STATED_CREDIT.search(designation)
    if match is None:
        return None
    return float(match.group(1) or match.group(2))


def _provider(settings: CourseSettings, found: SettingsRead, sink: Sink) -> None:
    provider = settings.provider
    if provider is None:  # no provider: a certificate of completion, as intended
        return
    where = text_where(found.text)
    if is_placeholder(provider.name) or is_placeholder(provider.designation):
        key = "name" if is_placeholder(provider.name) else "designation"
        line, col = where(("provider", key), "")
        sink.add(
            line,
            col,
            "C009",
            f'the provider\'s {key} is still a placeholder ("{PLACEHOLDER}"): until it is '
            "replaced, learners who finish get a certificate of completion, with no credit "
            "and no designation statement",
            "write your accredited provider's name and designation statement in [provider]; "
            "or delete the [provider] table to offer a certificate of completion on purpose",
        )
    credit = stated_credit(provider.designation)
    if credit is not None and abs(credit - settings.max_credit) > 1e-9:
        line, col = where(("provider", "designation"), "")
        sink.add(
            line,
            col,
            "C010",
            f"the designation states {credit:g} credits, but max_credit is "
            f"{settings.max_credit:g}; certificates print this statement",
            f"make the two agree: change the statement to {settings.max_credit:g}, or max_credit",
        )
