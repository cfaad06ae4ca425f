"""What a screen shows instead of a broken layout when the terminal is too small."""

from __future__ import annotations

from textual.widgets import Static

MIN_WIDTH = 60
MIN_HEIGHT = 20

#: Screen classes set by Textual's breakpoints (see `BaseScreen`).
NARROW = "-too-narrow"
SHORT = "-too-short"
HORIZONTAL_BREAKPOINTS = [(0, NARROW), (MIN_WIDTH, "-wide-enough")]
VERTICAL_BREAKPOINTS = [(0, SHORT), (MIN_HEIGHT, "-tall-enough")]


class TooSmall(Static):
    """Hidden until the screen is smaller than MIN_WIDTH x MIN_HEIGHT; then it is all there is."""

    DEFAULT_CSS = f"""
    TooSmall {{
        display: none;
        width: 1fr;
        height: 1fr;
        content-align: center middle;
        text-align: center;
        color: $text-warning;
    }}
    Screen.{NARROW} > *, Screen.{SHORT} > * {{
        display: none;
    }}
    Screen.{NARROW} > TooSmall, Screen.{SHORT} > TooSmall {{
        display: block;
    }}
    """

    def __init__(self) -> None:
        super().__init__(
            f"Terminal too small: make it at least {MIN_WIDTH}x{MIN_HEIGHT}", markup=False
        )
