"""Text laid out by a single widget: rows of columns, and lines with a hanging indent.

A home-screen row is one option of one list, drawn as `Columns` (not a row of
widgets): home has 16 widgets in all, which keeps start-up short (bench/bench_ui.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual


class Laid(Visual):
    """A visual that lays its text out for a width once, and draws that."""

    _drawn: tuple[int, Content, int] | None = None

    def layout(self, width: int) -> list[Content]:
        """The lines of the text at `width`."""
        raise NotImplementedError

    def lines(self, width: int) -> tuple[Content, int]:
        """The text laid out at `width`, and its height in lines."""
        if self._drawn is None or self._drawn[0] != width:
            out = self.layout(width) or [Content("")]
            self._drawn = (width, Content("\n").join(out), len(out))
        return self._drawn[1], self._drawn[2]

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self.lines(width)[0].render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.lines(width)[1]


class Columns(Laid):
    """Cells side by side: `(content, width)`, where a width of None takes the rest.

    Fixed-width cells are cut short with "…" if they do not fit; the flexible
    cell wraps, and the other cells stay on its first line.
    """

    def __init__(self, cells: Sequence[tuple[Content, int | None]]) -> None:
        self.cells = list(cells)

    def __str__(self) -> str:
        return "  ".join(content.plain for content, _ in self.cells)

    def layout(self, width: int) -> list[Content]:
        fixed = sum(w for _, w in self.cells if w is not None)
        flexible = max(1, width - fixed)
        wrapped = next(
            (c.wrap(flexible) or [Content("")] for c, w in self.cells if w is None),
            [Content("")],
        )
        out: list[Content] = []
        for n, part in enumerate(wrapped):
            pieces: list[Content] = []
            for content, cell_width in self.cells:
                if cell_width is None:
                    pieces.append(part.truncate(flexible, pad=True))
                elif n == 0:
                    pieces.append(content.truncate(cell_width, ellipsis=True, pad=True))
                else:
                    pieces.append(Content(" " * cell_width))
            out.append(Content.assemble(*pieces))
        return out


class Hanging(Laid):
    """Lines of `(lead, text)`: each text wraps and hangs under its own first word.

    The lead is what stands before the text ("• ", " 2. ", "Your answer: ");
    the text's continuation lines start where the text started.
    """

    def __init__(self, rows: Iterable[tuple[Content, Content]]) -> None:
        self.rows = list(rows)

    def __str__(self) -> str:
        """The rows as plain text, one a line."""
        return "\n".join(f"{lead.plain}{text.plain}" for lead, text in self.rows)

    def layout(self, width: int) -> list[Content]:
        out: list[Content] = []
        for lead, text in self.rows:
            indent = min(lead.cell_length, max(0, width - 1))
            hang = Content(" " * indent)
            for n, line in enumerate(text.wrap(max(1, width - indent)) or [Content("")]):
                out.append((lead if n == 0 else hang) + line)
        return out


def hanging(lead: Content | str, text: Content) -> Hanging:
    """One line of text hanging under its first word after `lead`."""
    return Hanging([(Content(lead) if isinstance(lead, str) else lead, text)])


class Stack(Laid):
    """Laid-out visuals one under another (a table of `Columns` rows, say)."""

    def __init__(self, parts: Iterable[Laid]) -> None:
        self.parts = list(parts)

    def __str__(self) -> str:
        return "\n".join(str(part) for part in self.parts)

    def layout(self, width: int) -> list[Content]:
        return [line for part in self.parts for line in part.layout(width)]
