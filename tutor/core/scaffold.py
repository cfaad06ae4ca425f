"""`tutor new module`: a new module that already passes lint, to edit from."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import tomllib
import unicodedata
from pathlib import Path

from tutor.core.atomic import write_atomic
from tutor.core.text import one_line

TEMPLATE_PATH = Path(__file__).parent / "templates" / "module.md"
_MODULES = re.compile(r"^modules[ \t]*=[ \t]*\[", re.M)
_LAST_ENTRY = re.compile(r'"(?:[^"\\\n]|\\.)*"[ \t]*,?')
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#!&|~])")


class ScaffoldError(Exception):
    pass


def ascii_slug(text: str, limit: int = 48) -> str:
    """Lower-case ASCII letters, digits and single hyphens: safe as an id and a file name."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return slug[:limit].rstrip("-")


def module_text(title: str, today: dt.date, ident: str | None = None) -> str:
    """The template, filled in for `title`."""
    title = clean_title(title)
    toml_title = title.replace("\\", "\\\\").replace('"', '\\"')
    md_title = _MD_SPECIAL.sub(r"\\\1", title)
    return (
        TEMPLATE_PATH.read_text(encoding="utf-8")
        .replace("{{id}}", ident or ascii_slug(title) or "new-module")
        .replace("{{title_toml}}", toml_title)
        .replace("{{title}}", md_title)
        .replace("{{today}}", today.isoformat())
    )


def clean_title(title: str) -> str:
    """One line of printable text."""
    return one_line(title)


def new_module(folder: Path, title: str, today: dt.date | None = None) -> tuple[Path, bool]:
    """Write the module into `folder`; list it in course.toml if there is one.

    Returns the new file and whether course.toml was updated.
    """
    title = clean_title(title)
    if not title:
        raise ScaffoldError("the title is empty")
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(f"{folder} is not a folder")
    numbers = [int(m.group(1)) for p in folder.glob("*.md") if (m := re.match(r"(\d+)-", p.name))]
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
    if not course.is_file():
        return path, False
    return path, _list_module(course, name)


def _free_id(folder: Path, ident: str) -> str:
    """`ident`, or `ident-2`, `ident-3`... if another module of the folder uses it."""
    used: set[str] = set()
    for other in folder.glob("*.md"):
        try:
            head = other.read_text(encoding="utf-8", errors="replace")[:4096]
        except OSError:
            continue
        used.update(re.findall(r'^id\s*=\s*"([^"]*)"', head, re.M)[:1])
    candidate, n = ident, 1
    while candidate in used:
        n += 1
        candidate = f"{ident}-{n}"
    return candidate


def _list_module(course: Path, name: str) -> bool:
    """Add `name` to the end of course.toml's modules list, keeping its layout and comments.

    Returns False, leaving the file alone, when the list cannot be found or the edit
    would not leave valid TOML listing the module.
    """
    try:
        text = course.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    match = _MODULES.search(text)
    if match is None:
        return False
    close = _closing_bracket(text, match.end())
    if close < 0:
        return False
    body = text[match.end() : close]
    entries = list(_LAST_ENTRY.finditer(body))
    if not entries:
        at = match.end()
        updated = f'{text[:at]}\n  "{name}",\n{text[at:]}'
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
        return False
    if not isinstance(modules, list) or modules[-1:] != [name]:
        return False
    target = Path(os.path.realpath(course))  # a linked course.toml stays a link
    write_atomic(target, updated.encode("utf-8"), mode=stat.S_IMODE(target.stat().st_mode))
    return True


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
