"""`tutor verify`: hash chains and certificate codes against records."""

from __future__ import annotations

import shutil
from pathlib import Path

from records_factory import simulate, write
from records_helpers import PROGRESS, Cli

from tutor.core.model import Course
from tutor.core.progress import read_progress
from tutor.core.records import check_progress, normalise_code, write_certificate
from tutor.core.records.codes import verification_code

ADA = PROGRESS / "ada-complete.progress.toml"


def _code(course: Course, tmp_path: Path) -> str:
    return write_certificate(course, read_progress(ADA), tmp_path / "c.pdf").code


def test_good_file(cli: Cli, course: Course, tmp_path: Path) -> None:
    result = cli("verify", str(ADA))
    assert result.code == 0, result.out + result.err
    assert ": ok: the chain matches its" in result.out
    assert _code(course, tmp_path) in result.out


def test_casual_edit_is_caught(cli: Cli, tmp_path: Path) -> None:
    edited = tmp_path / "edited.toml"
    text = ADA.read_text()
    edited.write_text(text.replace("score = 0.6666666666666666", "score = 1.0", 1))
    assert edited.read_text() != text
    result = cli("verify", str(edited))
    assert result.code == 1
    assert "FAILED" in result.out


def test_code_against_progress_files(cli: Cli, course: Course, tmp_path: Path) -> None:
    code = _code(course, tmp_path)
    result = cli("verify", code, str(PROGRESS))
    assert result.code == 0, result.out
    assert f"{code}: ok: matches Ada Lovelace" in result.out
    # Typed loosely: lower case, spaces, a zero for an O.
    loose = code.lower().replace("-", " ").replace("o", "0")
    assert normalise_code(loose) == code
    assert cli("verify", loose, str(PROGRESS)).code == 0


def test_unknown_code_fails(cli: Cli) -> None:
    result = cli("verify", "AAAA-BBBB-CCCC-DDDD", str(PROGRESS))
    assert result.code == 1
    assert "AAAA-BBBB-CCCC-DDDD: FAILED" in result.out


def test_code_against_an_export(cli: Cli, course: Course, tmp_path: Path) -> None:
    export = tmp_path / "records.json"
    assert cli("export", str(PROGRESS), "--format", "json", "-o", str(export)).code == 0
    code = _code(course, tmp_path)
    result = cli("verify", code, "--records", str(export))
    assert result.code == 0, result.out + result.err
    assert "Ada Lovelace" in result.out
    not_json = tmp_path / "x.json"
    not_json.write_text("[1, 2]")
    bad = cli("verify", code, "--records", str(not_json))
    assert bad.code == 2


def test_code_changes_with_what_the_certificate_states(course: Course) -> None:
    progress = read_progress(ADA)
    check = check_progress(course, progress)
    assert check.chain_ok and check.complete and check.code
    done = __import__("tutor.core.completion", fromlist=["x"]).completed_at(course, progress)
    assert verification_code(course, progress, done) == check.code
    progress.learner.last_name = "Byron"
    assert verification_code(course, progress, done) != check.code


def test_code_survives_activity_after_the_certificate(
    cli: Cli, course: Course, tmp_path: Path
) -> None:
    """Retaking a drill after the certificate changes the chain head, not the code."""
    from tutor.core.session import Session

    progress = simulate(course, seed=3, level="claimed", first_name="Al", last_name="B")
    before = check_progress(course, progress)
    session = Session(course, progress, save=lambda p: None)
    drill = course.modules[0].drills[0]
    session.start_drill(course.modules[0].id, drill.id)
    session.choose(course.modules[0].id, drill.id, drill.start.choices[0].id)
    after = check_progress(course, progress)
    assert after.chain != before.chain and after.chain_ok
    assert after.code == before.code


def test_unreadable_and_missing(cli: Cli, tmp_path: Path) -> None:
    empty = tmp_path / "empty.toml"
    empty.write_text("")
    result = cli("verify", str(empty))
    assert result.code == 1
    assert "FAILED (cannot be read)" in result.out
    assert cli("verify", str(tmp_path / "nothing-*.toml")).code == 2


def test_folder_of_files(cli: Cli, course: Course, tmp_path: Path) -> None:
    folder = tmp_path / "f"
    shutil.copytree(PROGRESS, folder)
    write(folder, "extra", simulate(course, seed=4, level="none"))
    result = cli("verify", str(folder))
    assert result.code == 0
    assert result.out.count(": ok:") == 10  # the 9 fixture files and the extra one


def test_code_in_an_export_row_with_a_broken_chain_fails(
    cli: Cli, course: Course, tmp_path: Path
) -> None:
    """The export's integrity.chain_ok decides, not text in a description."""
    code = _code(course, tmp_path)
    folder = tmp_path / "f"
    folder.mkdir()
    head = read_progress(ADA).integrity.chain
    tampered = ADA.read_text().replace(head, "0" * len(head), 1)
    (folder / "ada.progress.toml").write_text(tampered)
    assert not check_progress(course, read_progress(folder / "ada.progress.toml")).chain_ok
    export = tmp_path / "ex.json"
    made = cli("export", str(folder), "--include-broken", "--format", "json", "-o", str(export))
    assert made.code == 0, made.out + made.err
    result = cli("verify", code, "--records", str(export))
    assert result.code == 1, result.out + result.err
    assert f"{code}: FAILED: matches a record whose chain is broken" in result.out


def test_learner_named_like_a_status_still_verifies(
    cli: Cli, course: Course, tmp_path: Path
) -> None:
    progress = simulate(course, seed=5, level="claimed", first_name="chain", last_name="BROKEN")
    check = check_progress(course, progress)
    assert check.chain_ok and check.code
    path = write(tmp_path, "odd", progress)
    result = cli("verify", check.code, str(path))
    assert result.code == 0, result.out + result.err
    assert f"{check.code}: ok: matches chain BROKEN" in result.out


def test_a_certificate_of_completion_is_verified_too(cli: Cli, tmp_path: Path) -> None:
    """Without an accredited provider the learner gets a certificate of completion (no
    claim); its code is found among the progress files and in exports like a CME one."""
    from records_factory import COURSE_DIR

    from tutor.core import certify
    from tutor.core.course import load_course

    folder = tmp_path / "course"
    shutil.copytree(COURSE_DIR, folder)
    settings = folder / "course.toml"
    text = settings.read_text(encoding="utf-8")
    start = text.index("[provider]")
    settings.write_text(text[:start] + text[text.index("[pars]") :], encoding="utf-8")
    completion_course = load_course(folder).course
    assert completion_course is not None and not completion_course.offers_credit
    progress = simulate(
        completion_course, seed=5, level="complete", first_name="Grace", last_name="Hopper"
    )
    assert progress.credit is None
    files = tmp_path / "progress"
    write(files, "grace", progress)
    certificate = certify.make(completion_course, progress)
    assert certificate.kind is certify.Kind.COMPLETION

    result = cli("verify", certificate.code, str(files), course=folder)
    assert result.code == 0, result.out + result.err
    assert f"{certificate.code}: ok: matches Grace Hopper" in result.out

    export = tmp_path / "records.json"
    assert cli("export", str(files), "--format", "json", "-o", str(export), course=folder).code == 0
    result = cli("verify", certificate.code, "--records", str(export), course=folder)
    assert result.code == 0, result.out + result.err
    assert "Grace Hopper" in result.out


def test_the_code_covers_the_name_as_printed_not_hidden_controls(course: Course) -> None:
    """A control sequence in a stored name (written as a TOML escape) is stripped before
    the name is printed; the code is computed from that same printed name."""
    from tutor.core.records import certificate_data

    def claimed(first_name: str) -> str:
        progress = simulate(course, seed=8, level="claimed", first_name="x", last_name="Lovelace")
        progress.learner.first_name = first_name  # as read from the file: the app refuses it
        data = certificate_data(course, progress)
        assert data.name == "Ada Lovelace"
        return data.code

    assert claimed("Ada\x1b]0;pwned\x07") == claimed("Ada")
