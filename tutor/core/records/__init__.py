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

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tutor.core.records.certificate import (
        CertificateData,
        CertificateError,
        CertificateResult,
        certificate_data,
        certificate_problems,
        completion_certificate_data,
        completion_problems,
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
    from tutor.core.records.verify import FileCheck, check_progress

# `collect` is also the name of a submodule: bound now, so that importing the submodule
# (which sets the package's attribute to the module) cannot hide the function.
from tutor.core.records.stream import collect

# Every other name is imported from its module on first use: the app imports this package
# for a certificate, and should not pay for the exports' and the report's modules.
_WHERE = {
    "CertificateData": "tutor.core.records.certificate",
    "CertificateError": "tutor.core.records.certificate",
    "CertificateResult": "tutor.core.records.certificate",
    "certificate_data": "tutor.core.records.certificate",
    "certificate_problems": "tutor.core.records.certificate",
    "completion_certificate_data": "tutor.core.records.certificate",
    "completion_problems": "tutor.core.records.certificate",
    "provider_is_placeholder": "tutor.core.records.certificate",
    "render_certificate": "tutor.core.records.certificate",
    "write_certificate": "tutor.core.records.certificate",
    "normalise_code": "tutor.core.records.codes",
    "verification_code": "tutor.core.records.codes",
    "Batch": "tutor.core.records.collect",
    "LearnerFiles": "tutor.core.records.collect",
    "Loaded": "tutor.core.records.collect",
    "NoInput": "tutor.core.records.collect",
    "Skipped": "tutor.core.records.collect",
    "expand": "tutor.core.records.collect",
    "FileCheck": "tutor.core.records.verify",
    "check_progress": "tutor.core.records.verify",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


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
    "completion_problems",
    "expand",
    "normalise_code",
    "provider_is_placeholder",
    "render_certificate",
    "verification_code",
    "write_certificate",
]
