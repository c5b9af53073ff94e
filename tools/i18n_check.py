"""Check the message catalogues against the English reference (`make i18n-check`):

    python tools/i18n_check.py [LANG ...]

For every language (simulator/i18n/<lang>/, all but English) and every English file (page.po, pdf.po, …):
the keys it lacks (the page shows English there), the keys no English file has (unused), the messages
whose placeholders ({amount}, {name}) differ from the English ones, empty messages, messages left in English
(the English text itself, two words or more), and a krone written otherwise than the language's own amount
format writes it (`fmt.kr`: a language that writes "{amount} کرۆن" writes no "kr" elsewhere); and the
language's review status (`X-Review-Status` in each file's header: `reviewed` once a native speaker has read
it).
Exits 1 when anything is missing, unused or mismatched, so a translator sees at once what is left to do.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from babel.messages.pofile import read_po  # noqa: E402

from simulator.i18n import CATALOGUE_DIR, DEFAULT, placeholders, review_status  # noqa: E402


def messages(path: Path) -> dict[str, str]:
    with open(path, "rb") as fh:
        return {m.id: m.string for m in read_po(fh) if m.id}


_ENGLISH_WORDS = re.compile(r"[A-Za-z]{3,}")
_KR = re.compile(r"(?<![A-Za-z])kr(?![A-Za-z])")


def left_in_english(text: str, english: str) -> bool:
    """A message that is the English one, word for word, with two words of three letters or more ("Reform"
    alone, "reform: {reform}" or the Danish term "AM-bidrag" may be the same in the language)."""
    return text == english and len(_ENGLISH_WORDS.findall(re.sub(r"\{[^}]*\}", " ", text))) >= 2


def krone_word(messages: dict[str, str]) -> str:
    """How the language writes the krone after an amount: its `fmt.kr` without the amount ('kr', 'کرۆن')."""
    return messages.get("fmt.kr", "{amount} kr").replace("{amount}", "").strip()


def check(lang: str) -> list[str]:
    """The problems of one language, one line each."""
    problems = []
    reference = {p.name: messages(p) for p in sorted((CATALOGUE_DIR / DEFAULT).glob("*.po"))}
    every_key = {key for keys in reference.values() for key in keys}
    translated = {p.name: messages(p) for p in sorted((CATALOGUE_DIR / lang).glob("*.po"))}
    krone = krone_word({k: v for ours in translated.values() for k, v in ours.items()})
    for filename, english in reference.items():
        ours = translated.get(filename)
        if ours is None:
            problems.append(f"{lang}/{filename}: missing file ({len(english)} keys to translate)")
            continue
        missing = [k for k in english if k not in ours]
        if missing:
            problems.append(f"{lang}/{filename}: {len(missing)} missing: {', '.join(missing)}")
    for filename, ours in translated.items():
        unused = sorted(k for k in ours if k not in every_key)
        if unused:
            problems.append(f"{lang}/{filename}: {len(unused)} unused: {', '.join(unused)}")
        english = reference.get(filename, {})
        for key, text in ours.items():
            source = english.get(key) or next((r[key] for r in reference.values() if key in r), None)
            if source is None:
                continue
            if not text.strip():
                problems.append(f"{lang}/{filename}: {key} is empty")
            elif placeholders(text) != placeholders(source):
                problems.append(f"{lang}/{filename}: {key} has {{{', '.join(sorted(placeholders(text)))}}}, "
                                f"English has {{{', '.join(sorted(placeholders(source)))}}}")
            elif left_in_english(text, source):
                problems.append(f"{lang}/{filename}: {key} is the English text")
            elif krone != "kr" and _KR.search(text):
                problems.append(f"{lang}/{filename}: {key} writes 'kr'; the language writes {krone!r} (fmt.kr)")
    return problems


def main(argv: list[str]) -> int:
    langs = argv or sorted(p.name for p in CATALOGUE_DIR.iterdir() if p.is_dir() and p.name != DEFAULT
                           and not p.name.startswith("_"))
    failed = False
    for lang in langs:
        problems = check(lang)
        status = review_status(lang)
        note = "" if status == "reviewed" else " — machine translated, not yet reviewed by a native speaker"
        print(f"{lang}: {'ok' if not problems else f'{len(problems)} problem(s)'}{note}")
        for line in problems:
            print("  " + line)
        failed |= bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
