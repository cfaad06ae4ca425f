"""CME records: exports, the coordinator's report, certificates and verification.

Pure core: nothing here imports textual or rich. The app calls:

- `certificate_problems(course, progress) -> list[str]`: why no certificate
  can be issued yet (empty when one can); show these to the learner.
- `write_certificate(course, progress, path) -> CertificateResult`: writes the
  PDF atomically; raises CertificateError with a plain message.
- `credit_problem(course, progress) -> str | None`: whether the credit claim in
  a progress file is allowed (> 0, 0.25 steps, at most max_credit).
- `check_progress(course, progress) -> FileCheck`: the file's hash chain and
  certificate code, for a "verify my record" view.
"""

from tutor.core.records.certificate import (
    CertificateData,
    CertificateError,
    CertificateResult,
    certificate_data,
    certificate_problems,
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
    claim_problem,
    collect,
    credit_problem,
    expand,
)
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
    "claim_problem",
    "collect",
    "credit_problem",
    "expand",
    "normalise_code",
    "render_certificate",
    "verification_code",
    "write_certificate",
]
