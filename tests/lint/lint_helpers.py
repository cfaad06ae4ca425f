"""Shared text for the lint tests: a front matter, a page, a course.toml."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from tutor.core.diagnostics import Diagnostic
from tutor.core.estimate import estimate
from tutor.core.parser import parse_module

TODAY = dt.date(2026, 6, 1)

# Lines 1-12; a module body written with `module()` starts on line 14.
FRONT = """\
```toml
id = "m"
title = "M"
minutes = 1
objectives = ["Do a thing"]
last_reviewed = 2026-05-01

[[sources]]
id = "ama-2-3-2"
title = "AMA Opinion 2.3.2"
url = "https://example.org/ama"
```
"""

PAGE = """\
## A page

Some text [ama-2-3-2].
"""

COURSE = """\
id = "c"
title = "C"
version = "1"
audience = "Tests"
passing_score = 80
learning_format = "enduring material"
max_credit = 0
modules = [
  "01-a.md",
]
"""

#: course.toml with a provider: it asks for credit, so for a quarter hour of content
PROVIDED = COURSE.replace("max_credit = 0", "max_credit = 0.25") + (
    '\n[provider]\nname = "P"\ndesignation = "P designates this for a maximum of 0.25 AMA PRA '
    'Category 1 Credits."\n'
)

#: fifteen questions: a quarter hour of content
QUIZ15 = "## Quiz\n\n" + "\n".join(
    f"### Question {n}?\n\n- [x] Yes\n  > Right [ama-2-3-2].\n- [ ] No\n  > Wrong.\n"
    for n in range(1, 16)
)
#: a page that cites the front matter's source, added after a body that does not
CITING = "## Sources\n\nAs the guidance says [ama-2-3-2].\n"


def module(body: str = PAGE, front: str = FRONT, fit: bool = True, cite: bool = True) -> str:
    """A module file: `front`, then `body`. The source is cited (a page citing it is added
    after a body that does not), and with `fit` the minutes are the content estimate, so
    that only what a test breaks is reported."""
    if cite and "[ama-2-3-2]" not in body and 'id = "ama-2-3-2"' in front:
        body = body.rstrip("\n") + "\n\n" + CITING
    if fit and "minutes = 1\n" in front:
        parsed = parse_module(Path("m.md"), f"{front}\n{body}".encode())
        if parsed.module is not None:
            minutes = max(1, round(estimate(parsed.module).minutes))
            front = front.replace("minutes = 1\n", f"minutes = {minutes}\n", 1)
    return f"{front}\n{body}"


def front(add: str = "", **changes: str | None) -> str:
    """FRONT with top-level keys replaced (by a TOML value, as text) or removed (None),
    and `add` written after them."""
    head, _, tail = FRONT.partition("\n\n")
    out = []
    for line in head.split("\n"):
        key = line.partition(" = ")[0]
        if key not in changes:
            out.append(line)
        elif changes[key] is not None:
            out.append(f"{key} = {changes[key]}")
    if add:
        out.append(add)
    return "\n".join(out) + "\n\n" + tail


Lint = Callable[..., list[Diagnostic]]
