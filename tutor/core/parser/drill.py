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
from msgspec.structs import replace

from tutor.core.markdown import Doc, Paragraph, Run, Style, plain_of
from tutor.core.model import Choice, Drill, Quality, Step
from tutor.core.parser.slips import (
    NEAR_ENDING,
    anchor_suggestion,
    check_drill,
    meant,
    rest_of,
    starts_with_anchor_link,
)
from tutor.core.parser.walk import ID_COMMENT, ID_LIMIT, SPACED_LINK, Section, Walk
from tutor.core.text import link_target, slugify

_QUALITY = re.compile(r"(best|acceptable|poor)\.?", re.I)


def read_drill(walk: Walk, section: Section) -> Drill:
    ident = walk.section_id(section)
    walk.claim(walk.item_ids, ident, section.line, "drill")
    title = section.title.split(":", 1)[1].strip() if ":" in section.title else section.title
    if not section.title.lower().startswith("drill:"):  # a near miss, reported (H001)
        title = rest_of(section.title)
    tokens = walk.tokens
    intro: list[int] = []
    steps: list[Step] = []
    current: tuple[str, str, int] | None = None  # id, title, line
    situation: list[int] = []
    choices: list[Choice] = []
    aliases: dict[str, str] = {}  # the anchor a link meant -> the step's real anchor
    quiet: set[str] = set()  # steps whose heading was reported already (H001)

    def close() -> None:
        if current is None:
            return
        sid, stitle, sline = current
        ending = stitle.lower().startswith("ending:")
        shown = stitle.split(":", 1)[1].strip() if ending else stitle
        if not ending and not choices and NEAR_ENDING.match(stitle):
            shown = rest_of(stitle)
            walk.sink.add(
                sline,
                walk.pos(sline).col,
                "H001",
                f'"{stitle[:50]}" is not an ending heading, so the drill would not end here',
                f'write "### Ending: {shown[:50]}" (Ending, a colon, then the title)',
            )
            ending = True
            aliases.setdefault(slugify(f"Ending: {shown}"), sid)
            meant(walk, f"Ending: {shown}")
            quiet.add(sid)
        if ending and choices:
            line = choices[0].pos.line
            walk.sink.add(
                line,
                walk.pos(line).col,
                "D008",
                f'the ending "{shown[:40]}" has choices, which learners never see: the drill '
                "stops at an ending",
                'move the choices to a step, or make this a step: remove "Ending:" from its '
                "heading",
            )
        steps.append(Step(sid, shown, walk.doc(situation), tuple(choices), ending, walk.pos(sline)))

    for index in section.blocks:
        tok = tokens[index]
        if tok.type == "heading_open" and tok.tag == "h3":
            close()
            stitle = plain_of(tokens[index + 1].children or ())
            anchor = walk.anchor_of[index]
            current = (anchor, stitle, walk.line_of(index))
            base = slugify(stitle)
            if anchor != base:  # an earlier heading of the file has the same text
                aliases.setdefault(base, anchor)
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
    check_drill(walk, section)
    walk.section_end = section.end_line
    return Drill(
        ident,
        title,
        walk.doc(intro),
        tuple(_resolve(walk, steps, aliases, quiet)),
        walk.pos(section.line),
    )


def _resolve(walk: Walk, steps: list[Step], aliases: dict[str, str], quiet: set[str]) -> list[Step]:
    """Steps with each choice that links to the anchor a step was surely meant to have
    led to that step, and one diagnostic at the step's heading (D009) when its anchor
    has a -1 suffix because an earlier heading of the file has the same text (`quiet`:
    steps already reported another way)."""
    ids = {s.id for s in steps}
    meant = {base: real for base, real in aliases.items() if base not in ids and real in ids}
    for step in steps:  # a link written almost right (capitals, an apostrophe): say so, once
        for choice in step.choices:
            written = choice.target
            if written in ids or written in meant:
                continue
            suggestion = anchor_suggestion(written, ids)
            if suggestion is not None:
                line = choice.pos.line
                text = walk.lines[line - 1]
                at = text.find("](", choice.pos.col - 1)
                walk.sink.add(
                    line,
                    at + 3 if at >= 0 else choice.pos.col,
                    "D001",
                    f'choice links to "#{written}", which is not a step of this drill',
                    f"did you mean #{suggestion}?",
                )
                meant[written] = suggestion
    _misplaced_steps(walk, steps, ids, meant)
    if not meant:
        return steps
    by_id = {s.id: s for s in steps}
    told: set[str] = set()
    out: list[Step] = []
    for step in steps:
        moved: list[Choice] = []
        for choice in step.choices:
            real = meant.get(choice.target)
            if real is None:
                moved.append(choice)
                continue
            target = by_id[real]
            if real not in told and real not in quiet and choice.target in aliases:
                told.add(real)
                line = target.pos.line
                walk.sink.add(
                    line,
                    walk.pos(line).col,
                    "D009",
                    f"this heading repeats an earlier heading of the file, so its anchor is "
                    f'"#{real}", and choices that link "#{choice.target}" lead elsewhere',
                    f'reword this heading so that it is unique in the file (or link to "#{real}")',
                )
            moved.append(replace(choice, target=real))
        out.append(replace(step, choices=tuple(moved)))
    return out


def _misplaced_steps(walk: Walk, steps: list[Step], ids: set[str], meant: dict[str, str]) -> None:
    """A heading that choices link to, written as #### (or deeper) inside a step: it is
    part of that step's text, not a step. H001 at the heading, once."""
    wanted = {c.target for s in steps for c in s.choices} - ids - set(meant)
    if not wanted or not steps:
        return
    first, last = steps[0].pos.line, walk.section_end
    for line, index in walk.heading_index:
        anchor = walk.anchor_of.get(index, "")
        level = len(walk.tokens[index].markup)
        if anchor in wanted and first <= line < last and level > 3:
            walk.sink.add(
                line,
                walk.pos(line).col,
                "H001",
                f'"{"#" * level} ..." makes this heading part of the step above; choices link '
                "to it as a step",
                'write a step\'s heading with three #: "### ..."',
            )
            walk.reported_targets.add(anchor)


def _link_end(children: list[Token]) -> int:
    return next((n for n, c in enumerate(children) if c.type == "link_close"), len(children))


def _choices(walk: Walk, items: list[int]) -> list[Choice] | None:
    """The items of a list of links to steps, as choices; None if it is not one. A link
    markdown did not read because its target has a space is reported (D001) and read as
    the link it was meant to be."""
    tokens = walk.tokens
    if not all(starts_with_anchor_link(walk, item) for item in items):
        return None
    result: list[Choice] = []
    seen: dict[str, int] = {}
    for item in items:
        line = walk.line_of(item)
        children = tokens[item + 2].children or []
        quality, feedback = _quality(walk.quote(item))
        if children and children[0].type == "link_open":
            link = children[0]
            walk.choice_links.add(id(link))
            end = _link_end(children)
            label = plain_of(children[1:end])
            target = link_target(str(link.attrs.get("href", "")))[1:]
            rest = children[end:]
        else:
            spaced = SPACED_LINK.match(tokens[item + 2].content)
            assert spaced is not None  # starts_with_anchor_link checked
            label, written = spaced.group(1), spaced.group(2)
            target = slugify(written[1:])
            walk.choice_lines.add(line)
            walk.sink.add(
                line,
                walk.pos(line).col + (walk.lines[line - 1].lstrip().find("](") + 2),
                "D001",
                f'this choice is not a link: its target "{written[:40]}" has a space',
                f"write it as an anchor, with hyphens: (#{target})",
            )
            rest = children
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
                for c in rest
                if c.type == "html_inline" and ID_COMMENT.search(c.content)
            ),
            None,
        )
        ident = pinned or slugify(label, ID_LIMIT) or f"choice-{len(result) + 1}"
        walk.claim(seen, ident, line, "choice")
        result.append(Choice(ident, label, target, quality, feedback, walk.pos(line)))
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
