"""Make the PDF's shipped fonts from Debian's fonts-noto-core (run once when a font is added or updated):

    python tools/fonts.py

- Noto Sans (Latin, Cyrillic, Greek) gains a real MINUS SIGN (U+2212), which the Noto Sans 2.x files lack:
  the plus sign's horizontal bar, as wide as the plus and on its axis, so '−1,700' and '+1,700' line up.
- Noto Sans Ethiopic (Tigrinya) is subset to the Ethiopic blocks, punctuation and digits the pages use.
Noto Naskh Arabic is copied as it is. All are under the SIL Open Font License 1.1 (ui/pdf/fonts/OFL.txt).
"""
from __future__ import annotations

import shutil
from pathlib import Path

from fontTools import subset
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

SOURCE = Path("/usr/share/fonts/truetype/noto")
TARGET = Path(__file__).resolve().parents[1] / "ui" / "fonts"
MINUS = 0x2212


def add_minus(name: str) -> None:
    font = TTFont(SOURCE / name)
    cmap = font.getBestCmap()
    if MINUS in cmap:
        font.save(TARGET / name)
        return
    glyf, hmtx = font["glyf"], font["hmtx"]
    plus = glyf[cmap[ord("+")]]
    coords = plus.getCoordinates(glyf)[0]
    x_min, x_max = plus.xMin, plus.xMax
    bar = sorted({y for x, y in coords if x == x_min})   # the ends of the horizontal bar
    y_low, y_high = bar[0], bar[-1]
    pen = TTGlyphPen(None)
    pen.moveTo((x_min, y_low))
    pen.lineTo((x_min, y_high))
    pen.lineTo((x_max, y_high))
    pen.lineTo((x_max, y_low))
    pen.closePath()
    glyph = pen.glyph()
    order = font.getGlyphOrder()
    order.append("uni2212")
    font.setGlyphOrder(order)
    glyf["uni2212"] = glyph
    hmtx["uni2212"] = hmtx[cmap[ord("+")]]
    font["maxp"].numGlyphs = len(order)
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap[MINUS] = "uni2212"
    font.save(TARGET / name)


def subset_ethiopic(name: str) -> None:
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(SOURCE / name, options)
    unicodes = [*range(0x20, 0x7F), 0xA0, 0x2010, 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026,
                *range(0x1200, 0x13A0), *range(0x2D80, 0x2DE0), *range(0xAB00, 0xAB30)]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    subset.save_font(font, TARGET / name, options)


if __name__ == "__main__":
    for style in ("Regular", "Bold"):
        add_minus(f"NotoSans-{style}.ttf")
        shutil.copy(SOURCE / f"NotoNaskhArabic-{style}.ttf", TARGET)
        subset_ethiopic(f"NotoSansEthiopic-{style}.ttf")
    for font in sorted(TARGET.glob("*.ttf")):
        print(f"{font.name}: {font.stat().st_size // 1024} kB")
