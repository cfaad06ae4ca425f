"""Pins for the UI review's high-severity fixes (notes/reviews/ui.md, findings 1 and 2)."""

from __future__ import annotations

import shutil
from pathlib import Path

import msgspec

from tests.ui.conftest import COURSE, MakeApp, fixed_clock, settle
from tutor.core import completion
from tutor.core.course import load_course
from tutor.core.lint import lint_path
from tutor.core.model import Course, Quiz
from tutor.core.progress.model import Progress
from tutor.core.session import Session
from tutor.ui.describe import item_done, item_note
from tutor.ui.links import Internal, Refused, resolve
from tutor.ui.screens.reader import ReaderScreen
from tutor.ui.widgets.doc_view import DocView


def _course(passing_score: float) -> Course:
    course = load_course(COURSE).course
    assert course is not None
    return msgspec.structs.replace(course, passing_score=passing_score)


def _quiz_at_two_of_three(course: Course) -> Progress:
    """Progress with one finished quiz attempt: two of three questions right (67%)."""
    session = Session(course, Progress.new(course, fixed_clock()), save=lambda _: None)
    module = course.modules[0]
    assert module.quiz is not None
    session.start_quiz(module.id)
    for n, question in enumerate(module.quiz.questions):
        right = {o.id for o in question.options if o.correct}
        wrong = {next(o.id for o in question.options if not o.correct)}
        session.answer(module.id, question.id, wrong if n == 0 else right)
    session.finish_quiz(module.id)
    return session.progress


def test_quiz_done_follows_the_current_pass_mark_not_the_stored_verdict() -> None:
    """An attempt passed at a 60% mark does not count once the course asks for 80%."""
    lenient = _course(0.6)
    progress = _quiz_at_two_of_three(lenient)
    (attempt,) = progress.modules[lenient.modules[0].id].quiz_attempts
    assert attempt.passed is True  # the verdict stored when it was taken

    strict = _course(0.8)
    session = Session(strict, progress, save=lambda _: None)
    module = strict.modules[0]
    quiz = module.quiz
    assert isinstance(quiz, Quiz)
    mp = progress.modules[module.id]
    assert not completion.quiz_passed(strict, module, mp)
    assert item_done(session, module, quiz) is False
    assert item_note(session, module, quiz) == "best 67% · need 80%"

    session = Session(lenient, progress, save=lambda _: None)
    assert item_done(session, module, quiz) is True
    assert item_note(session, module, quiz) == "passed · best 67%"


# -- finding 2: anchors are the parser's, repeated headings included -------------------

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
        assert app.screen is reader and reader.page.id == "another-page"
        view = reader.query_one("#page", DocView)
        line = view.anchor_line("faq-1")
        assert line is not None and line > 0
        scroll = reader.text_scroll()
        assert scroll.scroll_y > 0
        assert scroll.scroll_y == view.virtual_region.y + line  # the heading at the top
