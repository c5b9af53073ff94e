"""Notes the page shows on what it could not take as given (a link read in part, a scenario the editors
simplify): a message key of the catalogue and its values, said in the page's language when shown — so a
note is in the language the link gives, and follows a switch of language (issue 17).

A value is a `Note` (a message of its own: a label, a reason), `LinkText` (text from outside: a link's
value or key, an option's name; shown as the letters it is, between bidi isolates), `Problem` (an error of
the core, said in the page's language: `ScenarioError.message_in`), `Detail` (a problem in the core's own
words), `Amount` or `Money` (in the language's digits and separators), a plain number, or a
string the program made (an ISO date, a format), filled in as it is.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.errors import ScenarioError
from simulator.i18n import Translator
from simulator.untrusted import isolated, one_line

SHOWN_CHARS = 400   # a note as the page shows it (a translation may be longer than the English)


@dataclass(frozen=True)
class LinkText:
    """Text that came from outside (a link's value or key, a name), already quoted or cleaned and cut short
    where it was read: shown as the letters it is (never a message; the page shows every note through
    `untrusted.plain`), between bidi isolates so that its direction cannot reorder the sentence around it."""

    text: str


@dataclass(frozen=True)
class Detail:
    """A problem in the core's own words (simulator.rules, simulator.models): shown as it is, isolated."""

    text: str


@dataclass(frozen=True)
class Problem:
    """An error of the core (simulator.errors.ScenarioError) said in the page's language, with the field it
    names (the file's own key, untranslated) or without it; cut to `limit` characters and isolated, as it
    quotes what came from outside."""

    error: ScenarioError
    with_field: bool = True
    limit: int = 160

    def text(self, t: Translator) -> str:
        said = self.error.message_in(t) if self.with_field else self.error.problem_in(t)
        return one_line(said, self.limit)


@dataclass(frozen=True)
class Amount:
    """A number shown with `decimals` decimals (Translator.number)."""

    x: float
    decimals: int = 0


@dataclass(frozen=True)
class Money:
    """An amount in kroner (Translator.kr), or a change with its sign (Translator.signed_kr)."""

    x: float
    signed: bool = False


@dataclass(frozen=True)
class Note:
    """One note: a message key and its values (see the module's docstring)."""

    key: str
    values: tuple[tuple[str, Any], ...] = ()

    def render(self, t: Translator, isolates: bool = True) -> str:
        """The note in `t`'s language; without `isolates`, text from outside is not put between isolates
        (English lines for logs and tests)."""
        return t(self.key, **{name: _value(v, t, isolates) for name, v in self.values})


def note(key: str, **values: Any) -> Note:
    return Note(key, tuple(values.items()))


def say(n: Note, t: Translator) -> str:
    """A note as the page shows it: in `t`'s language, on one line, short, its isolates kept (pass it to
    `plain(..., isolates=True)`)."""
    return one_line(n.render(t), SHOWN_CHARS, isolates=True)


def _value(v: Any, t: Translator, isolates: bool) -> str:
    if isinstance(v, Note):
        return v.render(t, isolates)
    if isinstance(v, LinkText | Detail):
        return isolated(v.text) if isolates else v.text
    if isinstance(v, Problem):
        return isolated(v.text(t)) if isolates else v.text(t)
    if isinstance(v, Amount):
        return t.number(v.x, v.decimals)
    if isinstance(v, Money):
        return t.signed_kr(v.x) if v.signed else t.kr(v.x)
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int):
        return t.number(v)
    if isinstance(v, float):
        decimals = len(f"{abs(v):.6f}".rstrip("0").partition(".")[2])
        return t.number(v, decimals)
    return str(v)
