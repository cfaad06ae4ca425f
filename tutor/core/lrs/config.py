"""Where the LRS endpoint and the credentials come from.

- **Endpoint**: `tutor send --lrs URL`; for the app, `TUTOR_LRS_ENDPOINT`, else
  `course.toml`'s `[lrs] endpoint = "https://..."`. Without an endpoint, or
  without the learner's consent, nothing leaves the machine (`sending_allowed`).
- **Credentials**, never on a command line (it shows in `ps` and shell
  history): `TUTOR_LRS_USER` and `TUTOR_LRS_PASSWORD`, or a file named by
  `--credentials FILE` or `TUTOR_LRS_CREDENTIALS` holding one line `user:password`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from tutor.core.lrs.client import Credentials, endpoint_problem
from tutor.core.model import Course

ENDPOINT_ENV = "TUTOR_LRS_ENDPOINT"
USER_ENV = "TUTOR_LRS_USER"
PASSWORD_ENV = "TUTOR_LRS_PASSWORD"
CREDENTIALS_ENV = "TUTOR_LRS_CREDENTIALS"
ACTIVITY_BASE_ENV = "TUTOR_LRS_ACTIVITY_BASE"


class ConfigError(ValueError):
    """One line saying what is missing or wrong, and what to do."""


def app_endpoint(course: Course, env: Mapping[str, str] = os.environ) -> str | None:
    """The endpoint the app sends to, or None (then nothing is sent)."""
    endpoint = env.get(ENDPOINT_ENV) or course.lrs.endpoint or None
    if endpoint and endpoint_problem(endpoint):
        raise ConfigError(f"LRS endpoint {endpoint}: {endpoint_problem(endpoint)}")
    return endpoint


def sending_allowed(endpoint: str | None, consent: bool) -> bool:
    """Whether anything may leave the machine: an endpoint *and* the learner's consent."""
    return bool(endpoint) and consent


def credentials(file: str | None = None, env: Mapping[str, str] = os.environ) -> Credentials:
    """From `file`, else TUTOR_LRS_CREDENTIALS, else TUTOR_LRS_USER/TUTOR_LRS_PASSWORD."""
    path = file or env.get(CREDENTIALS_ENV)
    if path:
        try:
            line = Path(path).expanduser().read_text(encoding="utf-8").splitlines()[0].strip()
        except (OSError, UnicodeDecodeError, IndexError) as e:
            reason = getattr(e, "strerror", None) or "empty or not UTF-8"
            raise ConfigError(f"{path}: cannot read the LRS credentials: {reason}") from None
        user, sep, password = line.partition(":")
        if not sep or not user or not password:
            raise ConfigError(f"{path}: the first line must be user:password")
        return Credentials(user, password)
    user, password = env.get(USER_ENV, ""), env.get(PASSWORD_ENV, "")
    if not user or not password:
        raise ConfigError(
            f"no LRS credentials: set {USER_ENV} and {PASSWORD_ENV}, or give a file with "
            f"--credentials FILE (one line user:password)"
        )
    return Credentials(user, password)
