"""The one error a user's input can raise: it names the field and the problem.

The problem is kept as data, a problem code and its values (`code`, `values`), which the command line, the
page and the workbench say in the reader's language (`problem_in`, `message_in`: keys `error.<code>` in
simulator/i18n/<lang>/errors.po), and in English (`str(error)`, `problem`: what logs, tests and the English
command line show), made from the English catalogue like any other language — its one source. The field is
the file's own key (`household.children`) and is never translated.

Values are of three kinds, as for a caseload's bad rows (caseload/problems.py): numbers (limits, counts:
in the reader's number style and digits), line and column numbers (`LINE_VALUES`: the language's digits, no
separators) and text (the bad value `got`, already quoted and cut short; codes and paths the file must hold
literally; file names): text is filled in as it is, never translated. A bad value that is a mapping, a list
or a huge number is described, not quoted (`quoted` → `Described`), and the description is translated.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from numbers import Real
from typing import Any, Protocol

from .periods import decimals_needed
from .untrusted import one_line, quote

FIELD_CHARS = 90      # a field's dotted path is cut to this many characters
PROBLEM_CHARS = 200   # and the problem to this many: no message grows with the input
SAID_CHARS = 300      # a problem in another language (a translation may be longer than the English)

# The English of every problem is simulator/i18n/en/errors.po, as for every other language (`error.<code>`);
# `str(error)` is the English made from it. A library's own English words (`detail`: the YAML or CSV reader's,
# pydantic's) are said after it in English only; the other languages say the problem in their own words.
DETAILED = frozenset({"yaml.invalid_at", "yaml.invalid", "caseload.csv", "invalid"})
LINE_VALUES = frozenset({"line", "first", "column", "byte", "character"})   # digits only, no separators


class Translate(Protocol):
    lang: str

    def __call__(self, key: str, /, **values: Any) -> str: ...

    def number(self, x: float, decimals: int = 0) -> str: ...

    def digits(self, text: str) -> str: ...


@dataclass(frozen=True)
class Said:
    """A part of a message that is a message itself (`error.<code>`): a value described, a header's problems."""

    code: str
    values: tuple[tuple[str, Any], ...] = ()

    def __str__(self) -> str:
        return self.text_in(_english())

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def text_in(self, t: Translate) -> str:
        return t(f"error.{self.code}", **values_in(dict(self.values), t))


def said(code: str, **values: Any) -> Said:
    return Said(code, tuple(values.items()))


@dataclass(frozen=True)
class Joined:
    """Parts of a message said one after another ('missing column weight; unknown column 'x'')."""

    parts: tuple[Said, ...]

    def __format__(self, spec: str) -> str:
        return format(_english()("error.header.join").join(map(str, self.parts)), spec)


def quoted(value: Any, limit: int = 60) -> str | Said:
    """A bad value as a message quotes it (`untrusted.quote`); a mapping, a list, a huge number or another
    object is described (in the reader's language where the message is translated)."""
    if isinstance(value, bool) or value is None or isinstance(value, float | str | bytes):
        return quote(value, limit)
    if isinstance(value, int):
        return quote(value, limit) if value.bit_length() <= 200 else said("value.long_number")
    if isinstance(value, dict):
        return said("value.mapping", count=len(value))
    if isinstance(value, list | tuple | set | frozenset):
        return said("value.list", count=len(value))
    return said("value.object", kind=type(value).__name__)


def _english() -> Translate:
    from .i18n import translator  # on the first error only: the catalogues are not read on import
    return translator("en")


@cache
def codes() -> frozenset[str]:
    """Every problem code: the keys `error.<code>` of the English catalogue."""
    from .i18n import catalogue
    return frozenset(key.removeprefix("error.") for key in catalogue("en") if key.startswith("error."))


def english(code: str, values: Mapping[str, Any]) -> str:
    """The problem of `code` in English, as `str(error)` says it: the English catalogue's message, and a
    library's own English `detail` after it."""
    if code not in codes():
        raise KeyError(f"no message error.{code} in simulator/i18n/en/errors.po")
    text = problem_text(code, values, _english())
    if code in DETAILED and values.get("detail"):
        text = f"{text}: {values['detail']}"
    return text


def decimals(x: float) -> int:
    """Decimals a limit needs to be shown exactly (at most 2: limits are kroner, hours, shares and counts)."""
    return decimals_needed(x, 2)


def value_in(name: str, value: Any, t: Translate) -> str:
    """One value of a message in `t`'s language: a line number in its digits, a number in its number style,
    a part in its words, text as it is."""
    if isinstance(value, Said):
        return value.text_in(t)
    if isinstance(value, Joined):
        return t("error.header.join").join(part.text_in(t) for part in value.parts)
    if isinstance(value, bool) or not isinstance(value, Real):
        return str(value)
    if name in LINE_VALUES:
        return t.digits(str(int(value)))
    return t.number(float(value), decimals(float(value)))


def values_in(values: Mapping[str, Any], t: Translate) -> dict[str, str]:
    return {k: value_in(k, v, t) for k, v in values.items()}


def problem_text(code: str, values: Mapping[str, Any], t: Translate) -> str:
    """The problem of `code` in `t`'s language (English where its catalogue lacks the key)."""
    text = t(f"error.{code}", **values_in(values, t))
    if "got" in values and "{got" not in _english()(f"error.{code}"):
        text = t("error.got", problem=text, got=value_in("got", values["got"], t))
    return text


class Invalid(ValueError):
    """A check inside a pydantic model that failed (models.py): the problem's code and values, and the field
    below the model's own place (`field`, '' for the model itself); `str()` is the English problem, which
    pydantic keeps."""

    def __init__(self, code: str, field: str = "", **values: Any):
        self.code, self.field, self.values = code, field, values
        super().__init__(english(code, values))


class ScenarioError(ValueError):
    """A scenario, reform or date the simulator cannot use; `field` is the dotted path of the culprit.

    Both parts are put on one line and cut short, whatever text they were given. Made with `of` (a problem
    code and its values) it can be said in any language of the catalogues; made from a text (`problem`), it
    is said as that text."""

    def __init__(self, field: str, problem: str, *, code: str = "", values: Mapping[str, Any] | None = None):
        self.field = one_line(field, FIELD_CHARS)
        self.problem = one_line(problem, PROBLEM_CHARS)
        self.code = code if code and code in codes() else ""
        self.values = dict(values or {})
        super().__init__(f"{self.field}: {self.problem}" if self.field else self.problem)

    @classmethod
    def of(cls, field: str, code: str, **values: Any) -> ScenarioError:
        """The error of problem `code` with its `values` at `field`, its English made from them."""
        return cls(field, english(code, values), code=code, values=values)

    def at(self, field: str) -> ScenarioError:
        """The same problem said of another field (`--date` for a date the command line was given)."""
        return ScenarioError(field, self.problem, code=self.code, values=self.values)

    def problem_in(self, t: Translate | None) -> str:
        """The problem in `t`'s language: English as `problem` says it, another language from its catalogue
        (a problem made from a text is that text)."""
        if t is None or t.lang == "en" or not self.code:
            return self.problem
        return one_line(problem_text(self.code, self.values, t), SAID_CHARS)

    def message_in(self, t: Translate | None) -> str:
        """'household.children: <the problem in t's language>': the field as the file names it."""
        problem = self.problem_in(t)
        return f"{self.field}: {problem}" if self.field else problem
