"""Lint rules about what a module says and how long it takes, beyond its structure.

- Sources (F005, F006, F007, P004): every listed source is cited, has a web address or
  is marked print-only, and every citation names a listed source, also when it is
  written in capitals or without the year (`[FSMB-2019]`, `[fsmb]`); a source id
  declared in several modules has one title and url across the course.
- Time and credit (T001, C007): a module's `minutes` agrees with the content estimate
  (`tutor.core.estimate`), and `max_credit` is at most what the estimated time of
  the whole course allows.
- Size (P005): a page, question or step is at most what the app shows at once
  (`tutor.core.limits`).
- Images (P006): the app shows an image's description only.
- Template text (P007): text left from `tutor new`'s template, found by comparing
  lines with the template itself.
- Stated settings (P008): text that states a pass mark, a number of questions or a
  credit other than the course's own.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from tutor.core.diagnostics import Diagnostic, Sink
from tutor.core.estimate import TOLERANCE, WORDS_PER_MINUTE, credit_allowed, estimate
from tutor.core.limits import MAX_OPTIONS, PAGE_LIMIT
from tutor.core.locate import positions
from tutor.core.model import Drill, Module, Pos, Quiz, Source
from tutor.core.parser import ParsedModule
from tutor.core.settings import COURSE_FILE, CourseSettings

# -- sources ---------------------------------------------------------------------------------


def sources(parsed: ParsedModule, listed: Sequence[Source], sink: Sink) -> None:
    ids = [s.id for s in listed]
    known = set(ids)
    cited: set[str] = set()
    for ident, pos in parsed.citations:
        cited.add(ident)
        if ident in known:
            continue
        close = difflib.get_close_matches(ident, ids, n=1, cutoff=0.75)
        hint = (
            f'did you mean [{close[0]}]? Otherwise add [[sources]] with id = "{ident}" to the '
            "front matter"
            if close
            else f'add [[sources]] with id = "{ident}" to the front matter, or fix the id'
        )
        sink.add(pos.line, pos.col, "P004", f'source "{ident}" is cited but not listed', hint)
    for written, pos, ident in parsed.miscited:
        cited.add(ident)
        sink.add(
            pos.line,
            pos.col,
            "P004",
            f'"[{written[:40]}]" is not a citation the format reads, so learners would see it '
            "as typed",
            f"cite the listed source as [{ident}] (its id exactly: lower case, with hyphens)",
        )
    places = _SourcePlaces(parsed)
    for n, source in enumerate(listed):
        if source.id in cited and (source.url or source.print_only):
            continue
        line, col = places.at(n)
        if source.id not in cited:
            sink.add(
                line,
                col,
                "F005",
                f'source "{source.id[:40]}" is listed but never cited in this module',
                f"cite it as [{source.id}] after the claim it supports, or remove it from the list",
            )
        if not source.url and not source.print_only:
            sink.add(
                line,
                col,
                "F006",
                f'source "{source.id[:40]}" has no url, so learners cannot open it',
                'add url = "https://..." to it; for a book or a print-only source, add '
                "print_only = true",
            )


def shared_sources(modules: Sequence[ParsedModule]) -> list[Diagnostic]:
    """F007: a source id means one source across a course. Each declaration of an id
    whose title or url differs from the id's first declaration (in course order) is
    reported where it is written, naming the first."""
    first: dict[str, tuple[Source, ParsedModule]] = {}
    found: list[Diagnostic] = []
    for parsed in modules:
        if parsed.sources is None:
            continue
        sink = Sink(parsed.path)
        places = _SourcePlaces(parsed)
        for n, source in enumerate(parsed.sources):
            original, where = first.setdefault(source.id, (source, parsed))
            differs = [
                what
                for what, mine, theirs in (
                    ("title", source.title, original.title),
                    ("url", source.url, original.url),
                )
                if mine != theirs
            ]
            if where is parsed or not differs:
                continue
            line, col = places.at(n)
            sink.add(
                line,
                col,
                "F007",
                f'source "{source.id[:40]}" has a different {" and ".join(differs)} in '
                f"{where.path.name}, so learners would see two versions of one reference",
                f"copy its title and url from {where.path.name} (or fix them there), or give "
                "this source its own id",
            )
        found.extend(sink.items)
    return found


class _SourcePlaces:
    """Where the front matter writes each [[sources]] entry: (line, col) in the file,
    the fence line when it cannot be found. The front matter is scanned once, on first use."""

    def __init__(self, parsed: ParsedModule) -> None:
        self._front = parsed.front
        self._places: dict[tuple[str | int, ...], tuple[int, int]] | None = None

    def at(self, n: int) -> tuple[int, int]:
        front = self._front
        if front is None:
            return (1, 1)
        if self._places is None:
            self._places = positions(front.text)
        at = self._places.get(("sources", n, "id")) or self._places.get(("sources", n))
        return (front.line + at[0], at[1]) if at else (front.line, 1)


# -- time and credit -------------------------------------------------------------------------


def minutes(parsed: ParsedModule, module: Module, sink: Sink) -> float:
    """T001: the stated minutes, against the content estimate (rounded to whole minutes,
    at least one). Returns the estimate, in minutes."""
    found = estimate(module)
    expected = max(1, round(found.minutes))
    if abs(module.minutes - expected) <= TOLERANCE * expected:
        return found.minutes
    at = parsed.key_pos("minutes") or Pos(parsed.path, parsed.front_line, 1)
    parts = (
        [f"{found.words:,} words of pages at {WORDS_PER_MINUTE} a minute"] if found.words else []
    )
    if found.questions:
        parts.append(f"{found.questions} question{'s' if found.questions != 1 else ''}")
    if found.decisions:
        parts.append(
            f"{found.decisions} decision{'s' if found.decisions != 1 else ''} on the drills' "
            "best paths"
        )
    sink.add(
        at.line,
        at.col,
        "T001",
        f"minutes = {module.minutes}, but the content takes about {expected} ({', '.join(parts)})",
        f"set minutes = {expected}, or change the content; credit is based on the estimate "
        '(docs/lesson-format.md, "Time and credit")',
    )
    return found.minutes


def credit(settings: CourseSettings, text: str, total: float, sink: Sink) -> None:
    """C007: max_credit in quarter hours (0 only without a provider), and at most what the
    content's estimated time allows. `total` is the estimate of every module, in minutes."""
    value = settings.max_credit
    line = _line_of(text, "max_credit")
    if value * 4 != int(value * 4) or (value <= 0 and settings.provider is not None):
        sink.add(
            line,
            1,
            "C007",
            f"max_credit {value:g} is not a positive multiple of 0.25",
            "credit is claimed in quarter hours: 0.25, 0.5, 0.75, ...",
        )
        return
    allowed = credit_allowed(total)
    if value > allowed:
        sink.add(
            line,
            1,
            "C007",
            f"max_credit {value:g} is more than the content's estimated time allows: about "
            f"{max(1, round(total))} minutes, so at most {allowed:g} hours",
            f"lower max_credit to at most {allowed:g}, or add content; the estimate is "
            'explained in docs/lesson-format.md, "Time and credit"',
        )


def _line_of(text: str, key: str) -> int:
    hit = positions(text).get((key,))
    return hit[0] if hit else 1


# -- size ------------------------------------------------------------------------------------


def sizes(parsed: ParsedModule, sink: Sink) -> None:
    """P005 for a page, question or step over PAGE_LIMIT bytes, or with too many options."""
    lines = parsed.lines
    items = parsed.items
    for n, item in enumerate(items):
        end = items[n + 1].pos.line if n + 1 < len(items) else len(lines) + 1
        if isinstance(item, Quiz):
            starts = [q.pos.line for q in item.questions]
            for k, question in enumerate(item.questions):
                stop = starts[k + 1] if k + 1 < len(starts) else end
                _size(parsed, sink, question.pos, stop, "question", len(question.options))
        elif isinstance(item, Drill):
            starts = [s.pos.line for s in item.steps]
            for k, step in enumerate(item.steps):
                stop = starts[k + 1] if k + 1 < len(starts) else end
                _size(parsed, sink, step.pos, stop, "step", len(step.choices))
        elif item.size > PAGE_LIMIT:
            sink.add(
                item.pos.line,
                item.pos.col,
                "P005",
                f'page "{item.title[:40]}" is {item.size // 1024} KB, more than the '
                f"{PAGE_LIMIT // 1024} KB the app shows at once",
                "split it into pages at new ## headings",
            )


def _size(parsed: ParsedModule, sink: Sink, pos: Pos, stop: int, what: str, count: int) -> None:
    text = parsed.lines[pos.line - 1 : stop - 1]
    chars = sum(len(line) + 1 for line in text)
    size = chars if chars * 4 <= PAGE_LIMIT else len("\n".join(text).encode("utf-8"))
    many = "options" if what == "question" else "choices"
    if size > PAGE_LIMIT:
        sink.add(
            pos.line,
            pos.col,
            "P005",
            f"this {what} is {size // 1024} KB, more than the {PAGE_LIMIT // 1024} KB the app "
            "shows at once",
            f"shorten its text, or split it into more than one {what}",
        )
    elif count > MAX_OPTIONS:
        sink.add(
            pos.line,
            pos.col,
            "P005",
            f"this {what} has {count} {many}, more than the {MAX_OPTIONS} the app shows at once",
            f"keep to the {many} a real physician would weigh",
        )


# -- images ----------------------------------------------------------------------------------


def images(parsed: ParsedModule, sink: Sink) -> None:
    root = parsed.path.parent
    for image in parsed.images:
        src, pos = image.href, image.pos
        shown = f"[image: {image.text[:40] or 'no description'}]"
        if src.startswith("https://"):
            pass
        elif ":" in src.split("/", 1)[0] or src.startswith(("/", "\\")) or ".." in Path(src).parts:
            sink.add(
                pos.line,
                pos.col,
                "S003",
                f'image "{src[:60]}" is neither https nor within the course',
                "keep images in the course folder, or link to an https:// address",
            )
            continue
        elif not (root / src.split("#", 1)[0]).is_file():
            sink.add(
                pos.line,
                pos.col,
                "P003",
                f'image "{src[:60]}" is not in the course folder',
                "check the file name and folder (relative to this module)",
            )
            continue
        sink.add(
            pos.line,
            pos.col,
            "P006",
            f"the app does not show images: learners see {shown} here",
            "describe in the text what the image shows, so the page reads well without it "
            "(GitHub still shows the image)",
        )


# -- text left from the template -------------------------------------------------------------


@cache
def template_lines() -> frozenset[str]:
    """The lines of `tutor new`'s template that a trainer is meant to replace: its text,
    objectives included, without its headings (the format's own words), its settings
    (`key = value`) and lines too short to tell apart."""
    from tutor.core.scaffold import TEMPLATE_PATH

    lines = TEMPLATE_PATH.read_text(encoding="utf-8").split("\n")
    return frozenset(
        line.strip().strip('",').strip()
        for line in lines
        if len(line.strip()) >= 20
        and "{{" not in line
        and " = " not in line
        and not line.startswith(("#", "```"))
    )


def template_text(parsed: ParsedModule, sink: Sink) -> None:
    """P007: one warning at the first line left from the template, with a count."""
    known = template_lines()
    stripped = [line.strip().strip('",').strip() for line in parsed.lines]
    if known.isdisjoint(stripped):  # the usual case, found at C speed
        return
    found = [n + 1 for n, line in enumerate(stripped) if line in known]
    first = found[0]
    more = f" (and {len(found) - 1} more lines)" if len(found) > 1 else ""
    col = len(parsed.lines[first - 1]) - len(parsed.lines[first - 1].lstrip()) + 1
    sink.add(
        first,
        col,
        "P007",
        f"text left from the `tutor new` template{more}: learners would read it",
        "replace it with the module's own text",
    )


# -- settings stated in the text -------------------------------------------------------------

_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
)
_NUMBER_WORDS = {word: n for n, word in enumerate(_WORDS.split(" "))}
_PASS = re.compile(
    r"(\d{1,3}(?:\.\d+)?)\s?%[^.\n]{0,40}\bpass|\bpass[^.\n]{0,40}?(\d{1,3}(?:\.\d+)?)\s?%",
    re.I,
)
_QUESTIONS = re.compile(
    r"\b(\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")\s+(?:\w+\s+)?questions\b", re.I
)
_CREDITS = re.compile(r"\b(\d{1,3}(?:\.\d+)?)\s+(?:AMA PRA Category 1\s+)?credits?\b", re.I)


def stated_settings(parsed: ParsedModule, settings: CourseSettings, sink: Sink) -> None:
    """P008: a pass mark or credit in the module's text, or a number of questions in its
    quiz's introduction, that differs from the real one."""
    module = parsed.module
    lines = parsed.lines
    start = parsed.front_line + (parsed.front.text.count("\n") if parsed.front else 0)
    quiz = module.quiz if module is not None else None
    intro = (
        range(quiz.pos.line, quiz.questions[0].pos.line)
        if quiz is not None and quiz.questions
        else range(0)
    )
    score = settings.passing_score
    for n in range(start, len(lines)):
        line = lines[n]
        if "%" in line:
            for match in _PASS.finditer(line):
                stated = float(match.group(1) or match.group(2))
                if abs(stated - score) > 1e-9:
                    sink.add(
                        n + 1,
                        match.start() + 1,
                        "P008",
                        f"the text states a pass mark of {stated:g}%, but passing_score is "
                        f"{score:g} in {COURSE_FILE}",
                        "write the pass mark the course uses, or leave it out: the app shows "
                        "the real one above every quiz",
                    )
        if "redit" in line:  # "credit" or "Credit": a cheap test before the pattern
            for match in _CREDITS.finditer(line):
                stated = float(match.group(1))
                if abs(stated - settings.max_credit) > 1e-9:
                    sink.add(
                        n + 1,
                        match.start() + 1,
                        "P008",
                        f"the text states {stated:g} credits, but max_credit is "
                        f"{settings.max_credit:g} in {COURSE_FILE}",
                        "write the credit the course offers, or leave it out",
                    )
        if quiz is not None and n + 1 in intro and "question" in line.lower():
            for match in _QUESTIONS.finditer(line):
                word = match.group(1).lower()
                stated_count = int(word) if word.isdigit() else _NUMBER_WORDS[word]
                if stated_count != len(quiz.questions):
                    sink.add(
                        n + 1,
                        match.start() + 1,
                        "P008",
                        f"the quiz's introduction states {stated_count} questions, but the quiz "
                        f"has {len(quiz.questions)}",
                        "correct the number, or leave it out",
                    )


def link_column(parsed: ParsedModule, pos: Pos) -> int:
    """The column of a choice's link target on its line (after "]("), or the item's."""
    line = parsed.lines[pos.line - 1] if 0 < pos.line <= len(parsed.lines) else ""
    at = line.find("](", pos.col - 1)
    return at + 3 if at >= 0 else pos.col


__all__ = [
    "credit",
    "images",
    "link_column",
    "minutes",
    "sizes",
    "sources",
    "stated_settings",
    "template_text",
]
