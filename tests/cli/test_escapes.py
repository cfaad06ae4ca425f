"""No escape sequence reaches a terminal, however it was written (issue 10, class 1).

A generated corpus: each terminal control sequence, written each way a file can hold it
(raw bytes, a TOML \\u or \\U escape, percent-encoding in a link, an HTML entity, in a
file name), at each place a lesson, course.toml or progress file can hold text. For
every case, lint is never silent about it (raw: S001, escaped in TOML: S005, invisible:
S006, in a link: S003 or P003), and nothing it prints, as text or JSON, holds a raw
control character. A sample goes through the real `tutor` command, and through the
records commands with a learner's name written with TOML escapes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_helpers import RAW_CONTROL, ROOT, run_tutor

from tutor.core.diagnostics import to_json
from tutor.core.lint import lint_path

SEQUENCES = {
    "csi-clear": "\x1b[2J",
    "reset": "\x1bc",
    "osc-title": "\x1b]0;owned\x07",
    "osc-52-clipboard": "\x1b]52;c;b3duZWQ=\x07",
    "osc-8-link": "\x1b]8;;https://evil.example\x1b\\x\x1b]8;;\x1b\\",
    "c1-csi": "\x9b2J",
    "bel": "\x07",
    "del": "\x7f",
    "nul": "\x00",
    "backspace": "\x08",
}
INVISIBLE = {"rlo": "\u202e", "lri": "\u2066", "zwsp": "\u200b"}

FRONT = """```toml
id = "m"
title = {title}
minutes = 3
objectives = [{objective}]
last_reviewed = 2026-05-01

[[sources]]
id = "ama-2-3-2"
title = {source}
url = "https://example.org/ama"
```
"""
BODY = """## A page {heading}

Some text {text} [ama-2-3-2], a [link {link_text}](#a-page) and `{code}`.

| a | b |
|---|---|
| {cell} | x |

## Quiz

### A question {question}?

- [x] Yes {option}
  > Right {feedback}.
- [ ] No
  > Wrong.

## Drill: A drill

### Start {step}

- [Go {choice}](#ending-end)
  > **Best.** Yes.

### Ending: End

**Debrief.** Done.
"""
MD_PLACES = ("heading", "text", "link_text", "code", "cell", "question", "option", "feedback")
MD_PLACES += ("step", "choice")
TOML_PLACES = ("title", "objective", "source")
COURSE = """id = "c"
title = {title}
version = "1"
audience = "Tests"
passing_score = 80
learning_format = "enduring material"
max_credit = 0
modules = ["01-m.md"]

[[evaluation]]
id = "e"
prompt = {prompt}
"""


def toml_escape(text: str, long: bool = False) -> str:
    """`text` as a TOML basic string, every character below space or above ~ escaped."""
    out = []
    for char in text:
        if " " <= char <= "~" and char not in '"\\':
            out.append(char)
        else:
            out.append(f"\\U{ord(char):08x}" if long else f"\\u{ord(char):04x}")
    return '"' + "".join(out) + '"'


def module(seq: str = "", md_place: str = "", toml_place: str = "", long: bool = False) -> str:
    toml = {p: toml_escape(f"Plain {p}", long) for p in TOML_PLACES}
    if toml_place:
        toml[toml_place] = toml_escape(f"Bad {seq} {toml_place}", long)
    md = dict.fromkeys(MD_PLACES, "")
    if md_place:
        md[md_place] = seq
    return FRONT.format(**toml) + "\n" + BODY.format(**md)


def lint_files(tmp_path: Path, files: dict[str, str | bytes]) -> tuple[list[str], str]:
    folder = tmp_path / "course"
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    found = lint_path(folder)
    text = "\n".join(d.format() for d in found)
    as_json = to_json(found)
    for shown in (text, as_json):
        assert RAW_CONTROL.search(shown) is None, shown
        assert not any(c in shown for c in INVISIBLE.values()), shown
    json.loads(as_json)
    return [d.code for d in found], text


def course_toml(title: str = '"C"', prompt: str = '"P"') -> str:
    return COURSE.format(title=title, prompt=prompt)


def test_the_corpus_is_clean_without_the_sequences(tmp_path: Path) -> None:
    codes, text = lint_files(tmp_path, {"course.toml": course_toml(), "01-m.md": module()})
    assert codes == [], text


@pytest.mark.parametrize("place", MD_PLACES)
@pytest.mark.parametrize("name", list(SEQUENCES))
def test_raw_sequence_in_lesson_text(tmp_path: Path, name: str, place: str) -> None:
    files: dict[str, str | bytes] = {
        "course.toml": course_toml(),
        "01-m.md": module(SEQUENCES[name], md_place=place),
    }
    codes, text = lint_files(tmp_path, files)
    assert "S001" in codes, text


@pytest.mark.parametrize("long", [False, True], ids=["u", "U"])
@pytest.mark.parametrize("place", TOML_PLACES)
@pytest.mark.parametrize("name", list(SEQUENCES))
def test_toml_escaped_sequence_in_front_matter(
    tmp_path: Path, name: str, place: str, long: bool
) -> None:
    files: dict[str, str | bytes] = {
        "course.toml": course_toml(),
        "01-m.md": module(SEQUENCES[name], toml_place=place, long=long),
    }
    codes, text = lint_files(tmp_path, files)
    assert codes.count("S005") == 1, text


@pytest.mark.parametrize("place", ["title", "prompt"])
@pytest.mark.parametrize("name", list(SEQUENCES))
def test_toml_escaped_sequence_in_course_toml(tmp_path: Path, name: str, place: str) -> None:
    value = toml_escape(f"Bad {SEQUENCES[name]}")
    toml = course_toml(**{place: value})
    codes, text = lint_files(tmp_path, {"course.toml": toml, "01-m.md": module()})
    assert codes == ["S005"], text


@pytest.mark.parametrize("name", list(SEQUENCES))
def test_raw_sequence_in_course_toml(tmp_path: Path, name: str) -> None:
    toml = course_toml(title=f'"Bad {SEQUENCES[name]}"')
    codes, text = lint_files(tmp_path, {"course.toml": toml, "01-m.md": module()})
    assert codes and set(codes) <= {"C002", "S005"}, text


@pytest.mark.parametrize("name", list(SEQUENCES))
def test_escaped_sequence_in_a_toml_key(tmp_path: Path, name: str) -> None:
    key = toml_escape(f"key{SEQUENCES[name]}")
    toml = course_toml() + f"{key} = 1\n"
    codes, text = lint_files(tmp_path, {"course.toml": toml, "01-m.md": module()})
    assert sorted(codes) == ["C008", "S005"], text


@pytest.mark.parametrize("name", list(SEQUENCES))
def test_percent_encoded_sequence_in_a_link(tmp_path: Path, name: str) -> None:
    encoded = "".join(f"%{b:02X}" for b in SEQUENCES[name].encode("utf-8"))
    text = module().replace("(#a-page)", f"({encoded}.md)")
    codes, shown = lint_files(tmp_path, {"course.toml": course_toml(), "01-m.md": text})
    assert codes and set(codes) <= {"P003", "S003"}, shown


@pytest.mark.parametrize("name", list(SEQUENCES))
def test_html_entity_is_never_a_control(tmp_path: Path, name: str) -> None:
    entities = "".join(f"&#{ord(c)};" for c in SEQUENCES[name])
    text = module().replace("Some text ", f"Some text {entities} ")
    codes, shown = lint_files(tmp_path, {"course.toml": course_toml(), "01-m.md": text})
    assert set(codes) <= {"S002"}, shown  # markdown reads &#27; as U+FFFD, never ESC


@pytest.mark.parametrize("name", list(INVISIBLE))
def test_invisible_characters_in_lesson_and_settings(tmp_path: Path, name: str) -> None:
    char = INVISIBLE[name]
    text = module(char, md_place="text")
    codes, shown = lint_files(tmp_path, {"course.toml": course_toml(), "01-m.md": text})
    assert codes == ["S006"], shown


@pytest.mark.parametrize("name", ["csi-clear", "osc-title", "c1-csi"])
def test_sequence_in_a_file_name(tmp_path: Path, name: str) -> None:
    bad = f"02-{SEQUENCES[name]}x.md"
    files: dict[str, str | bytes] = {
        "course.toml": course_toml(),
        "01-m.md": module(),
        bad: module().replace('id = "m"', 'id = "n"'),
    }
    codes, shown = lint_files(tmp_path, files)
    assert codes == ["C005"], shown  # a module file that is not listed, its name shown clean


# -- through the real command ------------------------------------------------------------


@pytest.mark.parametrize("name", ["csi-clear", "osc-title", "osc-52-clipboard", "c1-csi"])
def test_tutor_lint_prints_no_sequence(shared_tmp: Path, name: str) -> None:
    seq = SEQUENCES[name]
    folder = shared_tmp / f"course{seq}"
    folder.mkdir()
    (folder / "course.toml").write_text(course_toml(title=toml_escape(f"T{seq}")), encoding="utf-8")
    (folder / "01-m.md").write_text(
        module(seq, md_place="heading", toml_place="title"), encoding="utf-8"
    )
    text = run_tutor("lint", str(folder)).check(1)
    assert {"S001", "S005"} <= {line.split()[2] for line in text.out.splitlines() if ": " in line}
    run_tutor("lint", str(folder), "--format", "json").check(1)
    run_tutor("--course", str(folder)).check(1)  # the app refuses it, listing the errors
    run_tutor("new", "module", f"Title {seq}", "--dir", str(folder)).check(0)


RECORDS = ROOT / "tests" / "fixtures" / "records"


@pytest.mark.parametrize("name", ["csi-clear", "osc-title", "c1-csi", "nul"])
def test_records_commands_print_no_sequence_from_a_learner_name(
    shared_tmp: Path, name: str
) -> None:
    source = (RECORDS / "progress" / "ada-complete.progress.toml").read_text(encoding="utf-8")
    evil = "\n".join(
        f"first_name = {toml_escape('Ada' + SEQUENCES[name])}"
        if line.startswith("first_name = ")
        else line
        for line in source.split("\n")
    )
    progress = shared_tmp / "ada.progress.toml"
    progress.write_text(evil, encoding="utf-8")
    course = ("--course", str(RECORDS / "course"))
    for fmt in ("csv", "json", "evaluation"):
        run_tutor("export", str(progress), *course, "--include-broken", "--format", fmt).check(0)
    # xAPI statements go to an LRS: a name the app would refuse is refused here too, with one
    # line (exit 1), and that line shows no sequence either
    run_tutor("export", str(progress), *course, "--include-broken", "--format", "xapi").check(1)
    for fmt in ("text", "json"):
        run_tutor("report", str(progress), *course, "--include-broken", "--format", fmt).check(0)
    run_tutor("verify", str(progress), *course).check()
    out = shared_tmp / "c.pdf"
    run_tutor("certificate", str(progress), "-o", str(out), *course).check()


def test_a_copy_of_a_clean_course_stays_clean(shared_tmp: Path) -> None:
    """The corpus's own control: the clean fixture lints without a sequence."""
    course = shutil.copytree(ROOT / "tests" / "fixtures" / "lint" / "clean", shared_tmp / "c")
    run_tutor("lint", str(course)).check(0)
