"""Rebuild the certificate fonts in tutor/core/records/fonts/ from Debian's Noto packages.

    apt-get install -y fonts-noto-core fonts-noto-cjk
    uv run python tools/make_certificate_fonts.py

What it does (the fonts are SIL Open Font License 1.1; see fonts/README.md):

- Noto Sans Regular, Bold and Italic (Latin with Vietnamese, Greek, Cyrillic) and
  Noto Naskh Arabic Regular: every glyph and OpenType layout feature kept, TrueType
  hinting dropped (a PDF viewer does not need it; it is about 40% of each file).
- Noto Sans CJK SC Regular: only the characters a name is written in (CJK Unified
  Ideographs U+4E00-9FFF, kana, Hangul syllables and jamo, CJK punctuation and
  full-width forms), no layout features, no hinting: 6 MB instead of 19 MB.

The output is deterministic for the same input files.
"""

from __future__ import annotations

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

OUT = Path(__file__).resolve().parent.parent / "tutor" / "core" / "records" / "fonts"
NOTO = Path("/usr/share/fonts/truetype/noto")
CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CJK_FACE = "Noto Sans CJK SC"
CJK_RANGES = [
    (0x1100, 0x11FF),  # Hangul jamo
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x3130, 0x318F),  # Hangul compatibility jamo
    (0x31F0, 0x31FF),  # katakana phonetic extensions
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xFF00, 0xFFEF),  # half-width and full-width forms
]


def _options(layout: bool) -> subset.Options:
    options = subset.Options()
    options.hinting = False
    options.layout_features = ["*"] if layout else []
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    return options


def whole(name: str) -> None:
    font = TTFont(NOTO / name, recalcTimestamp=False)
    subsetter = subset.Subsetter(_options(layout=True))
    subsetter.populate(unicodes=font.getBestCmap().keys())
    subsetter.subset(font)
    font.save(OUT / name)


def cjk() -> None:
    fonts = TTCollection(CJK).fonts
    font = next(f for f in fonts if f["name"].getDebugName(1) == CJK_FACE)
    font.recalcTimestamp = False
    wanted = {cp for low, high in CJK_RANGES for cp in range(low, high + 1)}
    subsetter = subset.Subsetter(_options(layout=False))
    subsetter.populate(unicodes=wanted & set(font.getBestCmap()))
    subsetter.subset(font)
    font.save(OUT / "NotoSansCJKsc-Regular-names.otf")


def main() -> None:
    for name in (
        "NotoSans-Regular.ttf",
        "NotoSans-Bold.ttf",
        "NotoSans-Italic.ttf",
        "NotoNaskhArabic-Regular.ttf",
    ):
        whole(name)
    cjk()
    for path in sorted(OUT.iterdir()):
        print(f"{path.name}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
