"""Lesson Markdown: lists and quotes drawn by fewer widgets, looking and working the same."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Markdown

from tutor.ui.widgets.lesson_markdown import LessonList, LessonMarkdown, LessonQuote

TEXT = """\
Before.

- **Expert Determination**: a qualified expert finds the chance of re-identification very small.
- A [link](#target) in a list.

3. Three.
4. Four, which is long enough that it has to wrap onto a second line here.

- Outer
  - inner one
  - inner two

> A quote with **bold**.

After.
"""


class Page(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.clicked: list[str] = []

    def compose(self) -> ComposeResult:
        yield LessonMarkdown(TEXT)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        self.clicked.append(event.href)


def drawn(widget: Widget) -> list[str]:
    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return [strip.text.rstrip() for strip in strips]


async def test_lists_are_one_widget_and_hang_under_their_first_word() -> None:
    app = Page()
    async with app.run_test(size=(60, 40)) as pilot:
        await pilot.pause()
        page = app.query_one(LessonMarkdown)
        lists = list(page.query_children(LessonList))
        assert len(lists) == 3
        bullets, numbers, nested = lists
        assert not bullets.children and not numbers.children  # drawn by the list itself
        assert drawn(bullets) == [
            "• Expert Determination: a qualified expert finds the chance",
            "  of re-identification very small.",
            "• A link in a list.",
        ]
        assert drawn(numbers) == [
            " 3. Three.",
            " 4. Four, which is long enough that it has to wrap onto a",
            "    second line here.",
        ]
        # an item holding more than one block is built the usual way, nested bullets and all
        assert nested.children
        assert [line.strip() for line in drawn(nested.query(LessonList).first())] == [
            "▪ inner one",
            "▪ inner two",
        ]
        quote = page.query_one(LessonQuote)
        assert not quote.children
        assert drawn(quote) == ["▌ A quote with bold."]


async def test_a_link_in_a_list_is_followed_by_the_screen() -> None:
    app = Page()
    async with app.run_test(size=(60, 40)) as pilot:
        await pilot.pause()
        bullets = app.query(LessonList).first()
        row = next(n for n, line in enumerate(drawn(bullets)) if "link" in line)
        column = drawn(bullets)[row].index("link")
        await pilot.click(bullets, offset=(column + 1, row))
        await pilot.pause()
        assert app.clicked == ["#target"]
