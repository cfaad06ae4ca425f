"""Turn one module file into a `Module`, with diagnostics for what is wrong.

The file is read and checked for unsafe bytes here, parsed once with the shared
markdown configuration (`tutor.core.markdown.parser`), and then read in four
steps, one module each: the front matter (frontmatter.py), one walk over every
token (walk.py), and the items the walk's sections hold: pages (pages.py),
the quiz (quiz.py) and drills (drill.py). The rules that look at the finished
model live in `tutor.core.lint`.

Nothing here raises for bad content: every problem becomes a diagnostic.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from tutor.core.diagnostics import MAX_PER_CODE, Diagnostic, Sink
from tutor.core.files import FileProblem, Kind, read_file
from tutor.core.markdown import CITATION_KEY, parser
from tutor.core.model import Item, Link, Module, Page, Pos, Source
from tutor.core.parser import frontmatter
from tutor.core.parser.drill import read_drill
from tutor.core.parser.frontmatter import PINNED_LIMIT, Front
from tutor.core.parser.pages import read_page
from tutor.core.parser.quiz import read_quiz
from tutor.core.parser.slips import near_source, section_kind
from tutor.core.parser.walk import Walk
from tutor.core.settings import MAX_FILE
from tutor.core.text import (
    byte_line_col,
    find_controls,
    find_invisible,
    line_col_in,
    line_starts,
    strip_controls,
)

MAX_CONTROLS_LISTED = MAX_PER_CODE  # S001 for this many control characters, then one more

__all__ = ["MAX_FILE", "ParsedModule", "parse_module"]


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
    items: tuple[Item, ...] = ()
    front: Front | None = None
    #: bracketed words that nearly name a listed source: (as written, where, the id)
    miscited: tuple[tuple[str, Pos, str], ...] = ()
    images: tuple[Link, ...] = ()
    #: links markdown did not read, for a space in the target: (where, label, target)
    spaced_links: tuple[tuple[Pos, str, str], ...] = ()
    lines: list[str] = field(default_factory=list)  # the text, as parsed, by line
    #: drill link targets the parser reported already (a heading written at the wrong level)
    reported_targets: frozenset[str] = frozenset()

    @property
    def sources(self) -> tuple[Source, ...] | None:
        """The front matter's sources; None when the list is missing or unusable."""
        return self.front.sources if self.front is not None else None

    @property
    def pages(self) -> tuple[Page, ...]:
        return tuple(i for i in self.items if isinstance(i, Page))

    def key_pos(self, key: str) -> Pos | None:
        """Where a top-level front-matter key (or [[table]]) is written, if it is."""
        return self.front.key_pos(self.path, key) if self.front is not None else None

    @property
    def front_line(self) -> int:
        return self.front.line if self.front is not None else 1


def parse_module(path: Path, data: bytes | None = None) -> ParsedModule:
    """Parse a module file. Never raises for bad content: problems become diagnostics."""
    sink = Sink(path)
    if data is None:
        try:
            data = read_file(path, MAX_FILE, "module")
        except FileProblem as exc:
            hint = (
                "split it into smaller modules"
                if exc.kind is Kind.FILE
                else "make it a markdown file that you can open in your editor"
            )
            sink.add(1, 1, "F001", f"cannot read the module: {exc}", hint)
            return ParsedModule(path, None, sink.items)
    if len(data) > MAX_FILE:
        sink.add(
            1,
            1,
            "F001",
            f"cannot read the module: the module is larger than {MAX_FILE >> 20} MiB, the most "
            "tutor reads",
            "split it into smaller modules",
        )
        return ParsedModule(path, None, sink.items)
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = byte_line_col(data, exc.start)
        sink.add(
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
            sink.add(
                line,
                col,
                "S001",
                f"{len(controls) - n} more terminal control characters from here on",
                "delete them; they are invisible in most editors but can take over the "
                "learner's terminal",
            )
            break
        sink.add(
            line,
            col,
            "S001",
            f"terminal control character U+{ord(raw[offset]):04X}",
            "delete it; it is invisible in most editors but can take over the learner's terminal",
        )
    text = strip_controls(raw) if controls else raw
    return _read(path, text, sink, content_hash)


def _read(path: Path, text: str, sink: Sink, content_hash: str) -> ParsedModule:
    tokens = parser().parse(text)
    lines = text.split("\n")
    front = frontmatter.read(tokens[0] if tokens else None, path, lines, sink)
    listed = [s.id for s in front.sources or ()] if front is not None else []
    ids = set(listed)

    def cites(key: str) -> bool:
        return key in ids or CITATION_KEY.fullmatch(key) is not None

    def near(key: str) -> str | None:
        return near_source(key, listed)

    walk = Walk(path, text, tokens, sink, cites, PINNED_LIMIT, near)
    sections = walk.split(walk.walk(0 if front is None else 1))
    _invisible(text, walk, sink)
    matter = front.matter if front is not None else None
    items: list[Item] = []
    quiz_seen = False
    has_quiz = any(s.heading >= 0 and s.title.lower().startswith("quiz") for s in sections)
    for section in sections:
        kind = section_kind(walk, section, has_quiz)
        item: Item | None
        if section.heading < 0:
            shown = strip_controls(matter.title) if matter is not None else "Introduction"
            item = read_page(walk, section, shown)
        elif kind == "quiz":
            if quiz_seen:
                sink.add(
                    section.line,
                    walk.pos(section.line).col,
                    "Q005",
                    "a module has at most one quiz",
                    "merge the questions into the first quiz section",
                )
            quiz_seen = has_quiz = True
            item = read_quiz(walk, section)
        elif kind == "drill":
            item = read_drill(walk, section)
        else:
            item = read_page(walk, section, section.title)
        if item is not None:
            items.append(item)
    module = None
    if matter is not None and front is not None and front.sources is not None:
        module = Module(
            id=matter.id,
            title=strip_controls(matter.title),
            minutes=matter.minutes,
            objectives=tuple(strip_controls(o) for o in matter.objectives),
            last_reviewed=matter.last_reviewed,
            sources=front.sources,
            items=tuple(items),
            content_hash=content_hash,
            pos=Pos(path, 1, 1),
        )
    return ParsedModule(
        path,
        module,
        sink.items,
        frozenset(walk.anchors),
        walk.page_links(1, len(lines) + 1),
        tuple(walk.citations),
        tuple(items),
        front,
        tuple(walk.miscited),
        tuple(walk.images),
        tuple(s for s in walk.spaced_links if s[0].line not in walk.choice_lines),
        lines,
        frozenset(walk.reported_targets),
    )


def _invisible(text: str, walk: Walk, sink: Sink) -> None:
    """S006: characters that reorder or hide text, one diagnostic per line."""
    by_line: dict[int, list[Pos]] = {}
    for offset in find_invisible(text):
        pos = walk.pos_of(offset)
        by_line.setdefault(pos.line, []).append(pos)
    for n, positions in enumerate(by_line.values()):
        pos = positions[0]
        if n == MAX_CONTROLS_LISTED and len(by_line) > n + 1:
            sink.add(
                pos.line,
                pos.col,
                "S006",
                f"invisible characters on {len(by_line) - n} more lines from here on",
                "delete them: they cannot be seen, but they can reorder or hide the text",
            )
            break
        offset = walk.starts[pos.line - 1] + pos.col - 1
        more = f" (and {len(positions) - 1} more on this line)" if len(positions) > 1 else ""
        sink.add(
            pos.line,
            pos.col,
            "S006",
            f"invisible character U+{ord(text[offset]):04X} "
            f"({unicodedata.name(text[offset], 'format character').lower()}){more}",
            "delete it: it cannot be seen, but it can reorder or hide the text around it",
        )
