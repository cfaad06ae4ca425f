"""Pages: any `##` section that is not a quiz or a drill, and the text before the first."""

from __future__ import annotations

from bisect import bisect_left

from tutor.core.model import Page
from tutor.core.parser.slips import check_page
from tutor.core.parser.walk import Section, Walk


def read_page(walk: Walk, section: Section, title: str) -> Page | None:
    """The page of `section`; None for an empty preface (a file that starts at a heading)."""
    body = [b for b in section.blocks if not walk.is_comment(b)]
    preface = section.heading < 0
    if preface and not body:
        return None
    first = min(walk.line_of(b) for b in body) - 1 if preface else section.line - 1
    ident = walk.section_id(section)
    walk.claim(walk.item_ids, ident, section.line or first + 1, "page")
    check_page(walk, section, first + 1)
    blocks = body if preface else [section.heading, *body]
    size = len(walk.source(first, section.end_line - 1).encode("utf-8")) if body else 0
    lines = walk.heading_lines
    inside = slice(bisect_left(lines, first + 1), bisect_left(lines, section.end_line))
    return Page(
        ident,
        title,
        walk.doc(blocks) if body else (),
        walk.pos(first + 1),
        tuple(walk.heading_anchors[inside]),
        walk.page_links(first + 1, section.end_line),
        size,
    )
