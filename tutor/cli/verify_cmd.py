"""`tutor verify PROGRESS|CODE [...]`: check progress files and certificate codes."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutor.cli.errors import CliError, say
from tutor.cli.records_cli import add_course_option, load_course_arg
from tutor.core.exits import Exit
from tutor.core.text import visible

if TYPE_CHECKING:
    from tutor.core.model import Course
    from tutor.core.records.verify import ExportedCode


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "verify",
        help="check progress files' integrity, and certificate codes against records",
        description="Check each progress file's hash chain, and find each certificate code "
        "among the records: the progress files given here and any JSON exports given with "
        "--records. A matching chain shows the file was not edited by accident or casually; "
        "it cannot stop someone who recomputes the chain (see docs/records.md). Exits 1 if "
        "any check fails.",
    )
    parser.add_argument(
        "items",
        nargs="+",
        metavar="PROGRESS|CODE",
        help="progress files (or folders, or globs) and certificate codes (ABCD-EFGH-JKLM-NPQR)",
    )
    parser.add_argument(
        "--records",
        metavar="EXPORT.json",
        action="append",
        default=[],
        help="a `tutor export --format json` file to look codes up in (may be repeated)",
    )
    add_course_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tutor.core.progress import ProgressError, read_progress
    from tutor.core.records import NoInput, expand, normalise_code
    from tutor.core.records.verify import check_progress

    codes: list[str] = []
    inputs: list[str] = []
    for item in args.items:
        code = normalise_code(item)
        if code is not None and not Path(item).exists():
            codes.append(code)
        else:
            inputs.append(item)
    course: Course | None = None
    try:
        course = load_course_arg(args)
    except CliError:
        if codes or getattr(args, "course", None) is not None:  # needed, or named
            raise
    try:
        paths = expand(inputs)
    except NoInput as e:
        raise CliError(f"verify: {e}") from None
    failed = 0
    # code -> (what the record says, whether its chain is ok) for every record that has it
    known: dict[str, list[tuple[str, bool]]] = {}
    for path in paths:
        try:
            progress = read_progress(path, course_id=course.id if course else None)
        except ProgressError as e:
            print(f"{visible(str(e))}: FAILED (cannot be read)")
            failed += 1
            continue
        check = check_progress(course, progress)
        name = progress.learner.full_name or progress.learner.id
        if check.chain_ok:
            line = f"{path}: ok: the chain matches its {check.events} record(s); head {check.chain}"
        else:
            failed += 1
            why = (
                f"{len(check.unchained)} record(s) are not in the chain"
                if check.unchained
                else "the records do not give the stored head"
            )
            line = f"{path}: FAILED: the integrity chain does not match ({why}); edited?"
        if check.code:
            line += f"; certificate code {check.code}"
            known.setdefault(check.code, []).append(
                (
                    f"{name}, {progress.course.id} {progress.course.version}, "
                    f"{'chain ok' if check.chain_ok else 'chain BROKEN'} ({path})",
                    check.chain_ok,
                )
            )
        print(visible(line))
    for export in args.records:
        for entry in _exported(export):
            chain = f"chain {entry.chain[:16]}" + ("" if entry.chain_ok else " BROKEN")
            known.setdefault(entry.code, []).append(
                (
                    f"{entry.name}, {entry.course}, completed {entry.completed[:10]}, "
                    f"{entry.credits:g} credit(s), {chain} ({export}: {entry.source})"
                    if entry.credits is not None
                    else f"{entry.name}, {entry.course}"
                    + ("" if entry.chain_ok else ", chain BROKEN")
                    + f" ({export})",
                    entry.chain_ok,
                )
            )
    for code in codes:
        matches = known.get(code, [])
        broken = [what for what, chain_ok in matches if not chain_ok]
        if matches and not broken:
            print(visible(f"{code}: ok: matches {' | '.join(what for what, _ in matches)}"))
        elif matches:
            failed += 1
            print(visible(f"{code}: FAILED: matches a record whose chain is broken: {broken[0]}"))
        else:
            failed += 1
            print(visible(f"{code}: FAILED: no record given has this code"))
    if codes and not paths and not args.records:
        say("verify", "give progress files or --records to check codes against")
    return int(Exit.PROBLEMS if failed else Exit.OK)


#: the largest `tutor export --format json` file verify reads
MAX_RECORDS = 512 * 1024 * 1024


def _exported(path: str) -> list[ExportedCode]:
    from tutor.core.files import FileProblem, read_file
    from tutor.core.records.verify import codes_in_export

    try:
        data = read_file(path, MAX_RECORDS, "records file")
    except FileProblem as e:
        raise CliError(f"verify: {path}: cannot use it as records: {e}") from None
    try:
        return codes_in_export(json.loads(data.decode("utf-8")))
    except (UnicodeDecodeError, ValueError, RecursionError, KeyError, TypeError) as e:
        raise CliError(
            f"verify: {path}: cannot use it as records (a `tutor export --format json` file): {e}"
        ) from None
