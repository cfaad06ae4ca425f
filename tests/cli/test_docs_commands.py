"""Every `tutor` command the README and the docs show runs, with the exit code they promise.

Commands are taken from the code blocks of README.md and docs/*.md as written, run in
a folder that holds what they name (`lessons/` is a clean course, `progress/` and
`inbox/` learners' progress files of the records fixture course, `learner.progress.toml`
one of them, `records.json` an export of them). The interactive ones (the app, `tutor preview`
and `tutor serve`) are run with `--help`: they would wait for a learner.

Usage lines quoted in the prose (`tutor export FILES... --format pars -o FILE.xlsx`)
cannot be run as written; for those, each option they name must be one the
command's `--help` lists, and each command must exist.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from cli_helpers import ROOT, run_tutor

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^(`{3,})([a-z]*)\n(.*?)\n\1$", re.S | re.M)
COMMAND = re.compile(r"^(?:uv run )?(tutor(?: .*)?)$")
SPAN = re.compile(r"`((?:uv run )?tutor(?: [^`]*)?)`")
INTERACTIVE = ("", "preview", "serve")  # the app, preview and serve wait: run with --help
RECORDS = ROOT / "tests" / "fixtures" / "records"

#: what each shown command exits with, on these fixtures
EXPECTED = {
    "verify ABCD-EFGH-JKLM-NPQR": 1,  # the example code is no learner's
}


def shown_commands() -> list[tuple[str, str]]:
    """(document, command line) for every tutor command in a code block."""
    found: list[tuple[str, str]] = []
    for doc in DOCS:
        for block in FENCE.finditer(doc.read_text(encoding="utf-8")):
            # a command continued on the next line with a backslash is one command
            for line in block.group(3).replace("\\\n", " ").split("\n"):
                text = line.split("  #", 1)[0].strip()
                match = COMMAND.match(text)
                if match and not text.startswith("tutor:"):
                    found.append((doc.name, match.group(1)))
    return found


def usage_spans() -> list[tuple[str, str]]:
    """(document, span) for every `tutor ...` quoted in prose."""
    found: list[tuple[str, str]] = []
    for doc in DOCS:
        prose = FENCE.sub("", doc.read_text(encoding="utf-8")).replace("\n", " ")
        for match in SPAN.finditer(prose):
            span = match.group(1).removeprefix("uv run ")
            if not span.startswith("tutor:"):
                found.append((doc.name, span))
    return found


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Path:
    here = tmp_path_factory.mktemp("docs")
    shutil.copytree(ROOT / "tests" / "fixtures" / "lint" / "clean", here / "lessons")
    shutil.copytree(RECORDS / "progress", here / "progress")
    shutil.copytree(RECORDS / "progress", here / "inbox")
    shutil.copy(RECORDS / "progress" / "ada-complete.progress.toml", here / "learner.progress.toml")
    env = {"TUTOR_COURSE": str(RECORDS / "course")}
    made = run_tutor(
        "export", "progress/", "--format", "json", "-o", "records.json", cwd=here, env=env
    )
    made.check(0)
    return here


def test_the_docs_show_commands() -> None:
    assert len(shown_commands()) >= 15


@pytest.mark.parametrize(("doc", "line"), shown_commands())
def test_a_shown_command_runs(place: Path, doc: str, line: str) -> None:
    args = shlex.split(line)[1:]
    command = args[0] if args and not args[0].startswith("-") else ""
    if command in INTERACTIVE:
        args = [command, "--help"] if command else ["--help"]
    if "--lrs" in args:
        # it would reach a Learning Record Store on the internet (tests/lrs runs the same
        # commands against a real LRS on this machine): its options must be real ones
        help_text = run_tutor(command, "--help").check(0).out
        for option in (a for a in args if a.startswith("--")):
            assert option in help_text, f"{doc}: {line}: {option} is not an option of {command}"
        return
    env = {"TUTOR_COURSE": str(RECORDS / "course")}
    if command in ("lint", "new"):
        env = {}
    result = run_tutor(*args, cwd=place, env=env)
    expected = next(
        (code for start, code in EXPECTED.items() if line.startswith(f"tutor {start}")), 0
    )
    result.check(expected)


@pytest.mark.parametrize(("doc", "span"), usage_spans())
def test_a_quoted_usage_names_real_options(doc: str, span: str) -> None:
    words = span.split()[1:]
    command = words[0] if words and re.fullmatch(r"[a-z]+", words[0]) else ""
    help_text = run_tutor(*([command] if command else []), "--help").check(0).out
    for word in words:
        for option in re.findall(r"--[a-z-]+|(?<![\w-])-[a-z]\b", word):
            assert option in help_text, (
                f"{doc}: `{span}`: {option} is not an option of tutor {command}"
            )
