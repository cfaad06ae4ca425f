"""Lesson text on screen: a `Doc` from the core, drawn by one widget.

The core parses each lesson once (`tutor.core.markdown`) into blocks and runs;
this widget lays a whole doc out for its width as lines of `Content` and draws
them. One widget a page, however long, keeps page turns fast; nothing here
parses markdown, so what lint checked is what the learner sees.

Text reaches the screen only as `Content` built from the runs' plain text, so
brackets in a lesson are shown as brackets and never read as markup, and every
run's text is stripped of control sequences first. Links and citations are
clickable: a link posts `DocView.LinkClicked` (the screen decides what to do:
follow an in-course anchor, or ask before opening a web page); a citation is
shown as a short number ("[2]") and posts `DocView.CitationClicked`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.style import Style as TStyle
from textual.widget import Widget
from textual.widgets import Static

from tutor.core.markdown import (
    Block,
    Code,
    Doc,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    Style,
    Table,
)
from tutor.ui.safe import clean
from tutor.ui.widgets.columns import Laid

BULLETS = ("•", "◦", "▪")
HEADING_STYLES = {1: "bold $text-primary", 2: "bold $text-primary", 3: "bold $text-accent"}
LINK_STYLE = "underline $text-accent"
CITE_STYLE = "$text-secondary"
QUOTE_BAR = Content.styled("▌ ", "$primary 60%")
_STYLES = {
    Style.BOLD: "bold",
    Style.ITALIC: "italic",
    Style.STRIKE: "strike",
    Style.CODE: "$text-warning on $warning 10%",
}

#: how a citation is shown: its number in the module's list of sources, or None
Numbering = Callable[[str], int | None]


def no_numbers(key: str) -> int | None:
    return None


@dataclass(slots=True)
class Targets:
    """What the clickable spans of a laid-out doc lead to, by index."""

    links: list[str]
    cites: list[str]


class Inliner:
    """Turns runs into Content, recording each link and citation it makes clickable."""

    def __init__(self, numbering: Numbering, targets: Targets) -> None:
        self.numbering = numbering
        self.targets = targets

    def content(self, runs: Inline, base: str = "") -> Content:
        parts: list[Content] = []
        for run in runs:
            if run.cite:
                number = self.numbering(run.cite)
                text = f"[{number}]" if number is not None else f"[{run.cite}]"
                self.targets.cites.append(run.cite)
                action = TStyle.from_meta({"@click": f"cite({len(self.targets.cites) - 1})"})
                piece = Content.styled(clean(text), CITE_STYLE)
                parts.append(piece.stylize(action))
                continue
            style = " ".join(v for k, v in _STYLES.items() if run.style & k)
            piece = Content(clean(run.text))
            if style:
                piece = piece.stylize(style)
            if run.link:
                self.targets.links.append(run.link)
                piece = piece.stylize(LINK_STYLE).stylize(
                    TStyle.from_meta({"@click": f"follow({len(self.targets.links) - 1})"})
                )
            parts.append(piece)
        content = Content.assemble(*parts)
        return content.stylize_before(base) if base else content


class DocLayout(Laid):
    """A doc laid out for a width: its lines, and the line each heading anchor is on."""

    def __init__(self, doc: Doc, numbering: Numbering) -> None:
        self.doc = doc
        self.numbering = numbering
        self.targets = Targets([], [])
        self.anchor_lines: dict[str, int] = {}

    def __str__(self) -> str:
        """The text as drawn, without wrapping (for tests and screen readers)."""
        return "\n".join(line.plain for line in DocLayout(self.doc, self.numbering).layout(10_000))

    def layout(self, width: int) -> list[Content]:
        self.targets = Targets([], [])
        self.anchor_lines = {}
        inliner = Inliner(self.numbering, self.targets)
        lines = self.blocks(self.doc, max(width, 4), inliner, depth=0, top=True)
        while lines and not lines[-1].plain:
            lines.pop()
        return lines

    def blocks(
        self,
        doc: Doc,
        width: int,
        inliner: Inliner,
        depth: int,
        top: bool = False,
        item: bool = False,
    ) -> list[Content]:
        """The lines of `doc`: blocks apart by a blank line, except within a list item,
        where only one paragraph after another is set apart."""
        out: list[Content] = []
        for n, block in enumerate(doc):
            lines = self.block(block, width, inliner, depth)
            if top and isinstance(block, Heading):
                self.anchor_lines.setdefault(block.anchor, len(out))
            out.extend(lines)
            following = doc[n + 1] if n + 1 < len(doc) else None
            if following is not None and (
                not item or (isinstance(block, Paragraph) and isinstance(following, Paragraph))
            ):
                out.append(Content(""))
        return out

    def block(self, block: Block, width: int, inliner: Inliner, depth: int) -> list[Content]:
        if isinstance(block, Paragraph):
            return _wrap(inliner.content(block.text), width)
        if isinstance(block, Heading):
            style = HEADING_STYLES.get(block.level, "bold")
            lines = _wrap(inliner.content(block.text, style), width)
            if block.level <= 2:
                lines.append(
                    Content.styled("─" * min(width, max(len(lines[-1]), 1)), "$primary 40%")
                )
            return lines
        if isinstance(block, ListBlock):
            return self.list_lines(block, width, inliner, depth)
        if isinstance(block, Quote):
            inner = self.blocks(block.body, width - 2, inliner, depth)
            return [QUOTE_BAR + line for line in inner]
        if isinstance(block, Code):
            return [
                Content.styled(clean(line), "$text-warning").truncate(width - 2).pad_left(2)
                for line in block.text.split("\n")
            ]
        if isinstance(block, Table):
            return _table(block, width, inliner)
        if isinstance(block, Rule):
            return [Content.styled("─" * width, "dim")]
        return []

    def list_lines(
        self, block: ListBlock, width: int, inliner: Inliner, depth: int
    ) -> list[Content]:
        if block.ordered:
            leads = [f"{n}. " for n in range(block.start, block.start + len(block.items))]
        else:
            leads = [f"{BULLETS[depth % len(BULLETS)]} "] * len(block.items)
        lead_width = max((len(lead) for lead in leads), default=2)
        out: list[Content] = []
        for lead, item in zip(leads, block.items, strict=True):
            body = self.blocks(item, max(width - lead_width, 4), inliner, depth + 1, item=True)
            hang = Content(" " * lead_width)
            mark = Content.styled(lead.rjust(lead_width), "$text-primary")
            out.extend(
                (mark if n == 0 else hang) + line for n, line in enumerate(body or [Content("")])
            )
        return out


def _wrap(content: Content, width: int) -> list[Content]:
    lines: list[Content] = []
    for part in content.split("\n", allow_blank=True) if "\n" in content.plain else [content]:
        lines.extend(part.wrap(width) or [Content("")])
    return lines


def _table(table: Table, width: int, inliner: Inliner) -> list[Content]:
    rows = [[inliner.content(cell) for cell in row] for row in (table.head, *table.rows)]
    columns = max((len(r) for r in rows), default=0)
    if not columns:
        return []
    natural = [
        max((r[c].cell_length for r in rows if c < len(r)), default=1) for c in range(columns)
    ]
    room = max(width - 3 * (columns - 1), columns)
    widths = list(natural)
    while sum(widths) > room:  # narrow the widest column until the table fits
        widest = widths.index(max(widths))
        if widths[widest] <= 4:
            break
        widths[widest] -= 1
    out: list[Content] = []
    separator = Content.styled(" │ ", "dim")
    for number, row in enumerate(rows):
        cells = [
            (row[c] if c < len(row) else Content("")).wrap(widths[c]) or [Content("")]
            for c in range(columns)
        ]
        height = max(len(c) for c in cells)
        for y in range(height):
            parts = [
                (cells[c][y] if y < len(cells[c]) else Content("")).pad_right(
                    widths[c] - (cells[c][y].cell_length if y < len(cells[c]) else 0)
                )
                for c in range(columns)
            ]
            line = separator.join(parts)
            out.append(line.stylize("bold") if number == 0 and table.head else line)
        if number == 0 and table.head:
            out.append(Content.styled("─┼─".join("─" * w for w in widths), "dim"))
    return out


class DocView(Static):
    """A doc from a lesson: one widget, laid out for its width."""

    DEFAULT_CSS = """
    DocView {
        width: 1fr;
        height: auto;
    }
    """

    class LinkClicked(Message):
        """The learner clicked a link in lesson text."""

        def __init__(self, href: str) -> None:
            super().__init__()
            self.href = href

    class CitationClicked(Message):
        """The learner clicked a citation: show the sources."""

        def __init__(self, source: str) -> None:
            super().__init__()
            self.source = source

    def __init__(
        self,
        doc: Doc = (),
        *,
        numbering: Numbering = no_numbers,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        self._layout = DocLayout(doc, numbering)
        super().__init__(self._layout, id=id, classes=classes)

    @property
    def doc(self) -> Doc:
        return self._layout.doc

    def show(self, doc: Doc, numbering: Numbering | None = None) -> None:
        """Show another doc (a page turn)."""
        self._layout = DocLayout(doc, numbering or self._layout.numbering)
        self.update(self._layout)

    def anchor_line(self, anchor: str) -> int | None:
        """The line (from the widget's top) where a heading with `anchor` starts."""
        self._layout.lines(max(self.content_region.width, 4))
        return self._layout.anchor_lines.get(anchor)

    def links(self) -> Sequence[str]:
        self._layout.lines(max(self.content_region.width, 4))
        return self._layout.targets.links

    def action_follow(self, index: int) -> None:
        links = self._layout.targets.links
        if 0 <= index < len(links):
            self.post_message(self.LinkClicked(links[index]))

    def action_cite(self, index: int) -> None:
        cites = self._layout.targets.cites
        if 0 <= index < len(cites):
            self.post_message(self.CitationClicked(cites[index]))


def text_widgets(doc: Doc, numbering: Numbering, classes: str) -> list[Widget]:
    """A doc as a widget list for a screen that builds its content from pieces."""
    return [DocView(doc, numbering=numbering, classes=classes)] if doc else []
