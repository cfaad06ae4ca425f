"""Drawing certificate text with fpdf2: embedded Noto fonts, HarfBuzz shaping, fitting.

The fonts (tutor/core/records/fonts/, SIL OFL; see README.md there) cover Latin
with every European language and Vietnamese, Greek and Cyrillic (Noto Sans), Arabic
(Noto Naskh Arabic, shaped and laid out right to left by HarfBuzz through
uharfbuzz) and CJK names (a subset of Noto Sans CJK SC). fpdf2 embeds a subset
of each font used, so a PDF holds only the glyphs it draws.

`Canvas` wraps an FPDF page with what a certificate needs: centred lines made of
runs in different styles, paragraphs wrapped to a width, and `fit()`, which
shrinks a line (a long name) down to a minimum size and then wraps it, breaking
inside a word only when one word alone is wider than the page allows. Nothing is
drawn outside the box it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from fpdf import FPDF

FONTS = Path(__file__).resolve().parent / "fonts"
LATIN = "NotoSans"  # Latin, Greek, Cyrillic; regular, bold, italic
ARABIC = "NotoNaskhArabic"
CJK = "NotoSansCJK"

Style = Literal["", "B", "I"]


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of text in one style: "" regular, "B" bold, "I" italic."""

    text: str
    style: Style = ""


LATIN_FILES: list[tuple[str, Style, Path]] = [
    (LATIN, "", FONTS / "NotoSans-Regular.ttf"),
    (LATIN, "B", FONTS / "NotoSans-Bold.ttf"),
    (LATIN, "I", FONTS / "NotoSans-Italic.ttf"),
]
#: Fallback fonts, each loaded only when the page's text has a character in its ranges
#: (parsing the 6 MB CJK font costs about a third of a second).
FALLBACKS: list[tuple[str, Path, tuple[tuple[int, int], ...]]] = [
    (
        ARABIC,
        FONTS / "NotoNaskhArabic-Regular.ttf",
        ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    ),
    (
        CJK,
        FONTS / "NotoSansCJKsc-Regular-names.otf",
        ((0x1100, 0x11FF), (0x3000, 0x30FF), (0x3130, 0x318F), (0x31F0, 0x31FF),
         (0x4E00, 0x9FFF), (0xAC00, 0xD7AF), (0xFF00, 0xFFEF)),
    ),
]  # fmt: skip


class Canvas:
    """One US Letter landscape page, in points, origin top left (fpdf2's)."""

    page_width = 792.0
    page_height = 612.0

    def __init__(self, text: str = "") -> None:
        """A blank page whose fonts cover `text` (all the text that will be drawn on it)."""
        # fpdf2 takes most of a second to import on a busy machine: only when a PDF is made
        from fpdf import FPDF
        from fpdf.fonts import TTFFont

        pdf = FPDF(orientation="L", unit="pt", format="letter")
        pdf.set_auto_page_break(False)
        pdf.set_margins(0, 0, 0)
        pdf.c_margin = 0
        for family, style, path in LATIN_FILES:
            pdf.add_font(family, style, str(path))
        codes = {ord(c) for c in text}
        fallbacks = []
        for family, path, ranges in FALLBACKS:
            if any(low <= c <= high for c in codes for low, high in ranges):
                pdf.add_font(family, "", str(path))
                fallbacks.append(family)
        # a bold or italic run falls back to the regular Arabic or CJK face
        if fallbacks:
            pdf.set_fallback_fonts(fallbacks, exact_match=False)
        pdf.set_text_shaping(True)
        pdf.add_page()
        self.pdf: FPDF = pdf
        self._cmaps: list[frozenset[int]] = [
            frozenset(font.cmap) for font in pdf.fonts.values() if isinstance(font, TTFFont)
        ]

    # -- measuring -------------------------------------------------------------------

    def missing(self, text: str) -> list[str]:
        """Characters of `text` that no embedded font can draw (spaces and marks aside)."""
        import unicodedata  # (imported when a PDF is made, not when the app starts)

        out: list[str] = []
        for char in text:
            if char.isspace() or unicodedata.category(char) in ("Cf", "Mn"):
                continue
            if not any(ord(char) in cmap for cmap in self._cmaps) and char not in out:
                out.append(char)
        return out

    def measure(self, runs: Sequence[Run], size: float) -> float:
        total = 0.0
        for run in runs:
            self.pdf.set_font(LATIN, run.style, size)
            total += self.pdf.get_string_width(run.text)
        return total

    # -- drawing ---------------------------------------------------------------------

    def line(self, y: float, runs: Sequence[Run], size: float, leading: float = 1.25) -> float:
        """Draw `runs` centred on one line whose top is `y`; returns the y below it."""
        height = size * leading
        x = (self.page_width - self.measure(runs, size)) / 2
        for run in runs:
            self.pdf.set_font(LATIN, run.style, size)
            w = self.pdf.get_string_width(run.text)
            self.pdf.set_xy(x, y)
            self.pdf.cell(w, height, run.text)
            x += w
        return y + height

    def paragraph(
        self, y: float, runs: Sequence[Run], size: float, width: float, leading: float = 1.3
    ) -> float:
        """Draw `runs` centred and wrapped at word boundaries to `width`; returns the y below."""
        for line in self.wrap(runs, size, width):
            y = self.line(y, line, size, leading)
        return y

    def fit(
        self,
        y: float,
        text: str,
        style: Style,
        size: float,
        smallest: float,
        width: float,
        max_lines: int = 3,
    ) -> tuple[float, float]:
        """Draw `text` centred: at `size` if it fits, else shrunk (to `smallest` at least),
        else wrapped onto up to `max_lines` lines (shrinking again so they fit). Returns the
        y below it and the size used."""
        runs = [Run(text, style)]
        scale = min(1.0, width / max(self.measure(runs, size), 1e-6))
        if size * scale >= smallest:
            used = max(smallest, size * scale)
            return self.line(y, runs, used, 1.2), used
        used = smallest
        lines = self.wrap(runs, used, width, break_words=True)
        while len(lines) > max_lines and used > 6:
            used -= 1
            lines = self.wrap(runs, used, width, break_words=True)
        for line in lines:
            y = self.line(y, line, used, 1.2)
        return y, used

    def wrap(
        self, runs: Sequence[Run], size: float, width: float, break_words: bool = False
    ) -> list[list[Run]]:
        """Lay runs out in lines no wider than `width`.

        Breaks at spaces; a word wider than `width` on its own is broken between
        grapheme clusters when `break_words` (else it is left whole and may be wider).
        """
        words = _words(runs)
        if break_words:
            words = [piece for word in words for piece in self._split_word(word, size, width)]
        lines: list[list[Run]] = []
        line: list[Run] = []
        for word in words:
            candidate = _join(line, word)
            if line and self.measure(candidate, size) > width:
                lines.append(line)
                line = list(word)
            else:
                line = candidate
        if line:
            lines.append(line)
        return lines

    def _split_word(self, word: list[Run], size: float, width: float) -> list[list[Run]]:
        if self.measure(word, size) <= width:
            return [word]
        pieces: list[list[Run]] = []
        current: list[Run] = []
        for run in word:
            for cluster in _clusters(run.text):
                candidate = _coalesce([*current, Run(cluster, run.style)])
                if current and self.measure(candidate, size) > width:
                    pieces.append(current)
                    current = [Run(cluster, run.style)]
                else:
                    current = candidate
        if current:
            pieces.append(current)
        return pieces

    def rule(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.5) -> None:
        self.pdf.set_line_width(width)
        self.pdf.line(x1, y1, x2, y2)

    def frame(self, inset: float, width: float) -> None:
        self.pdf.set_line_width(width)
        self.pdf.rect(inset, inset, self.page_width - 2 * inset, self.page_height - 2 * inset)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def _clusters(text: str) -> list[str]:
    """Grapheme-ish clusters: a base character with the combining marks that follow it."""
    import unicodedata

    out: list[str] = []
    for char in text:
        if out and (unicodedata.combining(char) or unicodedata.category(char) == "Mn"):
            out[-1] += char
        else:
            out.append(char)
    return out


def _words(runs: Sequence[Run]) -> list[list[Run]]:
    """Split runs into words (each a list of runs, so a word may change style)."""
    words: list[list[Run]] = [[]]
    for run in runs:
        for i, part in enumerate(run.text.split(" ")):
            if i > 0:
                words.append([])
            if part:
                words[-1].append(Run(part, run.style))
    return [w for w in words if w]


def _join(line: list[Run], word: list[Run]) -> list[Run]:
    if not line:
        return _coalesce(list(word))
    return _coalesce([*line, Run(" ", line[-1].style), *word])


def _coalesce(runs: list[Run]) -> list[Run]:
    out: list[Run] = []
    for run in runs:
        if out and out[-1].style == run.style:
            out[-1] = Run(out[-1].text + run.text, run.style)
        else:
            out.append(run)
    return out
