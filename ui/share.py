"""A scenario in a share link and back: readable, versioned query parameters with no names in them.

Every field is its own parameter, read on its own: a tampered, truncated or outdated link keeps what can
be read, falls back to the defaults for the rest, and lists what it ignored.

    v=1                      schema_version
    d=2014-11-01             the date whose rules apply
    a=1  cp=0  c=2           adults, couple, children
    ph=2 pr=normal h=centre_self_catering hc=7500
    m=14,14  k=1,1           months since application and contract kept, per adult
    cm=income_tested ca=0    accommodation charge mode and fixed amount
    o=<name>|<kind>:<adult>:<hours>:<wage>:<transport>;...    one per option, in order (o=none: no options);
                             <wage> is kr an hour, or m<kr a month> for a wage given as `monthly_wage`
    r.<public parameter path>=<value>                           the reform
    p=month lang=en          period and language

A link is untrusted text: it is read within bounds (`MAX_LINK_CHARS` in all, `MAX_KEYS` parameters,
`MAX_KEY_CHARS` and `MAX_VALUE_CHARS` each, numbers of at most `MAX_NUMBER_CHARS` characters), and what
is ignored is listed once per line, at most `MAX_IGNORED` lines, each quoting a few words of the link.

What was ignored is kept as notes (`Note`: a message key of the catalogue, simulator/i18n/*/notes.po, and
its values), not as text: the page says them in its own language, which the link itself gives (`lang`), and
again in another when the language is switched. A value that came from the link is `LinkText`: quoted
briefly when read, and shown as plain text between bidi isolates, whatever its letters.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from simulator.errors import ScenarioError
from simulator.i18n import LANGUAGES, Translator
from simulator.models import (
    CHARGE_MODES,
    HOUSING,
    MIN_HOURS_PER_WEEK,
    MIN_WAGE,
    NO_WORK,
    PROCEDURES,
    WORK_KINDS,
    Scenario,
    parse_scenario,
    parse_work,
)
from simulator.rules import parameters, rules_at, validate_reform
from simulator.untrusted import clean_name, one_line, quote
from ui.notes import Detail, LinkText, Note, Problem, note
from ui.state import DATE_RANGE, LIMITS

SCHEMA_VERSION = "1"
KIND_SHORT = {"job": "j", "paid_praktik": "pp", "unpaid_praktik": "up"}
KIND_LONG = {v: k for k, v in KIND_SHORT.items()}
PERIODS = ("month", "14d")
MONTHLY = "m"       # a wage written m20000 is 20,000 kr a month (`monthly_wage`), kept as given
NO_OPTIONS = "none"  # o=none: only 'No work' (a real option always holds a '|')

# The bounds of a link as read (the longest link `encode` makes is under 3,000 characters).
MAX_LINK_CHARS = 8_000      # keys and values together
MAX_KEYS = 64               # parameters (a full link has about 40)
MAX_KEY_CHARS = 64          # one parameter's name (the longest reform path is under 40)
MAX_NAME_CHARS = 80          # an option's name (models.Option.name)
MAX_VALUE_CHARS = 600       # one value (an option of 80 characters with 6 work items is under 450)
MAX_VALUES = 12             # values of one parameter (only `o` repeats, 6 times at most)
MAX_NUMBER_CHARS = 32       # one number, read only when it looks like one (no "1_000", no "nan")
MAX_IGNORED = 20            # lines of what was ignored
_WHOLE = re.compile(r"-?[0-9]+")
_DECIMAL = re.compile(r"-?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]{1,3})?")


_EN = Translator("en")


def _label(name: str) -> Note:
    return Note(f"link.label.{name}")


class Unreadable(ValueError):
    """A value of the link that cannot be used, and why (`note`, a reason of the catalogue)."""

    def __init__(self, key: str, **values: Any):
        self.note = note(key, **values)
        super().__init__(self.note.render(_EN, isolates=False))


def _reason(exc: Exception, with_field: bool = True) -> Note | Problem | Detail:
    """Why a value could not be read: a reason of the catalogue, or the core's error in the page's language
    (with the field it names, unless the note names it already)."""
    if isinstance(exc, Unreadable):
        return exc.note
    if isinstance(exc, ScenarioError):
        return Problem(exc, with_field, 120)
    return Detail(one_line(str(exc), 120))


def _param(key: str, raw: str, limit: int = 40) -> LinkText:
    """`key=value` of the link, as a note quotes it: the value's first `limit` characters, in quotes."""
    return LinkText(f"{one_line(key, MAX_KEY_CHARS)}={raw[:limit]!r}")


@dataclass
class Decoded:
    """What a link gave: the scenario, period, language, and what had to be ignored (`notes`, each said in the
    page's language by `Note.render`; `ignored` is the same in English, for logs and tests)."""

    scenario: Scenario
    period: str = "month"
    lang: str = "en"
    notes: list[Note] = field(default_factory=list)

    @property
    def ignored(self) -> list[str]:
        return [one_line(n.render(_EN, isolates=False), 200) for n in self.notes]


def _num(x: float) -> str:
    """The shortest text that reads back as exactly `x` ('20', '115.38', '0.385')."""
    x = float(x)
    return str(int(x)) if x.is_integer() and abs(x) < 1e15 else repr(x)


def _wage_text(w) -> str:
    """A work item's wage exactly as it was given: kr an hour, or 'm' and kr a month (`monthly_wage`)."""
    return f"{MONTHLY}{_num(w.monthly_wage)}" if w.monthly_wage is not None else _num(w.hourly_wage)


def _bool_text(value: Any) -> str:
    return "1" if value else "0"


def encode(scenario: Scenario, period: str = "month", lang: str = "en") -> dict[str, str | list[str]]:
    """The query parameters of a share link (labels are never included)."""
    hh = scenario.household
    q: dict[str, str | list[str]] = {
        "v": SCHEMA_VERSION,
        "d": scenario.date.isoformat(),
        "a": str(len(hh.adults)),
        "cp": _bool_text(hh.couple),
        "c": str(hh.children),
        "ph": str(hh.phase),
        "pr": hh.procedure,
        "h": hh.housing,
        "m": ",".join(str(a.months_since_application) for a in hh.adults),
        "k": ",".join(_bool_text(a.contract_kept) for a in hh.adults),
        "cm": scenario.accommodation_charge.mode,
    }
    if hh.housing_cost_per_month is not None:
        q["hc"] = _num(hh.housing_cost_per_month)
    if scenario.accommodation_charge.mode == "fixed" or scenario.accommodation_charge.amount_per_month:
        q["ca"] = _num(scenario.accommodation_charge.amount_per_month)
    # A listed, empty "No work" is the reference every page shows first: not an option of the link.
    q["o"] = [
        o.name.replace("|", "/") + "|" + ";".join(
            f"{KIND_SHORT[w.kind]}:{w.adult}:{_num(w.hours_per_week)}:{_wage_text(w)}:"
            f"{_num(w.transport_per_month)}" for w in o.work)
        for o in scenario.options if not (o.name == NO_WORK and not o.work)
    ] or NO_OPTIONS
    for path, value in scenario.reform.items():
        q[f"r.{path}"] = _bool_text(value) if isinstance(value, bool) else (
            value if isinstance(value, str) else _num(value))
    q["p"] = period
    q["lang"] = lang
    return q


def to_query_string(scenario: Scenario, period: str = "month", lang: str = "en") -> str:
    return urlencode(encode(scenario, period, lang), doseq=True)


def _reform_value(path: str, text: str) -> Any:
    spec = parameters()[path].reform_spec
    kind = spec["type"]
    if kind == "bool":
        if text not in ("0", "1", "true", "false"):
            raise Unreadable("link.reason.one_of", choices="0, 1")
        return text in ("1", "true")
    if kind == "choice":
        if text not in spec["choices"]:
            raise Unreadable("link.reason.unknown_value")
        return text
    value = _number(int if kind == "int" else float, text)
    # The range of the parameter file (the core checks it again): said here in the page's language.
    low, high = spec["min"], spec["max"]
    if spec.get("min_exclusive", False) and value <= low:
        raise Unreadable("link.reason.above", low=float(low))
    if not low <= value <= high:
        raise Unreadable("link.reason.between", low=float(low), high=float(high))
    return value


def decode(params: Mapping[str, str | list[str]], default: Scenario, today: dt.date | None = None) -> Decoded:
    """The scenario a link describes; what cannot be read falls back to `default`, listed in `notes`."""
    ignored: list[Note] = []
    params = _bounded(params, ignored)

    def one(key: str) -> str | None:
        v = params.get(key)
        if isinstance(v, list):
            v = v[-1] if v else None
        return None if v is None else str(v)

    def many(key: str) -> list[str]:
        v = params.get(key)
        if v is None:
            return []
        return [str(x) for x in v] if isinstance(v, list) else [str(v)]

    base = default.model_dump(mode="python")
    version = one("v")
    if version not in (None, SCHEMA_VERSION):
        ignored.append(note("link.version", value=LinkText(quote(version, 20)), version=int(SCHEMA_VERSION)))
    hh = base["household"]

    def take(key: str, label: str, parse, apply) -> None:
        raw = one(key)
        if raw is None:
            return
        try:
            apply(parse(raw))
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            ignored.append(note("link.field", label=_label(label), param=_param(key, raw), reason=_reason(exc)))

    def choice(options):
        def parse(raw: str) -> str:
            if raw not in options:
                raise Unreadable("link.reason.unknown_value")
            return raw
        return parse

    def int_in(low: int, high: int):
        def parse(raw: str) -> int:
            n = _number(int, raw)
            if not low <= n <= high:
                raise Unreadable("link.reason.between", low=low, high=high)
            return n
        return parse

    def date_parse(raw: str) -> dt.date:
        try:
            d = dt.date.fromisoformat(raw)
        except ValueError:
            raise Unreadable("link.reason.date") from None
        if not DATE_RANGE[0] <= d <= DATE_RANGE[1]:
            raise Unreadable("link.reason.between", low=DATE_RANGE[0].isoformat(), high=DATE_RANGE[1].isoformat())
        return d

    take("d", "date", date_parse, lambda v: base.__setitem__("date", v))
    adults = len(hh["adults"])

    def set_adults(n: int) -> None:
        nonlocal adults
        adults = n
        template = hh["adults"][0] if hh["adults"] else {"months_since_application": 12,
                                                         "contract_kept": True}
        hh["adults"] = [dict(template, label=None) for _ in range(n)]

    take("a", "adults", int_in(1, 2), set_adults)
    hh["couple"] = adults == 2
    take("cp", "couple", choice(("0", "1")), lambda v: hh.__setitem__("couple", v == "1" and adults == 2))
    take("c", "children", int_in(0, 12), lambda v: hh.__setitem__("children", v))
    take("ph", "phase", int_in(1, 3), lambda v: hh.__setitem__("phase", v))
    take("pr", "procedure", choice(PROCEDURES), lambda v: hh.__setitem__("procedure", v))
    take("h", "housing", choice(HOUSING), lambda v: hh.__setitem__("housing", v))

    take("hc", "rent", _in_limits("housing_cost"), lambda v: hh.__setitem__("housing_cost_per_month", v))

    def per_adult(parse):
        def inner(raw: str) -> list:
            values = [parse(x) for x in raw.split(",")]
            if len(values) != adults:
                raise Unreadable("link.reason.per_adult", count=adults)
            return values
        return inner

    def set_months(values: list[int]) -> None:
        for a, v in zip(hh["adults"], values, strict=True):
            a["months_since_application"] = v

    def set_kept(values: list[str]) -> None:
        for a, v in zip(hh["adults"], values, strict=True):
            a["contract_kept"] = v == "1"

    take("m", "months", per_adult(int_in(0, 600)), set_months)
    take("k", "kept", per_adult(choice(("0", "1"))), set_kept)
    charge = base["accommodation_charge"]
    take("cm", "charge", choice(CHARGE_MODES), lambda v: charge.__setitem__("mode", v))
    take("ca", "charge_amount", _in_limits("charge_amount"),
         lambda v: charge.__setitem__("amount_per_month", v))
    if hh["housing"] == "own_housing" and hh.get("housing_cost_per_month") is None:
        ignored.append(note("link.own_housing"))
        hh["housing"] = default.household.housing

    raw_options = many("o")
    if raw_options == [NO_OPTIONS]:
        base["options"] = []
    elif raw_options:
        options: list[dict] = []
        for raw in raw_options[:6]:
            try:
                option = _decode_option(raw, adults)
                if any(o["name"] == option["name"] for o in options):
                    raise Unreadable("link.reason.name_taken")
                options.append(option)
                if option.pop("cut"):
                    ignored.append(note("link.option_cut", n=len(options), limit=MAX_NAME_CHARS,
                                        name=LinkText(repr(option["name"][:40]))))
            except (ValueError, KeyError, IndexError) as exc:
                ignored.append(note("link.field", label=_label("option"), param=_param("o", raw),
                                    reason=_reason(exc)))
        if len(raw_options) > 6:
            ignored.append(note("link.options_cut", shown=6, total=len(raw_options)))
        base["options"] = options
    else:
        base["options"] = [o for o in base["options"] if all(w["adult"] < adults for w in o["work"])]

    reform = {}
    for key in params:
        if not key.startswith("r."):
            continue
        path, raw = one_line(key[2:], MAX_KEY_CHARS), one(key) or ""
        try:
            if path not in parameters() or not parameters()[path].public:
                raise Unreadable("link.reason.unknown_parameter")
            # Validated with what was read before it: some values are only valid together (tax shares).
            reform = validate_reform(reform | {path: _reform_value(path, raw)})
        except ValueError as exc:   # a ScenarioError too
            ignored.append(note("link.reform", path=LinkText(path), value=LinkText(repr(raw[:40])),
                                reason=_reason(exc, with_field=False)))
    base["reform"] = reform
    base["schema_version"] = 1
    known = {"v", "d", "a", "cp", "c", "ph", "pr", "h", "hc", "m", "k", "cm", "ca", "o", "p", "lang"}
    for key in params:
        if key not in known and not key.startswith("r."):
            ignored.append(note("link.unknown_key", param=LinkText(quote(key, 40))))

    # Each reform value was valid alone; together, on the link's date, they must still make rules. The tax
    # shares first, said in the page's language (the core checks them again below, dropping the same value).
    shares = ("tax.income_tax_rate", "tax.am_rate")
    if any(p in reform for p in shares):
        try:
            law = rules_at(base["date"])
        except ScenarioError:
            law = None
        if law is not None and sum(reform.get(p, law[p]) for p in shares) > 1:
            path = shares[0] if shares[0] in reform else shares[1]
            ignored.append(note("link.reform_together", path=LinkText(path), reason=note("link.reason.tax_shares")))
            reform.pop(path)
    while reform:
        try:
            rules_at(base["date"], reform)
            break
        except ScenarioError as exc:
            path = exc.field.removeprefix("reform.")
            ignored.append(note("link.reform_together", path=LinkText(path),
                                reason=_reason(exc, with_field=False)))
            reform.pop(path if path in reform else next(iter(reform)))
    base["reform"] = reform
    try:
        scenario = parse_scenario(base)
    except ScenarioError as exc:
        ignored.append(note("link.default_used", problem=Problem(exc)))
        scenario = default
    period = one("p") or "month"
    if period not in PERIODS:
        ignored.append(note("link.field", label=_label("period"), param=_param("p", period, 20),
                            reason=note("link.reason.one_of", choices=", ".join(PERIODS))))
        period = "month"
    lang = one("lang") or "en"
    if lang not in LANGUAGES:
        ignored.append(note("link.field", label=_label("language"), param=_param("lang", lang, 20),
                            reason=note("link.reason.language")))
        lang = "en"
    return Decoded(scenario, period, lang, _summary(ignored))


def _bounded(params: Mapping[str, str | list[str]], ignored: list[Note]) -> dict[str, list[str]]:
    """The link's parameters within the bounds of a link (MAX_*); what is over them is listed in `ignored`."""
    out: dict[str, list[str]] = {}
    total = 0
    for n, (key, value) in enumerate(params.items()):
        if n == MAX_KEYS:
            ignored.append(note("link.too_many_keys", limit=MAX_KEYS, total=len(params)))
            break
        key = str(key)
        if len(key) > MAX_KEY_CHARS:
            ignored.append(note("link.unknown_key", param=LinkText(quote(key, 40))))
            continue
        shown = LinkText(one_line(key, MAX_KEY_CHARS))   # the key as a note shows it: no control characters
        values = [] if value is None else list(value) if isinstance(value, list | tuple) else [value]
        if len(values) > MAX_VALUES:
            ignored.append(note("link.too_many_values", param=shown, limit=MAX_VALUES, total=len(values)))
        kept = []
        for v in values[:MAX_VALUES]:
            v = str(v)
            if len(v) > MAX_VALUE_CHARS:
                ignored.append(note("link.value_too_long", param=shown, length=len(v),
                                    limit=MAX_VALUE_CHARS))
            else:
                kept.append(v)
        total += len(key) + sum(len(v) for v in kept)
        if total > MAX_LINK_CHARS:
            ignored.append(note("link.too_long", limit=MAX_LINK_CHARS, param=shown))
            break
        out[key] = kept
    return out


def _summary(ignored: list[Note]) -> list[Note]:
    """What was ignored, each note once, at most MAX_IGNORED notes (the last may say how many more)."""
    once: dict[str, Note] = {}   # once as read in English: two notes that say the same are one
    for n in ignored:
        once.setdefault(one_line(n.render(_EN, isolates=False), 200), n)
    notes = list(once.values())
    if len(notes) > MAX_IGNORED:
        notes = notes[:MAX_IGNORED - 1] + [note("link.more", count=len(notes) - MAX_IGNORED + 1)]
    return notes


def _number(kind, raw: str):
    """int(raw) or float(raw) of a plain decimal number of at most MAX_NUMBER_CHARS characters, with a message
    a counsellor can read (Python's own int() would also read "1_000", "١٢" or 5,000 digits)."""
    pattern = _WHOLE if kind is int else _DECIMAL
    if len(raw) <= MAX_NUMBER_CHARS and pattern.fullmatch(raw):
        return kind(raw)
    raise Unreadable("link.reason.not_whole" if kind is int else "link.reason.not_number",
                     value=LinkText(repr(raw[:20])))


def _in_limits(field: str):
    """A parser for an amount inside the range of the page's widget for `field`."""
    low, high = LIMITS[field]

    def parse(raw: str) -> float:
        x = _number(float, raw)
        if not low <= x <= high:  # also refuses nan
            raise Unreadable("link.reason.amount_between", what=_label(field), low=float(low), high=float(high))
        return x
    return parse


def _decode_option(raw: str, adults: int) -> dict:
    name, bar, items = raw.partition("|")
    if not bar:
        raise Unreadable("link.reason.option_format")
    # The name as the core keeps it (no control or format characters: untrusted.clean_name), so two names
    # that differ only in invisible characters are one name here too; a longer name is cut, and said so.
    # Otherwise as given: never trimmed on its way (only refused when blank).
    name = clean_name(name)
    cut = len(name) > MAX_NAME_CHARS
    name = name[:MAX_NAME_CHARS]
    if not name.strip() or name.strip() == NO_WORK:
        raise Unreadable("link.reason.no_work_name", name=LinkText(repr(NO_WORK)))
    work = []
    for item in [x for x in items.split(";") if x][:6]:
        parts = item.split(":")
        if len(parts) != 5:
            raise Unreadable("link.reason.work_format", format="kind:adult:hours:wage:transport")
        kind, adult, hours, wage, transport = parts
        kind = KIND_LONG[kind] if kind in KIND_LONG else (kind if kind in WORK_KINDS else None)
        if kind is None:
            raise Unreadable("link.reason.kind")
        a = _number(int, adult)
        if not 0 <= a < adults:
            raise Unreadable("link.reason.adult", adult=a + 1, adults=adults)
        monthly = wage.startswith(MONTHLY)
        h, w, t = (_in_limits(f)(x) for f, x in (("hours", hours), ("monthly" if monthly else "wage",
                                                                     wage.removeprefix(MONTHLY)),
                                                  ("transport", transport)))
        # The model's least hours and pay (models.Work), said in the page's language; parse_work checks again.
        if 0 < h < MIN_HOURS_PER_WEEK:
            raise Unreadable("link.reason.least", what=_label("hours"), least=MIN_HOURS_PER_WEEK)
        if 0 < w < MIN_WAGE:
            raise Unreadable("link.reason.least", what=_label("monthly" if monthly else "wage"), least=MIN_WAGE)
        if monthly and h <= 0:
            raise Unreadable("link.reason.monthly_hours")
        item = {"adult": a, "kind": kind, "hours_per_week": h, "monthly_wage" if monthly else "hourly_wage": w,
                "transport_per_month": t}
        parse_work(item)  # the checks of a file's work item (e.g. the least hours and wage), as a file gets them
        work.append(item)
    return {"name": name, "work": work, "cut": cut}
