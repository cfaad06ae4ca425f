"""Files the app hands to the learner when it runs in a browser (`tutor serve`).

In a terminal the learner chooses a path and the file is written there. In a browser that
path would be on the server, so the bytes go to the browser as a download instead, through
Textual's `App.deliver_binary` (the web driver streams them over the app's own connection).
"""

from __future__ import annotations

import io

from textual.app import App

from tutor.core.model import Course
from tutor.core.progress.model import Progress
from tutor.core.records import CertificateError
from tutor.core.records.certificate import certificate_data, render_certificate


def deliver_certificate(app: App[object], course: Course, progress: Progress, name: str) -> bool:
    """Send the learner's certificate to their browser as `name`. False (and a notice) if
    it cannot be issued."""
    try:
        data = certificate_data(course, progress)
    except CertificateError as exc:
        app.notify(str(exc), title="No certificate", severity="error", markup=False)
        return False
    pdf, lossy = render_certificate(data)
    app.deliver_binary(io.BytesIO(pdf), save_filename=name, mime_type="application/pdf")
    note = " Some letters could not be shown in the PDF." if lossy else ""
    app.notify(
        f"Your browser is downloading {name}. Verification code {data.code}.{note}",
        title="Certificate",
        markup=False,
        timeout=15,
    )
    return True
