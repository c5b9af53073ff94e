"""The shipped Noto fonts registered with reportlab, for the caseload PDF (ui/caseload_pdf.py), which still
draws with reportlab; the resident's PDF uses fpdf2 (ui/pdf_document.py). Goes when the caseload PDF
moves onto ui/pdf_document.py."""
from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from .pdf_document import FONT_DIR, FONT_FILES


@lru_cache(maxsize=1)
def register() -> tuple[str, ...]:
    """Register the shipped fonts once under reportlab names ('NotoSans', 'NotoSans-Bold', …)."""
    names = []
    for (family, style), filename in FONT_FILES.items():
        name = family + ("-Bold" if style == "B" else "")
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
        names.append(name)
    return tuple(names)
