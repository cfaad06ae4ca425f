"""A module's quiz: questions (a `###` heading or a paragraph) with task-list options.

    ### Who can see a comment you leave on a friend's post?

    - [ ] Only your friends
      > No: ...
    - [x] Whoever can see the post
      > Right: ...

Text after a question's options is its explanation; text before the first
question is the quiz's introduction. The kind of question follows from what is
written: True/False options, "(select all that apply)", or else single choice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it.token import Token

from tutor.core.markdown import Doc, parser, plain_of, text_of
from tutor.core.model import Kind, Option, Question, Quiz
from tutor.core.parser.walk import ID_COMMENT, ID_LIMIT, Section, Walk
from tutor.core.text import slugify

MULTIPLE_MARK = "(select all that apply)"

TASK = re.compile(r"\[([ xX])\][ \t]+")
_MULTIPLE = re.compile(re.escape(MULTIPLE_MARK), re.I)


def is_task_list(tokens: Sequence[Token], items: list[int]) -> bool:
    """Whether every item of a list starts with a paragraph that starts `[x] ` or `[ ] `."""
    for item in items:
        if tokens[item + 1].type != "paragraph_open":
            return False
        if not TASK.match(tokens[item + 2].content):
            return False
    return bool(items)


def read_quiz(walk: Walk, section: Section) -> Quiz:
    ident = walk.section_id(section)
    walk.claim(walk.item_ids, ident, section.line, "quiz")
    tokens, blocks = walk.tokens, section.blocks
    questions: list[Question] = []
    question_ids: dict[str, int] = {}
    intro: list[int] = []
    loose: list[int] = []  # blocks since the last options: the explanation, or the intro
    heading: list[str] = []  # a heading question waiting for its options, and its text
    heading_line = 0
    heading_pinned: str | None = None
    paragraph = -1  # the block index of a paragraph that may be a question
    paragraph_pinned: str | None = None

    def unanswered() -> None:
        if heading:
            walk.sink.add(
                heading_line,
                walk.pos(heading_line).col,
                "Q001",
                f"question has no options: {heading[0][:50]!r}",
                "follow it with a task list: - [x] a correct option, - [ ] a wrong one",
            )
            heading.clear()

    def settle() -> None:
        """The loose blocks so far are the last question's explanation, or the intro."""
        if questions:
            if loose:
                last = questions[-1]
                questions[-1] = Question(
                    last.id, last.prompt, last.kind, last.options, walk.doc(loose), last.pos
                )
        else:
            intro.extend(loose)
        loose.clear()

    for k, index in enumerate(blocks):
        tok = tokens[index]
        kind = tok.type
        line = walk.line_of(index)
        if walk.is_comment(index):
            pinned = walk.pinned_after(blocks, k)
            if heading and len(heading) == 1 and heading_pinned is None:
                heading_pinned = pinned
            elif paragraph >= 0 and paragraph_pinned is None:
                paragraph_pinned = pinned
            continue
        if kind == "heading_open":
            unanswered()
            settle()
            heading = [plain_of(tokens[index + 1].children or ())]
            heading_line, heading_pinned, paragraph = line, None, -1
            continue
        if kind in ("bullet_list_open", "ordered_list_open"):
            items = walk.list_items(index)
            if is_task_list(tokens, items):
                if heading:
                    prompt, prompt_line, pinned = heading[:], heading_line, heading_pinned
                    heading.clear()
                    settle()
                elif paragraph >= 0:
                    loose.pop()  # the paragraph is the question, not loose text
                    settle()
                    prompt = [plain_of(tokens[paragraph + 1].children or ())]
                    prompt_line, pinned = walk.line_of(paragraph), paragraph_pinned
                else:
                    walk.sink.add(
                        line,
                        walk.pos(line).col,
                        "Q001",
                        "options without a question",
                        "put the question in a ### heading or a paragraph just above the options",
                    )
                    paragraph = -1
                    continue
                options = _options(walk, items)
                question = _question(walk, prompt, prompt_line, pinned, options)
                walk.claim(question_ids, question.id, prompt_line, "question")
                questions.append(question)
                paragraph, paragraph_pinned = -1, None
                continue
        if heading:
            if kind == "paragraph_open":
                heading.append(plain_of(tokens[index + 1].children or ()))
            else:
                heading.append(text_of(walk.doc([index])))
            continue
        loose.append(index)
        paragraph = index if kind == "paragraph_open" else -1
        paragraph_pinned = None
    unanswered()
    settle()
    intro_doc: Doc = walk.doc(intro)
    return Quiz(ident, section.title, intro_doc, tuple(questions), walk.pos(section.line))


def _options(walk: Walk, items: list[int]) -> list[Option]:
    """The items of a task list, as options."""
    tokens = walk.tokens
    result: list[Option] = []
    seen: dict[str, int] = {}
    for item in items:
        line = walk.line_of(item)
        inline = tokens[item + 2]  # list_item_open, paragraph_open, inline
        match = TASK.match(inline.content)
        assert match is not None  # is_task_list checked every item
        children = inline.children or []
        pinned = None
        for child in children:
            if child.type == "html_inline" and ID_COMMENT.search(child.content):
                pinned = walk.explicit_id(child.content, line)
        first = children[0] if children else None
        if first is not None and first.type == "text" and TASK.match(first.content):
            rest = TASK.sub("", first.content, count=1)
            label = (rest + plain_of(children[1:], strip=False)).strip()
        else:  # "[x]" read as a link, because a reference [x]: ... is defined
            label = _label(ID_COMMENT.sub("", inline.content[match.end() :]))
        ident = pinned or slugify(label, ID_LIMIT) or f"option-{len(result) + 1}"
        walk.claim(seen, ident, line, "option")
        correct = match.group(1) != " "
        result.append(Option(ident, label, correct, walk.quote(item), walk.pos(line)))
    return result


def _label(text: str) -> str:
    """Label text without emphasis markers or link syntax: what the learner reads."""
    tokens = parser().parseInline(text)
    return plain_of(tokens[0].children or ()) if tokens else text.strip()


def _question(
    walk: Walk, parts: list[str], line: int, pinned: str | None, options: list[Option]
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
    return Question(ident, prompt, kind, tuple(options), (), walk.pos(line))
