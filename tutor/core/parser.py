"""Turn one module file into a `Module`, with diagnostics for what is wrong.

The whole file is parsed once with markdown-it's CommonMark preset. One walk
over every token then pairs each opening token with its closing one, gives
every heading its GitHub anchor and collects links, citations and raw HTML;
after that the body is cut into sections at `##` headings and each section is
read block by block. Structural problems (bad front matter, unsafe content,
malformed questions and choices) are reported here; the rules that look at
the finished model live in `lint.py`.

Nothing here raises for bad content: every problem becomes a diagnostic.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate, repeat
from operator import add
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

from tutor.core.diagnostics import Diagnostic, Sink
from tutor.core.locate import positions
from tutor.core.model import (
    Choice,
    Drill,
    Item,
    Kind,
    Module,
    Option,
    Page,
    Pos,
    Quality,
    Question,
    Quiz,
    Source,
    Step,
)
from tutor.core.text import (
    byte_line_col,
    find_controls,
    find_line,
    line_col_in,
    line_starts,
    slugify,
    strip_controls,
    toml_error,
)

MAX_FILE = 4 * 1024 * 1024  # the largest course.toml or module file read, in bytes
MAX_CONTROLS_LISTED = 20  # S001 for this many control characters, then one for the rest
ID_LIMIT = 48  # derived option, choice and question ids are cut to this length
PINNED_LIMIT = 64  # the longest id a trainer may pin
MAX_MINUTES = 24 * 60
FRONT_KEYS = ("id", "title", "minutes", "objectives", "last_reviewed", "sources")
MULTIPLE_MARK = "(select all that apply)"
INTRO_ID = "introduction"

_ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
_ID_COMMENT = re.compile(r"<!--\s*id:\s*(.*?)\s*-->", re.S)
_COMMENT = re.compile(r"\s*<!--.*?-->\s*", re.S)
_TASK = re.compile(r"\[([ xX])\][ \t]+")
_QUALITY = re.compile(r"\*\*(best|acceptable|poor)\.?\*\*\.?[ \t]*", re.I)
_CITATION = re.compile(r"(?<![\]!\\])\[([a-z][a-z0-9]*(?:-[a-z0-9]+)+)\](?![(\[:])")
_MULTIPLE = re.compile(re.escape(MULTIPLE_MARK), re.I)
_QUOTE_MARK = re.compile(r"[ \t]*(?:> ?)?")


@cache
def markdown() -> MarkdownIt:
    """One shared CommonMark parser; no plugins, because the format needs none.

    Its block rules are the stock ones behind a cheap gate: each rule can only match a
    line that starts with certain characters, so the gate returns False at once for
    any other line instead of calling the rule (which logs and sets up first, and is
    called for every line of every paragraph, to see whether it ends the paragraph).
    The tokens are exactly those of `MarkdownIt("commonmark")`; a test checks that.
    """
    md = MarkdownIt("commonmark")
    ruler = md.block.ruler
    for rule in ruler.__rules__:
        gate = _GATES.get(rule.name)
        if gate is not None:
            ruler.at(rule.name, gate(rule.fn), {"alt": list(rule.alt)})
    return md


def parse_markdown(text: str) -> list[Token]:
    """Block tokens of `text`, as `MarkdownIt("commonmark").parse(text)` gives them."""
    return markdown().parse(text, {_SETEXT: _SETEXT_LINE.search(text) is not None})


_SETEXT = "tutor.setext"  # the env key: whether any line could underline a heading
# a setext underline, behind any blockquote markers and indentation
_SETEXT_LINE = re.compile(r"^[ \t>]*(?:=+|-+)[ \t]*$", re.M)
_Rule = Callable[[StateBlock, int, int, bool], bool]


def _first_char(chars: str) -> Callable[[_Rule], _Rule]:
    """A gate for a rule that only matches a line whose first non-blank is in `chars`."""
    allowed = frozenset(chars)

    def wrap(rule: _Rule) -> _Rule:
        def gated(state: StateBlock, start: int, end: int, silent: bool) -> bool:
            pos = state.bMarks[start] + state.tShift[start]
            if state.src[pos : pos + 1] not in allowed:
                return False
            return rule(state, start, end, silent)

        return gated

    return wrap


def _code_gate(rule: _Rule) -> _Rule:
    def gated(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if state.sCount[start] - state.blkIndent < 4:
            return False
        return rule(state, start, end, silent)

    return gated


def _setext_gate(rule: _Rule) -> _Rule:
    def gated(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if state.env.get(_SETEXT, True):
            return rule(state, start, end, silent)
        if not state.is_code_block(start):
            state.parentType = "paragraph"  # what the stock rule leaves behind when it fails
        return False

    return gated


_GATES: dict[str, Callable[[_Rule], _Rule]] = {
    "code": _code_gate,
    "fence": _first_char("`~"),
    "blockquote": _first_char(">"),
    "hr": _first_char("*-_"),
    "list": _first_char("*-+0123456789"),
    "reference": _first_char("["),
    "html_block": _first_char("<"),
    "heading": _first_char("#"),
    "lheading": _setext_gate,
}


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    pos: Pos


@dataclass(slots=True)
class ParsedModule:
    """What the parser found in one file.

    `module` is None when the front matter is missing or bad; `items` holds the
    pages, quiz and drills all the same, so their rules can still be checked.
    """

    path: Path
    module: Module | None
    diagnostics: list[Diagnostic]
    anchors: frozenset[str] = frozenset()
    links: tuple[Link, ...] = ()  # every link and image, except drill choices
    citations: tuple[tuple[str, Pos], ...] = ()
    page_sizes: tuple[tuple[Page, int], ...] = ()  # size of each page's markdown, in bytes
    items: tuple[Item, ...] = ()
    sources: tuple[Source, ...] | None = None  # None when the front matter has no usable list
    front: str = ""  # the front matter's TOML text
    front_line: int = 1  # the line of its opening fence

    def key_pos(self, key: str) -> Pos | None:
        """Where a top-level front-matter key (or [[table]]) is written, if it is."""
        return _key_positions(self.path, self.front, self.front_line).get(key)


@dataclass(slots=True)
class _Section:
    title: str
    line: int  # 1-based line of the heading (0 for the preface)
    heading: int  # index of its heading_open token (-1 for the preface)
    blocks: list[int] = field(default_factory=list)  # indexes of top-level opening tokens
    end_line: int = 0  # 1-based, exclusive


def parse_module(path: Path, data: bytes | None = None) -> ParsedModule:
    """Parse a module file. Never raises for bad content: problems become diagnostics."""
    sink = Sink(path)
    if data is None:
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_FILE + 1)
        except OSError as exc:
            sink.error(1, 1, "F001", f"cannot read the module: {exc.strerror or exc}")
            return ParsedModule(path, None, sink.items)
    if len(data) > MAX_FILE:
        sink.error(
            1,
            1,
            "F001",
            "the module is larger than 4 MiB, the most tutor reads",
            "split it into smaller modules",
        )
        return ParsedModule(path, None, sink.items)
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = byte_line_col(data, exc.start)
        sink.error(
            line,
            col,
            "S004",
            "the file is not valid UTF-8",
            "save the file as UTF-8 in your editor",
        )
        raw = data.decode("utf-8", "replace")
    # CommonMark line endings are \n, \r\n and \r: normalise them so that the
    # hash and every position are the same whatever editor saved the file.
    raw = raw.removeprefix("\ufeff")
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    content_hash = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    controls = find_controls(raw)
    starts = line_starts(raw) if controls else []
    for n, offset in enumerate(controls):
        line, col = line_col_in(starts, offset)
        if n == MAX_CONTROLS_LISTED and len(controls) > n + 1:
            sink.error(
                line,
                col,
                "S001",
                f"{len(controls) - n} more terminal control characters from here on",
                "delete them; they are invisible in most editors but can take over the "
                "learner's terminal",
            )
            break
        sink.error(
            line,
            col,
            "S001",
            f"terminal control character U+{ord(raw[offset]):04X}",
            "delete it; it is invisible in most editors but can take over the learner's terminal",
        )
    text = strip_controls(raw) if controls else raw
    return _Parser(path, text, sink, content_hash).run()


class _Parser:
    def __init__(self, path: Path, text: str, sink: Sink, content_hash: str) -> None:
        self.path = path
        self.text = text
        self.lines = text.split("\n")
        # the offset where each line starts, and one past the end
        self.starts = list(accumulate(map(add, map(len, self.lines), repeat(1)), initial=0))
        self.sink = sink
        self.content_hash = content_hash
        self.tokens: list[Token] = []
        self.close: list[int] = []  # index of the token closing each opening token
        self.anchor_of: dict[int, str] = {}  # heading_open index -> its anchor
        self.anchor_count: dict[str, int] = {}
        self.anchors: set[str] = set()
        self.heading_lines: list[int] = []  # 1-based line of every heading, in order
        self.heading_anchors: list[str] = []  # and its anchor
        self.item_ids: dict[str, int] = {}
        self.links: list[tuple[Link, int]] = []  # with the id() of the link token
        self.choice_links: set[int] = set()
        self.citations: list[tuple[str, Pos]] = []
        self.page_sizes: list[tuple[Page, int]] = []
        self.pinned: dict[int, str | None] = {}  # comment block index -> the id it pins
        self.front_line = 1
        self.front = ""
        self._keys: dict[str, Pos] | None = None

    # -- helpers -------------------------------------------------------------------------

    def pos(self, line: int) -> Pos:
        """The position of the first non-blank character of a 1-based line."""
        src = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return Pos(self.path, line, len(src) - len(src.lstrip()) + 1)

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
            self.sink.error(
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
        match = _ID_COMMENT.search(comment)
        if not match:
            return None
        ident = match.group(1)
        if not _ID_RE.fullmatch(ident) or len(ident) > PINNED_LIMIT:
            self.sink.error(
                line,
                self.pos(line).col,
                "I002",
                f'"{ident[:40]}" is not a valid id',
                "use lower-case letters, digits and hyphens, starting with a letter or digit",
            )
            return None
        return ident

    def pinned_after(self, blocks: Sequence[int], k: int) -> str | None:
        """The id pinned by a comment block at blocks[k], if there is one."""
        if k >= len(blocks):
            return None
        index = blocks[k]
        if index in self.pinned:
            return self.pinned[index]
        tok = self.tokens[index]
        found = None
        if tok.type == "html_block" and _COMMENT.fullmatch(tok.content):
            found = self.explicit_id(tok.content, self.line_of(index))
        self.pinned[index] = found
        return found

    # -- the walk ------------------------------------------------------------------------

    def run(self) -> ParsedModule:
        self.tokens = tokens = parse_markdown(self.text)
        front, body = self.front_matter()
        sections = self.split(self.walk(body))
        items: list[Item] = []
        quiz_seen = False
        title = front.get("title") if front is not None else None
        for section in sections:
            lower = section.title.lower()
            item: Item | None
            if section.heading < 0:
                shown = strip_controls(title) if isinstance(title, str) else "Introduction"
                item = self.page(section, shown)
            elif lower.startswith("quiz"):
                if quiz_seen:
                    self.sink.error(
                        section.line,
                        self.pos(section.line).col,
                        "Q005",
                        "a module has at most one quiz",
                        "merge the questions into the first quiz section",
                    )
                quiz_seen = True
                item = self.quiz(section)
            elif lower.startswith("drill:"):
                item = self.drill(section)
            else:
                item = self.page(section, section.title)
            if item is not None:
                items.append(item)
        sources = self.sources(front) if front is not None else None
        module = self.module(front, items, sources) if front is not None else None
        del tokens
        return ParsedModule(
            self.path,
            module,
            self.sink.items,
            frozenset(self.anchors),
            tuple(link for link, key in self.links if key not in self.choice_links),
            tuple(self.citations),
            tuple(self.page_sizes),
            tuple(items),
            sources,
            self.front,
            self.front_line,
        )

    def front_matter(self) -> tuple[dict[str, Any] | None, int]:
        """The front matter's table (None if missing or bad) and where the body starts."""
        tokens = self.tokens
        first = tokens[0] if tokens else None
        if first is None or first.type != "fence" or first.info.strip().lower() != "toml":
            self.sink.error(
                1,
                1,
                "F001",
                "the module has no front matter",
                "start the file with a ```toml block holding id, title, minutes, objectives, "
                "last_reviewed and sources (see docs/lesson-format.md)",
            )
            return None, 0
        self.front_line = fence_line = first.map[0] + 1 if first.map else 1
        try:
            data = tomllib.loads(first.content)
        except tomllib.TOMLDecodeError as exc:
            found = toml_error(exc, first.content)
            line, col, message = found[:3] if found else (1, 1, str(exc))
            # the fence's last line is not TOML: an error "at" it is one line up
            line = min(line, max(first.content.count("\n"), 1))
            self.sink.error(
                fence_line + line,
                col,
                "F002",
                f"front matter is not valid TOML: {message}",
                'check quotes, commas and brackets; text values need "double quotes"',
            )
            return None, 1
        except RecursionError:
            self.sink.error(fence_line, 1, "F002", "front matter is nested too deeply")
            return None, 1
        self.front = first.content
        return data, 1

    def walk(self, start: int) -> list[int]:
        """One pass over every token from `start`: pair opening and closing tokens, anchor
        every heading, scan inline content, and return the top-level blocks."""
        tokens = self.tokens
        close = self.close = list(range(len(tokens)))
        stack: list[int] = []
        top: list[int] = []
        for index in range(start, len(tokens)):
            tok = tokens[index]
            nesting = tok.nesting
            if nesting == 1:
                if not stack:
                    top.append(index)
                stack.append(index)
                if tok.type == "heading_open":
                    anchor = self.anchor_of[index] = self.anchor(_plain(tokens[index + 1]))
                    self.heading_lines.append(self.line_of(index))
                    self.heading_anchors.append(anchor)
            elif nesting == -1:
                if stack:
                    close[stack.pop()] = index
            else:
                if not stack:
                    top.append(index)
                kind = tok.type
                if kind == "inline":
                    content = tok.content
                    # links, images, citations and HTML all need one of these
                    if "[" in content or "<" in content:
                        self.scan_inline(tok)
                elif kind == "html_block" and not _COMMENT.fullmatch(tok.content):
                    self.raw_html(self.pos(self.line_of(index)), tok.content)
        return top

    def scan_inline(self, tok: Token) -> None:
        """Links, images, citations and raw HTML in one inline token."""
        starts, m = self.starts, tok.map
        # search the token's own source, each find starting after the last, so that a
        # repeated link or citation is reported where it is
        lo, hi = (starts[m[0]], starts[min(m[1], len(starts) - 1)]) if m else (0, len(self.text))
        at = lo
        for child in tok.children or ():
            kind = child.type
            if kind == "text":
                if "[" in child.content:
                    for match in _CITATION.finditer(child.content):
                        pos, at = self.locate(match.group(0), at, hi, lo)
                        self.citations.append((match.group(1), pos))
            elif kind == "link_open" or kind == "image":
                href = str(child.attrs.get("href" if kind == "link_open" else "src", ""))
                pos, at = self.locate(href, at, hi, lo)
                self.links.append((Link(href, pos), id(child)))
            elif kind == "html_inline" and not _COMMENT.fullmatch(child.content):
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
        self.sink.error(
            pos.line,
            pos.col,
            "S002",
            f"raw HTML is not allowed: {content.strip()[:40]!r}",
            "use markdown instead; only <!-- comments --> are allowed",
        )

    def split(self, top: list[int]) -> list[_Section]:
        """Cut the body into sections at `##` headings; a leading `#` title is dropped."""
        tokens = self.tokens
        sections = [_Section("", 0, -1)]
        for index in top:
            tok = tokens[index]
            if tok.nesting == 1 and tok.type == "heading_open" and tok.tag in ("h1", "h2"):
                line = self.line_of(index)
                if tok.tag == "h2" or sections[-1].heading >= 0:
                    sections[-1].end_line = line
                    sections.append(_Section(_plain(tokens[index + 1]), line, index))
            else:
                sections[-1].blocks.append(index)
        sections[-1].end_line = len(self.lines) + 1
        return sections

    def section_id(self, section: _Section) -> str:
        """A section's id: the one pinned right after its heading, or its anchor."""
        pinned = self.pinned_after(section.blocks, 0)
        return pinned or self.anchor_of.get(section.heading, INTRO_ID)

    # -- pages ---------------------------------------------------------------------------

    def page(self, section: _Section, title: str) -> Page | None:
        tokens = self.tokens
        body = [
            b
            for b in section.blocks
            if not (tokens[b].type == "html_block" and _COMMENT.fullmatch(tokens[b].content))
        ]
        preface = section.heading < 0
        if preface and not body:
            return None
        first = min(self.line_of(b) for b in body) - 1 if preface else section.line - 1
        ident = self.section_id(section)
        self.claim(self.item_ids, ident, section.line or first + 1, "page")
        markdown_text = self.source(first, section.end_line - 1) if body else ""
        lines = self.heading_lines
        inside = slice(bisect_left(lines, first + 1), bisect_left(lines, section.end_line))
        anchors = tuple(self.heading_anchors[inside])
        page = Page(ident, title, markdown_text, self.pos(first + 1), anchors)
        self.page_sizes.append((page, len(markdown_text.encode("utf-8"))))
        return page

    # -- quizzes -------------------------------------------------------------------------

    def quiz(self, section: _Section) -> Quiz:
        ident = self.section_id(section)
        self.claim(self.item_ids, ident, section.line, "quiz")
        tokens, blocks = self.tokens, section.blocks
        questions: list[Question] = []
        question_ids: dict[str, int] = {}
        intro: list[str] = []
        loose: list[str] = []  # text since the last options: the explanation, or the intro
        heading: list[str] = []  # a heading question waiting for its options, and its text
        heading_line = 0
        heading_pinned: str | None = None
        paragraph = -1  # the block index of a paragraph that may be a question
        paragraph_pinned: str | None = None

        def unanswered() -> None:
            if heading:
                self.sink.error(
                    heading_line,
                    self.pos(heading_line).col,
                    "Q001",
                    f"question has no options: {heading[0][:50]!r}",
                    "follow it with a task list: - [x] a correct option, - [ ] a wrong one",
                )
                heading.clear()

        def settle() -> None:
            """The loose text so far is the last question's explanation, or the intro."""
            if questions:
                text = "\n\n".join(part for part in loose if part)
                if text:
                    questions[-1] = _with_explanation(questions[-1], text)
            else:
                intro.extend(loose)
            loose.clear()

        for k, index in enumerate(blocks):
            tok = tokens[index]
            kind = tok.type
            line = self.line_of(index)
            if kind == "html_block":
                if _COMMENT.fullmatch(tok.content):
                    pinned = self.pinned_after(blocks, k)
                    if heading and len(heading) == 1 and heading_pinned is None:
                        heading_pinned = pinned
                    elif paragraph >= 0 and paragraph_pinned is None:
                        paragraph_pinned = pinned
                continue
            if kind == "heading_open":
                unanswered()
                settle()
                heading = [_plain(tokens[index + 1])]
                heading_line, heading_pinned, paragraph = line, None, -1
                continue
            if kind in ("bullet_list_open", "ordered_list_open"):
                items = self.list_items(index)
                if _is_task_list(tokens, items):
                    if heading:
                        prompt, prompt_line, pinned = heading[:], heading_line, heading_pinned
                        heading.clear()
                        settle()
                    elif paragraph >= 0:
                        loose.pop()  # the paragraph is the question, not loose text
                        settle()
                        prompt = [_plain(tokens[paragraph + 1])]
                        prompt_line, pinned = self.line_of(paragraph), paragraph_pinned
                    else:
                        self.sink.error(
                            line,
                            self.pos(line).col,
                            "Q001",
                            "options without a question",
                            "put the question in a ### heading or a paragraph just above "
                            "the options",
                        )
                        paragraph = -1
                        continue
                    options = self.options(items)
                    question = self.question(prompt, prompt_line, pinned, options)
                    self.claim(question_ids, question.id, prompt_line, "question")
                    questions.append(question)
                    paragraph, paragraph_pinned = -1, None
                    continue
            if heading:
                if kind == "paragraph_open":
                    heading.append(_plain(tokens[index + 1]))
                else:
                    heading.append(self.block_source(index))
                continue
            loose.append(self.block_source(index))
            if kind == "paragraph_open":
                paragraph, paragraph_pinned = index, None
            else:
                paragraph = -1
        unanswered()
        settle()
        return Quiz(
            ident,
            section.title,
            "\n\n".join(part for part in intro if part),
            tuple(questions),
            self.pos(section.line),
        )

    def list_items(self, index: int) -> list[int]:
        """Indexes of the list_item_open tokens of the list opened at tokens[index]."""
        close = self.close
        items: list[int] = []
        n = index + 1
        end = close[index]
        while n < end:
            items.append(n)
            n = close[n] + 1
        return items

    def options(self, items: list[int]) -> list[Option]:
        """The items of a task list, as options."""
        tokens = self.tokens
        result: list[Option] = []
        seen: dict[str, int] = {}
        for item in items:
            line = self.line_of(item)
            inline = tokens[item + 2]  # list_item_open, paragraph_open, inline
            match = _TASK.match(inline.content)
            assert match is not None  # _is_task_list checked every item
            children = inline.children or []
            pinned = None
            for child in children:
                if child.type == "html_inline" and _ID_COMMENT.search(child.content):
                    pinned = self.explicit_id(child.content, line)
            first = children[0] if children else None
            if first is not None and first.type == "text" and _TASK.match(first.content):
                rest = _TASK.sub("", first.content, count=1)
                label = (rest + _plain_children(children[1:], strip=False)).strip()
            else:  # "[x]" read as a link, because a reference [x]: ... is defined
                label = _strip_inline_md(_ID_COMMENT.sub("", inline.content[match.end() :]))
            ident = pinned or slugify(label, ID_LIMIT) or f"option-{len(result) + 1}"
            self.claim(seen, ident, line, "option")
            correct = match.group(1) != " "
            feedback = self.quote(item)
            result.append(Option(ident, label, correct, feedback, self.pos(line)))
        return result

    def quote(self, item: int) -> str:
        """The markdown of the first blockquote directly in a list item, without its `>`."""
        tokens = self.tokens
        n = item + 1
        end = self.close[item]
        while n < end:
            tok = tokens[n]
            if tok.type == "blockquote_open":
                m = tok.map
                if not m:
                    return ""
                lines = [_QUOTE_MARK.sub("", s, count=1) for s in self.lines[m[0] : m[1]]]
                return "\n".join(lines).strip()
            n = self.close[n] + 1
        return ""

    def question(
        self, parts: list[str], line: int, pinned: str | None, options: list[Option]
    ) -> Question:
        prompt = "\n\n".join(p for p in parts if p)
        labels = sorted(o.text.strip().lower().rstrip(".") for o in options)
        if labels == ["false", "true"]:
            kind = Kind.TRUE_FALSE
        elif MULTIPLE_MARK in prompt.lower():
            kind = Kind.MULTIPLE
        else:
            kind = Kind.SINGLE
        base = _MULTIPLE.sub("", parts[0]) if parts else ""
        ident = pinned or slugify(base, ID_LIMIT) or f"question-{line}"
        return Question(ident, prompt, kind, tuple(options), "", self.pos(line))

    # -- drills --------------------------------------------------------------------------

    def drill(self, section: _Section) -> Drill:
        ident = self.section_id(section)
        self.claim(self.item_ids, ident, section.line, "drill")
        title = section.title.split(":", 1)[1].strip() if ":" in section.title else section.title
        tokens = self.tokens
        intro: list[str] = []
        steps: list[Step] = []
        current: tuple[str, str, int] | None = None  # id, title, line
        situation: list[str] = []
        choices: list[Choice] = []

        def close() -> None:
            if current is None:
                return
            sid, stitle, sline = current
            ending = stitle.lower().startswith("ending:")
            shown = stitle.split(":", 1)[1].strip() if ending else stitle
            steps.append(
                Step(
                    sid,
                    shown,
                    "\n\n".join(situation),
                    tuple(choices),
                    ending,
                    self.pos(sline),
                )
            )

        for index in section.blocks:
            tok = tokens[index]
            line = self.line_of(index)
            if tok.type == "heading_open" and tok.tag == "h3":
                close()
                stitle = _plain(tokens[index + 1])
                current = (self.anchor_of[index], stitle, line)
                situation, choices = [], []
                continue
            if tok.type == "bullet_list_open" and current is not None:
                found = self.choices(self.list_items(index))
                if found is not None:
                    choices.extend(found)
                    continue
            if tok.type == "html_block" and _COMMENT.fullmatch(tok.content):
                continue
            (situation if current is not None else intro).append(self.block_source(index))
        close()
        return Drill(
            ident,
            title,
            "\n\n".join(intro),
            tuple(steps),
            self.pos(section.line),
        )

    def choices(self, items: list[int]) -> list[Choice] | None:
        """The items of a list of links to steps, as choices; None if it is not one."""
        tokens = self.tokens
        found: list[tuple[int, Token, list[Token]]] = []
        for item in items:
            if tokens[item + 1].type != "paragraph_open":
                return None
            children = tokens[item + 2].children or []
            if not children or children[0].type != "link_open":
                return None
            if not str(children[0].attrs.get("href", "")).startswith("#"):
                return None
            found.append((item, children[0], children))
        result: list[Choice] = []
        seen: dict[str, int] = {}
        for item, link, children in found:
            line = self.line_of(item)
            self.choice_links.add(id(link))
            label = _plain_children(children[1 : _link_end(children)])
            feedback = self.quote(item)
            match = _QUALITY.match(feedback)
            if match:
                quality = Quality(match.group(1).lower())
                feedback = feedback[match.end() :]
            else:
                quality = Quality.POOR
                self.sink.error(
                    line,
                    self.pos(line).col,
                    "D005",
                    f"choice has no quality mark: {label[:40]!r}",
                    "start its feedback blockquote with **Best.**, **Acceptable.** or **Poor.**",
                )
            pinned = next(
                (
                    self.explicit_id(c.content, line)
                    for c in children[_link_end(children) :]
                    if c.type == "html_inline" and _ID_COMMENT.search(c.content)
                ),
                None,
            )
            ident = pinned or slugify(label, ID_LIMIT) or f"choice-{len(result) + 1}"
            self.claim(seen, ident, line, "choice")
            href = str(link.attrs.get("href", ""))
            result.append(Choice(ident, label, href[1:], quality, feedback, self.pos(line)))
        return result or None

    # -- the module ----------------------------------------------------------------------

    def key_pos(self, key: str) -> Pos:
        if self._keys is None:
            self._keys = _key_positions(self.path, self.front, self.front_line)
        return self._keys.get(key) or Pos(self.path, self.front_line, 1)

    def bad_key(self, key: str, message: str, hint: str) -> None:
        pos = self.key_pos(key)
        self.sink.error(pos.line, pos.col, "F003", message, hint)

    def sources(self, front: dict[str, Any]) -> tuple[Source, ...] | None:
        raw = front.get("sources")
        if not isinstance(raw, list):
            return None
        sources: list[Source] = []
        seen: set[str] = set()
        for entry in raw:
            if not (
                isinstance(entry, dict)
                and isinstance(entry.get("id"), str)
                and isinstance(entry.get("title"), str)
                and isinstance(entry.get("url", ""), str)
            ):
                self.bad_key(
                    "sources",
                    "each [[sources]] entry needs an id and a title (and may have a url)",
                    'write id = "ama-2-3-2", title = "..." and url = "https://..." under '
                    "[[sources]]",
                )
                continue
            ident, url = entry["id"], entry.get("url", "")
            if ident in seen:
                at = self.front_find(f'"{ident}"', 2)
                self.sink.error(
                    at.line,
                    at.col,
                    "I001",
                    f'source id "{ident[:40]}" is listed twice',
                    "give each [[sources]] entry its own id, or merge the two",
                )
            seen.add(ident)
            if url and not url.startswith("https://"):
                at = self.front_find(url)
                self.sink.error(
                    at.line,
                    at.col,
                    "S003",
                    f'source url "{url[:60]}" is not https',
                    "link to the https:// address of the source",
                )
            sources.append(
                Source(strip_controls(ident), strip_controls(entry["title"]), strip_controls(url))
            )
        return tuple(sources)

    def front_find(self, needle: str, nth: int = 1) -> Pos:
        """The nth line of the front matter holding `needle` (else its fence line)."""
        first = self.front_line  # the fence; TOML starts on the next line
        last = first + self.front.count("\n")
        hit = find_line(self.lines, needle, first, last + 1, nth)
        return Pos(self.path, *hit) if hit else Pos(self.path, self.front_line, 1)

    def module(
        self, front: dict[str, Any], items: list[Item], sources: tuple[Source, ...] | None
    ) -> Module | None:
        for key in FRONT_KEYS:
            if key not in front and key != "last_reviewed":  # R001 is the linter's warning
                self.sink.error(
                    self.front_line,
                    1,
                    "F003",
                    f'front matter key "{key}" is missing',
                    _FRONT_HINTS[key],
                )
        ident = front.get("id")
        if "id" in front and not (
            isinstance(ident, str) and _ID_RE.fullmatch(ident) and len(ident) <= PINNED_LIMIT
        ):
            self.bad_key(
                "id",
                f"module id {_show(ident)} is not a valid id",
                "use lower-case letters, digits and hyphens, starting with a letter or digit",
            )
        title = front.get("title")
        if "title" in front and not (isinstance(title, str) and title.strip()):
            self.bad_key(
                "title", 'front matter key "title" must be non-empty text', _FRONT_HINTS["title"]
            )
        minutes = front.get("minutes")
        if "minutes" in front and not (
            isinstance(minutes, int)
            and not isinstance(minutes, bool)
            and 0 < minutes <= MAX_MINUTES
        ):
            self.bad_key(
                "minutes",
                f'front matter key "minutes" must be a whole number from 1 to {MAX_MINUTES}',
                _FRONT_HINTS["minutes"],
            )
        objectives = front.get("objectives")
        if "objectives" in front and not (
            isinstance(objectives, list)
            and objectives
            and all(isinstance(o, str) and o.strip() for o in objectives)
        ):
            self.bad_key(
                "objectives",
                'front matter key "objectives" must be a non-empty list of text',
                _FRONT_HINTS["objectives"],
            )
        reviewed = front.get("last_reviewed")
        if isinstance(reviewed, dt.datetime):
            reviewed = reviewed.date()
        if reviewed is not None and not isinstance(reviewed, dt.date):
            self.bad_key(
                "last_reviewed",
                'front matter key "last_reviewed" must be a date',
                _FRONT_HINTS["last_reviewed"],
            )
        if "sources" in front and sources is None:
            self.bad_key(
                "sources",
                'front matter key "sources" must be a list of [[sources]] tables',
                _FRONT_HINTS["sources"],
            )
        for key in sorted(set(front) - set(FRONT_KEYS)):
            pos = self.key_pos(key)
            self.sink.warning(
                pos.line,
                pos.col,
                "F004",
                f'unknown front-matter key "{key[:40]}"',
                "check the spelling; known keys: " + ", ".join(FRONT_KEYS),
            )
        if any(d.code == "F003" for d in self.sink.items):
            return None
        assert isinstance(ident, str) and isinstance(title, str) and isinstance(minutes, int)
        assert isinstance(objectives, list) and sources is not None
        assert reviewed is None or isinstance(reviewed, dt.date)
        return Module(
            id=ident,
            title=strip_controls(title),
            minutes=minutes,
            objectives=tuple(strip_controls(o) for o in objectives),
            last_reviewed=reviewed,
            sources=sources,
            items=tuple(items),
            content_hash=self.content_hash,
            pos=Pos(self.path, 1, 1),
        )


_FRONT_HINTS = {
    "id": 'add id = "short-name" (lower-case letters, digits and hyphens)',
    "title": 'add title = "What the learner sees"',
    "minutes": "add minutes = 20 (the estimated time, a whole number)",
    "objectives": 'add objectives = ["...", "..."]',
    "last_reviewed": "write a TOML date without quotes: last_reviewed = 2026-11-01",
    "sources": "add [[sources]] tables with id, title and url",
}


def _key_positions(path: Path, content: str, fence_line: int) -> dict[str, Pos]:
    """Where each top-level key (or [table], [[array]]) of the front matter is first written."""
    return {
        key[0]: Pos(path, fence_line + line, col)
        for key, (line, col) in positions(content).items()
        if len(key) == 1 and isinstance(key[0], str)
    }


def _show(value: object) -> str:
    return f'"{value[:40]}"' if isinstance(value, str) else type(value).__name__


# -- token helpers --------------------------------------------------------------------------


def _plain(inline: Token) -> str:
    return _plain_children(inline.children or [])


def _plain_children(children: Sequence[Token], strip: bool = True) -> str:
    """The text a reader sees: emphasis, link syntax and comments dropped."""
    parts: list[str] = []
    for child in children:
        kind = child.type
        if kind == "text" or kind == "code_inline":
            parts.append(child.content)
        elif kind == "softbreak" or kind == "hardbreak":
            parts.append(" ")
        elif kind == "image":
            parts.append(_plain_children(child.children or [], strip=False))
    text = "".join(parts)
    return text.strip() if strip else text


def _link_end(children: Sequence[Token]) -> int:
    return next((n for n, c in enumerate(children) if c.type == "link_close"), len(children))


def _strip_inline_md(text: str) -> str:
    """Label text without emphasis markers or link syntax: what the learner reads."""
    tokens = markdown().parseInline(text)
    return _plain(tokens[0]) if tokens else text.strip()


def _is_task_list(tokens: Sequence[Token], items: list[int]) -> bool:
    """Whether every item of a list starts with a paragraph that starts `[x] ` or `[ ] `."""
    for item in items:
        if tokens[item + 1].type != "paragraph_open":
            return False
        if not _TASK.match(tokens[item + 2].content):
            return False
    return bool(items)


def _with_explanation(question: Question, text: str) -> Question:
    return Question(
        question.id, question.prompt, question.kind, question.options, text, question.pos
    )
