"""The token walk: one pass over a module's tokens, shared by pages, quizzes and drills.

The walk pairs each opening token with its closing one, gives every heading its
GitHub anchor, collects links, citations and raw HTML with their positions, and
cuts the body into sections at `##` headings. `Walk` then offers what the item
readers (pages.py, quiz.py, drill.py) need: positions, ids, pinned ids and docs.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, repeat
from operator import add
from pathlib import Path

from markdown_it.token import Token

from tutor.core.diagnostics import Sink
from tutor.core.markdown import CITATION, Doc, DocBuilder, pairs, plain_of
from tutor.core.model import Link, Pos
from tutor.core.text import link_target, slugify

ID_LIMIT = 48  # derived option, choice and question ids are cut to this length
INTRO_ID = "introduction"

#: a task-list mark opening a list item: `[x] `, `[ ] ` (and `[X]`)
TASK_MARK = re.compile(r"\[([ xX])\][ \t]+")
#: `[label](#a target with spaces)`: not a link in markdown, shown as typed
SPACED_LINK = re.compile(r"\[([^\]\n]+)\]\(([^()\s]*[ \t][^()]*)\)")
ID_COMMENT = re.compile(r"<!--\s*id:\s*(.*?)\s*-->", re.S)
COMMENT = re.compile(r"\s*<!--.*?-->\s*", re.S)
_ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(slots=True)
class Section:
    title: str
    line: int  # 1-based line of the heading (0 for the preface)
    heading: int  # index of its heading_open token (-1 for the preface)
    blocks: list[int] = field(default_factory=list)  # indexes of top-level opening tokens
    end_line: int = 0  # 1-based, exclusive


class Walk:
    """A module's tokens, walked once, and the helpers the item readers share."""

    def __init__(
        self,
        path: Path,
        text: str,
        tokens: list[Token],
        sink: Sink,
        cites: Callable[[str], bool],
        pinned_limit: int,
        near: Callable[[str], str | None] = lambda key: None,
    ) -> None:
        self.path = path
        self.text = text
        self.lines = text.split("\n")
        # the offset where each line starts, and one past the end
        self.starts = list(accumulate(map(add, map(len, self.lines), repeat(1)), initial=0))
        self.tokens = tokens
        self.sink = sink
        self.cites = cites
        self.near = near  # the listed source a bracketed word nearly names, if any
        self.pinned_limit = pinned_limit
        self.close: list[int] = list(range(len(tokens)))
        self.anchor_of: dict[int, str] = {}  # heading_open index -> its anchor
        self.anchor_count: dict[str, int] = {}
        self.anchors: set[str] = set()
        self.heading_lines: list[int] = []  # 1-based line of every heading, in order
        self.heading_anchors: list[str] = []  # and its anchor
        self.heading_index: list[tuple[int, int]] = []  # and (line, its heading_open index)
        self.item_ids: dict[str, int] = {}
        self.links: list[tuple[Link, int]] = []  # with the id() of the link token
        self.choice_links: set[int] = set()
        self.choice_lines: set[int] = set()  # lines of choices whose link had a space
        self.reported_targets: set[str] = set()  # drill links already reported (H001)
        self.section_end = 0  # end line (exclusive) of the section being read
        self.citations: list[tuple[str, Pos]] = []
        #: bracketed words that are not citations but nearly name a listed source:
        #: (as written, where, the source's id)
        self.miscited: list[tuple[str, Pos, str]] = []
        self.images: list[Link] = []  # every image, with its src as `href`
        #: links that markdown did not read as links because their target has a space:
        #: (where, the label, the target as written)
        self.spaced_links: list[tuple[Pos, str, str]] = []
        #: 1-based lines of list items that start with a task mark `[x]` or `[ ]`
        self.task_lines: list[int] = []
        self.pinned: dict[int, str | None] = {}  # comment block index -> the id it pins
        self.docs = DocBuilder(tokens, self.close, self.anchor_of, cites)

    # -- positions and ids -------------------------------------------------------------------

    def pos(self, line: int) -> Pos:
        """The position of the first non-blank character of a 1-based line."""
        src = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return Pos(self.path, line, len(src) - len(src.lstrip()) + 1)

    def pos_of(self, offset: int) -> Pos:
        """The position of a character offset in the text."""
        line = bisect_right(self.starts, offset) - 1
        return Pos(self.path, line + 1, offset - self.starts[line] + 1)

    def line_of(self, index: int) -> int:
        """1-based first line of the block opened by tokens[index]."""
        m = self.tokens[index].map
        return m[0] + 1 if m else 1

    def anchor(self, title: str) -> str:
        """GitHub's anchor for a heading, with -1, -2 suffixes for repeats."""
        base = slugify(title)
        count = self.anchor_count.get(base, 0)
        self.anchor_count[base] = count + 1
        ident = base if count == 0 else f"{base}-{count}"
        while ident in self.anchors:  # "a-1" written out before a second "a"
            count += 1
            ident = f"{base}-{count}"
        self.anchors.add(ident)
        return ident

    def source(self, start: int, end: int) -> str:
        """Source lines [start, end), 0-based, as one string without blank edges."""
        return "\n".join(self.lines[start:end]).strip("\n")

    def block_source(self, index: int) -> str:
        m = self.tokens[index].map
        return self.source(m[0], m[1]) if m else ""

    def claim(self, seen: dict[str, int], ident: str, line: int, what: str) -> None:
        """Report `ident` if an earlier thing in the same scope already has it."""
        if ident in seen:
            self.sink.add(
                line,
                self.pos(line).col,
                "I001",
                f'{what} id "{ident}" is already used on line {seen[ident]}',
                "reword one of them, or pin a distinct id with <!-- id: ... -->",
            )
        else:
            seen[ident] = line

    def explicit_id(self, comment: str, line: int) -> str | None:
        """The id pinned by an `<!-- id: ... -->` comment, or None (I002 if it is invalid)."""
        match = ID_COMMENT.search(comment)
        if not match:
            return None
        ident = match.group(1)
        if not _ID_RE.fullmatch(ident) or len(ident) > self.pinned_limit:
            self.sink.add(
                line,
                self.pos(line).col,
                "I002",
                f'"{ident[:40]}" is not a valid id',
                "use lower-case letters, digits and hyphens, starting with a letter or digit",
            )
            return None
        return ident

    def is_comment(self, index: int) -> bool:
        tok = self.tokens[index]
        return tok.type == "html_block" and COMMENT.fullmatch(tok.content) is not None

    def pinned_after(self, blocks: Sequence[int], k: int) -> str | None:
        """The id pinned by a comment block at blocks[k], if there is one."""
        if k >= len(blocks):
            return None
        index = blocks[k]
        if index in self.pinned:
            return self.pinned[index]
        found = None
        if self.is_comment(index):
            found = self.explicit_id(self.tokens[index].content, self.line_of(index))
        self.pinned[index] = found
        return found

    def section_id(self, section: Section) -> str:
        """A section's id: the one pinned right after its heading, or its anchor."""
        pinned = self.pinned_after(section.blocks, 0)
        return pinned or self.anchor_of.get(section.heading, INTRO_ID)

    # -- blocks --------------------------------------------------------------------------

    def doc(self, indexes: Sequence[int]) -> Doc:
        return self.docs.blocks(indexes)

    def list_items(self, index: int) -> list[int]:
        """Indexes of the list_item_open tokens of the list opened at tokens[index]."""
        return self.docs.children(index)

    def quote(self, item: int) -> Doc:
        """The blocks of the first blockquote directly in a list item."""
        for child in self.docs.children(item):
            if self.tokens[child].type == "blockquote_open":
                return self.doc(self.docs.children(child))
        return ()

    # -- the walk ------------------------------------------------------------------------

    def walk(self, start: int) -> list[int]:
        """One pass over every token from `start`: pair opening and closing tokens, anchor
        every heading, scan inline content, and return the top-level blocks."""
        tokens = self.tokens
        self.close[:] = pairs(tokens)
        depth = 0
        top: list[int] = []
        for index in range(start, len(tokens)):
            tok = tokens[index]
            nesting = tok.nesting
            if nesting == 1:
                if not depth:
                    top.append(index)
                depth += 1
                if tok.type == "heading_open":
                    anchor = self.anchor(plain_of(tokens[index + 1].children or ()))
                    self.anchor_of[index] = anchor
                    line = self.line_of(index)
                    self.heading_lines.append(line)
                    self.heading_anchors.append(anchor)
                    self.heading_index.append((line, index))
            elif nesting == -1:
                depth = max(depth - 1, 0)
            else:
                if not depth:
                    top.append(index)
                kind = tok.type
                if kind == "inline":
                    content = tok.content
                    # links, images, citations and HTML all need one of these
                    if "[" in content or "<" in content:
                        self.scan_inline(tok)
                        if (
                            content.startswith("[")
                            and TASK_MARK.match(content)
                            and tokens[index - 2].type == "list_item_open"
                        ):
                            self.task_lines.append(self.line_of(index))
                elif kind == "html_block" and not COMMENT.fullmatch(tok.content):
                    self.raw_html(self.pos(self.line_of(index)), tok.content)
        return top

    def scan_inline(self, tok: Token) -> None:
        """Links, images, citations and raw HTML in one inline token."""
        starts, m = self.starts, tok.map
        # search the token's own source, each find starting after the last, so that a
        # repeated link or citation is reported where it is
        lo, hi = (starts[m[0]], starts[min(m[1], len(starts) - 1)]) if m else (0, len(self.text))
        at = lo
        children = tok.children or []
        for n, child in enumerate(children):
            kind = child.type
            if kind == "text":
                content = child.content
                if "[" in content:
                    start = at
                    for match in CITATION.finditer(content):
                        key = match.group(1)
                        if self.cites(key):
                            pos, at = self.locate(match.group(0), at, hi, lo)
                            self.citations.append((key, pos))
                        elif len(key) > 1 and (listed := self.near(key)) is not None:
                            pos, at = self.locate(match.group(0), at, hi, lo)
                            self.miscited.append((key, pos, listed))
                    if "](" in content:
                        for match in SPACED_LINK.finditer(content):
                            pos, _ = self.locate(match.group(2), start, hi, lo)
                            self.spaced_links.append((pos, match.group(1), match.group(2)))
            elif kind == "link_open" or kind == "image":
                raw = str(child.attrs.get("href" if kind == "link_open" else "src", ""))
                href = link_target(raw)
                if kind == "image":
                    label = plain_of(child.children or ())
                else:
                    end = next(
                        (
                            k
                            for k in range(n + 1, len(children))
                            if children[k].type == "link_close"
                        ),
                        len(children),
                    )
                    label = plain_of(children[n + 1 : end])
                if self.text.find(href, at, hi) < 0 <= self.text.find(raw, at, hi):
                    pos, at = self.locate(raw, at, hi, lo)
                else:
                    pos, at = self.locate(href, at, hi, lo)
                if kind == "image":
                    self.images.append(Link(label, href, pos))
                else:
                    self.links.append((Link(label or href, href, pos), id(child)))
            elif kind == "html_inline" and not COMMENT.fullmatch(child.content):
                pos, at = self.locate(child.content, at, hi, lo)
                self.raw_html(pos, child.content)

    def locate(self, needle: str, at: int, hi: int, lo: int) -> tuple[Pos, int]:
        """Where `needle` first is in text[at:hi], and where to search next; if it is not
        there (a link written as a reference, say), the start of the block at `lo`."""
        found = self.text.find(needle, at, hi) if needle else -1
        if found < 0:
            found, end = lo, at
        else:
            end = found + len(needle)
        line = bisect_right(self.starts, found) - 1
        return Pos(self.path, line + 1, found - self.starts[line] + 1), end

    def raw_html(self, pos: Pos, content: str) -> None:
        self.sink.add(
            pos.line,
            pos.col,
            "S002",
            f"raw HTML is not allowed: {content.strip()[:40]!r}",
            "use markdown instead; only <!-- comments --> are allowed",
        )

    def split(self, top: list[int]) -> list[Section]:
        """Cut the body into sections at `##` headings; a leading `#` title is dropped."""
        tokens = self.tokens
        sections = [Section("", 0, -1)]
        for index in top:
            tok = tokens[index]
            if tok.nesting == 1 and tok.type == "heading_open" and tok.tag in ("h1", "h2"):
                line = self.line_of(index)
                if tok.tag == "h2" or sections[-1].heading >= 0:
                    sections[-1].end_line = line
                    title = plain_of(tokens[index + 1].children or ())
                    sections.append(Section(title, line, index))
            else:
                sections[-1].blocks.append(index)
        sections[-1].end_line = len(self.lines) + 1
        return sections

    def page_links(self, first_line: int, end_line: int) -> tuple[Link, ...]:
        """The links (not drill choices) written on lines [first_line, end_line)."""
        return tuple(
            link
            for link, key in self.links
            if key not in self.choice_links and first_line <= link.pos.line < end_line
        )
