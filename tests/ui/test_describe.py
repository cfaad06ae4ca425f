"""Counts and durations in words, as the home and welcome screens show them."""

from __future__ import annotations

import pytest

from tutor.ui.describe import count, duration


@pytest.mark.parametrize(
    ("n", "words"), [(0, "0 modules"), (1, "1 module"), (2, "2 modules"), (10, "10 modules")]
)
def test_one_module_is_not_one_modules(n: int, words: str) -> None:
    assert count(n, "module") == words


@pytest.mark.parametrize(
    ("minutes", "words"),
    [(45, "about 45 minutes"), (180, "about 3 hours"), (190, "about 3 hours 10 minutes")],
)
def test_durations_read_as_words(minutes: float, words: str) -> None:
    assert duration(minutes) == words
