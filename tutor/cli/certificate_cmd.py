"""`tutor certificate PROGRESS -o FILE.pdf`: a learner's certificate of completion."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from tutor.cli.errors import CliError, say
from tutor.cli.records_cli import add_course_option, load_course_arg, write_output
from tutor.core.exits import Exit


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "certificate",
        help="make a learner's certificate of completion (PDF)",
        description="Make the certificate of completion for a finished course from the "
        "learner's progress file: name, provider, activity, learning format, completion "
        "date, the credit the learner claimed, the designation statement and a verification "
        "code. Refused (exit 1) until the course is complete and credit has been claimed; "
        "exits 2 if the PDF cannot be written.",
    )
    parser.add_argument("progress", metavar="PROGRESS", help="the learner's progress file")
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE.pdf",
        required=True,
        help="where to write the PDF, replacing it in one step (- for standard output)",
    )
    add_course_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tutor.core.progress import ProgressError, read_progress
    from tutor.core.records import CertificateError, certificate_data, render_certificate

    course = load_course_arg(args)
    try:
        progress = read_progress(args.progress, course_id=course.id)
    except ProgressError as e:
        raise CliError(f"certificate: {e}") from None
    try:
        data = certificate_data(course, progress)
    except CertificateError as e:
        say("certificate", f"cannot issue a certificate: {e}")
        return int(Exit.PROBLEMS)
    pdf, lossy = render_certificate(data)
    # a file that cannot be written is a CliError (exit 2), like every other command's output
    write_output(args.output, pdf, "certificate", "binary")
    if lossy:
        say(
            "certificate",
            "note: some characters of the name or title are in no font the "
            "certificate embeds and show as empty boxes; the exact text is in the document "
            "properties and the records",
        )
    say("certificate", f"wrote {Path(args.output)} (verification code {data.code})")
    return int(Exit.OK)
