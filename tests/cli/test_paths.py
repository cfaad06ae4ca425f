"""Every kind of path, for every command: one located line and the documented exit code.

Kinds: missing, a folder where a file is wanted (and the reverse), a named pipe (FIFO:
reading one waits forever), a socket, a symbolic link loop, a dangling link, a file too
large to read, and, as an unprivileged user, a file that may not be read and a path
under a folder that may not be searched. Folders and patterns given to `export`,
`report` and `verify` may hold any of these, and a symbolic link loop under `**`.

Exit codes (README, "Exit codes"): 0 ok, 1 problems found (lint errors, skipped files,
failed checks), 2 bad usage or a path given that cannot be read or written.
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import ROOT, Result, open_up, run_tutor

CLEAN = ROOT / "tests" / "fixtures" / "lint" / "clean"
RECORDS = ROOT / "tests" / "fixtures" / "records"
PROGRESS = RECORDS / "progress" / "ada-complete.progress.toml"

Make = Callable[[Path], Path]


def missing(path: Path) -> Path:
    return path


def folder(path: Path) -> Path:
    path.mkdir()
    return path


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def sock(path: Path) -> Path:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the socket file stays; nothing answers on it
    return path


def loop(path: Path) -> Path:
    other = path.with_name(path.name + ".other")
    path.symlink_to(other.name)
    other.symlink_to(path.name)
    return path


def dangling(path: Path) -> Path:
    path.symlink_to(path.name + ".nowhere")
    return path


KINDS: dict[str, Make] = {
    "missing": missing,
    "folder": folder,
    "fifo": fifo,
    "socket": sock,
    "loop": loop,
    "dangling": dangling,
}


def one_located_line(result: Result, path: Path | str) -> None:
    """Exactly one line on stderr, in the documented form, naming the path."""
    assert len(result.err_lines) == 1, result.err
    line = result.err_lines[0]
    assert line.startswith("tutor: "), line
    assert str(Path(path).name) in line, line


# -- tutor lint --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "folder"])
def test_lint_path_of_every_kind(shared_tmp: Path, kind: str) -> None:
    path = KINDS[kind](shared_tmp / "01-module.md")
    result = run_tutor("lint", str(path)).check(2)
    one_located_line(result, path)


def test_lint_course_toml_that_is_a_pipe_exits_2(shared_tmp: Path) -> None:
    course = shutil.copytree(CLEAN, shared_tmp / "course")
    (course / "course.toml").unlink()
    fifo(course / "course.toml")
    result = run_tutor("lint", str(course)).check(2)
    one_located_line(result, course / "course.toml")


@pytest.mark.parametrize("kind", ["fifo", "socket", "loop", "dangling", "folder"])
def test_lint_module_of_every_kind_is_one_located_error(shared_tmp: Path, kind: str) -> None:
    course = shutil.copytree(CLEAN, shared_tmp / "course")
    (course / "02-drills.md").unlink()
    KINDS[kind](course / "02-drills.md")
    result = run_tutor("lint", str(course)).check(1)
    lines = [
        line for line in result.out.splitlines() if "02-drills.md" in line and "hint:" not in line
    ]
    assert len(lines) == 1, result.out
    assert lines[0].split(": ", 1)[1].startswith(("error F001", "error C004")), lines[0]


def test_lint_huge_module_is_one_located_error(shared_tmp: Path) -> None:
    path = shared_tmp / "01-huge.md"
    path.write_bytes(b"x" * (4 * 1024 * 1024 + 1))
    result = run_tutor("lint", str(path)).check(1)
    assert result.out.startswith(
        f"{path}:1:1: error F001 cannot read the module: the module is larger"
    )


def test_lint_without_a_path_checks_the_course_here(shared_tmp: Path) -> None:
    course = shutil.copytree(CLEAN, shared_tmp / "course")
    (course / "01-basics.md").write_text("no front matter\n", encoding="utf-8")
    result = run_tutor("lint", cwd=course).check(1)
    assert result.out.startswith("01-basics.md:1:1: error F001"), result.out
    assert result.err_lines[-1].startswith("tutor: lint: .: ")


# -- as an unprivileged user -------------------------------------------------------------


def locked_file(base: Path) -> Path:
    path = base / "01-locked.md"
    shutil.copy(CLEAN / "01-basics.md", path)
    path.chmod(0)
    return path


def unsearchable(base: Path) -> Path:
    """A file inside a folder that may be read but not searched (no x)."""
    inner = base / "no-search"
    inner.mkdir()
    shutil.copy(CLEAN / "01-basics.md", inner / "01-basics.md")
    inner.chmod(0o666)
    return inner / "01-basics.md"


def unlistable(base: Path) -> Path:
    """A folder that may be searched but not listed (no r)."""
    inner = shutil.copytree(CLEAN, base / "no-list")
    open_up(inner)
    inner.chmod(0o333)
    return inner


@pytest.mark.parametrize("make", [locked_file, unsearchable, unlistable])
def test_lint_unreadable_paths_as_a_user(shared_tmp: Path, make: Make) -> None:
    path = make(shared_tmp)
    result = run_tutor("lint", str(path), as_nobody=True).check(2)
    one_located_line(result, path)


def test_lint_unreadable_module_inside_a_course_as_a_user(shared_tmp: Path) -> None:
    course = shutil.copytree(CLEAN, shared_tmp / "course")
    open_up(course)
    (course / "02-drills.md").chmod(0)
    result = run_tutor("lint", str(course), as_nobody=True).check(1)
    assert "02-drills.md:1:1: error F001 cannot read the module: cannot be read: permission" in (
        result.out
    )


@pytest.mark.parametrize(
    "args",
    [
        ("lint", "{p}"),
        ("preview", "{p}"),
        ("--course", "{d}"),
        ("export", "{p}", "--course", str(RECORDS / "course")),
        ("report", "{p}", "--course", str(RECORDS / "course")),
        ("certificate", "{p}", "-o", "{o}", "--course", str(RECORDS / "course")),
        ("verify", "{p}", "--course", str(RECORDS / "course")),
        ("new", "module", "A title", "--dir", "{d}"),
    ],
    ids=lambda a: a[0],
)
def test_every_command_under_a_folder_without_search_permission(
    shared_tmp: Path, args: tuple[str, ...]
) -> None:
    inner = shared_tmp / "locked"
    inner.mkdir()
    shutil.copy(PROGRESS, inner / "ada.progress.toml")
    inner.chmod(0o666)
    values = {
        "p": str(inner / "ada.progress.toml"),
        "d": str(inner / "course"),
        "o": str(shared_tmp / "out.pdf"),
    }
    argv = [a.format(**values) for a in args]
    result = run_tutor(*argv, as_nobody=True).check()
    assert result.code in (1, 2), result.err  # 1: a skipped input; 2: the path given
    assert "locked" in result.err or "locked" in result.out


# -- the app and preview -----------------------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
def test_app_course_of_every_kind(shared_tmp: Path, kind: str) -> None:
    path = KINDS[kind](shared_tmp / "course")
    result = run_tutor("--course", str(path)).check(2)
    one_located_line(result, path)


@pytest.mark.parametrize("kind", ["fifo", "missing", "folder", "loop"])
def test_app_course_toml_of_every_kind(shared_tmp: Path, kind: str) -> None:
    course = shutil.copytree(CLEAN, shared_tmp / "course")
    (course / "course.toml").unlink()
    KINDS[kind](course / "course.toml")
    result = run_tutor("--course", str(course)).check(2)
    one_located_line(result, course)


@pytest.mark.parametrize("kind", ["folder", "fifo", "socket", "loop"])
def test_app_progress_of_every_kind(shared_tmp: Path, kind: str) -> None:
    path = KINDS[kind](shared_tmp / "me.progress.toml")
    result = run_tutor("--course", str(CLEAN), "--progress", str(path)).check(2)
    one_located_line(result, path)


def test_app_progress_in_a_missing_folder(shared_tmp: Path) -> None:
    path = shared_tmp / "nowhere" / "me.progress.toml"
    result = run_tutor("--course", str(CLEAN), "--progress", str(path)).check(2)
    one_located_line(result, path)


@pytest.mark.parametrize("kind", list(KINDS))
def test_preview_of_every_kind(shared_tmp: Path, kind: str) -> None:
    path = KINDS[kind](shared_tmp / "01-module.md")
    result = run_tutor("preview", str(path)).check(2)
    one_located_line(result, path)


# -- tutor new ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "socket", "loop", "dangling"])
def test_new_dir_of_every_kind(shared_tmp: Path, kind: str) -> None:
    path = KINDS[kind](shared_tmp / "lessons")
    result = run_tutor("new", "module", "A title", "--dir", str(path)).check(2)
    one_located_line(result, path)


def test_new_dir_that_is_a_file(shared_tmp: Path) -> None:
    path = shared_tmp / "lessons"
    path.write_text("x", encoding="utf-8")
    one_located_line(run_tutor("new", "module", "T", "--dir", str(path)).check(2), path)


def test_new_dir_that_cannot_be_written_as_a_user(shared_tmp: Path) -> None:
    path = shared_tmp / "lessons"
    path.mkdir()
    path.chmod(0o555)
    result = run_tutor("new", "module", "T", "--dir", str(path), as_nobody=True).check(2)
    one_located_line(result, path)


# -- records: export, report, certificate, verify ----------------------------------------

RECORDS_COURSE = ("--course", str(RECORDS / "course"))


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "folder"])
def test_export_file_of_every_kind_is_skipped_with_a_line(shared_tmp: Path, kind: str) -> None:
    path = KINDS[kind](shared_tmp / "kim.progress.toml")
    good = shutil.copy(PROGRESS, shared_tmp / "ada.progress.toml")
    result = run_tutor("export", str(good), str(path), *RECORDS_COURSE).check(1)
    skipped = [line for line in result.err_lines if line.startswith("tutor: export: skipped")]
    assert len(skipped) == 1 and "kim.progress.toml" in skipped[0], result.err
    assert result.out.count("\n") == 2  # the header and Ada's record


def test_export_folder_reports_everything_it_leaves_out(shared_tmp: Path) -> None:
    inbox = shared_tmp / "inbox"
    inbox.mkdir()
    shutil.copy(PROGRESS, inbox / "ada.progress.toml")
    for name, make in (
        ("pipe", fifo),
        ("sock", sock),
        ("dir", folder),
        ("gone", dangling),
    ):
        make(inbox / f"{name}.progress.toml")
    locked = inbox / "locked"
    locked.mkdir()
    shutil.copy(RECORDS / "progress" / "chidi-partial.progress.toml", locked / "c.progress.toml")
    open_up(shared_tmp)
    locked.chmod(0o300)  # may be searched, not listed
    result = run_tutor("export", str(inbox), *RECORDS_COURSE, as_nobody=True).check(1)
    skipped = sorted(
        line.split("/")[-1]
        for line in result.err_lines
        if line.startswith("tutor: export: skipped")
    )
    assert [s.split(":")[0] for s in skipped] == [
        "dir.progress.toml",
        "gone.progress.toml",
        "locked",
        "pipe.progress.toml",
        "sock.progress.toml",
    ], result.err
    assert result.out.count("\n") == 2


def test_export_double_star_over_a_link_loop_ends(shared_tmp: Path) -> None:
    inbox = shared_tmp / "inbox"
    (inbox / "a").mkdir(parents=True)
    shutil.copy(PROGRESS, inbox / "a" / "ada.progress.toml")
    (inbox / "a" / "back").symlink_to("..")
    (inbox / "self").symlink_to(".")
    result = run_tutor("export", f"{inbox}/**/*.toml", *RECORDS_COURSE).check(0)
    assert result.out.count("\n") == 2, result.out
    result = run_tutor("export", str(inbox), *RECORDS_COURSE).check(0)
    assert result.out.count("\n") == 2, result.out


def test_export_huge_file_is_skipped(shared_tmp: Path) -> None:
    path = shared_tmp / "big.progress.toml"
    with path.open("wb") as handle:
        handle.truncate(17 * 1024 * 1024)
    result = run_tutor("export", str(path), *RECORDS_COURSE).check(1)
    assert sum(line.startswith("tutor: export: skipped") for line in result.err_lines) == 1


@pytest.mark.parametrize("kind", ["folder", "fifo", "socket"])
def test_export_output_of_every_kind(shared_tmp: Path, kind: str) -> None:
    out = KINDS[kind](shared_tmp / "out.csv")
    result = run_tutor("export", str(PROGRESS), *RECORDS_COURSE, "-o", str(out)).check(2)
    one_located_line(result, out)


def test_export_output_in_a_missing_folder(shared_tmp: Path) -> None:
    out = shared_tmp / "nowhere" / "out.csv"
    result = run_tutor("export", str(PROGRESS), *RECORDS_COURSE, "-o", str(out)).check(2)
    one_located_line(result, out)


@pytest.mark.parametrize("kind", list(KINDS))
def test_course_option_of_every_kind(shared_tmp: Path, kind: str) -> None:
    path = KINDS[kind](shared_tmp / "course")
    for command in ("export", "report", "verify"):
        result = run_tutor(command, str(PROGRESS), "--course", str(path)).check(2)
        one_located_line(result, path)


def test_course_toml_pipe_for_records_commands(shared_tmp: Path) -> None:
    course = shutil.copytree(RECORDS / "course", shared_tmp / "course")
    (course / "course.toml").unlink()
    fifo(course / "course.toml")
    result = run_tutor("report", str(PROGRESS), "--course", str(course)).check(2)
    one_located_line(result, course / "course.toml")


@pytest.mark.parametrize("kind", list(KINDS))
def test_certificate_progress_of_every_kind(shared_tmp: Path, kind: str) -> None:
    path = KINDS[kind](shared_tmp / "ada.progress.toml")
    out = shared_tmp / "c.pdf"
    result = run_tutor("certificate", str(path), "-o", str(out), *RECORDS_COURSE).check(2)
    one_located_line(result, path)
    assert not out.exists()


def test_certificate_output_that_is_a_pipe(shared_tmp: Path) -> None:
    out = fifo(shared_tmp / "c.pdf")
    result = run_tutor("certificate", str(PROGRESS), "-o", str(out), *RECORDS_COURSE).check(2)
    one_located_line(result, out)


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "folder"])
def test_verify_progress_of_every_kind(shared_tmp: Path, kind: str) -> None:
    path = KINDS[kind](shared_tmp / "ada.progress.toml")
    result = run_tutor("verify", str(path), *RECORDS_COURSE).check(1)
    assert result.out.startswith(str(path)) and "FAILED (cannot be read)" in result.out


@pytest.mark.parametrize("kind", list(KINDS))
def test_verify_records_of_every_kind(shared_tmp: Path, kind: str) -> None:
    path = KINDS[kind](shared_tmp / "records.json")
    result = run_tutor("verify", "ABCD-EFGH-JKLM-NPQR", "--records", str(path)).check(2)
    one_located_line(result, path)


def test_unreadable_progress_as_a_user(shared_tmp: Path) -> None:
    path = shutil.copy(PROGRESS, shared_tmp / "ada.progress.toml")
    Path(path).chmod(0)
    out = shared_tmp / "c.pdf"
    cert = run_tutor(
        "certificate", str(path), "-o", str(out), *RECORDS_COURSE, as_nobody=True
    ).check(2)
    one_located_line(cert, Path(path))
    export = run_tutor("export", str(path), *RECORDS_COURSE, as_nobody=True).check(1)
    assert "permission denied" in export.err.lower()
