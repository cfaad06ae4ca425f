"""A slip that changes what learners see is never silent (issue 10, class 2; issue 14).

Each case makes one small slip in a clean module, the kind a trainer makes in an editor:
a heading one level off or without its colon, an option or its feedback laid out so
that markdown moves it, a link with a space or capitals, choices under an ending. Lint
must report it with one diagnostic at the line the trainer has to edit: never silent,
never a cascade of errors elsewhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.core.lint import lint_path

BASE = """\
```toml
id = "reviews"
title = "Replying to reviews"
minutes = 4
objectives = ["Reply to an online review without confirming a patient relationship"]
last_reviewed = 2026-05-01

[[sources]]
id = "ocr-reviews"
title = "HHS OCR: Don't respond to reviews with PHI"
url = "https://www.hhs.gov/hipaa/for-professionals/compliance-enforcement/agreements/index.html"
```

# Replying to reviews

## Why replies go wrong

A reply that confirms someone was your patient discloses health information
[ocr-reviews]. See [the drill](#drill-a-one-star-review).

## Quiz

Answer every question.

### What may a reply to a review say?

- [ ] That you remember the visit
  > No: that confirms the patient relationship.
- [x] A general statement about your practice
  > Right: it confirms nothing about anyone [ocr-reviews].
- [ ] The facts, to set the record straight
  > No: the facts are health information.

### A reply can be taken back without harm.

- [ ] True
  > No: screenshots last.
- [x] False
  > Right: plan before you post.

## Drill: A one-star review

A patient posts a one-star review naming your clinic.

### The review appears

- [Reply with the facts of the visit](#a-public-dispute)
  > **Poor.** It discloses health information [ocr-reviews].
- [Invite them to call the office](#ending-a-private-conversation)
  > **Best.** It moves the matter offline.

### A public dispute

The patient replies, angrier.

- [Delete your reply and call the office](#ending-a-late-repair)
  > **Acceptable.** Late, but it stops the harm.

### Ending: A private conversation

**Debrief.** A general reply and a call keep the matter private [ocr-reviews].

### Ending: A late repair

**Debrief.** Deleting helps, but the reply may have been copied [ocr-reviews].
"""

#: (name, the text to change, what it becomes, the codes allowed, the text of the line to edit)
SLIPS = [
    ("quiz heading one level deep", "## Quiz\n", "### Quiz\n", {"H001"}, "### Quiz"),
    ("quiz heading named Post-test", "## Quiz\n", "## Post-test\n", {"H001"}, "## Post-test"),
    ("quiz heading named Test", "## Quiz\n", "## Knowledge check\n", {"H001"}, "## Knowledge"),
    ("drill heading with a dash", "## Drill: A one", "## Drill - A one", {"H001"}, "## Drill - "),
    ("drill heading without colon", "## Drill: A one", "## Drill A one", {"H001"}, "## Drill A"),
    ("drill heading with a full stop", "## Drill: A one", "## Drill. A one", {"H001"}, "## Drill."),
    (
        "ending heading with a dash",
        "### Ending: A late",
        "### Ending - A late",
        {"H001"},
        "### Ending - A late",
    ),
    (
        "ending heading without colon",
        "### Ending: A late",
        "### Ending A late",
        {"H001"},
        "### Ending A late",
    ),
    (
        "step heading four deep",
        "### A public dispute",
        "#### A public dispute",
        {"H001"},
        "#### A public",
    ),
    (
        "feedback not indented",
        "  > No: that confirms",
        "> No: that confirms",
        {"Q008"},
        "> No: that confirms",
    ),
    (
        "a * option among -",
        "- [ ] The facts, to set",
        "* [ ] The facts, to set",
        {"Q008"},
        "* [ ] The facts",
    ),
    (
        "an option indented under another",
        "- [ ] The facts, to set the record straight\n  > No: the facts",
        "  - [ ] The facts, to set the record straight\n    > No: the facts",
        {"Q008"},
        "  - [ ] The facts",
    ),
    ("no space after the mark", "- [x] A general", "- [x]A general", {"Q008"}, "- [x]A general"),
    ("a round mark", "- [ ] That you remember", "- ( ) That you remember", {"Q008"}, "- ( ) That"),
    (
        "a single option",
        "- [ ] True\n  > No: screenshots last.\n",
        "",
        {"Q009"},
        "### A reply can be taken back",
    ),
    (
        "a drill link with spaces",
        "(#a-public-dispute)",
        "(#a public dispute)",
        {"D001"},
        "- [Reply with the facts",
    ),
    (
        "a drill link with capitals",
        "(#a-public-dispute)",
        "(#A-Public-Dispute)",
        {"D001"},
        "- [Reply with the facts",
    ),
    (
        "a page link with capitals",
        "(#drill-a-one-star-review)",
        "(#Drill-A-one-star-review)",
        {"P003"},
        "[ocr-reviews]. See",
    ),
    (
        "a page link with a space",
        "(#drill-a-one-star-review)",
        "(#drill a one star review)",
        {"P003"},
        "[ocr-reviews]. See",
    ),
    (
        "choices under an ending",
        "### Ending: A late repair\n",
        "### Ending: A late repair\n\n- [Try again](#the-review-appears)\n  > **Poor.** No.\n",
        {"D008"},
        "- [Try again]",
    ),
    (
        "a question on a page",
        "[ocr-reviews]. See [the drill](#drill-a-one-star-review).\n",
        "[ocr-reviews]. See [the drill](#drill-a-one-star-review).\n\n- [x] Yes\n- [ ] No\n",
        {"Q007"},
        "- [x] Yes",
    ),
    (
        "a citation in capitals",
        "information\n[ocr-reviews]",
        "information\n[OCR-Reviews]",
        {"P004"},
        "[OCR-Reviews]",
    ),
    (
        "a citation without its second part",
        "information\n[ocr-reviews]",
        "information\n[ocr]",
        {"P004"},
        "[ocr]",
    ),
    (
        "front matter not closed",
        'id = "reviews"\n',
        'id = "reviews"\n',  # replaced below
        {"F002"},
        "# Replying to reviews",
    ),
    (
        "a curly quote in the front matter",
        'title = "Replying',
        "title = “Replying",
        {"F002"},
        "title = “",
    ),
    (
        "a missing comma in the objectives",
        'objectives = ["Reply to an online review without confirming a patient relationship"]',
        'objectives = [\n  "Reply to an online review"\n  "without confirming a relationship",\n]',
        {"F002"},
        '  "Reply to an online review"',
    ),
]


def slipped(old: str, new: str, name: str) -> str:
    if name == "front matter not closed":
        return BASE.replace("```\n\n# Replying", "\n# Replying", 1)
    assert old in BASE, name
    return BASE.replace(old, new, 1)


def test_the_base_module_is_clean(tmp_path: Path) -> None:
    path = tmp_path / "01-reviews.md"
    path.write_text(BASE, encoding="utf-8")
    assert [d.format() for d in lint_path(path)] == []


@pytest.mark.parametrize(("name", "old", "new", "codes", "edit"), SLIPS, ids=[s[0] for s in SLIPS])
def test_a_slip_gives_one_diagnostic_at_the_line_to_edit(
    tmp_path: Path, name: str, old: str, new: str, codes: set[str], edit: str
) -> None:
    text = slipped(old, new, name)
    path = tmp_path / "01-reviews.md"
    path.write_text(text, encoding="utf-8")
    found = [d for d in lint_path(path) if d.code != "T001"]  # content moved: time may too
    shown = [d.format() for d in found]
    assert found, f"{name}: silent"
    assert len(found) == 1, f"{name}: a cascade: {shown}"
    assert found[0].code in codes, shown
    line = text.split("\n")[found[0].line - 1]
    assert line.startswith(edit) or edit in line, f"{name}: at {line!r}, not at {edit!r}: {shown}"
