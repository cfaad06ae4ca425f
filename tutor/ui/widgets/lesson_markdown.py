"""The Markdown widget, made safe for lesson text.

- It never opens a link itself (`open_links=False`): `Markdown.LinkClicked`
  bubbles up to the screen, which follows in-course anchors and asks before
  opening an https link (see `tutor.ui.links`).
- Every update passes through `strip_controls`, so no escape sequence in a
  lesson reaches the terminal.
- It parses with markdown-it's CommonMark preset plus tables and strikethrough,
  without linkify: faster than the default "gfm-like" parser, and bare text
  such as `example.com` never becomes a link.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from textual.await_complete import AwaitComplete
from textual.widgets import Markdown

from tutor.ui.safe import md


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def lesson_parser() -> MarkdownIt:
    """The parser every lesson Markdown widget uses (one shared instance)."""
    return _parser()


class LessonMarkdown(Markdown):
    """Markdown for text from a lesson file: no control sequences, no automatic links."""

    DEFAULT_CSS = """
    LessonMarkdown {
        padding: 0;
        margin: 0;
    }
    """

    def __init__(
        self,
        markdown: str | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(
            md(markdown) if markdown is not None else None,
            name=name,
            id=id,
            classes=classes,
            parser_factory=lesson_parser,
            open_links=False,
        )

    def update(self, markdown: str) -> AwaitComplete:
        """Show new lesson text, with control sequences stripped."""
        return super().update(md(markdown))
