"""The one markdown configuration, and the document model the app draws from it.

Lessons are parsed once, by the core, with `parser()`: CommonMark plus tables and
strikethrough (GitHub renders both), without linkify or typographer, so bare text
such as `example.com` never becomes a link. `tutor lint` checks exactly what the
app shows, because the app draws the `Doc` the parser builds from the same tokens
and never parses markdown itself.

A `Doc` is a tuple of blocks; inline text is a tuple of `Run`s, each with its
style, the link it belongs to and the source it cites.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from enum import IntFlag
from functools import cache
from typing import TYPE_CHECKING

import msgspec

from tutor.core.text import link_target, slugify

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@cache
def parser() -> MarkdownIt:
    """The shared parser. Do not change its options: lint and the app rely on one config.

    (markdown-it is imported here, not with the module: the app opening a cached course
    draws the doc model and never parses.)
    """
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


class Style(IntFlag):
    PLAIN = 0
    BOLD = 1
    ITALIC = 2
    CODE = 4
    STRIKE = 8


class Run(msgspec.Struct, frozen=True, gc=False):
    """A piece of inline text in one style."""

    text: str
    style: Style = Style.PLAIN
    link: str = ""  # the href of the link it is part of
    cite: str = ""  # the id of the source it cites: the text is then "[id]"


Inline = tuple[Run, ...]


class Heading(msgspec.Struct, frozen=True, gc=False, tag=True):
    level: int
    text: Inline
    anchor: str  # as links to it are written (GitHub style, counted over the whole file)


class Paragraph(msgspec.Struct, frozen=True, gc=False, tag=True):
    text: Inline


class ListBlock(msgspec.Struct, frozen=True, gc=False, tag=True):
    ordered: bool
    start: int
    items: tuple[Doc, ...]


class Quote(msgspec.Struct, frozen=True, gc=False, tag=True):
    body: Doc


class Code(msgspec.Struct, frozen=True, gc=False, tag=True):
    text: str


class Table(msgspec.Struct, frozen=True, gc=False, tag=True):
    head: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]


class Rule(msgspec.Struct, frozen=True, gc=False, tag=True):
    pass


Block = Heading | Paragraph | ListBlock | Quote | Code | Table | Rule
Doc = tuple[Block, ...]

#: a citation of a source: `[ama-2-3-2]`, not a link (`[x](...)`, `[x][y]`)
CITATION = re.compile(r"(?<![\]!\\])\[([A-Za-z][\w.-]*)\](?![(\[])")
#: a citation as the format asks it to be written: lower case, with a hyphen
CITATION_KEY = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+")
_COMMENT = re.compile(r"\s*<!--.*?-->\s*", re.S)


#: every combination of styles, by its value: IntFlag arithmetic is slow, ints are not
_STYLES = tuple(Style(n) for n in range(16))
_BOLD, _ITALIC, _CODE, _STRIKE = (
    int(Style.BOLD),
    int(Style.ITALIC),
    int(Style.CODE),
    int(Style.STRIKE),
)
_OPEN = {"strong_open": _BOLD, "em_open": _ITALIC, "s_open": _STRIKE}
_CLOSE = {"strong_close": _BOLD, "em_close": _ITALIC, "s_close": _STRIKE}


def inline(children: Sequence[Token], cites: Callable[[str], bool] = lambda key: True) -> Inline:
    """The runs of an inline token's children. Text in brackets that `cites` accepts
    becomes a citation run. Neighbouring text in the same style and link is one run."""
    runs: list[Run] = []
    style = 0
    links: list[str] = []
    pending: list[str] = []  # text of the run being built, in `pending_key`'s style and link
    pending_key: tuple[int, str] = (0, "")

    def flush() -> None:
        if pending:
            runs.append(Run("".join(pending), _STYLES[pending_key[0]], pending_key[1]))
            pending.clear()

    def add(text: str, extra: int = 0) -> None:
        nonlocal pending_key
        if not text:
            return
        key = (style | extra, links[-1] if links else "")
        if key != pending_key:
            flush()
            pending_key = key
        if "[" in text and not extra & _CODE:
            pos = 0
            for match in CITATION.finditer(text):
                if not cites(match.group(1)):
                    continue
                if match.start() > pos:
                    pending.append(text[pos : match.start()])
                flush()
                runs.append(Run(match.group(0), _STYLES[key[0]], key[1], match.group(1)))
                pos = match.end()
            text = text[pos:]
        if text:
            pending.append(text)

    for child in children:
        kind = child.type
        if kind == "text":
            add(child.content)
        elif kind == "code_inline":
            add(child.content, _CODE)
        elif kind == "softbreak":
            add(" ")
        elif kind == "hardbreak":
            add("\n")
        elif kind in _OPEN:
            style |= _OPEN[kind]
        elif kind in _CLOSE:
            style &= ~_CLOSE[kind]
        elif kind == "link_open":
            links.append(link_target(str(child.attrs.get("href", ""))))
        elif kind == "link_close":
            if links:
                links.pop()
        elif kind == "image":
            alt = plain_of(child.children or ()) or "no description"
            add(f"[image: {alt}]", _ITALIC)
        # raw HTML (refused by the parser, S002) and comments are not shown
    flush()
    return tuple(runs)


def plain_of(children: Sequence[Token], strip: bool = True) -> str:
    """The text a reader sees in inline tokens: emphasis, link syntax and comments dropped."""
    parts: list[str] = []
    for child in children:
        kind = child.type
        if kind == "text" or kind == "code_inline":
            parts.append(child.content)
        elif kind == "softbreak" or kind == "hardbreak":
            parts.append(" ")
        elif kind == "image":
            parts.append(plain_of(child.children or (), strip=False))
    text = "".join(parts)
    return text.strip() if strip else text


def text_of(value: Inline | Doc) -> str:
    """Plain text of inline runs or of a whole doc (blocks separated by blank lines)."""
    if not value:
        return ""
    if isinstance(value[0], Run):
        return "".join(r.text for r in value if isinstance(r, Run))
    return "\n\n".join(_block_text(b) for b in value if not isinstance(b, Run))


def _block_text(block: Block) -> str:
    if isinstance(block, Heading | Paragraph):
        return text_of(block.text)
    if isinstance(block, ListBlock):
        return "\n".join(text_of(item) for item in block.items)
    if isinstance(block, Quote):
        return text_of(block.body)
    if isinstance(block, Code):
        return block.text
    if isinstance(block, Table):
        rows = (block.head, *block.rows)
        return "\n".join(" | ".join(text_of(cell) for cell in row) for row in rows)
    return ""


def citations(value: Doc | Inline) -> list[str]:
    """The source ids cited, in reading order (repeats kept)."""
    found: list[str] = []

    def walk(doc: Doc | Inline) -> None:
        for part in doc:
            if isinstance(part, Run):
                if part.cite:
                    found.append(part.cite)
            elif isinstance(part, Heading | Paragraph):
                walk(part.text)
            elif isinstance(part, ListBlock):
                for item in part.items:
                    walk(item)
            elif isinstance(part, Quote):
                walk(part.body)
            elif isinstance(part, Table):
                for row in (part.head, *part.rows):
                    for cell in row:
                        walk(cell)

    walk(value)
    return found


def pairs(tokens: Sequence[Token]) -> list[int]:
    """For each token, the index of the token that closes it (its own index if it does not
    open anything)."""
    close = list(range(len(tokens)))
    stack: list[int] = []
    for index, tok in enumerate(tokens):
        if tok.nesting == 1:
            stack.append(index)
        elif tok.nesting == -1 and stack:
            close[stack.pop()] = index
    return close


def to_doc(text: str) -> Doc:
    """A doc from markdown text on its own (not a module file): for small pieces of text
    that do not come from a lesson. Headings get their anchors; bracketed keys with a
    hyphen are citations."""
    tokens = parser().parse(text)
    close = pairs(tokens)
    anchors = {
        i: slugify(plain_of(tokens[i + 1].children or ()))
        for i, tok in enumerate(tokens)
        if tok.type == "heading_open"
    }
    top: list[int] = []
    n = 0
    while n < len(tokens):
        top.append(n)
        n = close[n] + 1
    cites: Callable[[str], bool] = lambda key: CITATION_KEY.fullmatch(key) is not None  # noqa: E731
    return DocBuilder(tokens, close, anchors, cites).blocks(top)


class DocBuilder:
    """Builds blocks from a token list, given where each opening token closes.

    `anchor_of` maps the index of each heading_open token to its anchor, and `cites`
    says which bracketed words are citations.
    """

    def __init__(
        self,
        tokens: Sequence[Token],
        close: Sequence[int],
        anchor_of: dict[int, str],
        cites: Callable[[str], bool],
    ) -> None:
        self.tokens = tokens
        self.close = close
        self.anchor_of = anchor_of
        self.cites = cites

    def blocks(self, indexes: Sequence[int]) -> Doc:
        """The blocks opened at `indexes` (top-level token indexes), in order."""
        out: list[Block] = []
        for index in indexes:
            block = self.block(index)
            if block is not None:
                out.append(block)
        return tuple(out)

    def children(self, index: int) -> list[int]:
        """The indexes of the blocks directly inside the block opened at `index`."""
        found: list[int] = []
        n = index + 1
        end = self.close[index]
        while n < end:
            found.append(n)
            n = self.close[n] + 1
        return found

    def inline_at(self, index: int) -> Inline:
        return inline(self.tokens[index].children or (), self.cites)

    def block(self, index: int) -> Block | None:
        tok = self.tokens[index]
        kind = tok.type
        if kind == "paragraph_open":
            return Paragraph(self.inline_at(index + 1))
        if kind == "heading_open":
            return Heading(
                int(tok.tag[1:]), self.inline_at(index + 1), self.anchor_of.get(index, "")
            )
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = int(tok.attrs.get("start", 1) or 1) if kind == "ordered_list_open" else 1
            items = tuple(self.blocks(self.children(item)) for item in self.children(index))
            return ListBlock(kind == "ordered_list_open", start, items)
        if kind == "blockquote_open":
            return Quote(self.blocks(self.children(index)))
        if kind in ("fence", "code_block"):
            return Code(tok.content.rstrip("\n"))
        if kind == "hr":
            return Rule()
        if kind == "table_open":
            return self.table(index)
        if kind == "html_block" and _COMMENT.fullmatch(tok.content):
            return None
        return None  # raw HTML is refused by the parser (S002) and never shown

    def table(self, index: int) -> Table:
        head: tuple[Inline, ...] = ()
        rows: list[tuple[Inline, ...]] = []
        for part in self.children(index):  # thead, tbody
            for row in self.children(part):  # tr
                cells = tuple(self.inline_at(cell + 1) for cell in self.children(row))
                if self.tokens[part].type == "thead_open":
                    head = cells
                else:
                    rows.append(cells)
        return Table(head, tuple(rows))
