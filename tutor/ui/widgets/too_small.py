"""What a screen shows instead of a broken layout when the terminal is too small."""

from __future__ import annotations

from textual.dom import DOMNode
from textual.geometry import Size
from textual.widgets import Static

MIN_WIDTH = 60
MIN_HEIGHT = 20

#: Screen classes, set only while the terminal is too small (see `fit`).
NARROW = "-too-narrow"
SHORT = "-too-short"


def fit(screen: DOMNode, size: Size) -> None:
    """Mark `screen` too narrow or too short for `size`; change nothing when it fits.

    (Not Textual's breakpoints: they add a class at every size, and a new class on
    a screen restyles everything on it, once more for each screen opened.)
    """
    screen.set_class(size.width < MIN_WIDTH, NARROW)
    screen.set_class(size.height < MIN_HEIGHT, SHORT)


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
            "This window is too small to show the course "
            f"(it needs {MIN_WIDTH} columns and {MIN_HEIGHT} lines).\n\n"
            "Make the window bigger, or make the text smaller: "
            "press Ctrl and - (minus) together, a few times.",
            markup=False,
        )
