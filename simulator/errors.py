"""The one error a user's input can raise: it names the field and the problem.

The problem is kept twice: in English (`str(error)`, `problem`: what logs, tests and the English command line
show, byte for byte as it always was) and as data, a problem code and its values (`code`, `values`), which
the command line, the page and the workbench say in the reader's language (`problem_in`, `message_in`: keys
`error.<code>` in simulator/i18n/<lang>/errors.po). The field is the file's own key (`household.children`)
and is never translated.

Values are of three kinds, as for a caseload's bad rows (caseload/problems.py): numbers (limits, counts:
in the reader's number style and digits), line and column numbers (`LINE_VALUES`: the language's digits, no
separators) and text (the bad value `got`, already quoted and cut short; codes and paths the file must hold
literally; file names): text is filled in as it is, never translated. A bad value that is a mapping, a list
or a huge number is described, not quoted (`quoted` → `Described`), and the description is translated.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from numbers import Real
from typing import Any, Protocol

from .periods import decimals_needed
from .untrusted import one_line, quote

FIELD_CHARS = 90      # a field's dotted path is cut to this many characters
PROBLEM_CHARS = 200   # and the problem to this many: no message grows with the input
SAID_CHARS = 300      # a problem in another language (a translation may be longer than the English)

# code -> the English problem, exactly as `str(error)` says it (format specs give its number style). A `got`
# value (the bad value, quoted) that the message does not place itself is said after it: "… (got 'x')".
ENGLISH: Mapping[str, str] = {
    # reading a file, an upload or `--reform FILE` (boundary.py)
    "file.too_big": "is {size:,} bytes; at most {limit:,} are accepted",
    "file.larger": "is larger than {limit:,} bytes, the most accepted",
    "file.not_utf8": "is not UTF-8 text (byte {byte})",
    "file.not_regular": "cannot be read (not a regular file)",
    "file.not_found": "cannot be read (FileNotFoundError)",
    "file.denied": "cannot be read (PermissionError)",
    "file.directory": "cannot be read (IsADirectoryError)",
    "file.unreadable": "cannot be read ({reason})",
    "yaml.control": "is not valid YAML: it holds a control character, which YAML does not allow "
                    "(character {character})",
    "yaml.too_deep": "is nested deeper than {depth} levels",
    "yaml.invalid_at": "is not valid YAML at line {line}, column {column}: {detail}",
    "yaml.invalid": "is not valid YAML: {detail}",
    "yaml.documents": "holds more than one YAML document (---)",
    "yaml.alias": "YAML anchors and aliases (& and *) are not accepted (line {line})",
    "yaml.too_many": "holds more than {limit:,} values",
    "yaml.key_not_text": "a key must be text, not a mapping or list",
    "yaml.key_twice": "the key {key} appears twice",
    "yaml.tag": "YAML tags like {tag} are not accepted",
    "yaml.number_long": "{number} has {length:,} characters; a number here has at most {limit}",
    # a scenario (models.py) — the checks of its fields
    "scenario.not_mapping": "must be a mapping with schema_version, date, household and options",
    "scenario.version": "this version reads schema_version 1",
    "scenario.names_differ": "option names must differ ({name} appears twice)",
    "required": "is required",
    "not_a_field": "is not a field of this format",
    "whole": "must be a whole number",
    "number": "must be a number",
    "finite": "must be a finite number",
    "bool": "must be true or false",
    "date": "must be a date (YYYY-MM-DD)",
    "real_date": "{date} is not a real date",
    "text": "must be text",
    "list": "must be a list",
    "mapping": "must be a mapping",
    "one_of": "must be one of {codes}",
    "between": "must be between {low:g} and {high:g}",
    "above": "must be above {low:g}",
    "at_least": "must be at least {low}",
    "at_most": "must be at most {high}",
    "too_few": "has {count} items; {detail}",
    "too_many": "has {count} items; {detail}",
    "too_long": "is too long (at most {limit:,} characters)",
    "empty": "must not be empty",
    "invalid": "{detail}",
    "couple_two_adults": "a couple needs two adults",
    "rent_required": "is required for own_housing (the rent the household pays)",
    "hours_minimum": "must be 0 or at least {least:g} hours a week",
    "wage_minimum": "must be 0 or at least {least:g} kr",
    "hours_for_monthly_wage": "must be above 0 when monthly_wage is given",
    "adult_of_one": "must name one of the {count} adult(s) (0, got {got})",
    "adult_of_two": "must name one of the {count} adult(s) (0 or 1, got {got})",
    # rules and reforms (rules.py, reforms.py)
    "rules.not_a_date": "{got} is not a date (use YYYY-MM-DD)",
    "rules.before": "no rules before {first} (got {date})",
    "rules.tax_sum": "income tax and AM-bidrag together must not exceed 1",
    "reform.not_mapping": "must be a mapping of parameter path to value",
    "reform.unknown_path": "unknown parameter path (see RULES.md section 9)",
    "reform.needs_reform": "{file} needs a `reform:` mapping of parameter path to value",
    "reform.texts": "must be a mapping of language ({languages}) to text",
    "reform.text_in": "must be a text in {languages}",
    "reform.text": "must be a text",
    "reform.date": "must be a date YYYY-MM-DD",
    "reform.unknown_name": "{got} is neither a file nor a named reform ({names})",
    "reform.twice": "{got} is given twice",
    "reform.law_name": "{name} names the current law; give the reform another name",
    # sweeps and frontiers (sweep.py, caseload/frontier.py)
    "sweep.over": "must be hours or wage",
    "sweep.points": "must be a whole number from {low} to {high:,}",
    "sweep.no_work": "a sweep needs at least one option with work",
    "frontier.spec": "must be PARAM=FROM:TO:STEPS",
    "frontier.not_swept_of": "{got} cannot be swept; one of {names}",
    "frontier.not_swept": "{got} cannot be swept",
    "frontier.range": "range must be FROM:TO:STEPS with plain numbers",
    "frontier.steps": "STEPS must be a whole number from {low} to {high}",
    "frontier.order": "FROM must be below TO",
    "frontier.no_points": "give at least one value",
    "frontier.not_finite": "a point's figure is not a finite number",
    "result.not_finite": "holds a number that is not finite; nothing is printed",
    # a caseload file that cannot be used at all (caseload/reader.py, caseload/validate.py)
    "caseload.not_a_file": "cannot be read (not a file)",
    "caseload.unreadable": "cannot be read ({reason})",
    "caseload.not_found": "cannot be read ({reason})",      # the system's words in English; the catalogue's
    "caseload.denied": "cannot be read ({reason})",         # in another language
    "caseload.too_big": "is larger than {limit} MiB (a caseload file holds at most about 2,000,000 households)",
    "caseload.unpacks_to": "unpacks to more than {limit} MiB (a caseload file holds at most about 2,000,000 "
                           "households)",
    "caseload.unpacked": "unpacks to more than {limit} MiB",
    "caseload.not_gzip": "is not a readable gzip file (compress the CSV with gzip, or send it as it is)",
    "caseload.gzip_cut": "is a gzip file cut short (send it again)",
    "caseload.nul": "is not UTF-8 text (save the CSV as UTF-8): line {line} holds a NUL byte, as binary and "
                    "UTF-16 files do",
    "caseload.not_utf8": "is not UTF-8 text on line {line} (save the CSV as UTF-8)",
    "caseload.no_line_end": "has no line end in its first {limit} MiB: the first line must name the columns",
    "caseload.empty": "is empty: the first line must name the columns ({codes})",
    "caseload.header_csv": "header (line {line}) cannot be read as CSV",
    "caseload.header": "header (line {line}): {problems} (the schema is in scenarios/caseload/README.md)",
    "caseload.csv": "cannot be read as CSV (line {line}: {detail})",
    "caseload.no_rows": "has a header but no household rows",
}
# Parts of a message that are messages themselves: a header's problems, a value described.
PARTS: Mapping[str, str] = {
    "got": "{problem} (got {got})",
    "header.missing": "missing column {names}",
    "header.missing_many": "missing columns {names}",
    "header.unknown": "unknown column {names}",
    "header.unknown_many": "unknown columns {names}",
    "header.twice": "column named twice: {names}",
    "header.twice_many": "columns named twice: {names}",
    "header.more": "{names} and {count:,} more",
    "header.join": "; ",
    "value.mapping": "a mapping of {count} entries",
    "value.list": "a list of {count} items",
    "value.long_number": "a number with more than 60 digits",
    "value.object": "a {kind}",
}
LINE_VALUES = frozenset({"line", "first", "column", "byte", "character"})   # digits only, no separators


class Translate(Protocol):
    lang: str

    def __call__(self, key: str, **values: Any) -> str: ...

    def number(self, x: float, decimals: int = 0) -> str: ...

    def digits(self, text: str) -> str: ...


@dataclass(frozen=True)
class Said:
    """A part of a message that is a message itself (`PARTS`): a value described, a header's problems."""

    code: str
    values: tuple[tuple[str, Any], ...] = ()

    def __str__(self) -> str:
        return PARTS[self.code].format(**{k: str(v) if isinstance(v, Said) else v for k, v in self.values})

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
        return format(PARTS["header.join"].join(map(str, self.parts)), spec)


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


def english(code: str, values: Mapping[str, Any]) -> str:
    """The problem of `code` in English, as `str(error)` says it."""
    text = ENGLISH[code].format(**values)
    if "got" in values and "{got" not in ENGLISH[code]:
        text = PARTS["got"].format(problem=text, got=values["got"])
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
    if "got" in values and "{got" not in ENGLISH[code]:
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
        self.code = code if code in ENGLISH else ""
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
