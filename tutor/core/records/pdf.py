"""A small PDF writer: text in the standard Helvetica fonts, lines, nothing else.

Enough for a one-page certificate with no dependency. The page text uses the
three built-in fonts every PDF viewer has (Helvetica, Helvetica-Bold and
Helvetica-Oblique) with WinAnsiEncoding, so it can show Windows-1252 text only:
Latin letters with their accents, and the usual punctuation and symbols (™).
Nothing is embedded. A character outside that set is shown without its accent
when it has one (ő -> o), and as "?" otherwise; `encode()` reports the loss so
the caller can say so. Document information (title, author) is stored as
UTF-16, so the exact text survives there whatever the script.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

# Advance widths (1/1000 em) of Windows-1252 codes 32..255, from Adobe's metrics
# for Helvetica and Helvetica-Bold (Helvetica-Oblique has the widths of Helvetica).
# Codes 127, 129, 141, 143, 144 and 157 are undefined in Windows-1252.
_HELVETICA = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 0,
    556, 0, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0,
    0, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 0, 500, 667,
    278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333,
    400, 584, 333, 333, 333, 578, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611,
    667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
    556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,
)  # fmt: skip
_HELVETICA_BOLD = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 0,
    556, 0, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0,
    0, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 0, 500, 667,
    278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333,
    400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611,
    722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
    556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278,
    611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556,
)  # fmt: skip


class Font(Enum):
    """The fonts a page can use: resource name, base font and widths."""

    REGULAR = ("F1", "Helvetica", _HELVETICA)
    BOLD = ("F2", "Helvetica-Bold", _HELVETICA_BOLD)
    ITALIC = ("F3", "Helvetica-Oblique", _HELVETICA)

    @property
    def resource(self) -> str:
        return self.value[0]

    @property
    def base(self) -> str:
        return self.value[1]

    def width(self, data: bytes, size: float) -> float:
        """Width in points of `data` (already encoded) at `size`."""
        table: tuple[int, ...] = self.value[2]
        return sum(table[b - 32] if b >= 32 else 0 for b in data) * size / 1000


def encode(text: str) -> tuple[bytes, bool]:
    """`text` in Windows-1252 for the page, and whether anything was lost on the way."""
    try:
        return text.encode("cp1252"), False
    except UnicodeEncodeError:
        pass
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1252")
            continue
        except UnicodeEncodeError:
            pass
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        try:
            out += base.encode("cp1252") if base else b"?"
        except UnicodeEncodeError:
            out += b"?"
    return bytes(out), True


def _literal(data: bytes) -> bytes:
    """A PDF literal string: (…) with backslash, parentheses and non-printing bytes escaped."""
    out = bytearray(b"(")
    for b in data:
        if b in b"()\\":
            out += b"\\" + bytes([b])
        elif 32 <= b < 127:
            out.append(b)
        else:
            out += f"\\{b:03o}".encode()
    out += b")"
    return bytes(out)


def text_string(text: str) -> bytes:
    """A PDF text string for document information: UTF-16BE with a BOM, as hex."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of text in one font."""

    text: str
    font: Font = Font.REGULAR


def _words(runs: Sequence[Run]) -> list[list[Run]]:
    """Split runs into words (each word a list of runs, so a word may change font)."""
    words: list[list[Run]] = [[]]
    for run in runs:
        parts = run.text.split(" ")
        for i, part in enumerate(parts):
            if i > 0:
                words.append([])
            if part:
                words[-1].append(Run(part, run.font))
    return [w for w in words if w]


def wrap(runs: Sequence[Run], size: float, width: float) -> list[list[Run]]:
    """Lay runs out in lines no wider than `width` (a single long word may overflow)."""
    lines: list[list[Run]] = []
    line: list[Run] = []
    used = 0.0
    space = {font: font.width(b" ", size) for font in Font}
    for word in _words(runs):
        w = sum(r.font.width(encode(r.text)[0], size) for r in word)
        gap = space[line[-1].font] if line else 0.0
        if line and used + gap + w > width:
            lines.append(line)
            line, used, gap = [], 0.0, 0.0
        if line:
            line.append(Run(" ", line[-1].font))
        line.extend(word)
        used += gap + w
    if line:
        lines.append(line)
    return [_coalesce(x) for x in lines]


def _coalesce(runs: list[Run]) -> list[Run]:
    """Join neighbouring runs in the same font."""
    out: list[Run] = []
    for run in runs:
        if out and out[-1].font is run.font:
            out[-1] = Run(out[-1].text + run.text, run.font)
        else:
            out.append(run)
    return out


@dataclass(slots=True)
class Page:
    """One page of drawing operations. Coordinates in points, origin bottom left."""

    width: float = 792.0  # US Letter, landscape
    height: float = 612.0
    ops: list[bytes] = field(default_factory=list)
    lossy: bool = False  # some text could not be shown exactly

    def runs_width(self, runs: Sequence[Run], size: float) -> float:
        return sum(r.font.width(encode(r.text)[0], size) for r in runs)

    def text(self, x: float, y: float, runs: Sequence[Run], size: float) -> None:
        """Draw runs on one line starting at (x, y)."""
        parts = [f"BT {x:.2f} {y:.2f} Td".encode()]
        for run in runs:
            data, lost = encode(run.text)
            self.lossy |= lost
            parts.append(f"/{run.font.resource} {size:g} Tf ".encode() + _literal(data) + b" Tj")
        parts.append(b"ET")
        self.ops.append(b" ".join(parts))

    def centred(self, y: float, runs: Sequence[Run], size: float) -> None:
        self.text((self.width - self.runs_width(runs, size)) / 2, y, runs, size)

    def paragraph(
        self, y: float, runs: Sequence[Run], size: float, width: float, leading: float = 1.3
    ) -> float:
        """Draw centred, wrapped lines from `y` down; returns the y below the last line."""
        for line in wrap(runs, size, width):
            self.centred(y, line, size)
            y -= size * leading
        return y

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 1.0) -> None:
        self.ops.append(f"{width:g} w {x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l S".encode())

    def rect(self, x: float, y: float, w: float, h: float, width: float = 1.0) -> None:
        self.ops.append(f"{width:g} w {x:.2f} {y:.2f} {w:.2f} {h:.2f} re S".encode())


def render(pages: Sequence[Page], info: dict[str, str]) -> bytes:
    """A complete PDF 1.4 file. The same pages and info give the same bytes."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below, once the page tree's number is known
    tree = add(b"")
    fonts = {
        font: add(
            f"<< /Type /Font /Subtype /Type1 /BaseFont /{font.base} "
            "/Encoding /WinAnsiEncoding >>".encode()
        )
        for font in Font
    }
    font_dict = " ".join(f"/{f.resource} {n} 0 R" for f, n in fonts.items())
    kids: list[int] = []
    for page in pages:
        stream = b"\n".join(page.ops)
        content = add(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
        kids.append(
            add(
                f"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 {page.width:g} "
                f"{page.height:g}] /Resources << /Font << {font_dict} >> >> "
                f"/Contents {content} 0 R >>".encode()
            )
        )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {tree} 0 R >>".encode()
    objects[tree - 1] = (
        f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] "
        f"/Count {len(kids)} >>".encode()
    )
    info_obj = add(
        b"<< "
        + b" ".join(f"/{key} ".encode() + text_string(value) for key, value in info.items())
        + b" >>"
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R /Info {info_obj} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)
