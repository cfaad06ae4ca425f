"""Links to a repeated heading (GitHub's -1, -2 anchors) lead where lint says."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.ui.conftest import COURSE, MakeApp, settle
from tutor.core.course import load_course
from tutor.core.lint import lint_path
from tutor.ui.links import Internal, Refused, resolve
from tutor.ui.screens.reader import ReaderScreen
from tutor.ui.widgets.doc_view import DocView

_FILLER = "\n\n".join(f"Paragraph {n} of the other page, to make it scroll." for n in range(40))

_SECOND_MODULE = f"""\
```toml
id = "second-module"
title = "Second module"
minutes = 15
objectives = ["Know that a second module exists"]
last_reviewed = 2026-10-01
sources = []
```

# Second module

## A short page

See [the other page's FAQ](#faq-1).

### FAQ

Questions about the short page.

## Another page

```
# not a heading
```

{_FILLER}

### FAQ

Questions about the other page.

{_FILLER}

## Quiz

### Likes on X are public to everyone.

- [ ] True
  > Not since June 2024.
- [x] False
  > Right. Likes have been private since June 2024.
"""


def _repeated_heading_course(tmp_path: Path) -> Path:
    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    (course / "02-second-module.md").write_text(_SECOND_MODULE, encoding="utf-8")
    # this short module holds less than the credit the fixture claims: offer none
    settings = (course / "course.toml").read_text(encoding="utf-8")
    settings = settings.replace("max_credit = 0.5", "max_credit = 0").split("[provider]")[0]
    evaluation = (COURSE / "course.toml").read_text(encoding="utf-8").split("[[evaluation]]", 1)
    (course / "course.toml").write_text(
        settings + "[[evaluation]]" + evaluation[1], encoding="utf-8"
    )
    return course


def test_a_repeated_heading_link_that_lint_accepts_is_followed(tmp_path: Path) -> None:
    folder = _repeated_heading_course(tmp_path)
    assert not [d for d in lint_path(folder) if d.is_error]  # "#faq-1" is good to the core
    course = load_course(folder).course
    assert course is not None
    module = course.modules[1]
    assert resolve(course, module, "#faq-1") == Internal(module.id, "another-page", "faq-1")
    assert resolve(course, module, "#faq") == Internal(module.id, "a-short-page", "faq")
    # a line in a code block is not a heading
    assert isinstance(resolve(course, module, "#not-a-heading"), Refused)


async def test_a_repeated_heading_link_opens_its_page_at_the_heading(
    tmp_path: Path, make_app: MakeApp
) -> None:
    app = make_app(_repeated_heading_course(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_item("second-module", "a-short-page")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        app.follow_link(reader.module, "#faq-1")
        await settle(pilot)
        await pilot.wait_for_scheduled_animations()
        linked = app.screen  # opened over the page the link was on
        assert isinstance(linked, ReaderScreen) and linked.page.id == "another-page"
        view = linked.query_one("#page", DocView)
        line = view.anchor_line("faq-1")
        assert line is not None and line > 0
        scroll = linked.text_scroll()
        assert scroll.scroll_y > 0
        assert scroll.scroll_y == view.virtual_region.y + line  # the heading at the top
