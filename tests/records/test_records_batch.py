"""Merging many files: bad files skipped with one reason each, learners merged, output whole."""

from __future__ import annotations

import csv
import io
import os
import random
from pathlib import Path

import pytest
from records_factory import learners, simulate, write
from records_helpers import Cli

from tutor.core.model import Course
from tutor.core.progress import dumps, loads
from tutor.core.records import collect, expand
from tutor.core.records.collect import NoInput


def _csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _skip_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("tutor: export: skipped ")]


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory, course: Course) -> tuple[Path, set[str]]:
    """500 files: 490 learners, 5 corrupt files, 5 second files of existing learners."""
    folder = tmp_path_factory.mktemp("messy")
    rng = random.Random(5)
    made = list(learners(490, course, seed=11))
    for name, progress in made:
        write(folder, name, progress)
    # Five learners also worked on a second machine: a different, less advanced file.
    for name, progress in rng.sample(made, 5):
        other = simulate(
            course,
            seed=rng.randrange(10**6),
            level="started",
            first_name=progress.learner.first_name,
            last_name=progress.learner.last_name,
            email=progress.learner.email.upper(),
        )
        write(folder, name + "-second-machine", other)
    corrupt = {
        "corrupt-empty": b"",
        "corrupt-truncated": dumps(made[0][1]).encode()[:700],
        "corrupt-binary": b"\xff\xfe\x00garbage",
        "corrupt-bom": b"\xef\xbb\xbf" + dumps(made[1][1]).encode(),
        "corrupt-not-progress": b'title = "a course.toml, not a progress file"\n',
    }
    for name, data in corrupt.items():
        (folder / f"{name}.progress.toml").write_bytes(data)
    emails = {p.learner.email.strip().casefold() for _, p in made}
    assert len(list(folder.glob("*.toml"))) == 500
    return folder, emails


def test_messy_batch(cli: Cli, messy: tuple[Path, set[str]], tmp_path: Path) -> None:
    folder, emails = messy
    out = tmp_path / "out.csv"
    result = cli("export", str(folder), "-o", str(out))
    assert result.code == 1
    reasons = _skip_lines(result.err)
    assert len(reasons) == 5, result.err
    assert all("corrupt-" in line for line in reasons)
    assert "Traceback" not in result.err
    rows = _csv_rows(out)
    assert len(rows) == 490
    assert {r["email"].casefold() for r in rows} == emails
    # Every merged learner's record names the second file it absorbed.
    assert sum(1 for r in rows if r["merged_files"]) == 5


def test_messy_batch_strict_writes_nothing(
    cli: Cli, messy: tuple[Path, set[str]], tmp_path: Path
) -> None:
    folder, _ = messy
    out = tmp_path / "out.csv"
    out.write_text("previous export\n")
    result = cli("export", str(folder), "-o", str(out), "--strict")
    assert result.code == 1
    assert len(_skip_lines(result.err)) == 5
    assert out.read_text() == "previous export\n"


def test_messy_batch_with_two_processes(
    cli: Cli, messy: tuple[Path, set[str]], tmp_path: Path
) -> None:
    folder, _ = messy
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    assert cli("export", str(folder), "-o", str(one)).code == 1
    result = cli("export", str(folder), "-o", str(two), "--jobs", "2")
    assert result.code == 1
    assert len(_skip_lines(result.err)) == 5
    assert one.read_bytes() == two.read_bytes()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_every_kind_of_bad_file_gets_one_reason(cli: Cli, course: Course, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    good = simulate(course, seed=1, level="claimed", first_name="Good", email="good@example.org")
    write(folder, "good", good)
    write(folder, "that-copy", good)  # a duplicate: same learner id and chain head
    foreign = simulate(course, seed=2, level="complete", email="f@example.org")
    foreign.course.id = "another-course"
    write(folder, "foreign", foreign)
    future = write(folder, "future", simulate(course, seed=3, level="partial"))
    _edit(future, "schema_version = 1", "schema_version = 999")
    naive = write(folder, "naive", simulate(course, seed=4, level="partial"))
    text = naive.read_text()
    naive.write_text(text.replace("+00:00\n", "\n", 1))
    edited = write(folder, "edited", simulate(course, seed=5, level="claimed"))
    _edit(edited, "passed = false", "passed = true")
    greedy = simulate(course, seed=6, level="claimed", email="greedy@example.org")
    assert greedy.credit is not None
    greedy.credit.claimed = 40.0
    greedy.restart_chain("new")  # a learner who recomputes the chain gets past the chain...
    write(folder, "greedy", greedy)  # ...but not past the credit check
    out = tmp_path / "out.json"
    result = cli("export", str(folder), "--format", "json", "-o", str(out))
    assert result.code == 1
    lines = _skip_lines(result.err)
    assert len(lines) == 6, result.err
    by_file = {Path(line.split()[3].split(":")[0]).stem.split(".")[0]: line for line in lines}
    assert set(by_file) == {"that-copy", "foreign", "future", "naive", "edited", "greedy"}
    assert "copy of" in by_file["that-copy"]
    assert "another-course" in by_file["foreign"]
    assert "newer tutor" in by_file["future"]
    assert "time zone" in by_file["naive"]
    assert "integrity chain" in by_file["edited"]
    assert "the most this course offers is 0.5" in by_file["greedy"]
    assert out.exists()  # the valid record is still exported, whole
    assert '"Good"' in out.read_text()


def test_include_broken_marks_the_record(cli: Cli, course: Course, tmp_path: Path) -> None:
    edited = write(tmp_path / "in", "edited", simulate(course, seed=5, level="claimed"))
    _edit(edited, "passed = false", "passed = true")
    result = cli("export", str(tmp_path / "in"), "--include-broken")
    assert result.code == 0
    row = next(csv.DictReader(io.StringIO(result.out.removeprefix("\ufeff"))))
    assert row["integrity"] == "broken"


def test_no_partial_file_when_writing_fails(
    cli: Cli, course: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "in", "a", simulate(course, seed=1, level="claimed"))
    out = tmp_path / "out.csv"
    out.write_text("old export\n")

    def fail(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    result = cli("export", str(tmp_path / "in"), "-o", str(out))
    assert result.code == 2
    assert "No space left on device" in result.err
    assert out.read_text() == "old export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out.csv"]  # no temp file left


def test_inputs_globs_folders_and_repeats(course: Course, tmp_path: Path) -> None:
    a = write(tmp_path / "x", "a", simulate(course, seed=1, level="none"))
    b = write(tmp_path / "x" / "sub", "b", simulate(course, seed=2, level="none"))
    found = expand([tmp_path / "x", str(tmp_path / "x" / "*.toml"), a])
    assert found == [a, b]
    with pytest.raises(NoInput):
        expand([str(tmp_path / "nothing-*.toml")])
    with pytest.raises(NoInput):
        (tmp_path / "empty").mkdir()
        expand([tmp_path / "empty"])


def test_missing_file_is_a_skipped_file(cli: Cli, tmp_path: Path) -> None:
    result = cli("export", str(tmp_path / "missing.progress.toml"))
    assert result.code == 1
    assert len(_skip_lines(result.err)) == 1
    assert "no such file" in result.err


def test_merge_rule(course: Course, tmp_path: Path) -> None:
    """Claimed beats complete beats incomplete; earlier completion; later update."""
    base = dict(first_name="Rita", last_name="Levi", email="rita@example.org")
    early = simulate(course, seed=1, level="complete", **base)  # type: ignore[arg-type]
    claimed = simulate(course, seed=2, level="claimed", **base)  # type: ignore[arg-type]
    partial = simulate(course, seed=3, level="partial", **base)  # type: ignore[arg-type]
    folder = tmp_path / "in"
    for name, p in (("early", early), ("claimed", claimed), ("partial", partial)):
        write(folder, name, p)
    batch = collect([folder], course)
    assert len(batch.learners) == 1
    assert batch.learners[0].chosen.path.name == "claimed.progress.toml"
    # Without the claim, the earlier of the two completions wins over the partial file.
    (folder / "claimed.progress.toml").unlink()
    batch = collect([folder], course)
    assert batch.learners[0].chosen.path.name == "early.progress.toml"
    # Two incomplete files: the one updated last.
    (folder / "early.progress.toml").unlink()
    later = simulate(course, seed=4, level="started", **base)  # type: ignore[arg-type]
    later.updated = partial.updated.replace(year=2027)
    write(folder, "later", later)
    batch = collect([folder], course)
    assert batch.learners[0].chosen.path.name == "later.progress.toml"


def test_same_learner_id_without_email_merges(course: Course, tmp_path: Path) -> None:
    one = simulate(course, seed=1, level="partial")
    two = loads(dumps(one))
    two.learner.email = "added-later@example.org"
    two.updated = one.updated.replace(year=2027)
    write(tmp_path, "one", one)
    write(tmp_path, "two", two)
    batch = collect([tmp_path], course)
    assert len(batch.learners) == 1
    assert batch.learners[0].chosen.path.name == "two.progress.toml"


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_and_for_large_batches() -> None:
    from tutor.cli.records_cli import BAR_THRESHOLD, StderrBar

    tty = _Tty()
    bar = StderrBar(tty, "export")
    bar(10, BAR_THRESHOLD - 1)
    assert tty.getvalue() == ""
    bar(BAR_THRESHOLD, BAR_THRESHOLD)
    assert f"[{'#' * 30}] {BAR_THRESHOLD}/{BAR_THRESHOLD} files" in tty.getvalue()
    bar.close()
    assert tty.getvalue().endswith("\r\x1b[K")
    pipe = io.StringIO()
    quiet = StderrBar(pipe, "export")
    quiet(500, 500)
    quiet.close()
    assert pipe.getvalue() == ""
