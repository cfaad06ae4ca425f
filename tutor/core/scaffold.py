"""`tutor new module`: a new module that already passes lint, to edit from."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from tutor.core.text import slugify

TEMPLATE = (Path(__file__).parent / "templates" / "module.md").read_text
_MODULES = re.compile(r"(^modules\s*=\s*\[)(.*?)(\])", re.S | re.M)


class ScaffoldError(Exception):
    pass


def module_text(title: str, today: dt.date) -> str:
    ident = slugify(title, 48) or "new-module"
    safe_title = title.replace("\\", "\\\\").replace('"', '\\"')
    return (
        TEMPLATE(encoding="utf-8")
        .replace("{{id}}", ident)
        .replace("{{title_toml}}", safe_title)
        .replace("{{title}}", title)
        .replace("{{today}}", today.isoformat())
    )


def new_module(folder: Path, title: str, today: dt.date | None = None) -> tuple[Path, bool]:
    """Write the module into `folder`; list it in course.toml if there is one.

    Returns the new file and whether course.toml was updated.
    """
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError("the title is empty")
    numbers = [int(m.group(1)) for p in folder.glob("*.md") if (m := re.match(r"(\d+)-", p.name))]
    name = f"{max(numbers, default=0) + 1:02d}-{slugify(title, 40) or 'module'}.md"
    path = folder / name
    if path.exists():
        raise ScaffoldError(f"{path} already exists")
    folder.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(module_text(title, today or dt.date.today()))
    course = folder / "course.toml"
    if not course.is_file():
        return path, False
    text = course.read_text(encoding="utf-8")
    match = _MODULES.search(text)
    if match is None:
        return path, False
    body = match.group(2).rstrip()
    sep = "" if not body.strip() or body.endswith(",") else ","
    indent = "\n  " if "\n" in body or not body.strip() else " "
    closing = "\n" if "\n" in match.group(2) or not body.strip() else ""
    new_body = f'{body}{sep}{indent}"{name}",{closing}'
    course.write_text(text[: match.start(2)] + new_body + text[match.end(2) :], encoding="utf-8")
    return path, True
