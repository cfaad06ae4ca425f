"""Certificate and credit: the steps after the course, each asked for only now.

The rules (what may be claimed, when a certificate can be issued) live in the
core: `Session.attest_credit` and `tutor.core.records` (certificate_problems,
write_certificate). This screen shows what they say and passes on what the
learner chose.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Header, Input, Label, Select, Static

from tutor.core.model import Course
from tutor.core.paths import progress_path
from tutor.core.progress.model import Progress
from tutor.core.records import (
    CertificateError,
    certificate_problems,
    provider_is_placeholder,
    write_certificate,
)
from tutor.core.session import SessionError
from tutor.ui.downloads import deliver_certificate
from tutor.ui.safe import clean, plain, plain_line
from tutor.ui.screens.base import BaseScreen
from tutor.ui.screens.profile import cme_summary


def default_certificate_path(course_id: str) -> Path:
    """Documents (or the home folder), where a learner will find it."""
    home = Path.home()
    folder = home / "Documents" if (home / "Documents").is_dir() else home
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", course_id) or "course"
    return folder / f"{safe}-certificate.pdf"


def certificate_blockers(course: Course, progress: Progress) -> tuple[bool, list[str]]:
    """(whether the course itself cannot issue certificates, what the learner still has to do).

    Whether the course can is `provider_is_placeholder`'s call. The learner's part is
    what `certificate_problems` finds, less its placeholder problem: for progress of
    this course, that is the first one it lists (for another course's progress it
    lists only that mismatch, and the course is not blamed).
    """
    problems = certificate_problems(course, progress)
    no_provider = provider_is_placeholder(course) and progress.course.id == course.id
    return no_provider, problems[1:] if no_provider else problems


def quarter_hours(maximum: float) -> list[float]:
    steps = round(maximum * 4)
    return [n / 4 for n in range(steps, 0, -1)]


class RecordsScreen(BaseScreen[None]):
    """Claim credit, then save a certificate. Name and CME details are asked for here."""

    HELP = (
        "After the course: claim the credit you earned, then save your certificate as a "
        "PDF. Your name and CME details are asked for here, when they are needed."
    )

    #: Start outside the text fields, so the keys in the footer work at once (Tab goes in).
    AUTO_FOCUS = None

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("d", "details", "CME details…"),
    ]

    def compose_screen(self) -> ComposeResult:
        session = self.tutor.active_session
        course = session.course
        yield Header()
        with VerticalScroll(id="records-view", classes="screen-body"):
            yield Static(Content("Certificate and credit"), classes="screen-title")
            yield Static(id="no-provider", classes="callout")
            yield Label("1. Your name", classes="section-title", markup=False)
            with Horizontal(id="name-row"):
                yield Input(
                    clean(session.progress.learner.first_name),
                    placeholder="First name",
                    id="first-name",
                )
                yield Input(
                    clean(session.progress.learner.last_name),
                    placeholder="Last name",
                    id="last-name",
                )
                yield Button("Save name", id="save-name")
            yield Label("2. Details for your board (optional)", classes="section-title")
            yield Static(id="cme-summary")
            with Horizontal(classes="button-row"):
                yield Button("Add or change CME details…", id="details")
            yield Label("3. Claim credit", classes="section-title", markup=False)
            yield Static(plain(course.designation), id="designation", classes="help-text")
            with Horizontal(classes="button-row"):
                yield Select(
                    [(f"{h:g} hours", h) for h in quarter_hours(course.max_credit)],
                    prompt="Hours",
                    id="hours",
                )
                yield Button("Claim credit", id="claim", variant="primary")
            yield Static(id="claim-state")
            yield Label("4. Certificate", id="certificate-title", classes="section-title")
            yield Static(id="problems")
            yield Input(str(default_certificate_path(course.id)), id="cert-path")
            with Horizontal(classes="button-row"):
                yield Button("Save certificate", id="certificate", variant="primary")
                yield Button("Back", id="back")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "Certificate and credit"
        self.refresh_view()

    def on_screen_resume(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        session = self.tutor.active_session
        progress = session.progress
        self.query_one("#cme-summary", Static).update(cme_summary(progress.learner))
        claim = self.query_one("#claim-state", Static)
        if progress.credit is not None:
            claim.update(Content(f"You have claimed {progress.credit.claimed:g} hours."))
        else:
            claim.update(Content.styled("No credit claimed yet.", "dim"))
        no_provider, problems = certificate_blockers(session.course, progress)
        note = self.query_one("#no-provider", Static)
        note.display = no_provider
        for selector in ("#cert-path", "#certificate"):
            self.query_one(selector).display = not no_provider
        if self.app.is_web:  # `tutor serve`: no server path to choose; the browser downloads
            self.query_one("#cert-path").display = False
            self.query_one("#certificate", Button).label = "Download certificate"
        box = self.query_one("#problems", Static)
        if no_provider:
            course = session.course
            note.update(self._no_provider_note(progress))
            # The designation still names the placeholder: say plainly what may be claimed.
            self.query_one("#designation", Static).update(
                Content(
                    f"You may claim up to {course.max_credit:g} hours: only the credit that "
                    "matches the extent of your participation."
                )
            )
            self.query_one("#certificate-title", Label).update(
                Content("4. Your record, for your CME coordinator")
            )
            box.update(
                Content.assemble(
                    "To make your record complete:\n",
                    Content("\n").join(plain_line(f"• {p}") for p in problems),
                )
                if problems
                else Content.styled(
                    "Your record is complete: your name, your progress and your credit claim "
                    "are all in the file named at the top.",
                    "$text-success",
                )
            )
            return
        if problems:
            box.update(
                Content.assemble(
                    "Before a certificate can be saved:\n",
                    Content("\n").join(plain_line(f"• {p}") for p in problems),
                )
            )
        else:
            ready = (
                "your browser will download it" if self.app.is_web else "choose where to save it"
            )
            box.update(Content.styled(f"Ready: {ready}.", "$text-success"))
        self.query_one("#certificate", Button).disabled = bool(problems)

    def _no_provider_note(self, progress: Progress) -> Content:
        """Why there is no certificate, where the record is, and who can issue it."""
        store = self.tutor.store
        path = store.path if store is not None else progress_path(progress.course.id)
        saved = (
            f"Your progress and your credit claim ({progress.credit.claimed:g} hours) are saved "
            "in this file:\n"
            if progress.credit is not None
            else "Your progress is saved in this file (and your credit claim will be too, once "
            "you make it below):\n"
        )
        return Content.assemble(
            Content.styled("No certificate can be issued for this course yet.", "bold"),
            "\n\nThe course's provider has not been filled in, so tutor cannot issue a "
            "certificate for it. This is not something you did wrong, and nothing you "
            "have done is lost.\n\n",
            saved,
            plain(str(path), "bold"),
            "\n\nYour CME coordinator can issue your records from that file. "
            "Below, you can still save your name and claim your credit.",
        )

    @on(Input.Submitted, "#first-name, #last-name")
    @on(Button.Pressed, "#save-name")
    def _save_name(self) -> None:
        try:
            self.tutor.active_session.update_learner(
                first_name=self.query_one("#first-name", Input).value,
                last_name=self.query_one("#last-name", Input).value,
            )
        except SessionError as exc:
            self.notify(str(exc), title="Name not saved", severity="error", markup=False)
            return
        self.notify("Name saved.", markup=False)
        self.refresh_view()

    @on(Button.Pressed, "#details")
    def action_details(self) -> None:
        from tutor.ui.screens.details import DetailsScreen

        self.app.push_screen(
            DetailsScreen("Fill in what your certifying board needs to record your credit."),
            lambda _: self.refresh_view(),
        )

    @on(Button.Pressed, "#claim")
    def _claim(self) -> None:
        hours = self.query_one("#hours", Select).value
        if not isinstance(hours, float | int):
            self.notify("Choose the hours to claim first.", markup=False, severity="warning")
            return
        try:
            self.tutor.active_session.attest_credit(float(hours))
        except SessionError as exc:
            self.notify(str(exc), title="Credit not claimed", severity="error", markup=False)
            return
        self.refresh_view()

    @on(Button.Pressed, "#certificate")
    @on(Input.Submitted, "#cert-path")
    def _certificate(self) -> None:
        session = self.tutor.active_session
        if certificate_blockers(session.course, session.progress)[0]:
            return  # the course cannot issue one; the screen says why
        if self.app.is_web:
            name = default_certificate_path(session.course.id).name
            deliver_certificate(self.app, session.course, session.progress, name)
            return
        path = Path(self.query_one("#cert-path", Input).value.strip()).expanduser()
        try:
            result = write_certificate(session.course, session.progress, path)
        except CertificateError as exc:
            self.notify(str(exc), title="No certificate", severity="error", markup=False)
            return
        note = " Some letters could not be shown in the PDF." if result.lossy else ""
        self.notify(
            f"Saved to {result.path}. Verification code {result.code}.{note}",
            title="Certificate saved",
            markup=False,
            timeout=15,
        )

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.app.pop_screen()
