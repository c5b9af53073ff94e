"""The scenario file, version 1 (SCENARIO_FORMAT.md): a household, an accommodation charge, a reform and
the options to compare. Validation errors become one `ScenarioError` naming the field and the problem."""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from .errors import Invalid, ScenarioError, quoted
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


def _refuse_text_and_bools(code: str, **values: Any):
    """A check that a number is a number: YAML 1.1 and lax parsing read `children: true` as 1 child and
    `"20"` as 20; here true/false and text are refused, naming the field (the problem `code`)."""
    def check(value: Any) -> Any:
        if isinstance(value, bool | str | bytes):
            raise Invalid(code, got=quote(value), **values)
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
            raise Invalid("real_date", date=value) from None
    raise Invalid("date", got=quoted(value))


Number = Annotated[float, _refuse_text_and_bools("number")]
Whole = Annotated[int, _refuse_text_and_bools("whole")]
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
    phase: Annotated[Literal[1, 2, 3], _refuse_text_and_bools("one_of", codes="1, 2, 3")] = 2
    procedure: Procedure = "normal"
    housing: Housing = "centre_self_catering"
    housing_cost_per_month: Number | None = Field(default=None, ge=0, le=1_000_000, allow_inf_nan=False)

    @model_validator(mode="after")
    def _consistent(self) -> Household:
        if self.couple is None:
            object.__setattr__(self, "couple", len(self.adults) == 2)
        if self.couple and len(self.adults) < 2:
            raise Invalid("couple_two_adults", "couple")
        if self.housing == "own_housing" and self.housing_cost_per_month is None:
            raise Invalid("rent_required", "housing_cost_per_month")
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
            raise Invalid("hours_minimum", "hours_per_week", least=MIN_HOURS_PER_WEEK, got=quote(self.hours_per_week))
        pay = "monthly_wage" if self.monthly_wage is not None else "hourly_wage"
        if 0 < getattr(self, pay) < MIN_WAGE:
            raise Invalid("wage_minimum", pay, least=MIN_WAGE, got=quote(getattr(self, pay)))
        # Monthly pay is an alternative way to state the wage: turned into the hourly wage it implies.
        if self.monthly_wage is not None:
            if self.hours_per_week <= 0:
                raise Invalid("hours_for_monthly_wage", "hours_per_week")
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
                    raise Invalid("adult_of_two" if n == 2 else "adult_of_one", f"options.{i}.work.{j}.adult",
                                  count=n, got=w.adult)
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


_CODES = {
    "missing": "required",
    "extra_forbidden": "not_a_field",
    "int_parsing": "whole",
    "int_from_float": "whole",
    "int_type": "whole",
    "float_parsing": "number",
    "float_type": "number",
    "bool_parsing": "bool",
    "bool_type": "bool",
    "date_from_datetime_parsing": "date",
    "date_parsing": "date",
    "date_type": "date",
    "string_type": "text",
    "list_type": "list",
    "dict_type": "mapping",
    "model_type": "mapping",
    "finite_number": "finite",
}


def _describe(err: dict) -> ScenarioError:
    """The field and the problem of a pydantic error, quoting at most a few words of the bad value."""
    loc = ".".join(one_line(str(p), 40) for p in err["loc"])
    kind = err["type"]
    ctx = err.get("ctx") or {}
    got = err.get("input")
    if kind == "value_error":
        error = ctx.get("error")
        if isinstance(error, Invalid):
            field = f"{loc}.{error.field}" if loc and error.field else (error.field or loc)
            return ScenarioError.of(field, error.code, **error.values)
        return ScenarioError.of(loc, "invalid", detail=str(error or err["msg"]))
    if kind == "literal_error":
        return ScenarioError.of(loc, "one_of", codes=ctx.get("expected", "").replace(chr(39), ""), got=quoted(got))
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return _range(loc, err, got)
    if kind in ("too_short", "too_long"):
        return ScenarioError.of(loc, "too_few" if kind == "too_short" else "too_many", count=ctx.get("actual_length"),
                                detail=err["msg"].lower(), limit=ctx.get("min_length", ctx.get("max_length")))
    if kind == "string_too_long":
        return ScenarioError.of(loc, "too_long", limit=ctx.get("max_length"))
    if kind == "string_too_short":
        return ScenarioError.of(loc, "empty")
    code = _CODES.get(kind, "invalid")
    values = {"detail": err["msg"]} if code == "invalid" else {}
    if kind in ("missing", "extra_forbidden") or got is None:
        return ScenarioError.of(loc, code, **values)
    return ScenarioError.of(loc, code, got=quoted(got), **values)


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


def _range(loc: str, err: dict, got: Any) -> ScenarioError:
    name = str(err["loc"][-1])
    if name in _SAID_AS_RANGE:
        low, high = field_range(globals()[_SAID_AS_RANGE[name]], name)
        return ScenarioError.of(loc, "between", low=low, high=high, got=quoted(got))
    ctx = err.get("ctx") or {}
    if "ge" in ctx:
        return ScenarioError.of(loc, "at_least", low=ctx["ge"], got=quoted(got))
    if "le" in ctx:
        return ScenarioError.of(loc, "at_most", high=ctx["le"], got=quoted(got))
    return ScenarioError.of(loc, "invalid", detail=f"{err['msg'].lower()} (got {quote(got)})")


def parse_work(data: Any) -> Work:
    """One validated work item (as in a scenario's options), or a ScenarioError naming the bad field."""
    try:
        return Work.model_validate(data)
    except ValidationError as exc:
        raise _describe(exc.errors(include_url=False)[0]) from None


def parse_scenario(data: Any) -> Scenario:
    """A validated Scenario from parsed YAML/JSON, or a ScenarioError naming the first bad field."""
    if not isinstance(data, dict):
        raise ScenarioError.of("scenario", "scenario.not_mapping")
    version = data.get("schema_version", 1)
    if type(version) is not int or version != 1:
        raise ScenarioError.of("schema_version", "scenario.version", got=quoted(version))
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise _describe(exc.errors(include_url=False)[0]) from None
    seen: set[str] = set()
    for option in scenario.compared_options():
        if option.name in seen:
            raise ScenarioError.of("options", "scenario.names_differ", name=quote(option.name))
        seen.add(option.name)
    validate_reform(scenario.reform)  # refused here, naming the path, rather than when first computed
    return scenario
