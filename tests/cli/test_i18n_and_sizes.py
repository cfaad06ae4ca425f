"""Non-English courses work (issue 10, class 3), and nothing a lesson holds is too big for
lint or the app (class 5).

A course in each of several scripts: headings, links to them, drill steps and choices.
Lint is clean, every drill's best path reaches an ending, and the links the app follows
(the page's links, and the runs it draws) are the anchors as written, not
percent-encoded. Sizes: lint refuses a page, question or step just over the limit the
app shares (`tutor.core.limits`) and passes one at it; and a corpus of modules built to
be slow (the largest file tutor reads, of lists, links, citations, nesting, tables,
invisible characters) is linted within the timeout, with a bounded number of lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import run_tutor

from tutor.core.course import load_course
from tutor.core.limits import MAX_OPTIONS, PAGE_LIMIT
from tutor.core.lint import lint_path
from tutor.core.markdown import ListBlock, Paragraph, Run
from tutor.core.settings import MAX_FILE

COURSE = """id = "c"
title = "C"
version = "1"
audience = "Tests"
passing_score = 80
learning_format = "enduring material"
max_credit = 0
modules = ["01-m.md"]
"""

FRONT = """```toml
id = "m"
title = "{title}"
minutes = {minutes}
objectives = ["Choose a reply"]
last_reviewed = 2026-05-01

[[sources]]
id = "src-1"
title = "Source"
url = "https://example.org"
```
"""

#: (language, page heading, text, drill title, first step, ending, choice)
LANGUAGES = {
    "German": ("Überblick für Ärzte", "Text", "Übung", "Die Anfrage", "Gut gelöst", "Antworten"),
    "French": ("Aperçu général", "Texte", "Exercice", "La demande", "Bien réglé", "Répondre"),
    "Vietnamese": ("Tổng quan", "Văn bản", "Bài tập", "Yêu cầu", "Kết thúc tốt", "Trả lời"),
    "Greek": ("Επισκόπηση", "Κείμενο", "Άσκηση", "Το αίτημα", "Καλό τέλος", "Απάντηση"),
    "Russian": ("Обзор", "Текст", "Упражнение", "Запрос", "Хороший конец", "Ответить"),
    "Japanese": ("概要", "本文", "演習", "依頼", "良い結末", "返信する"),
    "Chinese": ("概述", "正文", "练习", "请求", "好的结局", "回复"),
    "Arabic": ("نظرة عامة", "نص", "تمرين", "الطلب", "نهاية جيدة", "الرد"),
    "Hebrew": ("סקירה", "טקסט", "תרגיל", "הבקשה", "סוף טוב", "להשיב"),
    "Hindi": ("अवलोकन", "पाठ", "अभ्यास", "अनुरोध", "अच्छा अंत", "उत्तर दें"),
    "Emoji": ("Overview 👩‍⚕️", "Text", "Drill 🩺", "The request 📨", "Done ✅", "Reply"),
}


def slug(text: str) -> str:
    from tutor.core.text import slugify

    return slugify(text)


def module_for(language: str) -> str:
    heading, text, drill, step, ending, choice = LANGUAGES[language]
    body = f"""## {heading}

{text} [src-1]. [↑](#{slug(heading)}) [→](#{slug("Drill: " + drill)})

## Drill: {drill}

### {step}

- [{choice}](#{slug("Ending: " + ending)})
  > **Best.** {text}.
- [{choice} 2](#{slug(step)})
  > **Poor.** {text}.

### Ending: {ending}

**Debrief.** {text} [src-1].
"""
    return FRONT.format(title=heading, minutes=2) + "\n" + body


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_a_course_in_any_script_lints_clean_and_its_links_lead_somewhere(
    tmp_path: Path, language: str
) -> None:
    (tmp_path / "course.toml").write_text(COURSE, encoding="utf-8")
    (tmp_path / "01-m.md").write_text(module_for(language), encoding="utf-8")
    assert [d.format() for d in lint_path(tmp_path)] == []
    load = load_course(tmp_path)
    assert load.course is not None
    module = load.course.modules[0]
    drill = module.drills[0]
    path = drill.best_path()
    assert drill.step(path[-1]) is not None and drill.step(path[-1]).ending  # type: ignore[union-attr]
    page = module.pages[0]
    anchors = {a for p in module.pages for a in p.anchors} | {i.id for i in module.items}
    assert [link.href for link in page.links] == [f"#{a}" for a in (page.anchors[0], drill.id)]
    runs = [
        r
        for block in page.doc
        if isinstance(block, Paragraph)
        for r in block.text
        if isinstance(r, Run) and r.link
    ]
    assert runs and all(r.link[1:] in anchors for r in runs)  # what the app follows


def test_a_list_of_choices_in_any_script_is_read(tmp_path: Path) -> None:
    (tmp_path / "course.toml").write_text(COURSE, encoding="utf-8")
    (tmp_path / "01-m.md").write_text(module_for("Japanese"), encoding="utf-8")
    drill = load_course(tmp_path).course.modules[0].drills[0]  # type: ignore[union-attr]
    assert [c.target for c in drill.start.choices] == [slug("Ending: 良い結末"), slug("依頼")]
    assert not any(isinstance(b, ListBlock) for b in drill.start.situation)


# -- sizes -------------------------------------------------------------------------------


def page_of(size: int) -> str:
    """A page whose markdown, from its heading to its last character, is `size` bytes (as
    the parser measures a page: blank lines at its end left out)."""
    head = "## Long\n\n"
    line = "Some words of text for the page [src-1].\n\n"
    text = head + line * ((size - len(head) - 2 * len(line)) // len(line))
    text = text.rstrip("\n") + "\n\n"
    return text + "x" * (size - len(text.encode("utf-8"))) + "\n"


@pytest.mark.parametrize(("size", "refused"), [(PAGE_LIMIT, False), (PAGE_LIMIT + 1, True)])
def test_lint_refuses_a_page_just_over_the_app_limit(
    tmp_path: Path, size: int, refused: bool
) -> None:
    text = FRONT.format(title="M", minutes=30) + "\n" + page_of(size)
    path = tmp_path / "01-m.md"
    path.write_text(text, encoding="utf-8")
    codes = [d.code for d in lint_path(path) if d.code not in ("T001", "P002")]
    assert codes == (["P005"] if refused else [])


def test_lint_refuses_a_question_over_the_limit_or_with_too_many_options(tmp_path: Path) -> None:
    many = "".join(
        f"- [{'x' if n == 0 else ' '}] Option {n}\n  > Why {n} [src-1].\n"
        for n in range(MAX_OPTIONS + 1)
    )
    long = "- [x] Yes\n  > " + "word " * (PAGE_LIMIT // 5 + 10) + "[src-1].\n- [ ] No\n  > No.\n"
    body = f"## Quiz\n\n### Many?\n\n{many}\n### Long?\n\n{long}"
    path = tmp_path / "01-m.md"
    path.write_text(FRONT.format(title="M", minutes=30) + "\n" + body, encoding="utf-8")
    found = [(d.code, d.line) for d in lint_path(path) if d.code == "P005"]
    lines = path.read_text(encoding="utf-8").split("\n")
    assert found == [("P005", lines.index("### Many?") + 1), ("P005", lines.index("### Long?") + 1)]


def slow(kind: str) -> str:
    """Up to MAX_FILE bytes of one hostile shape."""
    budget = MAX_FILE - 2000  # the largest module file tutor reads
    front = FRONT.format(title="M", minutes=30) + "\n"
    pieces = {
        "list-items": "- item with *some* words and [a link](#long)\n",
        "links": "[a](#x) [b](https://example.org) [c](02.md#y) ",
        "citations": "[src-1] [src-2] [FSMB-2019] ",
        "nesting": "> - > - > - > - > - > - > - > - deep\n",
        "table": "| a | b | c | d | e | f | g | h |\n",
        "invisible": "a\u202eb\u200bc ",
        "headings": "## H\n\n",
        "options": "- [x] O\n  > F.\n",
        "html": "<b>x</b> ",
        "controls": "\x1b[2J ",
    }
    unit = pieces[kind]
    head = "## Long\n\n" + (
        "| a | b | c | d | e | f | g | h |\n|---|---|---|---|---|---|---|---|\n"
        if kind == "table"
        else ""
    )
    if kind == "options":
        head = "## Quiz\n\n### Q?\n\n"
    count = (budget - len(head)) // len(unit.encode("utf-8"))
    return front + head + unit * count


HOSTILE = "list-items links citations nesting table invisible headings options html controls"


@pytest.mark.parametrize("kind", HOSTILE.split(" "))
def test_the_largest_hostile_module_is_linted_in_time(shared_tmp: Path, kind: str) -> None:
    path = shared_tmp / "01-m.md"
    path.write_text(slow(kind), encoding="utf-8")
    result = run_tutor("lint", str(path)).check(1)  # within the timeout, no traceback
    assert len(result.out.splitlines()) < 500, f"{kind}: {len(result.out.splitlines())} lines"
