"""The scenario file, version 1 (SCENARIO_FORMAT.md): a household, an accommodation charge, a reform and
the options to compare. Validation errors become one `ScenarioError` naming the field and the problem."""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from .errors import ScenarioError
from .lookalike import looks_like_no_work, renamed_name
from .periods import WEEKS_PER_MONTH
from .rules import validate_reform
from .untrusted import clean_name, one_line, quote

HOUSING = ("centre_canteen", "centre_self_catering", "independent_housing", "private_accommodation",
           "special_housing", "own_housing")
PROCEDURES = ("normal", "dublin", "manifestly_unfounded", "manifestly_unfounded_urgent")
WORK_KINDS = ("job", "paid_praktik", "unpaid_praktik")
CHARGE_MODES = ("income_tested", "fixed", "none")
MAX_CHILDREN = 12
MAX_OPTIONS = 12
NO_WORK = "No work"
# Below these, hours and wages are not work but rounding noise, and the ratios over them (kept per hour,
# participation tax rate) run to infinity: a work item has 0 hours or at least MIN_HOURS_PER_WEEK, and a
# wage of 0 or at least MIN_WAGE kroner (an øre) an hour, or a month when given as monthly pay.
MIN_HOURS_PER_WEEK = 0.1
MIN_WAGE = 0.01


def _refuse_text_and_bools(problem: str):
    """A check that a number is a number: YAML 1.1 and lax parsing read `children: true` as 1 child and
    `"20"` as 20; here true/false and text are refused, naming the field."""
    def check(value: Any) -> Any:
        if isinstance(value, bool | str | bytes):
            raise ValueError(f"{problem} (got {quote(value)})")
        return value
    return BeforeValidator(check)


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _real_date(value: Any) -> Any:
    """A date is a date or YYYY-MM-DD text naming a real day (2014-02-30 is refused, not shifted)."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value} is not a real date") from None
    raise ValueError(f"must be a date (YYYY-MM-DD) (got {quote(value)})")


Number = Annotated[float, _refuse_text_and_bools("must be a number")]
Whole = Annotated[int, _refuse_text_and_bools("must be a whole number")]
Flag = Annotated[bool, Field(strict=True)]
Date = Annotated[dt.date, BeforeValidator(_real_date)]
# A name, title or label from outside, kept without control and format characters (bidi overrides,
# zero-width…; untrusted.clean_name): nothing in it can reorder or hide the text around it.
Text = Annotated[str, BeforeValidator(clean_name)]

Housing = Literal["centre_canteen", "centre_self_catering", "independent_housing", "private_accommodation",
                  "special_housing", "own_housing"]
Procedure = Literal["normal", "dublin", "manifestly_unfounded", "manifestly_unfounded_urgent"]
WorkKind = Literal["job", "paid_praktik", "unpaid_praktik"]
ChargeMode = Literal["income_tested", "fixed", "none"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Adult(_Model):
    """One adult of the household. The label is for the counsellor's eyes only, never shared."""

    label: Text | None = Field(default=None, max_length=60)
    months_since_application: Whole = Field(default=12, ge=0, le=600)
    contract_kept: Flag = True


class Household(_Model):
    adults: list[Adult] = Field(min_length=1, max_length=2)
    couple: Flag | None = None
    children: Whole = Field(default=0, ge=0, le=MAX_CHILDREN)
    phase: Annotated[Literal[1, 2, 3], _refuse_text_and_bools("must be one of 1, 2, 3")] = 2
    procedure: Procedure = "normal"
    housing: Housing = "centre_self_catering"
    housing_cost_per_month: Number | None = Field(default=None, ge=0, le=1_000_000, allow_inf_nan=False)

    @model_validator(mode="after")
    def _consistent(self) -> Household:
        if self.couple is None:
            object.__setattr__(self, "couple", len(self.adults) == 2)
        if self.couple and len(self.adults) < 2:
            raise ValueError("couple|a couple needs two adults")
        if self.housing == "own_housing" and self.housing_cost_per_month is None:
            raise ValueError("housing_cost_per_month|is required for own_housing (the rent the household pays)")
        return self

    @property
    def persons(self) -> int:
        return len(self.adults) + self.children


class AccommodationCharge(_Model):
    mode: ChargeMode = "income_tested"
    amount_per_month: Number = Field(default=0.0, ge=0, le=1_000_000, allow_inf_nan=False)


class Work(_Model):
    """One work item: an adult's job or praktik."""

    adult: Whole = Field(default=0, ge=0, le=1)
    kind: WorkKind = "job"
    hours_per_week: Number = Field(default=0.0, ge=0, le=168, allow_inf_nan=False)
    hourly_wage: Number = Field(default=0.0, ge=0, le=100_000, allow_inf_nan=False)
    monthly_wage: Number | None = Field(default=None, ge=0, le=10_000_000, allow_inf_nan=False)
    transport_per_month: Number = Field(default=0.0, ge=0, le=100_000, allow_inf_nan=False)

    @model_validator(mode="after")
    def _hours_and_pay(self) -> Work:
        """Hours and pay of 0 or at least the minimum; monthly pay turned into the hourly wage."""
        if 0 < self.hours_per_week < MIN_HOURS_PER_WEEK:
            raise ValueError(f"hours_per_week|must be 0 or at least {MIN_HOURS_PER_WEEK:g} hours a week "
                             f"(got {quote(self.hours_per_week)})")
        pay = "monthly_wage" if self.monthly_wage is not None else "hourly_wage"
        if 0 < getattr(self, pay) < MIN_WAGE:
            raise ValueError(f"{pay}|must be 0 or at least {MIN_WAGE:g} kr (got {quote(getattr(self, pay))})")
        # Monthly pay is an alternative way to state the wage: turned into the hourly wage it implies.
        if self.monthly_wage is not None:
            if self.hours_per_week <= 0:
                raise ValueError("hours_per_week|must be above 0 when monthly_wage is given")
            object.__setattr__(self, "hourly_wage", self.monthly_wage / (self.hours_per_week * WEEKS_PER_MONTH))
        return self

    @property
    def paid(self) -> bool:
        return self.kind != "unpaid_praktik"


class Option(_Model):
    name: Text = Field(min_length=1, max_length=80)
    work: list[Work] = Field(default_factory=list, max_length=6)


class Scenario(_Model):
    schema_version: Literal[1] = 1
    title: Text | None = Field(default=None, max_length=200)
    date: Date
    household: Household
    accommodation_charge: AccommodationCharge = AccommodationCharge()
    reform: dict[str, Any] = Field(default_factory=dict)
    options: list[Option] = Field(default_factory=list, max_length=MAX_OPTIONS)

    @model_validator(mode="after")
    def _work_names_an_adult(self) -> Scenario:
        n = len(self.household.adults)
        for i, option in enumerate(self.options):
            for j, w in enumerate(option.work):
                if w.adult >= n:
                    raise ValueError(f"options.{i}.work.{j}.adult|must name one of the {n} adult(s) "
                                     f"(0{' or 1' if n == 2 else ''}, got {w.adult})")
        return self

    def compared_options(self) -> list[Option]:
        """'No work' first (the reference), then the file's options; a listed 'No work' is not repeated.

        Only the reference may look like it: another option whose name reads as "No work" in any of the
        page's languages (after normalisation and confusable folding, `lookalike.looks_like_no_work`) is
        renamed "Option N (renamed: looked like No work)", so no page, PDF or table shows two; "No work"
        itself with work is refused as a repeated name (parse_scenario)."""
        rest = [o for o in self.options if not (o.name == NO_WORK and not o.work)]
        return [Option(name=NO_WORK, work=[])] + [
            Option(name=renamed_name(i), work=o.work) if o.name != NO_WORK and looks_like_no_work(o.name) else o
            for i, o in enumerate(rest, start=1)]


_MESSAGES = {
    "missing": "is required",
    "extra_forbidden": "is not a field of this format",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "int_type": "must be a whole number",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "date_from_datetime_parsing": "must be a date (YYYY-MM-DD)",
    "date_parsing": "must be a date (YYYY-MM-DD)",
    "date_type": "must be a date (YYYY-MM-DD)",
    "string_type": "must be text",
    "list_type": "must be a list",
    "dict_type": "must be a mapping",
    "model_type": "must be a mapping",
    "finite_number": "must be a finite number",
}


def _describe(err: dict) -> tuple[str, str]:
    """The field and the problem of a pydantic error, quoting at most a few words of the bad value."""
    loc = ".".join(one_line(str(p), 40) for p in err["loc"])
    kind = err["type"]
    ctx = err.get("ctx") or {}
    got = err.get("input")
    if kind == "value_error":
        text = str(ctx.get("error", err["msg"]))
        if "|" in text:
            sub, problem = text.split("|", 1)
            return (f"{loc}.{sub}" if loc else sub), problem
        return loc, text
    if kind == "literal_error":
        return loc, f"must be one of {ctx.get('expected', '').replace(chr(39), '')} (got {quote(got)})"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return loc, _range_text(err, got)
    if kind in ("too_short", "too_long"):
        return loc, f"has {ctx.get('actual_length')} items; {err['msg'].lower()}"
    if kind == "string_too_long":
        return loc, f"is too long (at most {ctx.get('max_length')} characters)"
    if kind == "string_too_short":
        return loc, "must not be empty"
    problem = _MESSAGES.get(kind, err["msg"])
    if kind not in ("missing", "extra_forbidden") and got is not None:
        problem += f" (got {quote(got)})"
    return loc, one_line(problem, 200)


def field_range(model: type[BaseModel], name: str) -> tuple[float, float]:
    """The range a field accepts, as its model declares it (`ge`, `le`): the one place input ranges are set;
    the page's widgets, the share link and the caseload CSV read them from here."""
    low = high = None
    for rule in model.model_fields[name].metadata:
        low = getattr(rule, "ge", low)
        high = getattr(rule, "le", high)
    if low is None or high is None:
        raise KeyError(f"{model.__name__}.{name} declares no range")
    return low, high


# Fields whose message gives the whole range ("must be between 0 and 12"), not just the bound broken.
_SAID_AS_RANGE = {"children": "Household", "months_since_application": "Adult", "hours_per_week": "Work",
                  "adult": "Work"}


def _range_text(err: dict, got: Any) -> str:
    name = str(err["loc"][-1])
    if name in _SAID_AS_RANGE:
        low, high = field_range(globals()[_SAID_AS_RANGE[name]], name)
        return f"must be between {low} and {high} (got {quote(got)})"
    ctx = err.get("ctx") or {}
    if "ge" in ctx:
        return f"must be at least {ctx['ge']} (got {quote(got)})"
    if "le" in ctx:
        return f"must be at most {ctx['le']} (got {quote(got)})"
    return f"{err['msg'].lower()} (got {quote(got)})"


def parse_work(data: Any) -> Work:
    """One validated work item (as in a scenario's options), or a ScenarioError naming the bad field."""
    try:
        return Work.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(*_describe(exc.errors(include_url=False)[0])) from None


def parse_scenario(data: Any) -> Scenario:
    """A validated Scenario from parsed YAML/JSON, or a ScenarioError naming the first bad field."""
    if not isinstance(data, dict):
        raise ScenarioError("scenario", "must be a mapping with schema_version, date, household and options")
    version = data.get("schema_version", 1)
    if type(version) is not int or version != 1:
        raise ScenarioError("schema_version", f"this version reads schema_version 1 (got {quote(version)})")
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        field, problem = _describe(exc.errors(include_url=False)[0])
        raise ScenarioError(field, problem) from None
    seen: set[str] = set()
    for option in scenario.compared_options():
        if option.name in seen:
            raise ScenarioError("options", f"option names must differ ({quote(option.name)} appears twice)")
        seen.add(option.name)
    validate_reform(scenario.reform)  # refused here, naming the path, rather than when first computed
    return scenario
