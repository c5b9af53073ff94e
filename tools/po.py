"""Write a gettext catalogue from a key → text mapping (used to start a catalogue; the .po is the source)."""
from __future__ import annotations


def quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def write_po(path: str, lang: str, messages: dict[str, str], comment: str) -> None:
    out = [f"# {comment}", 'msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"',
           f'"Language: {lang}\\n"', ""]
    for key, text in messages.items():
        out += [f"msgid {quote(key)}", f"msgstr {quote(text)}", ""]
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(out))
