"""What screens tell the app. The app owns navigation; screens own their session's actions.

A screen never reaches into the app: it posts one of these, which bubbles up to
`TutorApp`, and the app decides which screen comes next.
"""

from __future__ import annotations

from textual.message import Message


class OpenHome(Message):
    """Back to the list of modules."""


class OpenModule(Message):
    """A module's overview."""

    def __init__(self, module_id: str) -> None:
        super().__init__()
        self.module_id = module_id


class OpenItem(Message):
    """A page, quiz or drill, with its module's overview beneath it; with `replace`, in
    place of the item shown now (another part of the same module)."""

    def __init__(
        self, module_id: str, item_id: str, anchor: str = "", *, replace: bool = False
    ) -> None:
        super().__init__()
        self.module_id = module_id
        self.item_id = item_id
        self.anchor = anchor
        self.replace = replace


class ItemFinished(Message):
    """The learner is done with an item and moves on: to the next item, or the module."""

    def __init__(self, module_id: str, item_id: str) -> None:
        super().__init__()
        self.module_id = module_id
        self.item_id = item_id


class FollowLink(Message):
    """A link in lesson text (or a source) was chosen: in the course, or out to the web."""

    def __init__(self, module_id: str, href: str) -> None:
        super().__init__()
        self.module_id = module_id
        self.href = href


class ContinueCourse(Message):
    """The next thing to do: the next page, quiz or drill, the evaluation, the certificate."""


class OpenProfile(Message):
    """The learner's name, CME details and progress."""


class OpenEvaluation(Message):
    """The end-of-course evaluation."""


class OpenCertificate(Message):
    """The certificate (and, with an accredited provider, the credit claim)."""


class AskLrsConsent(Message):
    """Ask (again) whether to send the learner's records to the course's LRS."""


class OpenWelcome(Message):
    """About this course: its CME frame, and how to get around."""
