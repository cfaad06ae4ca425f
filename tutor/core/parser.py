"""Turn one module file into a `Module`, with diagnostics for what is wrong.

The whole file is parsed once with markdown-it's CommonMark preset; everything
else is a single walk over the top-level tokens. Structural problems (bad front
matter, unsafe content, malformed questions and choices) are reported here;
the rules that look at the finished model live in `lint.py`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from tutor.core.diagnostics import Diagnostic, Sink
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
from tutor.core.text import find_controls, line_col, slugify, strip_controls

ID_LIMIT = 48
FRONT_KEYS = {"id", "title", "minutes", "objectives", "last_reviewed", "sources"}
MULTIPLE_MARK = "(select all that apply)"
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_ID_COMMENT = re.compile(r"<!--\s*id:\s*(.*?)\s*-->")
_COMMENT = re.compile(r"^\s*<!--.*?-->\s*$", re.S)
_TASK = re.compile(r"^\[([ xX])\]\s+")
_QUALITY = re.compile(r"^\*\*(best|acceptable|poor)\.?\*\*\.?\s*", re.I)
_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_CITATION = re.compile(r"(?<![\]!\\])\[([a-z][a-z0-9]*(?:-[a-z0-9]+)+)\](?![(\[:])")


@cache
def markdown() -> MarkdownIt:
    """One shared CommonMark parser; no plugins, because the format needs none."""
    return MarkdownIt("commonmark")


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    pos: Pos


@dataclass(slots=True)
class ParsedModule:
    """What the parser found in one file."""

    path: Path
    module: Module | None
    diagnostics: list[Diagnostic]
    anchors: frozenset[str] = frozenset()
    links: tuple[Link, ...] = ()
    citations: tuple[tuple[str, Pos], ...] = ()
    page_sizes: tuple[tuple[Page, int], ...] = ()


@dataclass(slots=True)
class _Section:
    title: str
    level_line: int  # 1-based line of the heading (0 for the preface)
    tokens: list[Token] = field(default_factory=list)
    end_line: int = 0  # 1-based, exclusive


def parse_module(path: Path, data: bytes | None = None) -> ParsedModule:
    """Parse a module file. Never raises for bad content: problems become diagnostics."""
    sink = Sink(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            sink.error(1, 1, "F001", f"cannot read the module: {exc.strerror or exc}")
            return ParsedModule(path, None, sink.items)
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        sink.error(
            line,
            col,
            "S004",
            "the file is not valid UTF-8",
            "save the file as UTF-8 in your editor",
        )
        raw = data.decode("utf-8", "replace")
    raw = raw.removeprefix("\ufeff").replace("\r\n", "\n")
    content_hash = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    for offset in find_controls(raw):
        line, col = line_col(raw, offset)
        sink.error(
            line,
            col,
            "S001",
            f"terminal control character U+{ord(raw[offset]):04X}",
            "delete it; it is invisible in most editors but can take over the learner's terminal",
        )
    text = strip_controls(raw) if sink.items else raw
    return _Parser(path, text, sink, content_hash).run()


class _Parser:
    def __init__(self, path: Path, text: str, sink: Sink, content_hash: str) -> None:
        self.path = path
        self.text = text
        self.lines = text.split("\n")
        self.sink = sink
        self.content_hash = content_hash
        self.anchors: dict[str, int] = {}
        self.ids: dict[str, int] = {}
        self.links: list[Link] = []
        self.citations: list[tuple[str, Pos]] = []
        self.page_sizes: list[tuple[Page, int]] = []

    # -- helpers -------------------------------------------------------------------------

    def pos(self, line: int, col: int = 0) -> Pos:
        if col == 0:
            src = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
            col = len(src) - len(src.lstrip()) + 1
        return Pos(self.path, line, col)

    def anchor(self, title: str) -> str:
        """GitHub's anchor for a heading, with -1, -2 suffixes for repeats."""
        base = slugify(title)
        count = self.anchors.get(base, 0)
        self.anchors[base] = count + 1
        return base if count == 0 else f"{base}-{count}"

    def source(self, start: int, end: int) -> str:
        """Source lines [start, end), 0-based, as one string."""
        return "\n".join(self.lines[start:end]).strip("\n")

    def claim_id(self, ident: str, line: int, what: str) -> None:
        if ident in self.ids:
            self.sink.error(
                line,
                self.pos(line).col,
                "I001",
                f'{what} id "{ident}" is already used on line {self.ids[ident]}',
                "reword one of them, or pin a distinct id with <!-- id: ... -->",
            )
        else:
            self.ids[ident] = line

    def explicit_id(self, comment: str, line: int) -> str | None:
        match = _ID_COMMENT.search(comment)
        if not match:
            return None
        ident = match.group(1)
        if not _ID_RE.match(ident) or len(ident) > 64:
            self.sink.error(
                line,
                self.pos(line).col,
                "I002",
                f'"{ident}" is not a valid id',
                "use lower-case letters, digits and hyphens, starting with a letter or digit",
            )
            return None
        return ident

    # -- the walk ------------------------------------------------------------------------

    def run(self) -> ParsedModule:
        tokens = markdown().parse(self.text)
        front, body_start = self.front_matter(tokens)
        self.scan_inline(tokens[body_start:])
        sections = self.split(tokens[body_start:])
        items: list[Item] = []
        quiz_seen = False
        for section in sections:
            heading = section.title
            if section.level_line == 0:
                page = self.page(section, front.get("title", "Introduction"), preface=True)
                if page:
                    items.append(page)
            elif heading.lower().startswith("quiz"):
                if quiz_seen:
                    self.sink.error(
                        section.level_line,
                        1,
                        "Q005",
                        "a module has at most one quiz",
                        "merge the questions into the first quiz section",
                    )
                quiz_seen = True
                items.append(self.quiz(section))
            elif heading.lower().startswith("drill:"):
                items.append(self.drill(section))
            else:
                page = self.page(section, heading)
                if page:
                    items.append(page)
        module = self.module(front, items) if front is not None else None
        return ParsedModule(
            self.path,
            module,
            self.sink.items,
            frozenset(self.anchors_final()),
            tuple(self.links),
            tuple(self.citations),
            tuple(self.page_sizes),
        )

    def anchors_final(self) -> set[str]:
        out: set[str] = set()
        for base, count in self.anchors.items():
            out.add(base)
            out.update(f"{base}-{n}" for n in range(1, count))
        return out

    def front_matter(self, tokens: Sequence[Token]) -> tuple[dict[str, Any], int]:
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
            return {}, 0
        fence_line = first.map[0] + 1 if first.map else 1
        try:
            data = tomllib.loads(first.content)
        except tomllib.TOMLDecodeError as exc:
            match = _TOML_AT.search(str(exc))
            line, col = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
            message = _TOML_AT.sub("", str(exc)).strip()
            self.sink.error(
                fence_line + line,
                col,
                "F002",
                f"front matter is not valid TOML: {message}",
                'check quotes, commas and brackets; text values need "double quotes"',
            )
            return {}, 1
        except RecursionError:
            self.sink.error(fence_line, 1, "F002", "front matter is nested too deeply")
            return {}, 1
        self.front_line = fence_line
        return data, 1

    def split(self, tokens: Sequence[Token]) -> list[_Section]:
        """Cut the body into sections at `##` headings; a leading `#` title is dropped."""
        sections = [_Section("", 0)]
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.type == "heading_open" and tok.level == 0 and tok.tag in ("h1", "h2"):
                line = tok.map[0] + 1 if tok.map else 1
                if tok.tag == "h2" or sections[-1].level_line != 0:
                    sections[-1].end_line = line
                    sections.append(_Section(_plain(tokens[i + 1]), line))
                i += 3  # open, inline, close
                continue
            sections[-1].tokens.append(tok)
            i += 1
        sections[-1].end_line = len(self.lines) + 1
        return sections

    def scan_inline(self, tokens: Sequence[Token]) -> None:
        """Links, images, citations and raw HTML, anywhere in the body."""
        for tok in tokens:
            line = tok.map[0] + 1 if tok.map else 1
            if tok.type == "html_block":
                if not _COMMENT.match(tok.content):
                    self.raw_html(line, tok.content)
            elif tok.type == "inline":
                for child in tok.children or ():
                    if child.type == "html_inline":
                        if not _COMMENT.match(child.content):
                            self.raw_html(line, child.content)
                    elif child.type in ("link_open", "image"):
                        attr = "href" if child.type == "link_open" else "src"
                        href = str(child.attrs.get(attr, ""))
                        self.links.append(Link(href, self.locate(tok, href, line)))
                    elif child.type == "text" and "[" in child.content:
                        for match in _CITATION.finditer(child.content):
                            self.citations.append(
                                (match.group(1), self.locate(tok, match.group(0), line))
                            )

    def locate(self, tok: Token, needle: str, line: int) -> Pos:
        """The position of `needle` within a block's source lines."""
        if tok.map:
            for n in range(tok.map[0], tok.map[1]):
                col = self.lines[n].find(needle) if needle else -1
                if col >= 0:
                    return Pos(self.path, n + 1, col + 1)
        return self.pos(line)

    def raw_html(self, line: int, content: str) -> None:
        col = max(self.lines[line - 1].find(content.strip()[:10]), 0) + 1
        self.sink.error(
            line,
            col,
            "S002",
            f"raw HTML is not allowed: {content.strip()[:40]!r}",
            "use markdown instead; only <!-- comments --> are allowed",
        )

    # -- modules and pages ---------------------------------------------------------------

    def module(self, front: dict[str, Any], items: list[Item]) -> Module | None:
        line = getattr(self, "front_line", 1)
        ok = True

        def need(key: str, kind: type | tuple[type, ...], hint: str) -> Any:
            nonlocal ok
            value = front.get(key)
            if value is None or not isinstance(value, kind) or isinstance(value, bool):
                what = "is missing" if value is None else "has the wrong type"
                if key == "last_reviewed" and value is None:
                    return None  # R001 is a warning, raised by the linter
                self.sink.error(line, 1, "F003", f'front matter key "{key}" {what}', hint)
                ok = False
                return None
            return value

        ident = need("id", str, 'add id = "short-name" (letters, digits and hyphens)')
        if isinstance(ident, str) and not _ID_RE.match(ident):
            self.sink.error(
                line,
                1,
                "F003",
                f'module id "{ident}" is not a valid id',
                "use lower-case letters, digits and hyphens",
            )
            ok = False
        title = need("title", str, 'add title = "What the learner sees"')
        minutes = need("minutes", int, "add minutes = 20 (the estimated time, a whole number)")
        objectives = need("objectives", list, 'add objectives = ["...", "..."]')
        reviewed = need("last_reviewed", dt.date, "write a TOML date without quotes: 2026-11-01")
        if isinstance(reviewed, dt.datetime):
            reviewed = reviewed.date()
        sources_raw = need("sources", list, "add [[sources]] tables with id, title and url")
        sources: list[Source] = []
        for entry in sources_raw or ():
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                self.sink.error(
                    line,
                    1,
                    "F003",
                    "each [[sources]] entry needs an id and a title",
                    'write id = "ama-2-3-2" and title = "..." under [[sources]]',
                )
                ok = False
                continue
            sources.append(
                Source(entry["id"], str(entry.get("title", "")), str(entry.get("url", "")))
            )
        if objectives is not None and not all(isinstance(o, str) for o in objectives):
            self.sink.error(
                line,
                1,
                "F003",
                "objectives must be a list of text",
                'write objectives = ["...", "..."]',
            )
            ok = False
        for key in sorted(set(front) - FRONT_KEYS):
            self.sink.warning(
                line,
                1,
                "F004",
                f'unknown front-matter key "{key}"',
                "check the spelling; known keys: " + ", ".join(sorted(FRONT_KEYS)),
            )
        if not ok or not front:
            return None
        return Module(
            id=ident,
            title=strip_controls(title),
            minutes=minutes,
            objectives=tuple(strip_controls(o) for o in objectives),
            last_reviewed=reviewed,
            sources=tuple(sources),
            items=tuple(items),
            content_hash=self.content_hash,
            pos=Pos(self.path, 1, 1),
        )

    def page(self, section: _Section, title: str, preface: bool = False) -> Page | None:
        body = [t for t in section.tokens if not _is_comment(t)]
        if preface and not body:
            return None
        start = section.level_line - 1 if section.level_line else self.body_start_line(section)
        markdown_text = self.source(start, section.end_line - 1)
        ident = self.heading_id(section, "introduction" if preface else title)
        if not preface:
            self.claim_id(ident, section.level_line, "page")
        page = Page(ident, strip_controls(title), markdown_text, self.pos(max(start + 1, 1)))
        if not body:
            page = Page(ident, page.title, "", page.pos)
        self.page_sizes.append((page, len(markdown_text.encode("utf-8"))))
        return page

    def body_start_line(self, section: _Section) -> int:
        lines = [t.map[0] for t in section.tokens if t.map]
        return min(lines) if lines else 0

    def heading_id(self, section: _Section, title: str) -> str:
        """A section's anchor, or the id pinned by a comment right after its heading."""
        anchor = self.anchor(title) if section.level_line else slugify(title)
        first = section.tokens[0] if section.tokens else None
        if first is not None and first.type == "html_block" and first.map:
            pinned = self.explicit_id(first.content, first.map[0] + 1)
            if pinned:
                return pinned
        return anchor

    # -- quizzes -------------------------------------------------------------------------

    def quiz(self, section: _Section) -> Quiz:
        ident = self.heading_id(section, section.title)
        self.claim_id(ident, section.level_line, "quiz")
        tokens = section.tokens
        questions: list[Question] = []
        intro: list[str] = []
        prompt: list[str] = []  # the question being read, before its options
        prompt_line = 0
        pinned: str | None = None
        after: list[str] = []  # text after the last question's options: its explanation

        def finish_explanation() -> None:
            if questions and after:
                questions[-1] = _with_explanation(questions[-1], after)
            after.clear()

        def unanswered() -> None:
            if prompt:
                self.sink.error(
                    prompt_line,
                    self.pos(prompt_line).col,
                    "Q001",
                    f"question has no options: {prompt[0][:50]!r}",
                    "follow it with a task list: - [x] a correct option, - [ ] a wrong one",
                )
                prompt.clear()

        i = 0
        while i < len(tokens):
            tok = tokens[i]
            end = _close_of(tokens, i)
            if tok.level != 0 or tok.type == "html_block":
                if tok.type == "html_block" and tok.map and prompt and pinned is None:
                    pinned = self.explicit_id(tok.content, tok.map[0] + 1)
                i = end + 1
                continue
            line = tok.map[0] + 1 if tok.map else section.level_line
            text = self.source(tok.map[0], tok.map[1]) if tok.map else ""
            if tok.type == "heading_open":
                finish_explanation()
                unanswered()
                prompt, prompt_line, pinned = [_plain(tokens[i + 1])], line, None
            elif tok.type in ("bullet_list_open", "ordered_list_open") and _is_task_list(
                tokens[i + 1 : end]
            ):
                if not prompt:
                    # a paragraph question: the paragraph just before the options
                    source = after if questions else intro
                    if source:
                        prompt, prompt_line = [_strip_inline_md(source.pop())], line - 1
                finish_explanation()
                if prompt:
                    options = self.options(tokens[i + 1 : end])
                    questions.append(self.question(prompt, prompt_line, pinned, options))
                    prompt, pinned = [], None
                else:
                    self.sink.error(
                        line,
                        self.pos(line).col,
                        "Q001",
                        "options without a question",
                        "put the question in a ### heading or a paragraph just above the options",
                    )
            elif prompt:
                prompt.append(_strip_inline_md(text) if tok.type == "paragraph_open" else text)
            else:
                (after if questions else intro).append(text)
            i = end + 1
        finish_explanation()
        unanswered()
        return Quiz(
            ident,
            strip_controls(section.title),
            "\n\n".join(intro),
            tuple(questions),
            self.pos(section.level_line),
        )

    def options(self, tokens: Sequence[Token]) -> list[tuple[Option, int]]:
        """The items of a task list, as options."""
        result: list[tuple[Option, int]] = []
        for item_tokens, line in _list_items(tokens):
            inline = next(t for t in item_tokens if t.type == "inline")
            match = _TASK.match(inline.content)
            assert match is not None  # _is_task_list checked every item
            label_md = inline.content[match.end() :]
            pinned = None
            id_match = _ID_COMMENT.search(label_md)
            if id_match:
                pinned = self.explicit_id(id_match.group(0), line)
                label_md = _ID_COMMENT.sub("", label_md).strip()
            label = _strip_inline_md(label_md)
            ident = pinned or slugify(label, ID_LIMIT) or f"option-{len(result) + 1}"
            correct = match.group(1) != " "
            option = Option(ident, label, correct, _quote_text(item_tokens), self.pos(line))
            result.append((option, line))
        return result

    def question(
        self,
        prompt_parts: list[str],
        prompt_line: int,
        pinned: str | None,
        options: list[tuple[Option, int]],
    ) -> Question:
        prompt = "\n\n".join(p for p in prompt_parts if p)
        labels = sorted(o.text.strip().lower().rstrip(".") for o, _ in options)
        if labels == ["false", "true"]:
            kind = Kind.TRUE_FALSE
        elif MULTIPLE_MARK in prompt.lower():
            kind = Kind.MULTIPLE
        else:
            kind = Kind.SINGLE
        base = re.sub(re.escape(MULTIPLE_MARK), "", prompt_parts[0], flags=re.I)
        ident = pinned or slugify(base, ID_LIMIT) or f"question-{prompt_line}"
        self.claim_id(ident, prompt_line, "question")
        seen: dict[str, int] = {}
        for option, opt_line in options:
            if option.id in seen:
                self.sink.error(
                    opt_line,
                    self.pos(opt_line).col,
                    "I001",
                    f'option id "{option.id}" is already used on line {seen[option.id]}',
                    "reword one of the options, or pin an id with <!-- id: ... -->",
                )
            seen.setdefault(option.id, opt_line)
        return Question(
            ident,
            strip_controls(prompt),
            kind,
            tuple(o for o, _ in options),
            "",
            self.pos(prompt_line),
        )

    # -- drills --------------------------------------------------------------------------

    def drill(self, section: _Section) -> Drill:
        ident = self.heading_id(section, section.title)
        self.claim_id(ident, section.level_line, "drill")
        title = section.title.split(":", 1)[1].strip() if ":" in section.title else section.title
        tokens = section.tokens
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
                    strip_controls(shown),
                    "\n\n".join(situation),
                    tuple(choices),
                    ending,
                    self.pos(sline),
                )
            )

        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.level != 0:
                i += 1
                continue
            line = tok.map[0] + 1 if tok.map else section.level_line
            if tok.type == "heading_open":
                close()
                stitle = _plain(tokens[i + 1])
                current = (self.anchor(stitle), stitle, line)
                self.claim_id(current[0], line, "step")
                situation, choices = [], []
                i += 3
                continue
            end = _close_of(tokens, i) if tok.nesting == 1 else i
            if tok.type == "bullet_list_open" and current is not None:
                found = self.choices(tokens[i + 1 : end])
                if found is not None:
                    choices.extend(found)
                    i = end + 1
                    continue
            if tok.type != "html_block" and tok.map:
                (situation if current is not None else intro).append(
                    self.source(tok.map[0], tok.map[1])
                )
            i = end + 1
        close()
        return Drill(
            ident,
            strip_controls(title),
            "\n\n".join(intro),
            tuple(steps),
            self.pos(section.level_line),
        )

    def choices(self, tokens: Sequence[Token]) -> list[Choice] | None:
        result: list[Choice] = []
        for item_tokens, line in _list_items(tokens):
            inline = next((t for t in item_tokens if t.type == "inline"), None)
            children = inline.children or [] if inline is not None else []
            if not children or children[0].type != "link_open":
                return None
            href = str(children[0].attrs.get("href", ""))
            if not href.startswith("#"):
                return None
            label = _plain_children(children[1 : _link_end(children)])
            feedback = _quote_text(item_tokens)
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
            ident = slugify(label, ID_LIMIT) or f"choice-{len(result) + 1}"
            result.append(Choice(ident, label, href[1:], quality, feedback, self.pos(line)))
        return result or None


# -- token helpers --------------------------------------------------------------------------


def _plain(inline: Token) -> str:
    return _plain_children(inline.children or [])


def _plain_children(children: Sequence[Token]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_plain_children(child.children or []))
    return "".join(parts).strip()


def _link_end(children: Sequence[Token]) -> int:
    return next((n for n, c in enumerate(children) if c.type == "link_close"), len(children))


def _strip_inline_md(text: str) -> str:
    """Label text without emphasis markers or link syntax: what the learner reads."""
    tokens = markdown().parseInline(text)
    return _plain(tokens[0]) if tokens else text.strip()


def _is_task_list(tokens: Sequence[Token]) -> bool:
    items = _list_items(tokens)
    for item_tokens, _ in items:
        inline = next((t for t in item_tokens if t.type == "inline"), None)
        if inline is None or not _TASK.match(inline.content):
            return False
    return bool(items)


def _is_comment(tok: Token) -> bool:
    return tok.type == "html_block" and bool(_COMMENT.match(tok.content))


def _close_of(tokens: Sequence[Token], start: int) -> int:
    """Index of the token that closes tokens[start] (itself for a non-opening token)."""
    if tokens[start].nesting != 1:
        return start
    depth = 0
    for n in range(start, len(tokens)):
        depth += tokens[n].nesting
        if depth == 0:
            return n
    return len(tokens) - 1


def _next_top(tokens: Sequence[Token], start: int) -> int | None:
    for n in range(start, len(tokens)):
        if tokens[n].level == 0:
            return n
    return None


def _list_items(tokens: Sequence[Token]) -> list[tuple[list[Token], int]]:
    """The tokens of each top-level item of a list (tokens exclude the list's own open/close)."""
    items: list[tuple[list[Token], int]] = []
    if not tokens:
        return items
    base = tokens[0].level
    n = 0
    while n < len(tokens):
        tok = tokens[n]
        if tok.type == "list_item_open" and tok.level == base:
            end = _close_of(tokens, n)
            items.append((list(tokens[n + 1 : end]), tok.map[0] + 1 if tok.map else 1))
            n = end + 1
        else:
            n += 1
    return items


def _quote_text(item_tokens: Sequence[Token]) -> str:
    """The text of the first blockquote in a list item, paragraphs joined by blank lines."""
    inside = False
    depth = 0
    parts: list[str] = []
    for tok in item_tokens:
        if tok.type == "blockquote_open":
            if not inside and parts:
                break
            inside = True
            depth += 1
        elif tok.type == "blockquote_close":
            depth -= 1
            if depth == 0:
                break
        elif inside and tok.type == "inline":
            parts.append(tok.content)
    return strip_controls("\n\n".join(parts)).strip()


def _with_explanation(question: Question, parts: list[str]) -> Question:
    text = "\n\n".join(p for p in parts if p.strip())
    if not text:
        return question
    return Question(
        question.id, question.prompt, question.kind, question.options, text, question.pos
    )
