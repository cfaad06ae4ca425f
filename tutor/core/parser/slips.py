"""Small slips that would change what learners see, each found where the trainer must edit.

Markdown forgives almost everything, so a slip of one character turns a quiz into
a page that shows the answer key, or a drill into a page that shows every
Best/Poor mark. The readers (pages.py, quiz.py, drill.py) call these helpers to
tell such sections apart, and report one diagnostic at the line to edit:

- a heading written almost as the format asks (H001): `## Drill - A review` or
  `## Drill A review` (no colon), `## Post-test` holding quiz questions,
  `### Quiz` one level too deep, `### Ending - Done`. The section is then read as
  what was meant, so that nothing else is reported because of it;
- task-list options outside the quiz (Q007), and drill choices with quality marks
  outside a drill (D007): one diagnostic for the page, at the first of them.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_left
from collections.abc import Sequence

from tutor.core.markdown import plain_of
from tutor.core.parser.walk import SPACED_LINK, Section, Walk
from tutor.core.text import slugify

#: the start of a heading that means a drill but lacks the colon: "Drill - ", "Drill ",
#: "Drill. ", "Drills: "
NEAR_DRILL = re.compile(r"drills?\b(?!:)|drills:", re.I)
#: a section name that means an assessment
NEAR_QUIZ = re.compile(
    r"(?:^|\b)(?:quiz\w*|tests?|post-?tests?|pre-?tests?|assessment|exam\w*|questions"
    r"|knowledge check|self-check|check your)\b",
    re.I,
)
#: a step heading that means an ending but is not written "Ending: ..."
NEAR_ENDING = re.compile(r"(?:ending|end)\b(?!:)|endings?\s*[-–—.]", re.I)
_QUALITY_WORD = re.compile(r"(best|acceptable|poor)\.?$", re.I)
_LEAD = re.compile(r"^(?:drills?|endings?|end)\s*[-–—.:]*\s*", re.I)


def rest_of(title: str) -> str:
    """A near-miss heading's title without its first word and punctuation."""
    return _LEAD.sub("", title, count=1).strip()


def lines_between(lines: Sequence[int], first: int, end: int) -> list[int]:
    """The entries of sorted `lines` in [first, end)."""
    return list(lines[bisect_left(lines, first) : bisect_left(lines, end)])


def has_quality_mark(walk: Walk, item: int) -> bool:
    """Whether a list item's feedback blockquote starts with **Best.**, **Acceptable.** or
    **Poor.** (a drill choice's quality mark)."""
    tokens = walk.tokens
    for child in walk.docs.children(item):
        if tokens[child].type != "blockquote_open":
            continue
        inner = walk.docs.children(child)
        if not inner or tokens[inner[0]].type != "paragraph_open":
            return False
        kids = [k for k in tokens[inner[0] + 1].children or () if k.type != "text" or k.content]
        if len(kids) < 3 or kids[0].type != "strong_open":
            return False
        return _QUALITY_WORD.match(plain_of(kids[1:2])) is not None
    return False


def starts_with_anchor_link(walk: Walk, item: int) -> bool:
    """Whether a list item's text starts with a link to an anchor (a drill choice), or
    with one markdown did not read as a link because of a space in its target."""
    tokens = walk.tokens
    if tokens[item + 1].type != "paragraph_open":
        return False
    inline = tokens[item + 2]
    children = inline.children or []
    if children and children[0].type == "link_open":
        return str(children[0].attrs.get("href", "")).startswith("#")
    match = SPACED_LINK.match(inline.content)
    return match is not None and match.group(2).startswith("#")


def choice_items(walk: Walk, blocks: Sequence[int]) -> list[int]:
    """List items among `blocks` (top-level lists) written as drill choices: a link to an
    anchor, then feedback with a quality mark."""
    found: list[int] = []
    tokens = walk.tokens
    for index in blocks:
        if tokens[index].type not in ("bullet_list_open", "ordered_list_open"):
            continue
        for item in walk.list_items(index):
            if starts_with_anchor_link(walk, item) and has_quality_mark(walk, item):
                found.append(item)
    return found


def meant(walk: Walk, heading: str) -> None:
    """The anchor a heading written almost right was meant to have counts as one, so that
    links to it are not reported too (the heading is)."""
    walk.anchors.add(slugify(heading))


def section_kind(walk: Walk, section: Section, has_quiz: bool) -> str:
    """ "quiz", "drill" or "page": what a `##` section is, or was surely meant to be (H001
    is reported for a heading written almost right, at the heading)."""
    if section.heading < 0:
        return "page"
    title = section.title
    lower = title.lower()
    if lower.startswith("quiz"):
        return "quiz"
    if lower.startswith("drill:"):
        return "drill"
    col = walk.pos(section.line).col
    if NEAR_DRILL.match(lower) and choice_items(walk, section.blocks):
        walk.sink.add(
            section.line,
            col,
            "H001",
            f'"{title[:50]}" is not a drill heading, so this drill would be a page that shows '
            "every Best/Poor mark",
            f'write "## Drill: {rest_of(title)[:50]}" (Drill, a colon, then the title)',
        )
        meant(walk, f"Drill: {rest_of(title)}")
        return "drill"
    if not has_quiz and NEAR_QUIZ.search(lower):
        tasks = lines_between(walk.task_lines, section.line, section.end_line)
        if tasks:
            walk.sink.add(
                section.line,
                col,
                "H001",
                f'"{title[:50]}" holds quiz questions, but only a heading that starts with '
                '"Quiz" makes a quiz: learners would see every answer',
                'rename it "## Quiz" (it may go on: "## Quiz: Replying to reviews")',
            )
            meant(walk, "Quiz")
            return "quiz"
    return "page"


def check_page(walk: Walk, section: Section, first_line: int) -> None:
    """Quiz options or drill choices inside a page: one diagnostic for the page."""
    tasks = lines_between(walk.task_lines, first_line, section.end_line)
    inside = walk.heading_index[
        bisect_left(walk.heading_index, (first_line, -1)) : bisect_left(
            walk.heading_index, (section.end_line, -1)
        )
    ]
    headings = [(line, index) for line, index in inside if line != section.line]
    if tasks:
        before = [(line, i) for line, i in headings if line < tasks[0]]
        near = next(
            (
                (line, i)
                for line, i in reversed(before)
                if plain_of(walk.tokens[i + 1].children or ()).lower().startswith("quiz")
            ),
            None,
        )
        if near is not None:
            line, index = near
            level = len(walk.tokens[index].markup)
            walk.sink.add(
                line,
                walk.pos(line).col,
                "H001",
                f'a quiz heading is "## Quiz" (two #): "{"#" * level} Quiz" makes its questions '
                "part of the page above, and learners would see every answer",
                'write "## Quiz"',
            )
        else:
            more = f" (and {len(tasks) - 1} more)" if len(tasks) > 1 else ""
            walk.sink.add(
                tasks[0],
                walk.pos(tasks[0]).col,
                "Q007",
                f"a task-list option ([x] or [ ]) outside the quiz{more}: learners would see it, "
                "and which answers are right, as page text",
                "move the question under the module's ## Quiz heading; for a plain checklist, "
                "drop the [ ] marks",
            )
    choices = choice_items(walk, section.blocks)
    if choices:
        line = walk.line_of(choices[0])
        before = [(h, i) for h, i in headings if h < line]
        near = next(
            (
                (h, i)
                for h, i in reversed(before)
                if NEAR_DRILL.match(plain_of(walk.tokens[i + 1].children or ()))
                or plain_of(walk.tokens[i + 1].children or ()).lower().startswith("drill:")
            ),
            None,
        )
        if near is not None:
            h, index = near
            title = plain_of(walk.tokens[index + 1].children or ())
            walk.sink.add(
                h,
                walk.pos(h).col,
                "H001",
                f'"{title[:50]}" is not a drill heading, so this drill is part of a page that '
                "shows every Best/Poor mark",
                f'write "## Drill: {rest_of(title)[:50]}" (two #, Drill, a colon, the title)',
            )
        else:
            walk.sink.add(
                line,
                walk.pos(line).col,
                "D007",
                "drill choices (with a Best/Acceptable/Poor mark) outside a drill: learners "
                "would see every mark as page text",
                'put them in a drill: a "## Drill: Title" heading, then ### steps',
            )


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def near_source(key: str, ids: Sequence[str]) -> str | None:
    """The listed source id that a bracketed word nearly is, if any: `[FSMB-2019]` or
    `[fsmb_2019]` for `fsmb-2019` (case and punctuation aside), `[fsmb]` for the only id
    that starts `fsmb-`, or one letter off (`[ama-2-3-3]`)."""
    if key in ids:
        return None
    folded = _fold(key)
    if not folded:
        return None
    for ident in ids:
        if _fold(ident) == folded:
            return ident
    lower = key.lower()
    starting = [i for i in ids if i.startswith(lower + "-")]
    if len(starting) == 1:
        return starting[0]
    if "-" in key or any(c.isdigit() for c in key):
        close = difflib.get_close_matches(lower, ids, n=1, cutoff=0.85)
        if close:
            return close[0]
    return None


def anchor_suggestion(
    target: str, anchors: Sequence[str] | frozenset[str] | set[str]
) -> str | None:
    """The anchor a link surely meant: the same in lower case, or as GitHub makes it from
    the target's words (a curly apostrophe dropped), or one close to it."""
    for candidate in (target.lower(), slugify(target)):
        if candidate in anchors:
            return candidate
    close = difflib.get_close_matches(target.lower(), sorted(anchors), n=1, cutoff=0.8)
    return close[0] if close else None


def check_drill(walk: Walk, section: Section) -> None:
    """Task-list options in a drill: drill choices are links to steps."""
    tasks = lines_between(walk.task_lines, section.line, section.end_line)
    if tasks:
        more = f" (and {len(tasks) - 1} more)" if len(tasks) > 1 else ""
        walk.sink.add(
            tasks[0],
            walk.pos(tasks[0]).col,
            "Q007",
            f"a task-list option ([x] or [ ]) in a drill{more}: learners would see it as text",
            "write a drill choice as a link to a step: - [What you do](#the-step-it-leads-to), "
            "then its feedback",
        )
