"""Shared text for the lint tests: a front matter, a page, a course.toml."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from tutor.core.diagnostics import Diagnostic

TODAY = dt.date(2026, 6, 1)

# Lines 1-12; a module body written with `module()` starts on line 14.
FRONT = """\
```toml
id = "m"
title = "M"
minutes = 30
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
max_credit = 0.5
modules = [
  "01-a.md",
]

[provider]
name = "P"
designation = "D"
"""


def module(body: str = PAGE, front: str = FRONT) -> str:
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
