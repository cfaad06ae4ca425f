"""`tutor new module`: a new module that already passes lint, to edit from."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from tutor.core.atomic import write_atomic
from tutor.core.files import SAYS, FileProblem, Kind, kind_of, list_folder, read_file
from tutor.core.settings import MAX_FILE
from tutor.core.text import one_line

TEMPLATE_PATH = Path(__file__).parent / "templates" / "module.md"
_MODULES = re.compile(r"^modules[ \t]*=[ \t]*\[", re.M)
_LAST_ENTRY = re.compile(r'"(?:[^"\\\n]|\\.)*"[ \t]*,?')
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#!&|~])")


#: A module file name that says it is the course's final assessment: a new module goes
#: before it, not after.
FINAL = re.compile(r"(?:^|[-_\d])(?:final|assessment|post-?test)(?:[-_.]|$)", re.I)


class ScaffoldError(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Listing:
    """Whether `tutor new` listed the new module in course.toml, and before which module
    ("" when it went at the end). True when it was listed."""

    listed: bool
    before: str = ""

    def __bool__(self) -> bool:
        return self.listed


def ascii_slug(text: str, limit: int = 48) -> str:
    """Lower-case ASCII letters, digits and single hyphens: safe as an id and a file name."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return slug[:limit].rstrip("-")


def module_text(title: str, today: dt.date, ident: str | None = None) -> str:
    """The template, filled in for `title`, with `minutes` the content estimate of the
    template's own text (so that lint's time check agrees from the start)."""
    title = clean_title(title)
    toml_title = title.replace("\\", "\\\\").replace('"', '\\"')
    md_title = _MD_SPECIAL.sub(r"\\\1", title)
    text = (
        TEMPLATE_PATH.read_text(encoding="utf-8")
        .replace("{{id}}", ident or ascii_slug(title) or "new-module")
        .replace("{{title_toml}}", toml_title)
        .replace("{{title}}", md_title)
        .replace("{{today}}", today.isoformat())
    )
    return text.replace("{{minutes}}", str(_estimated_minutes(text)))


def _estimated_minutes(text: str) -> int:
    from tutor.core.estimate import estimate
    from tutor.core.parser import parse_module

    module = parse_module(Path("new.md"), text.replace("{{minutes}}", "1").encode()).module
    return max(1, round(estimate(module).minutes)) if module is not None else 15


def clean_title(title: str) -> str:
    """One line of printable text."""
    return one_line(title)


def new_module(folder: Path, title: str, today: dt.date | None = None) -> tuple[Path, Listing]:
    """Write the module into `folder`; list it in course.toml if there is one, before the
    final assessment if the list ends with one.

    Returns the new file and where course.toml lists it.
    """
    title = clean_title(title)
    if not title:
        raise ScaffoldError("the title is empty")
    kind = kind_of(folder)
    if kind not in (Kind.FOLDER, Kind.MISSING):
        raise ScaffoldError(f"{folder}: {SAYS[kind].replace(', not a file', '')}, not a folder")
    existing = list_folder(folder, ".md") if kind is Kind.FOLDER else []
    numbers = [int(m.group(1)) for p in existing if (m := re.match(r"(\d+)-", p.name))]
    slug = ascii_slug(title, 40) or "module"
    name = f"{max(numbers, default=0) + 1:02d}-{slug}.md"
    path = folder / name
    if path.exists():
        raise ScaffoldError(f"{path} already exists")
    folder.mkdir(parents=True, exist_ok=True)
    ident = _free_id(folder, ascii_slug(title) or "new-module")
    with path.open("x", encoding="utf-8") as handle:
        handle.write(module_text(title, today or dt.date.today(), ident))
    course = folder / "course.toml"
    if kind_of(course) is not Kind.FILE:
        return path, Listing(False)
    return path, _list_module(course, name)


def _free_id(folder: Path, ident: str) -> str:
    """`ident`, or `ident-2`, `ident-3`... if another module of the folder uses it."""
    used: set[str] = set()
    for other in list_folder(folder, ".md"):
        try:
            head = read_file(other, 1 << 30)[:4096].decode("utf-8", "replace")
        except FileProblem:
            continue
        used.update(re.findall(r'^id\s*=\s*"([^"]*)"', head, re.M)[:1])
    candidate, n = ident, 1
    while candidate in used:
        n += 1
        candidate = f"{ident}-{n}"
    return candidate


def _list_module(course: Path, name: str) -> Listing:
    """Add `name` to course.toml's modules list, keeping its layout and comments: at the
    end, or before the last entry when that is the final assessment (`FINAL`).

    Leaves the file alone (not listed) when the list cannot be found or the edit would
    not leave valid TOML listing the module where it should be.
    """
    try:
        text = read_file(course, MAX_FILE, "course.toml").decode("utf-8")
    except (FileProblem, UnicodeDecodeError):
        return Listing(False)
    match = _MODULES.search(text)
    if match is None:
        return Listing(False)
    close = _closing_bracket(text, match.end())
    if close < 0:
        return Listing(False)
    body = text[match.end() : close]
    entries = list(_LAST_ENTRY.finditer(body))
    before = ""
    if not entries:
        at = match.end()
        updated = f'{text[:at]}\n  "{name}",\n{text[at:]}'
    elif FINAL.search(final := _entry_name(entries[-1].group(0))):
        before = final
        start = match.end() + entries[-1].start()
        line_start = text.rfind("\n", 0, start) + 1
        indent = text[line_start:start]
        if indent.strip():  # the list is on one line: put the name just before the last one
            updated = f'{text[:start]}"{name}", {text[start:]}'
        else:  # one entry a line: a line of its own before the last entry's line
            updated = f'{text[:line_start]}{indent}"{name}",\n{text[line_start:]}'
    else:
        last = entries[-1]
        entry_end = match.end() + last.end()
        comma = "" if last.group(0).rstrip().endswith(",") else ","
        line_end = text.find("\n", entry_end, close)
        if line_end < 0:  # the list ends on the entry's line: keep it on one line
            updated = f'{text[:entry_end]}{comma} "{name}"{text[entry_end:]}'
        else:  # one entry a line: a new line after the last entry's line (and its comment)
            updated = (
                f"{text[: match.end() + last.end()]}{comma}"
                f'{text[entry_end:line_end]}\n  "{name}",{text[line_end:]}'
            )
    try:
        modules = tomllib.loads(updated).get("modules")
    except tomllib.TOMLDecodeError:
        return Listing(False)
    expected = [name, before] if before else [name]
    if not isinstance(modules, list) or modules[-len(expected) :] != expected:
        return Listing(False)
    target = Path(os.path.realpath(course))  # a linked course.toml stays a link
    write_atomic(target, updated.encode("utf-8"), mode=stat.S_IMODE(target.stat().st_mode))
    return Listing(True, before)


def _entry_name(entry: str) -> str:
    """The file name an entry of the modules list (`"09-final.md",`) gives."""
    value = tomllib.loads("x = " + entry.strip().rstrip(",").strip()).get("x")
    return value if isinstance(value, str) else ""


def _closing_bracket(text: str, start: int) -> int:
    """The index of the `]` that closes a TOML array of strings opened before `start`."""
    n = start
    while n < len(text):
        ch = text[n]
        if ch == "]":
            return n
        if ch == "#":
            end = text.find("\n", n)
            n = len(text) if end < 0 else end
        elif ch == '"':
            match = _LAST_ENTRY.match(text, n)
            if match is None:
                return -1
            n = match.end()
            continue
        n += 1
    return -1
