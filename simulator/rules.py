"""The rules in force on a date: dated, cited parameters (parameters/*.yaml) and reforms on top of them.

Each parameter file is named after its public path (`offset/rate.yaml` is `offset.rate`) and holds a
description, unit, period, legal reference, an optional `reform` block (type and range: which makes the
parameter one a reform may change) and its values keyed by the date they took effect, each with its
status (`law`, `indexed`, `assumption`) and its structured source (title, paragraph, href, quote, note:
simulator/source.py). A rate file may add an `indexed:` block: its values from a date on are then computed,
one per year, from a base value and the dated `uprating.satsreguleringsprocent` (so next year's rates are
one line in that file), each citing the base provision and that year's satsreguleringsprocent order.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from .errors import ScenarioError, quoted
from .source import Cite, Source, source_from
from .untrusted import one_line

PARAMETER_DIR = Path(__file__).parent / "parameters"
UPRATING = "uprating.satsreguleringsprocent"
ORE = Decimal("0.01")
REFORM_SOURCE = Source(title="reform under test", href="", law=False)   # a reformed value cites no law


@dataclass(frozen=True)
class Value:
    """One dated value of a parameter, with where it comes from."""

    since: dt.date
    value: Any
    status: str
    source: Source


@dataclass(frozen=True)
class Parameter:
    """A parameter's description and its values over time."""

    path: str
    description: str
    danish: str
    unit: str
    period: str
    reference: str
    values: tuple[Value, ...]
    reform_spec: Mapping[str, Any] | None = None
    indexed: Mapping[str, Any] | None = None

    @property
    def public(self) -> bool:
        return self.reform_spec is not None

    def at(self, date: dt.date) -> Value | None:
        """The value in force on `date`, or None before the first one."""
        found = None
        for v in self.values:
            if v.since <= date:
                found = v
        return found


@dataclass(frozen=True)
class InForce:
    """A parameter as the calculation uses it: the value and why (law, or which reform changed it)."""

    parameter: Parameter
    value: Any
    status: str
    source: Source
    since: dt.date | None

    @property
    def reformed(self) -> bool:
        return self.status == "reform"


def _parse_date(raw: Any, where: str) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        raise ValueError(f"{where}: {raw!r} is not a date") from None


def _load_file(path: Path, directory: Path) -> Parameter:
    rel = path.relative_to(directory).with_suffix("")
    dotted = ".".join(rel.parts)
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    values = tuple(
        Value(_parse_date(since, f"{dotted} values"), v["value"], v["status"],
              source_from(v.get("source"), f"{dotted} @ {since}"))
        for since, v in doc["values"].items()
    )
    return Parameter(
        path=dotted,
        description=doc["description"],
        danish=doc.get("danish", ""),
        unit=doc["unit"],
        period=doc["period"],
        reference=doc.get("reference", ""),
        values=values,
        reform_spec=MappingProxyType(doc["reform"]) if "reform" in doc else None,
        indexed=MappingProxyType({**doc["indexed"], "source": source_from(doc["indexed"].get("source"),
                                                                           f"{dotted} indexed")})
        if "indexed" in doc else None,
    )


def _uprated(p: Parameter, percent: Parameter) -> Parameter:
    """`p` with a value for every year of `percent` from its `indexed.from` date: the base value (the
    2016-beløb) × the cumulative satsreguleringsprocent since the base date, rounded to the øre once
    (RULES.md section 2)."""
    spec = p.indexed
    base_date = _parse_date(spec["base"], f"{p.path} indexed.base")
    start = _parse_date(spec["from"], f"{p.path} indexed.from")
    base = p.at(base_date)
    if base is None:
        raise ValueError(f"{p.path} indexed.base: no value on {base_date.isoformat()}")
    values = [v for v in p.values if v.since < start]
    for step in percent.values:
        if step.since >= start and step.since > base_date:
            amount = _indexed(base.value, percent, base_date, step.since)
            values.append(Value(step.since, amount, "indexed", _derived_source(spec, step)))
    return replace(p, values=tuple(values))


def _derived_source(spec: Mapping[str, Any], step: Value) -> Source:
    """The source of a computed rate: the base provision (the `indexed:` block's source), then the year's
    satsreguleringsprocent order (its own source, with its address), and a confirmation where one is noted."""
    base: Source = spec["source"]
    order = step.source
    confirmed = str(spec.get("confirmed", {}).get(step.since.year) or "")
    note = "; ".join(n for n in (base.note, order.note, confirmed) if n)
    return replace(base, also=(*base.also, *(Cite(c.title, c.paragraph, c.href or order.href) for c in order.cites)),
                   note=note)


def _indexed(base: float, percent: Parameter, base_date: dt.date, date: dt.date) -> float:
    """`base` (in force on `base_date`) × the cumulative `percent` of every year after `base_date` up to and
    including `date`, rounded to the øre once (RULES.md section 2)."""
    factor = Decimal(1)
    for step in percent.values:
        if base_date < step.since <= date:
            factor *= 1 + Decimal(str(step.value)) / 100
    return float((Decimal(str(base)) * factor).quantize(ORE, rounding=ROUND_HALF_UP))


def indexed_stand_in(path: str, base_date: dt.date, date: dt.date) -> float:
    """The value of `path` on `base_date` raised by the satsreguleringsprocent of every year since, up to
    `date`: a stand-in where a parameter is regulated yearly by an index whose amounts were not found
    (assumption 8: the accommodation tariffs, which follow the Finance Act's price and wage index)."""
    params = parameters()
    base = params[path].at(base_date)
    if base is None:
        raise ValueError(f"{path}: no value on {base_date.isoformat()}")
    return _indexed(base.value, params[UPRATING], base_date, date)


@lru_cache(maxsize=1)
def parameters() -> Mapping[str, Parameter]:
    """Every parameter file, by dotted path."""
    return load_parameters(PARAMETER_DIR)


def load_parameters(directory: Path) -> Mapping[str, Parameter]:
    """Every parameter file under `directory`, by dotted path, the indexed rates computed."""
    found = {}
    for path in sorted(directory.rglob("*.yaml")):
        p = _load_file(path, directory)
        found[p.path] = p
    for path, p in found.items():
        if p.indexed:
            found[path] = _uprated(p, found[UPRATING])
    return MappingProxyType(found)


def public_paths() -> list[str]:
    """The parameter paths a reform, scenario file or share link may name (RULES.md section 9)."""
    return [path for path, p in parameters().items() if p.public]


@lru_cache(maxsize=1)
def last_rates_year() -> int:
    """The last year whose allowance rates are known (published or computed from a known adjustment)."""
    return max(v.since.year for v in parameters()["allowance.basic.single"].values)


def first_rules_date() -> dt.date:
    """The earliest date for which every parameter has a value (the satsreguleringsprocent, which only
    computes other parameters, starts later)."""
    return max(p.values[0].since for path, p in parameters().items() if path != UPRATING)


@dataclass(frozen=True)
class RuleSet:
    """The parameters in force on one date, with a reform applied: what one calculation uses."""

    date: dt.date
    entries: Mapping[str, InForce]
    reform: Mapping[str, Any] = field(default_factory=dict)

    def __getitem__(self, path: str) -> Any:
        return self.entries[path].value

    def entry(self, path: str) -> InForce:
        return self.entries[path]

    def with_reform(self, reform: Mapping[str, Any] | None) -> RuleSet:
        """These rules with `reform` (public path → value) applied; the empty reform changes nothing."""
        if not reform:
            return self
        clean = validate_reform(reform)
        entries = dict(self.entries)
        for path, value in clean.items():
            old = entries[path]
            entries[path] = replace(old, value=value, status="reform", source=REFORM_SOURCE, since=None)
        merged = {**self.reform, **clean}
        if entries["tax.income_tax_rate"].value + entries["tax.am_rate"].value > 1:
            path = "tax.income_tax_rate" if "tax.income_tax_rate" in clean else "tax.am_rate"
            raise ScenarioError.of(f"reform.{path}", "rules.tax_sum")
        return RuleSet(self.date, MappingProxyType(entries), MappingProxyType(merged))


def rules_at(date: dt.date | str, reform: Mapping[str, Any] | None = None) -> RuleSet:
    """The rules in force on `date`, with `reform` on top. A date before the first rules is an error."""
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            raise ScenarioError.of("date", "rules.not_a_date", got=quoted(date)) from None
    if not reform:
        return _rules_at(date)
    try:   # the type is part of the key: `1` is no valid switch where `True` is, though they hash alike
        key = tuple(sorted((str(k), type(v).__name__, v) for k, v in reform.items()))
        hash(key)
    except (TypeError, AttributeError):
        return _rules_at(date).with_reform(reform)   # not hashable: let the reform check say what is wrong
    return _reformed(date, key)


@lru_cache(maxsize=256)
def _reformed(date: dt.date, key: tuple) -> RuleSet:
    return _rules_at(date).with_reform({path: value for path, _, value in key})


def clear_caches() -> None:
    """Forget the loaded parameters and rule sets (after pointing PARAMETER_DIR elsewhere)."""
    parameters.cache_clear()
    _rules_at.cache_clear()
    _reformed.cache_clear()
    last_rates_year.cache_clear()


@lru_cache(maxsize=256)
def _rules_at(date: dt.date) -> RuleSet:
    first = first_rules_date()
    if date < first:
        raise ScenarioError.of("date", "rules.before", first=first.isoformat(), date=date.isoformat())
    entries = {}
    for path, p in parameters().items():
        v = p.at(date)
        if v is not None:   # only the satsreguleringsprocent has none (before 2017)
            entries[path] = InForce(p, v.value, v.status, v.source, v.since)
    return RuleSet(date, MappingProxyType(entries))


def _check_value(path: str, spec: Mapping[str, Any], value: Any) -> Any:
    """A reform value of the type and in the range its parameter file allows; the message quotes at most a
    few words of a bad value (a huge one is never turned into text, nor into a float)."""
    kind = spec["type"]
    where = f"reform.{path}"
    if kind == "bool":
        if not isinstance(value, bool):
            raise ScenarioError.of(where, "bool", got=quoted(value))
        return value
    if kind == "choice":
        if not isinstance(value, str) or value not in spec["choices"]:
            raise ScenarioError.of(where, "one_of", codes=", ".join(spec["choices"]), got=quoted(value))
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ScenarioError.of(where, "number", got=quoted(value))
    if value != value or value in (float("inf"), float("-inf")):
        raise ScenarioError.of(where, "finite", got=quoted(value))
    low, high = spec["min"], spec["max"]  # every numeric reform parameter declares both (test_parameters)
    low_open = spec.get("min_exclusive", False)
    # Compared before any conversion: int and float compare exactly, and a 400-digit int fits no float.
    if value < low or (low_open and value == low) or value > high:
        if low_open and value <= low:
            raise ScenarioError.of(where, "above", low=low, got=quoted(value))
        raise ScenarioError.of(where, "between", low=low, high=high, got=quoted(value))
    if kind == "int":
        if int(value) != value:
            raise ScenarioError.of(where, "whole", got=quoted(value))
        return int(value)
    return float(value)


def validate_reform(reform: Mapping[str, Any]) -> dict[str, Any]:
    """Check a reform's paths and values against the parameter files; return it with clean types."""
    if not isinstance(reform, Mapping):
        raise ScenarioError.of("reform", "reform.not_mapping")
    params = parameters()
    clean = {}
    for path, value in reform.items():
        p = params.get(str(path))
        if p is None or not p.public:
            raise ScenarioError.of(f"reform.{one_line(str(path), 60)}", "reform.unknown_path")
        clean[str(path)] = _check_value(str(path), p.reform_spec, value)
    return clean
