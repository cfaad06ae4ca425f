"""`tutor send FILES... --lrs URL`: send learners' xAPI statements to a Learning Record Store.

The work is done by tutor.core.lrs (client, ledger, sender); this module reads
the options, prints the progress bar and the summary. Credentials come from the
environment or a file (tutor.core.lrs.config), never from the command line.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from tutor.cli.errors import CliError, say
from tutor.cli.records_cli import (
    StderrBar,
    add_batch_options,
    load_course_arg,
    read_plan,
    report_skipped_list,
)
from tutor.core.exits import Exit

if TYPE_CHECKING:
    from tutor.core.lrs.sender import SendReport

MAX_REFUSAL_LINES = 20


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "send",
        help="send learners' xAPI statements to a Learning Record Store",
        description="Send the xAPI statements of progress files to an LRS, in batches, with "
        "retries. Statements the LRS acknowledged are noted in a ledger in the user data "
        "folder and never sent again, so an interrupted send resumes where it stopped. "
        "Credentials: TUTOR_LRS_USER and TUTOR_LRS_PASSWORD, or --credentials FILE (one "
        "line user:password). Exit 1 if the LRS refused any statement or a file was "
        "skipped. See docs/records.md, 'Sending to an LRS'.",
    )
    add_batch_options(parser)
    parser.add_argument(
        "--lrs",
        metavar="URL",
        required=True,
        help="the LRS's xAPI endpoint, e.g. https://lrs.example.org/xAPI/",
    )
    parser.add_argument(
        "--credentials",
        metavar="FILE",
        default=None,
        help="a file whose first line is user:password (default: $TUTOR_LRS_CREDENTIALS, "
        "else $TUTOR_LRS_USER and $TUTOR_LRS_PASSWORD)",
    )
    parser.add_argument(
        "--activity-base",
        metavar="IRI",
        default=None,
        help="the IRI activity ids start with (default: course.toml [lrs] activity_base, "
        "else https://tutor.invalid/xapi/)",
    )
    parser.add_argument(
        "--batch", type=int, default=250, metavar="N", help="statements per request (250)"
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="say what would be sent, send nothing (no credentials needed)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tutor.core.lrs.client import (
        Credentials,
        LrsAuthError,
        LrsClient,
        LrsUnavailable,
        endpoint_problem,
    )
    from tutor.core.lrs.config import ConfigError, credentials
    from tutor.core.lrs.ledger import Ledger
    from tutor.core.lrs.sender import Sender
    from tutor.core.paths import lrs_dir
    from tutor.core.records import stream, xapi

    problem = endpoint_problem(args.lrs)
    if problem:
        raise CliError(f"send: --lrs {args.lrs}: {problem}")
    if args.batch < 1:
        raise CliError("send: --batch must be 1 or more")
    try:
        creds = Credentials("", "") if args.dry_run else credentials(args.credentials)
    except ConfigError as e:
        raise CliError(f"send: {e}") from None
    course = load_course_arg(args)
    base = args.activity_base or course.lrs.activity_base or xapi.DEFAULT_BASE
    plan = read_plan(args, course, "send", keep=True)
    report_skipped_list("send", plan.skipped)
    client = LrsClient(args.lrs, creds)
    sender = Sender(client, Ledger(lrs_dir(args.lrs)), batch=args.batch, dry_run=args.dry_run)
    builder = xapi.Statements(course, base)
    bar = StderrBar(sys.stderr, "send", unit="learners")
    total = plan.learner_count
    done = 0

    def entries() -> Any:
        nonlocal done
        for files in stream.learners(plan):
            yield from builder.learner(files)
            done += 1
            bar(done, total)

    try:
        report = sender.send(entries())
    except LrsAuthError as e:
        raise CliError(f"send: {e}") from None
    except LrsUnavailable as e:
        raise CliError(
            f"send: {e}; what the LRS acknowledged is noted: run the same command again to resume",
            Exit.PROBLEMS,
        ) from None
    finally:
        bar.close()
        client.close()
        plan.close()
    _summary(report, args.dry_run, len(plan.skipped))
    return int(Exit.PROBLEMS if report.refused or plan.skipped else Exit.OK)


def _summary(report: SendReport, dry_run: bool, skipped: int) -> None:
    for refusal in report.refused[:MAX_REFUSAL_LINES]:
        say("send", f"refused {refusal.statement_id}: {refusal.reason}")
    if len(report.refused) > MAX_REFUSAL_LINES:
        say("send", f"... and {len(report.refused) - MAX_REFUSAL_LINES} more refused")
    if dry_run:
        line = (
            f"dry run: {report.sent} statement(s) to send, {report.voided} to void, "
            f"{report.known} already acknowledged by this LRS"
        )
    else:
        line = (
            f"{report.sent} sent, {report.present} already present, "
            f"{report.known} already acknowledged (not sent again), {report.voided} voided, "
            f"{len(report.refused)} refused"
        )
    if skipped:
        line += f"; {skipped} file(s) skipped"
    say("send", line)
