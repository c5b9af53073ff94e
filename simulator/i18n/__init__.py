"""Message catalogues (gettext .po files, read with Babel) and locale-aware numbers.

Every string the page, the CLI table and the PDF show is a key here (`result.disposable`), translated in
`<lang>/*.po` (one file per part: page, results, pdf, cli, caseload, rows — the caseload's skipped rows —,
params — the reform editor's parameters —, notes — what a share link could not give —, errors — what is
wrong with a file, an upload, a link or an argument (simulator/errors.py) —, …). English is the
reference catalogue: every other catalogue must hold every key with the same placeholders (tests/test_i18n.py,
`make i18n-check`).

Each .po file says in its header who checked it (`X-Review-Status: reviewed` once a native speaker has
read it; `machine` otherwise, the default): a language not reviewed in every file says so in the language
picker and on the PDF (`lang.machine`). Digits follow the numbering system CLDR gives the language by
default (Babel's `default_numbering_system`: Persian digits for Farsi and Pashto, Western for Arabic).

`qps` is a pseudo-language for tests only (`enable_pseudo`): every English message wrapped in ⸨ ⸩, so a
test can find any text on a page that did not come from a catalogue.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from string import Formatter

from babel import Locale
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from ..periods import shown

CATALOGUE_DIR = Path(__file__).parent
LANGUAGES = {"en": "English", "da": "Dansk", "ar": "العربية", "fa": "فارسی", "ti": "ትግርኛ", "so": "Soomaali",
             "ckb": "کوردی (سۆرانی)", "ps": "پښتو", "tr": "Türkçe", "ru": "Русский"}
RTL = {"ar", "fa", "ckb", "ps"}
DEFAULT = "en"
PSEUDO = "qps"
PSEUDO_OPEN, PSEUDO_CLOSE = "⸨", "⸩"   # in Noto Sans: the PDF prints them too
# Babel's locale of a language where it is not the language's code itself.
_BABEL = {"en": "en_GB", "da": "da_DK", PSEUDO: "en_GB"}
# CLDR's decimal numbering systems that the languages here use (Babel formats with Western digits only).
_DIGITS = {"latn": "0123456789", "arab": "٠١٢٣٤٥٦٧٨٩", "arabext": "۰۱۲۳۴۵۶۷۸۹"}
_WESTERN = "0123456789"
_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c"))
_REVIEW = re.compile(r'^"X-Review-Status: *(\w+)', re.MULTILINE)


def enable_pseudo() -> None:
    """Offer the pseudo-language (tests only): every message is English wrapped in ⸨ ⸩."""
    LANGUAGES[PSEUDO] = PSEUDO_OPEN + "Pseudo" + PSEUDO_CLOSE


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All messages of one language: key → text."""
    if lang == PSEUDO:
        return {key: PSEUDO_OPEN + text + PSEUDO_CLOSE for key, text in catalogue(DEFAULT).items()}
    messages: dict[str, str] = {}
    for path in sorted((CATALOGUE_DIR / lang).glob("*.po")):
        with open(path, "rb") as fh:
            messages.update({m.id: m.string for m in read_po(fh, locale=lang) if m.id and m.string})
    return messages


@cache
def review_status(lang: str) -> str:
    """'source' (English), 'reviewed' (every file of the language read by a native speaker, by its header
    `X-Review-Status: reviewed`) or 'machine' (machine translated, not yet reviewed)."""
    if lang in (DEFAULT, PSEUDO):
        return "source"
    statuses = {(_REVIEW.search(path.read_text(encoding="utf-8")) or [None, "machine"])[1]
                for path in (CATALOGUE_DIR / lang).glob("*.po")}
    return "reviewed" if statuses == {"reviewed"} else "machine"


def language_label(lang: str) -> str:
    """A language as the picker offers it, in itself, with its review status when no native speaker has
    read it: 'Türkçe (makine çevirisi, henüz gözden geçirilmedi)'."""
    name = LANGUAGES.get(lang, lang)
    if review_status(lang) == "machine":
        name += f" ({translator(lang)('lang.machine')})"
    return name


@cache
def _digits(lang: str) -> str:
    try:
        system = Locale.parse(_BABEL.get(lang, lang)).default_numbering_system
    except (ValueError, LookupError):
        system = "latn"
    return _DIGITS.get(system, _WESTERN)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


@dataclass(frozen=True)
class Translator:
    """Messages and numbers in one language; falls back to English for a key a catalogue lacks."""

    lang: str = DEFAULT

    @property
    def rtl(self) -> bool:
        return self.lang in RTL

    def __call__(self, key: str, /, **values) -> str:   # a value may be named `key` (error.yaml.key_twice)
        text = _message(self.lang, key)
        return text.format(**values) if values else text

    @property
    def locale(self) -> str:
        """Babel's locale of the language (dates, numbers)."""
        return _BABEL.get(self.lang, self.lang)

    def digits(self, text: str) -> str:
        """Western digits in `text` written in the language's own digits (Persian for Farsi)."""
        table = _digits(self.lang)
        return text if table == _WESTERN else text.translate(str.maketrans(_WESTERN, table))

    def number(self, x: float, decimals: int = 0) -> str:
        """1234.5 → '1,235' (en), '1.235' (da), '۱٬۲۳۵' (fa): the locale's separators and digits (CLDR).
        Rounded by the one rule of every displayed amount (periods.shown: to the øre, then half away from
        zero)."""
        return _formatted(shown(x, decimals) + 0.0, decimals, self.locale, _digits(self.lang))

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


# A word in Latin letters with the digits it holds (UTF-8, RULES.md, PYTHONIOENCODING=utf-8): a name, not a
# number, so its digits stay as they are in a message written in other digits.
_LATIN_WORD = re.compile(r"([A-Za-z][A-Za-z0-9_.=-]*[0-9][A-Za-z0-9_.=-]*)")


@lru_cache(maxsize=8192)
def _message(lang: str, key: str) -> str:
    """A message of `lang` (English where its catalogue lacks the key), its own digits in the language's
    digits ('30 %' → '۳۰ %'), but for the digits of a Latin word ('UTF-8'); what is filled into it (names,
    citations) is left as it comes."""
    text = catalogue(lang).get(key) or catalogue(DEFAULT).get(key) or key
    table = _digits(lang)
    if table == _WESTERN:
        return text
    digits = str.maketrans(_WESTERN, table)
    return "".join(part if i % 2 else part.translate(digits) for i, part in enumerate(_LATIN_WORD.split(text)))


@lru_cache(maxsize=8192)
def _formatted(x: float, decimals: int, locale: str, digits: str) -> str:
    """`x` in `locale`'s number style and digits with a typographic minus and no bidi marks (the page and
    the PDF isolate amounts themselves); a page shows the same amounts many times."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    text = format_decimal(x, format=pattern, locale=locale, numbering_system="default")
    text = text.translate(_BIDI_MARKS).replace("-", "−")
    return text if digits == _WESTERN else text.translate(str.maketrans(_WESTERN, digits))


def translator(lang: str | None) -> Translator:
    return Translator(lang if lang in LANGUAGES else DEFAULT)
