"""Hypothesis strategies: valid version-1 scenario files (SCENARIO_FORMAT.md) and valid reforms.

`scenarios()` draws the mapping a YAML scenario file holds, over the whole space the format allows for the
rules this project models: dates 2013-01-01 .. 2026-12-31, one or two adults with a consistent `couple`
flag, 0-8 children, phases 1-3, every procedure, every housing type (`own_housing` always with its rent),
every accommodation-charge mode, and 1-4 options of 0-3 work items of every kind. `reforms()` draws a
reform over the public parameter paths, each value inside the range its parameter file declares
(`reform:` block: type, min, max, choices), so every drawn reform is one the simulator must accept.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from simulator.rules import parameters, public_paths

FIRST_DATE = date(2013, 1, 1)
LAST_DATE = date(2026, 12, 31)

HOUSINGS = ("centre_canteen", "centre_self_catering", "independent_housing", "private_accommodation",
            "special_housing", "own_housing")
PROCEDURES = ("normal", "dublin", "manifestly_unfounded", "manifestly_unfounded_urgent")
KINDS = ("job", "paid_praktik", "unpaid_praktik")
CHARGE_MODES = ("income_tested", "fixed", "none")
TAX_PATHS = ("tax.income_tax_rate", "tax.am_rate")


def kroner(high: int) -> st.SearchStrategy[float]:
    """An amount 0 .. high kroner, to the øre (as a user would type it)."""
    return st.integers(0, high * 100).map(lambda ore: ore / 100)


def hours() -> st.SearchStrategy[float]:
    """Hours per week 0 .. 60, to the tenth of an hour."""
    return st.integers(0, 600).map(lambda tenths: tenths / 10)


def dates(first: date = FIRST_DATE, last: date = LAST_DATE) -> st.SearchStrategy[date]:
    return st.dates(min_value=first, max_value=last)


# --------------------------------------------------------------------------------------------------
# reforms


def reform_value(path: str) -> st.SearchStrategy[Any]:
    """A value inside the declared range of the public parameter `path` (its `reform_spec`)."""
    spec = parameters()[path].reform_spec
    assert spec is not None, f"{path} is not a public parameter"
    kind = spec["type"]
    if kind == "bool":
        return st.booleans()
    if kind == "choice":
        return st.sampled_from(list(spec["choices"]))
    if kind == "int":
        return st.integers(int(spec["min"]), int(spec["max"]))
    assert kind == "float", f"{path}: unknown reform type {kind!r}"
    low, high = float(spec["min"]), float(spec["max"])
    exclusive = bool(spec.get("min_exclusive", False))
    # Mostly "typed" values (to the hundredth), sometimes any float in range, edges included.
    typed = st.integers(int(low * 100) + (1 if exclusive else 0), int(high * 100)).map(lambda c: c / 100)
    anything = st.floats(low, high, exclude_min=exclusive, allow_nan=False, allow_infinity=False)
    return st.one_of(typed, anything)


def _law_max(path: str) -> float:
    return max(float(v.value) for v in parameters()[path].values)


def _tax_fits(reform: dict[str, Any]) -> bool:
    """AM-bidrag and income tax together take at most the whole wage (the law's value where not reformed)."""
    return sum(float(reform.get(p, _law_max(p))) for p in TAX_PATHS) <= 1.0


@st.composite
def reforms(draw, paths: list[str] | None = None, max_size: int | None = None) -> dict[str, Any]:
    """A valid reform: a subset of the public paths (or of `paths`), each with a value in its range."""
    candidates = sorted(public_paths() if paths is None else paths)
    chosen = draw(st.lists(st.sampled_from(candidates), unique=True, max_size=max_size or len(candidates)))
    reform = {path: draw(reform_value(path)) for path in chosen}
    # Keep the tax shares together within 1: shrink whichever tax share the reform sets.
    while not _tax_fits(reform):
        for path in TAX_PATHS:
            if path in reform:
                reform[path] = reform[path] / 2
    return reform


def law_reform(on: date) -> dict[str, Any]:
    """Every public parameter set to the value the law gives it on `on`: a reform that changes nothing."""
    out = {}
    for path in public_paths():
        value = parameters()[path].at(on)
        assert value is not None, f"{path} has no value on {on}"
        out[path] = value.value
    return out


# --------------------------------------------------------------------------------------------------
# scenarios


@st.composite
def adults(draw) -> dict[str, Any]:
    adult: dict[str, Any] = {}
    if draw(st.booleans()):
        adult["label"] = draw(st.text(min_size=1, max_size=20))
    if draw(st.booleans()):
        adult["months_since_application"] = draw(st.integers(0, 60))
    if draw(st.booleans()):
        adult["contract_kept"] = draw(st.booleans())
    return adult


@st.composite
def households(draw, housing: str | None = None, rent: bool = True) -> dict[str, Any]:
    """A household; `housing` fixes the housing type; `rent=False` never states a housing cost
    (so own_housing, which requires one, is then not drawn)."""
    n = draw(st.integers(1, 2))
    household: dict[str, Any] = {"adults": [draw(adults()) for _ in range(n)]}
    couple = draw(st.sampled_from([None, True, False] if n == 2 else [None, False]))
    if couple is not None:
        household["couple"] = couple
    optional = {
        "children": st.integers(0, 8),
        "phase": st.integers(1, 3),
        "procedure": st.sampled_from(PROCEDURES),
    }
    for key, strategy in optional.items():
        if draw(st.integers(0, 4)):  # mostly stated, sometimes left to the default
            household[key] = draw(strategy)
    allowed = [h for h in HOUSINGS if rent or h != "own_housing"]
    household["housing"] = housing or draw(st.sampled_from(allowed))
    if household["housing"] == "own_housing":
        household["housing_cost_per_month"] = draw(kroner(15_000))
    elif rent:
        cost = draw(st.one_of(st.just("absent"), st.none(), kroner(15_000)))
        if cost != "absent":
            household["housing_cost_per_month"] = cost
    return household


@st.composite
def work_items(draw, n_adults: int, transport: bool = True) -> dict[str, Any]:
    item: dict[str, Any] = {
        "adult": draw(st.integers(0, n_adults - 1)),
        "kind": draw(st.sampled_from(KINDS)),
        "hours_per_week": draw(hours()),
        "hourly_wage": draw(kroner(400)),
    }
    if transport and draw(st.booleans()):
        item["transport_per_month"] = draw(kroner(3000))
    return item


@st.composite
def charges(draw) -> dict[str, Any] | None:
    mode = draw(st.sampled_from((None,) + CHARGE_MODES))
    if mode is None:
        return None
    charge: dict[str, Any] = {"mode": mode}
    if mode == "fixed" or draw(st.booleans()):
        charge["amount_per_month"] = draw(kroner(5000))
    return charge


@st.composite
def scenarios(draw, reform: st.SearchStrategy[dict] | None = None, *, transport: bool = True,
              rent: bool = True, housing: str | None = None, charge_modes: tuple[str, ...] | None = None,
              first: date = FIRST_DATE, last: date = LAST_DATE) -> dict[str, Any]:
    """A valid v1 scenario file as a mapping.

    reform: strategy for the `reform:` block (default: none, i.e. the law; the key is sometimes omitted,
    sometimes `{}`); transport / rent: False to state no commuter costs / no housing cost; housing: fix the
    housing type; charge_modes: restrict the accommodation-charge mode.
    """
    household = draw(households(housing=housing, rent=rent))
    n_adults = len(household["adults"])
    scenario: dict[str, Any] = {}
    if draw(st.booleans()):
        scenario["schema_version"] = 1
    if draw(st.booleans()):
        scenario["title"] = draw(st.text(max_size=40))
    scenario["date"] = draw(dates(first, last)).isoformat()
    scenario["household"] = household
    charge = draw(charges())
    if charge_modes is not None:
        charge = {"mode": draw(st.sampled_from(charge_modes)), "amount_per_month": draw(kroner(5000))}
    if charge is not None:
        scenario["accommodation_charge"] = charge
    if reform is not None:
        scenario["reform"] = draw(reform)
    elif draw(st.booleans()):
        scenario["reform"] = {}
    options = []
    for i in range(draw(st.integers(1, 4))):
        work = [draw(work_items(n_adults, transport)) for _ in range(draw(st.integers(0, 3)))]
        # A listed, empty "No work" is allowed (and not repeated); otherwise names are distinct.
        name = "No work" if i == 0 and not work and draw(st.booleans()) else f"Option {i + 1}"
        options.append({"name": name, "work": work})
    scenario["options"] = options
    return scenario


def with_reforms() -> st.SearchStrategy[dict[str, Any]]:
    """Scenarios whose `reform:` block is any valid reform (often empty)."""
    return scenarios(reform=reforms())
