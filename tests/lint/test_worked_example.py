"""docs/lesson-format.md's worked example is complete: put together, it lints clean.

The blocks after `<!-- worked example: course.toml -->` and `<!-- worked example: module -->`
are one course.toml and one module, in order (issue 14: the example the docs call
complete must be).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from tutor.core.course import load_course
from tutor.core.lint import lint_path

DOC = Path(__file__).resolve().parents[2] / "docs" / "lesson-format.md"
MARK = re.compile(
    r"<!-- worked example: (course\.toml|module) -->\n(`{3,})[a-z]*\n(.*?)\n\2\n", re.S
)


def parts() -> tuple[str, str]:
    found = MARK.findall(DOC.read_text(encoding="utf-8"))
    course = [body for kind, _fence, body in found if kind == "course.toml"]
    module = [body for kind, _fence, body in found if kind == "module"]
    assert len(course) == 1 and len(module) == 4, [kind for kind, _f, _b in found]
    return course[0] + "\n", "\n\n".join(module) + "\n"


def test_the_worked_example_is_a_course_that_lints_clean(tmp_path: Path) -> None:
    course, module = parts()
    (tmp_path / "course.toml").write_text(course, encoding="utf-8")
    (tmp_path / "01-facebook-basics.md").write_text(module, encoding="utf-8")
    found = lint_path(tmp_path, today=dt.date(2026, 12, 1))
    assert [d.format() for d in found] == []
    load = load_course(tmp_path)
    assert load.course is not None
    items = [type(i).__name__ for i in load.course.modules[0].items]
    assert items == ["Page", "Quiz", "Drill"]
