"""The Markdown widget, made safe for lesson text, and lighter to build.

- It never opens a link itself (`open_links=False`): `Markdown.LinkClicked`
  bubbles up to the screen, which follows in-course anchors and asks before
  opening an https link (see `tutor.ui.links`).
- Every update passes through `strip_controls`, so no escape sequence in a
  lesson reaches the terminal.
- It parses with markdown-it's CommonMark preset plus tables and strikethrough,
  without linkify: faster than the default "gfm-like" parser, and bare text
  such as `example.com` never becomes a link.
- A list whose items are each one paragraph (nearly every list in a lesson) is
  one widget that draws its bullets and wraps each item under its first word,
  instead of four widgets per item; a quote of one paragraph is one widget, not
  two. Textual's cost per widget (styles, layout) dominates a page turn, and
  lessons are mostly lists (see bench/bench_ui.py). Other lists and quotes are
  built as Textual builds them. Paragraphs, lists and quotes carry their inline
  styles (bold, italic, code) written out rather than as component classes, which
  Textual styles as four extra nodes per block.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.containers import Horizontal, Vertical
from textual.content import Content, Span
from textual.widget import Widget
from textual.widgets import Markdown, Static
from textual.widgets.markdown import MarkdownBlock

from tutor.ui.safe import md
from tutor.ui.widgets.columns import Hanging

BULLET_STYLE = "$text-primary"

#: Inline styles, written out. Textual's blocks look these up as component classes
#: (".strong"), and giving a widget component classes makes Textual style four
#: extra virtual nodes for it: most of the cost of mounting a paragraph.
INLINE_STYLES = {
    ".em": "italic",
    ".strong": "bold",
    ".s": "strike",
    ".code_inline": "$text-warning on $warning 10%",
}


def written_out(content: Content) -> Content:
    """`content` with Textual's inline component-class styles replaced by plain styles."""
    spans = content.spans
    if not any(isinstance(span.style, str) and span.style in INLINE_STYLES for span in spans):
        return content
    return Content(
        content.plain,
        [
            Span(span.start, span.end, INLINE_STYLES[span.style])
            if isinstance(span.style, str) and span.style in INLINE_STYLES
            else span
            for span in spans
        ],
    )


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def lesson_parser() -> MarkdownIt:
    """The parser every lesson Markdown widget uses (one shared instance)."""
    return _parser()


class LessonParagraph(MarkdownBlock):
    """A paragraph, without component classes (see INLINE_STYLES)."""

    SCOPED_CSS = False
    DEFAULT_CSS = """
    LessonMarkdown > LessonParagraph {
        margin: 0 0 1 0;
    }
    """

    def set_content(self, content: Content) -> None:
        super().set_content(written_out(content))


class LessonListItem(MarkdownBlock):
    """One item of a list; the list draws it."""

    def __init__(self, markdown: Markdown, token: Token, bullet: str) -> None:
        super().__init__(markdown, token)
        #: the item's number in an ordered list ("1"), or its bullet symbol
        self.bullet = bullet


class LessonList(MarkdownBlock):
    """A list. When every item is one paragraph (nearly every list in a lesson) the
    list is one widget drawing a `Hanging`; otherwise each item is a row of
    bullet and blocks, as Textual builds it."""

    DEFAULT_CSS = """
    LessonList {
        width: 1fr;
        margin: 0 1 1 0;
    }
    LessonList LessonList {
        margin: 0;
    }
    LessonList > Horizontal {
        width: 1fr;
        height: auto;
    }
    LessonList > Horizontal > .list-bullet {
        width: auto;
    }
    LessonList > Horizontal > Vertical {
        width: 1fr;
        height: auto;
    }
    """

    def __init__(self, markdown: Markdown, token: Token) -> None:
        super().__init__(markdown, token)
        #: how many lists (and other blocks) this one is inside, from markdown-it
        self.level = token.level

    def marks(self, items: list[LessonListItem]) -> list[str]:
        """What stands before each item, with its trailing space."""
        if self.name == "ordered_list_open":
            first = items[0].bullet if items else "1"
            start = int(first) if first.isdigit() else 1
            return [f" {n}. " for n in range(start, start + len(items))]
        symbol = Markdown.BULLETS[self.level // 2 % len(Markdown.BULLETS)]
        return [symbol] * len(items)

    def compose(self) -> ComposeResult:
        items = [b for b in self._blocks if isinstance(b, LessonListItem)]
        self._blocks.clear()
        marks = self.marks(items)
        width = max((len(m) for m in marks), default=0)
        marks = [m.rjust(width) for m in marks]
        texts = [_only_paragraph(item) for item in items]
        if all(t is not None for t in texts):
            self.update(
                Hanging(
                    [
                        (Content.styled(mark, BULLET_STYLE), text)
                        for mark, text in zip(marks, texts, strict=True)
                        if text is not None
                    ]
                )
            )
            return
        for mark, item in zip(marks, items, strict=True):
            bullet = Static(Content.styled(mark, BULLET_STYLE), classes="list-bullet")
            yield Horizontal(bullet, Vertical(*item._blocks))
            item._blocks.clear()


def _only_paragraph(item: LessonListItem) -> Content | None:
    """The item's text if it is a single paragraph, else None."""
    if len(item._blocks) != 1:
        return None
    (block,) = item._blocks
    content = block.content
    return content if block.name == "paragraph_open" and isinstance(content, Content) else None


class LessonQuote(MarkdownBlock):
    """A block quote: one widget when it holds one paragraph, as most lesson quotes do."""

    DEFAULT_CSS = """
    LessonQuote {
        background: $boost;
        border-left: outer $text-primary 50%;
        margin: 1 0;
        padding: 0 1;
    }
    LessonQuote:light {
        border-left: outer $text-secondary;
    }
    LessonQuote > LessonQuote {
        margin-left: 2;
        margin-top: 1;
    }
    """

    def compose(self) -> ComposeResult:
        if len(self._blocks) == 1:
            (only,) = self._blocks
            content = only.content
            if only.name == "paragraph_open" and isinstance(content, Content):
                self._blocks.clear()
                self.update(content)
                return
        yield from super().compose()


def _heading(level: str) -> type[MarkdownBlock]:
    """Textual's heading class for `level` ("h2"), drawing its inline styles written out.

    A subclass, so it keeps the heading's looks and stays in the table of
    contents (which anchors use).
    """
    base = Markdown.BLOCKS[level]

    def set_content(self: MarkdownBlock, content: Content) -> None:
        base.set_content(self, written_out(content))

    return type(f"Lesson{level.upper()}", (base,), {"set_content": set_content})


_HEADINGS = {level: _heading(level) for level in ("h1", "h2", "h3", "h4", "h5", "h6")}

# PRIVATE TEXTUAL API, kept to this module (Textual 8.2.8), for page-turn speed:
# - `MarkdownBlock._blocks`: the child blocks Markdown's parser hands a list, list
#   item or quote. LessonList and LessonQuote read it to draw a simple list or quote
#   as one widget (see the module docstring), and clear it so the children are
#   never mounted. Textual has no public way to see a block's children before
#   they mount.
# - `_inherit_component_classes` (below).
# These blocks draw their inline styles written out, so they need no component
# classes. DOMNode's documented `inherit_component_classes=False` class keyword
# is what this says, but Widget.__init_subclass__ (Textual 8.2) does not pass it on.
_WRITTEN_OUT: list[type[MarkdownBlock]] = [
    LessonParagraph,
    LessonList,
    LessonQuote,
    *_HEADINGS.values(),
]
for _block in _WRITTEN_OUT:
    _block._inherit_component_classes = False

_OWN_BLOCKS: dict[str, type[MarkdownBlock]] = {
    **_HEADINGS,
    "paragraph_open": LessonParagraph,
    "blockquote_open": LessonQuote,
    "bullet_list_open": LessonList,
    "ordered_list_open": LessonList,
    "list_item_ordered_open": LessonListItem,
    "list_item_unordered_open": LessonListItem,
}


class LessonMarkdown(Markdown):
    """Markdown for text from a lesson file: no control sequences, no automatic links."""

    DEFAULT_CSS = """
    LessonMarkdown {
        padding: 0;
        margin: 0;
    }
    """

    def get_block_class(self, block_name: str) -> type[MarkdownBlock]:
        return _OWN_BLOCKS.get(block_name) or super().get_block_class(block_name)

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

    def goto_heading(self, index: int) -> bool:
        """Scroll the `index`th heading of the text (0 = the first) to the top, if there is one."""
        contents = self.table_of_contents
        if not 0 <= index < len(contents) or not isinstance(self.parent, Widget):
            return False
        self.query_one(f"#{contents[index][2]}").scroll_visible(top=True)
        return True
