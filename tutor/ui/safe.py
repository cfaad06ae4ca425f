"""Text from lessons, progress files and learners, made safe to show.

Nothing that came from a file or a keyboard is ever given to a widget as a
markup string: it goes through `plain()` (a `Content` with no markup parsed and
no control sequences), or through `md()` before the Markdown widget sees it.
"""

from __future__ import annotations

from textual.content import Content

from tutor.core.text import strip_controls


def clean(text: str) -> str:
    """The text with terminal control sequences and control characters removed."""
    return strip_controls(text)


def one_line(text: str) -> str:
    """Clean text folded onto one line (for titles, list rows and notifications)."""
    return " ".join(clean(text).split())


def plain(text: str, style: str = "") -> Content:
    """Literal text as Content: brackets stay brackets, no action can be hidden in it."""
    return Content.styled(clean(text), style) if style else Content(clean(text))


def plain_line(text: str, style: str = "") -> Content:
    """Like `plain`, folded onto one line."""
    return Content.styled(one_line(text), style) if style else Content(one_line(text))


def md(text: str) -> str:
    """Markdown source for the Markdown widget: control sequences stripped.

    The Markdown widget never parses Textual markup, so brackets are safe; the
    links it makes are handled by the app (see `tutor.ui.links`).
    """
    return clean(text)


def percent(fraction: float | None) -> str:
    """0.8 -> "80%"; None -> "–"."""
    if fraction is None:
        return "–"
    return f"{round(fraction * 100)}%"
