"""CME records: exports, the coordinator's report, certificates and verification.

Pure core: nothing here imports textual or rich. The app calls:

- `certificate_problems(course, progress) -> list[str]`: why no certificate
  can be issued yet (empty when one can); show these to the learner.
- `provider_is_placeholder(course) -> bool`: whether course.toml still holds
  the placeholder provider/designation (then no certificate can be issued).
- `write_certificate(course, progress, path) -> CertificateResult`: writes the
  PDF atomically; raises CertificateError with a plain message.
- `check_progress(course, progress) -> FileCheck`: the file's hash chain and
  certificate code, for a "verify my record" view.
"""

from tutor.core.records.certificate import (
    CertificateData,
    CertificateError,
    CertificateResult,
    certificate_data,
    certificate_problems,
    completion_certificate_data,
    provider_is_placeholder,
    render_certificate,
    write_certificate,
)
from tutor.core.records.codes import normalise_code, verification_code
from tutor.core.records.collect import (
    Batch,
    LearnerFiles,
    Loaded,
    NoInput,
    Skipped,
    expand,
)
from tutor.core.records.stream import collect
from tutor.core.records.verify import FileCheck, check_progress

__all__ = [
    "Batch",
    "CertificateData",
    "CertificateError",
    "CertificateResult",
    "FileCheck",
    "LearnerFiles",
    "Loaded",
    "NoInput",
    "Skipped",
    "certificate_data",
    "certificate_problems",
    "check_progress",
    "collect",
    "completion_certificate_data",
    "expand",
    "normalise_code",
    "provider_is_placeholder",
    "render_certificate",
    "verification_code",
    "write_certificate",
]
