"""The certificate (and, with an accredited provider, the credit claim): the end of the course.

What the learner gets is the core's call (`tutor.core.certify`): a CME certificate
stating the credit claimed when course.toml names an accredited provider, else a
certificate of completion. This screen asks for what is still missing (a name; for
CME, a credit claim), makes the PDF, and hands it to the learner through the app's
`deliver` (their Documents folder, or a browser download). The saved path and the
verification code stay on this screen.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from tutor.core import certify
from tutor.core.paths import delivery_dir
from tutor.core.records import CertificateError
from tutor.core.session import Session, SessionError
from tutor.ui.delivery import Deliver, Delivery
from tutor.ui.describe import duration
from tutor.ui.safe import clean, plain, plain_line
from tutor.ui.screens.base import SessionScreen
from tutor.ui.screens.profile import cme_summary
from tutor.ui.widgets.keys_bar import KeysBar

#: The core's words for a missing name, and what this screen says instead (it asks for it).
NAME_MISSING = "add your name in your profile first"
NAME_HERE = "type your name above, then press Save name"


class RecordsScreen(SessionScreen[None]):
    """Name, (for CME) details and credit, then the certificate. Each asked for only now."""

    CSS_PATH = "forms.tcss"

    def place(self) -> tuple[str, str]:
        """Quitting here opens home next time (Continue leads back here when it is next)."""
        return ("", "")

    HELP = (
        "After the course: check your name as it will appear, then save your certificate "
        "as a PDF. For a course with CME credit, claim the hours you earned first. The "
        "saved file's place and its verification code stay on this screen."
    )
    WHERE = "Certificate"

    #: Start outside the text fields, so the keys in the footer work at once (Tab goes in).
    AUTO_FOCUS = None

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
    ]

    def __init__(
        self,
        session: Session,
        deliver: Deliver,
        delivered: Mapping[str, Delivery] | None = None,
    ) -> None:
        super().__init__(session)
        self._deliver = deliver
        #: what the app has handed to the learner in this run, by file name
        self._delivered = delivered if delivered is not None else {}
        self.kind = certify.kind_of(session.course)
        #: what the last save said (the path, or the download), kept on the screen
        self.saved: str = ""
        #: why the last attempt to save failed, until one succeeds
        self.problem: str = ""

    @property
    def cme(self) -> bool:
        return self.kind is certify.Kind.CME

    def compose_screen(self) -> ComposeResult:
        course = self.session.course
        learner = self.session.progress.learner
        yield self.title_bar("Certificate and credit" if self.cme else "Certificate")
        with VerticalScroll(id="records-view", classes="screen-body"):
            yield Static(
                Content("Certificate and credit" if self.cme else "Your certificate"),
                classes="screen-title",
            )
            yield Static(self._kind_note(), id="kind", classes="callout")
            step = 1
            yield Label(
                f"{step}. Your name, as it will appear on the certificate",
                classes="section-title",
                markup=False,
            )
            with Horizontal(id="name-row"):
                yield Input(clean(learner.first_name), placeholder="First name", id="first-name")
                yield Input(clean(learner.last_name), placeholder="Last name", id="last-name")
                yield Button("Save name", id="save-name")
            yield Static(id="name-status")
            if self.cme:
                step += 1
                yield Label(
                    f"{step}. Details for your board (optional)",
                    classes="section-title",
                    markup=False,
                )
                yield Static(id="cme-summary")
                with Horizontal(classes="button-row"):
                    yield Button("Add or change CME details…", id="details")
                step += 1
                yield Label(f"{step}. Claim credit", classes="section-title", markup=False)
                yield Static(plain(course.designation), id="designation", classes="help-text")
                yield Static(id="claim-help", classes="help-text")
                with Horizontal(id="claim-row"):
                    yield Label("Hours to claim", classes="form-label", markup=False)
                    yield Input(
                        placeholder="e.g. 2.5",
                        type="number",
                        id="hours",
                    )
                    yield Button("Claim credit", id="claim", variant="primary")
                yield Static(id="claim-state")
            step += 1
            yield Label(f"{step}. Your certificate", classes="section-title", markup=False)
            yield Static(id="problems")
            yield Static(id="saved", classes="callout")
            with Horizontal(classes="button-row"):
                yield Button("Save certificate (PDF)", id="certificate", variant="primary")
                yield Button("Back", id="back")
        yield KeysBar()

    def _kind_note(self) -> Content:
        course = self.session.course
        if self.cme:
            return Content.assemble(
                "This course is accredited for CME by ",
                plain_line(course.provider, "bold"),
                f". Your certificate states the credit you claim (up to {course.max_credit:g}"
                " hours).",
            )
        return Content.assemble(
            Content.styled("This course is not yet accredited for CME", "bold"),
            ": you will receive a certificate of completion. It shows your name, the "
            "course and the date you completed it; it does not give CME credit.",
        )

    def on_mount(self) -> None:
        filename = certify.filename(self.session.course)
        earlier = self._delivered.get(filename)
        if earlier is not None:
            self.saved = earlier.describe()
        elif (delivery_dir() / filename).is_file():
            self.saved = f"A certificate saved earlier is at {delivery_dir() / filename}"
        if self.cme and self.session.progress.credit is not None:
            self.query_one("#hours", Input).value = f"{self.session.progress.credit.claimed:g}"
        self.refresh_view()
        # everything is filled in: the next thing to do is to save the certificate
        certificate = self.query_one("#certificate", Button)
        claimed = not self.cme or self.session.progress.credit is not None
        if self.session.progress.learner.full_name and claimed and not certificate.disabled:
            certificate.focus()

    def on_screen_resume(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        session = self.session
        progress = session.progress
        if self.cme:
            self.query_one("#cme-summary", Static).update(cme_summary(progress.learner))
            spent = sum(mp.seconds for mp in progress.modules.values())
            self.query_one("#claim-help", Static).update(
                Content(
                    "Claim only the credit that matches the time you took part: up to "
                    f"{session.course.max_credit:g} hours, in steps of 0.25 hours."
                    + (
                        f" The app counted {duration(spent / 60).removeprefix('about ')} "
                        "in the course."
                        if spent
                        else ""
                    )
                )
            )
            claim = self.query_one("#claim-state", Static)
            if progress.credit is not None:
                claim.update(
                    Content.styled(
                        f"✓ You have claimed {progress.credit.claimed:g} hours.",
                        "bold $text-success",
                    )
                )
            else:
                claim.update(Content.styled("No credit claimed yet.", "dim"))
        status = certify.status(session.course, progress)
        box = self.query_one("#problems", Static)
        # once saved, the box below says where, and with which code
        box.display = bool(status.problems) or not self.saved or bool(self.problem)
        if status.problems:
            box.update(
                Content.assemble(
                    "Before your certificate can be saved:\n",
                    Content("\n").join(
                        plain_line(f"• {NAME_HERE if p == NAME_MISSING else p}")
                        for p in status.problems
                    ),
                )
            )
        else:
            what = "certificate" if self.cme else "certificate of completion"
            box.update(
                Content.assemble(
                    Content.styled(f"Your {what} is ready. ", "bold $text-success"),
                    f"It will be saved in {delivery_dir()}"
                    if not self.app.is_web
                    else "Your browser will download it.",
                    "\nVerification code: ",
                    Content.styled(status.code, "bold"),
                )
            )
        button = self.query_one("#certificate", Button)
        button.disabled = not status.ready
        button.label = Content(
            "Save it again" if self.saved and status.ready else "Save certificate (PDF)"
        )
        saved = self.query_one("#saved", Static)
        saved.display = bool(self.saved or self.problem)
        if self.problem:
            saved.update(plain(self.problem, "bold $text-error"))
        elif self.saved:
            saved.update(
                Content.assemble(
                    Content.styled("✓ ", "bold $text-success"),
                    plain(self.saved, "bold"),
                    "\nVerification code: ",
                    Content.styled(status.code, "bold") if status.code else "–",
                    "\nAnyone you give the certificate to can check it with this code.",
                )
            )

    # -- what the learner does ----------------------------------------------------------

    @on(Input.Submitted, "#first-name, #last-name")
    @on(Button.Pressed, "#save-name")
    def _save_name(self) -> None:
        status = self.query_one("#name-status", Static)
        try:
            self.session.update_learner(
                first_name=self.query_one("#first-name", Input).value,
                last_name=self.query_one("#last-name", Input).value,
            )
        except SessionError as exc:
            status.update(plain_line(f"Not saved: {exc}", "$text-error"))
            return
        name = self.session.progress.learner.full_name
        status.update(
            Content.assemble(
                Content.styled("✓ Saved: ", "bold $text-success"),
                plain_line(name) if name else Content("no name"),
            )
        )
        self.refresh_view()
        # on to the next step: the hours to claim, or the certificate
        if self.cme and self.session.progress.credit is None:
            self.query_one("#hours", Input).focus()
        elif not self.query_one("#certificate", Button).disabled:
            self.query_one("#certificate", Button).focus()

    @on(Button.Pressed, "#details")
    def action_details(self) -> None:
        from tutor.ui.screens.details import DetailsScreen

        self.app.push_screen(
            DetailsScreen(
                self.session, "Fill in what your certifying board needs to record your credit."
            ),
            lambda _: self.refresh_view(),
        )

    @on(Input.Submitted, "#hours")
    @on(Button.Pressed, "#claim")
    def _claim(self) -> None:
        claim = self.query_one("#claim-state", Static)
        text = self.query_one("#hours", Input).value.strip()
        try:
            hours = float(text)
        except ValueError:
            claim.update(
                Content.styled("Type the hours to claim first, for example 2.5.", "$text-error")
            )
            return
        try:
            self.session.attest_credit(hours)
        except SessionError as exc:
            claim.update(plain_line(f"Not claimed: {exc}.", "$text-error"))
            return
        self.query_one("#hours", Input).value = f"{hours:g}"
        self.refresh_view()

    @on(Button.Pressed, "#certificate")
    def _certificate(self) -> None:
        if certify.status(self.session.course, self.session.progress).ready:
            self.query_one("#certificate", Button).disabled = True
            self.query_one("#problems", Static).update(Content("Making your certificate…"))
            self._make_and_deliver()

    @work(exclusive=True, group="certificate")
    async def _make_and_deliver(self) -> None:
        session = self.session
        try:
            made = await asyncio.to_thread(certify.make, session.course, session.progress)
            delivery = self._deliver(made.data, made.filename, certify.PDF)
        except CertificateError as exc:
            self.problem = f"No certificate: {exc}."
        except OSError as exc:
            where = f" in {exc.filename}" if exc.filename else ""
            self.problem = (
                f"The certificate could not be saved{where}: {exc.strerror or exc}. "
                "Nothing was lost; try again once the folder can be written."
            )
        else:
            self.saved = delivery.describe()
            if made.lossy:
                self.saved += " (some letters of your name could not be shown in the PDF)"
            self.problem = ""  # (no toast: the screen itself says where, and it stays)
        self.refresh_view()
        # what happened, and the button, in sight (and the focus back on it)
        button = self.query_one("#certificate", Button)
        if not button.disabled:
            button.focus(scroll_visible=False)
        self.call_after_refresh(button.scroll_visible, animate=False)

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.app.pop_screen()
