"""Options with a divider between them, so wrapped answers do not run together."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from textual.widgets.option_list import Option


def spaced(options: Iterable[Option]) -> Iterator[Option | None]:
    """The options with `None` (an OptionList divider) between each pair."""
    for index, option in enumerate(options):
        if index:
            yield None
        yield option
