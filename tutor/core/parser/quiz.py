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
from msgspec.structs import replace

from tutor.core.markdown import Doc, parser, plain_of, text_of
from tutor.core.model import Kind, Option, Question, Quiz
from tutor.core.parser.walk import ID_COMMENT, ID_LIMIT, TASK_MARK, Section, Walk
from tutor.core.text import slugify

MULTIPLE_MARK = "(select all that apply)"

_MULTIPLE = re.compile(re.escape(MULTIPLE_MARK), re.I)
#: a mark meant as a task-list mark but not written as one: `[x]Yes`, `(x) Yes`, `[✓]`
LOOSE_MARK = re.compile(r"[\[(]\s*([xX✓✔vV*-]?)\s*[\])]\s*")
#: options indented so far that markdown shows them as code
_SHOWN_AS_CODE = re.compile(r"^\s*[-*+] \[[ xX]\]", re.M)


def is_task_list(tokens: Sequence[Token], items: list[int]) -> bool:
    """Whether every item of a list starts with a paragraph that starts `[x] ` or `[ ] `."""
    return bool(items) and all(_mark(tokens, item) == "task" for item in items)


def _mark(tokens: Sequence[Token], item: int) -> str:
    """ "task" for an item that starts `[x] `/`[ ] `; "loose" for one that starts with
    something meant as a mark (`[x]Yes`, `(x)`, `[✓]`); "" otherwise."""
    if tokens[item + 1].type != "paragraph_open":
        return ""
    content = tokens[item + 2].content
    if TASK_MARK.match(content):
        return "task"
    return "loose" if LOOSE_MARK.match(content) else ""


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
    options_end = -1  # k of the last block that held the last question's options
    lost = False  # options were lost to a slip that was reported (Q008)

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
                questions[-1] = replace(last, explanation=walk.doc(loose))
        else:
            intro.extend(loose)
        loose.clear()

    def extend_last(more: list[Option], feedback: Doc = ()) -> None:
        """Options (or feedback for the last option) that markdown moved out of the last
        question's list, put back where the trainer meant them."""
        last = questions[-1]
        options = list(last.options)
        if feedback and options and not options[-1].feedback:
            options[-1] = replace(options[-1], feedback=feedback)
        seen = {o.id: o.pos.line for o in options}
        for option in more:
            walk.claim(seen, option.id, option.pos.line, "option")
            options.append(option)
        questions[-1] = replace(last, options=tuple(options))

    previous = -1  # k of the last block that is not a comment
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
        follows_options = questions and previous == options_end and not heading
        previous = k
        if kind == "heading_open":
            unanswered()
            settle()
            heading = [plain_of(tokens[index + 1].children or ())]
            heading_line, heading_pinned, paragraph = line, None, -1
            continue
        if kind == "blockquote_open" and follows_options:
            walk.sink.add(
                line,
                walk.pos(line).col,
                "Q008",
                "this feedback is not indented under its option, so markdown ends the list of "
                "options here",
                "indent the > line two spaces, under the option's text",
            )
            extend_last([], walk.doc(walk.docs.children(index)))
            options_end = k
            continue
        if kind == "code_block" and _SHOWN_AS_CODE.search(tok.content):
            walk.sink.add(
                line,
                walk.pos(line).col,
                "Q008",
                "these options are indented four spaces or more, so markdown shows them as code",
                "start each option at the left margin (- [x] ...), its feedback two spaces in",
            )
            heading.clear()  # its question has options, written wrongly: said once, here
            lost = True
            continue
        if kind in ("bullet_list_open", "ordered_list_open"):
            items = walk.list_items(index)
            marks = [_mark(tokens, item) for item in items]
            if any(marks):
                odd = next((i for i, m in zip(items, marks, strict=True) if m != "task"), None)
                if odd is not None:
                    odd_line = walk.line_of(odd)
                    walk.sink.add(
                        odd_line,
                        walk.pos(odd_line).col,
                        "Q008",
                        "every option starts with [x] or [ ] and a space: "
                        f"{tokens[odd + 2].content[:30]!r} does not",
                        "write - [x] for a correct option and - [ ] for a wrong one",
                    )
                if follows_options:
                    above = tokens[blocks[options_end]]
                    if above.type != "blockquote_open" and above.markup == tok.markup:
                        walk.sink.add(
                            line,
                            walk.pos(line).col,
                            "Q008",
                            "a line between the options above and these (a comment on a line "
                            "of its own?) ends the list, so these would be a question of their own",
                            "keep the options of a question together, one line after another",
                        )
                    elif above.type != "blockquote_open":  # after unindented feedback: reported
                        walk.sink.add(
                            line,
                            walk.pos(line).col,
                            "Q008",
                            f'this option starts with "{tok.markup}" and the one above with '
                            f'"{above.markup}": markdown makes that a new list, so it would be '
                            "a question of its own",
                            'start every option of a question with "-"',
                        )
                    extend_last(_options(walk, items))
                    options_end = k
                    continue
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
                options_end = k
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
    if not questions and not lost:
        walk.sink.add(
            section.line,
            walk.pos(section.line).col,
            "Q006",
            "the quiz has no questions",
            "add questions: a ### heading followed by a task list of options",
        )
    intro_doc: Doc = walk.doc(intro)
    return Quiz(ident, section.title, intro_doc, tuple(questions), walk.pos(section.line))


def _options(walk: Walk, items: list[int]) -> list[Option]:
    """The items of a task list, as options; an option indented under another (a list of
    options inside an option) is reported and read as one more option."""
    tokens = walk.tokens
    result: list[Option] = []
    seen: dict[str, int] = {}
    for item in items:
        line = walk.line_of(item)
        inline = tokens[item + 2]  # list_item_open, paragraph_open, inline
        match = TASK_MARK.match(inline.content) or LOOSE_MARK.match(inline.content)
        children = inline.children or []
        pinned = None
        for child in children:
            if child.type == "html_inline" and ID_COMMENT.search(child.content):
                pinned = walk.explicit_id(child.content, line)
        first = children[0] if children else None
        if match is None:  # not an option at all: reported by the caller (Q008)
            label = plain_of(children)
        elif (
            first is not None and first.type == "text" and first.content.startswith(match.group(0))
        ):
            rest = first.content[match.end() :]
            label = (rest + plain_of(children[1:], strip=False)).strip()
        else:  # "[x]" read as a link, because a reference [x]: ... is defined
            label = _label(ID_COMMENT.sub("", inline.content[match.end() :]))
        ident = pinned or slugify(label, ID_LIMIT) or f"option-{len(result) + 1}"
        walk.claim(seen, ident, line, "option")
        correct = match is not None and match.group(1).strip().lower() not in ("", "-")
        result.append(Option(ident, label, correct, walk.quote(item), walk.pos(line)))
        for sub in walk.docs.children(item):
            if tokens[sub].type not in ("bullet_list_open", "ordered_list_open"):
                continue
            nested = walk.list_items(sub)
            if not any(_mark(tokens, n) for n in nested):
                continue
            nested_line = walk.line_of(nested[0])
            walk.sink.add(
                nested_line,
                walk.pos(nested_line).col,
                "Q008",
                "this option is indented under the option above, so markdown makes it part of "
                "that option",
                "start it at the same indent as the other options",
            )
            for option in _options(walk, nested):
                walk.claim(seen, option.id, option.pos.line, "option")
                result.append(option)
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
