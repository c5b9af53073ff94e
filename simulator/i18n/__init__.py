"""Message catalogues (gettext .po files, read with Babel) and locale-aware numbers.

Every string the page, the CLI table and the PDF show is a key here (`result.disposable`), translated in
`<lang>/*.po` (one file per part: page, results, pdf, cli, caseload). English is the reference catalogue:
every other catalogue must hold every key with the same placeholders (tests/test_i18n.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from string import Formatter

from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from ..periods import shown

CATALOGUE_DIR = Path(__file__).parent
LANGUAGES = {"en": "English", "da": "Dansk", "ar": "العربية", "fa": "فارسی"}
RTL = {"ar", "fa"}
DEFAULT = "en"


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All messages of one language: key → text."""
    messages: dict[str, str] = {}
    for path in sorted((CATALOGUE_DIR / lang).glob("*.po")):
        with open(path, "rb") as fh:
            messages.update({m.id: m.string for m in read_po(fh, locale=lang) if m.id and m.string})
    return messages


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


@dataclass(frozen=True)
class Translator:
    """Messages and numbers in one language; falls back to English for a key a catalogue lacks."""

    lang: str = DEFAULT

    @property
    def rtl(self) -> bool:
        return self.lang in RTL

    def __call__(self, key: str, **values) -> str:
        text = catalogue(self.lang).get(key) or catalogue(DEFAULT).get(key) or key
        return text.format(**values) if values else text

    def number(self, x: float, decimals: int = 0) -> str:
        """1234.5 → '1,235' (en), '1.235' (da); Arabic and Farsi keep Western digits, readable beside Danish.
        Rounded by the one rule of every displayed amount (periods.shown: to the øre, then half away from
        zero)."""
        return _formatted(shown(x, decimals), decimals, _LOCALES[self.lang])

    def kr(self, x: float, decimals: int = 0) -> str:
        return self("fmt.kr", amount=self.number(x, decimals))

    def signed_kr(self, x: float) -> str:
        """'+1,936 kr' / '−900 kr' / '0 kr': a change or a gain, always with its sign (a typographic minus)."""
        whole = shown(x)
        if whole > 0:
            return "+" + self.kr(x)
        return self.kr(x) if whole < 0 else self.kr(0)

    def percent(self, x: float) -> str:
        return self("fmt.percent", value=self.number(x * 100, 0))


_LOCALES = {"en": "en_GB", "da": "da_DK", "ar": "en_GB", "fa": "en_GB"}


@lru_cache(maxsize=8192)
def _formatted(x: float, decimals: int, locale: str) -> str:
    """`x` in `locale`'s number style with a typographic minus (a page shows the same amounts many times)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(x, format=pattern, locale=locale).replace("-", "−")


def translator(lang: str | None) -> Translator:
    return Translator(lang if lang in LANGUAGES else DEFAULT)
