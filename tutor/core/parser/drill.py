"""Drills: branching scenarios of `###` steps joined by links to their anchors.

    ## Drill: A friend request after clinic

    ### The request arrives

    - [Decline and explain at the next visit](#a-repaired-relationship)
      > **Best.** ...

    ### Ending: A repaired relationship

Each choice's feedback starts with **Best.**, **Acceptable.** or **Poor.**; a step
whose title starts "Ending:" ends the drill, and its text is the debrief.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from tutor.core.markdown import Doc, Paragraph, Run, Style, plain_of
from tutor.core.model import Choice, Drill, Quality, Step
from tutor.core.parser.walk import ID_COMMENT, ID_LIMIT, Section, Walk
from tutor.core.text import slugify

_QUALITY = re.compile(r"(best|acceptable|poor)\.?", re.I)


def read_drill(walk: Walk, section: Section) -> Drill:
    ident = walk.section_id(section)
    walk.claim(walk.item_ids, ident, section.line, "drill")
    title = section.title.split(":", 1)[1].strip() if ":" in section.title else section.title
    tokens = walk.tokens
    intro: list[int] = []
    steps: list[Step] = []
    current: tuple[str, str, int] | None = None  # id, title, line
    situation: list[int] = []
    choices: list[Choice] = []

    def close() -> None:
        if current is None:
            return
        sid, stitle, sline = current
        ending = stitle.lower().startswith("ending:")
        shown = stitle.split(":", 1)[1].strip() if ending else stitle
        steps.append(Step(sid, shown, walk.doc(situation), tuple(choices), ending, walk.pos(sline)))

    for index in section.blocks:
        tok = tokens[index]
        if tok.type == "heading_open" and tok.tag == "h3":
            close()
            stitle = plain_of(tokens[index + 1].children or ())
            current = (walk.anchor_of[index], stitle, walk.line_of(index))
            situation, choices = [], []
            continue
        if tok.type == "bullet_list_open" and current is not None:
            found = _choices(walk, walk.list_items(index))
            if found is not None:
                choices.extend(found)
                continue
        if walk.is_comment(index):
            continue
        (situation if current is not None else intro).append(index)
    close()
    return Drill(ident, title, walk.doc(intro), tuple(steps), walk.pos(section.line))


def _link_end(children: list[Token]) -> int:
    return next((n for n, c in enumerate(children) if c.type == "link_close"), len(children))


def _choices(walk: Walk, items: list[int]) -> list[Choice] | None:
    """The items of a list of links to steps, as choices; None if it is not one."""
    tokens = walk.tokens
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
        line = walk.line_of(item)
        walk.choice_links.add(id(link))
        end = _link_end(children)
        label = plain_of(children[1:end])
        quality, feedback = _quality(walk.quote(item))
        if quality is None:
            quality = Quality.POOR
            walk.sink.add(
                line,
                walk.pos(line).col,
                "D005",
                f"choice has no quality mark: {label[:40]!r}",
                "start its feedback blockquote with **Best.**, **Acceptable.** or **Poor.**",
            )
        pinned = next(
            (
                walk.explicit_id(c.content, line)
                for c in children[end:]
                if c.type == "html_inline" and ID_COMMENT.search(c.content)
            ),
            None,
        )
        ident = pinned or slugify(label, ID_LIMIT) or f"choice-{len(result) + 1}"
        walk.claim(seen, ident, line, "choice")
        href = str(link.attrs.get("href", ""))
        result.append(Choice(ident, label, href[1:], quality, feedback, walk.pos(line)))
    return result or None


def _quality(feedback: Doc) -> tuple[Quality | None, Doc]:
    """The quality mark that opens a choice's feedback (`**Best.**`), and the feedback
    without it."""
    first = feedback[0] if feedback else None
    if not isinstance(first, Paragraph) or not first.text:
        return None, feedback
    mark = first.text[0]
    match = _QUALITY.fullmatch(mark.text.strip())
    if not mark.style & Style.BOLD or match is None:
        return None, feedback
    rest = list(first.text[1:])
    if rest:  # "**Best**." leaves the full stop outside the bold
        text = rest[0].text.removeprefix(".").lstrip(" ")
        rest[0] = Run(text, rest[0].style, rest[0].link, rest[0].cite)
        if not text:
            rest.pop(0)
    body: Doc = ((Paragraph(tuple(rest)),) if rest else ()) + feedback[1:]
    return Quality(match.group(1).lower()), body
