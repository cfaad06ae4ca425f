"""Where lesson links lead (pure: no app needed)."""

from __future__ import annotations

import pytest

from tests.ui.conftest import COURSE
from tutor.core.course import load_course
from tutor.ui.links import External, Internal, Refused, resolve

course = load_course(COURSE).course
assert course is not None
first, second = course.modules


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("#who-sees-a-post", Internal("first-steps", "who-sees-a-post")),
        (
            "#checking-the-audience",
            Internal("first-steps", "who-sees-a-post", "checking-the-audience"),
        ),
        ("#quiz", Internal("first-steps", "quiz")),
        ("02-second-module.md", Internal("second-module")),
        ("./02-second-module.md#a-short-page", Internal("second-module", "a-short-page")),
        ("02-second-module.md#no-such-heading", Internal("second-module")),
        ("https://example.org/a?b#c", External("https://example.org/a?b#c")),
        ("HTTPS://EXAMPLE.ORG", External("HTTPS://EXAMPLE.ORG")),
    ],
)
def test_followed(href: str, expected: object) -> None:
    assert resolve(course, first, href) == expected


@pytest.mark.parametrize(
    "href",
    [
        "http://example.org",
        "javascript:alert(1)",
        "mailto:a@b.c",
        "ssh://host",
        "smb://share/x.md",
        "file:///etc/passwd",
        "/etc/passwd.md",
        "../other.md",
        "notes.txt",
        "#no-such-anchor",
        "03-missing.md",
    ],
)
def test_refused(href: str) -> None:
    assert isinstance(resolve(course, first, href), Refused)
