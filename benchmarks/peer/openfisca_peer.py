# ruff: noqa  (kept as the shared benchmark wrote it, so the two stay easy to compare)
# Copied from the steering repository's shared benchmark (/work/shared/bench/openfisca_peer.py), so that
# `make bench` can compare against the OpenFisca peer from this checkout. Unchanged.
"""The same rules (shared/RULES.md, one option per household) as an OpenFisca tax-benefit system.

A performance peer: what a user would get by writing these rules on OpenFisca, the field's standard engine.
It agrees with RULES.md to the krone on single-option households; time against it with compare.py.
"""
from __future__ import annotations

import os
import sys

import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.indexed_enums import Enum
from openfisca_core.parameters import ParameterNode
from openfisca_core.periods import MONTH
from openfisca_core.simulation_builder import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

# date, basic single, basic couple, child self-catering, child canteen, child phase 1 self-catering,
# child phase 1 canteen, child reduced, supplement registered, supplement phase 1 (RULES.md section 2)
RATES = [
    ("2013-01-01", 52.30, 41.41, 82.82, 30.52, 61.03, 8.73, 43.60, 30.52, 8.73),
    ("2014-01-01", 53.24, 42.16, 84.31, 31.07, 62.13, 8.89, 44.38, 31.07, 8.89),
    ("2015-01-01", 54.04, 42.79, 85.57, 31.54, 63.06, 9.02, 45.05, 31.54, 9.02),
    ("2016-01-01", 54.80, 43.39, 86.77, 31.98, 63.94, 9.15, 45.68, 31.98, 9.15),
    ("2016-02-05", 49.32, 39.05, 78.09, 28.78, 57.55, 8.23, 41.11, 28.78, 8.23),
    ("2017-01-01", 50.31, 39.83, 79.65, 29.36, 58.70, 8.39, 41.93, 29.36, 8.39),
    ("2018-01-01", 51.32, 40.63, 81.24, 29.95, 59.87, 8.56, 42.77, 29.95, 8.56),
    ("2019-01-01", 52.35, 41.44, 82.86, 30.55, 61.07, 8.73, 43.63, 30.55, 8.73),
    ("2020-01-01", 53.39, 42.27, 84.53, 31.15, 62.29, 8.91, 44.50, 31.15, 8.91),
    ("2021-01-01", 54.45, 43.11, 86.22, 31.78, 63.54, 9.09, 45.39, 31.78, 9.09),
    ("2022-01-01", 55.11, 43.63, 87.25, 32.16, 64.30, 9.20, 45.93, 32.16, 9.20),
    ("2023-01-01", 56.59, 44.81, 89.61, 33.02, 66.04, 9.44, 47.17, 33.02, 9.44),
    ("2024-01-01", 58.41, 46.24, 92.48, 34.08, 68.15, 9.75, 48.68, 34.08, 9.75),
    ("2025-01-01", 60.51, 47.91, 95.80, 35.31, 70.61, 10.10, 50.44, 35.31, 10.10),
    ("2026-01-01", 63.23, 50.06, 100.12, 36.90, 73.78, 10.55, 52.71, 36.90, 10.55),
]

DAYS = 365 / 12
WEEKS = 52 / 12

Person = build_entity(key="person", plural="persons", label="Person", is_person=True)
Household = build_entity(key="household", plural="households", label="Household",
                         roles=[{"key": "adult", "plural": "adults", "label": "Adult", "max": 2}])


def _series(i):
    return {r[0]: {"value": r[i]} for r in RATES}


PARAMS = {
    "allowance": {
        "basic_single": {"values": _series(1)}, "basic_couple": {"values": _series(2)},
        "child_self": {"values": _series(3)}, "child_canteen": {"values": _series(4)},
        "child_p1_self": {"values": _series(5)}, "child_p1_canteen": {"values": _series(6)},
        "child_reduced": {"values": _series(7)}, "supp": {"values": _series(8)}, "supp_p1": {"values": _series(9)},
        "max_full": {"values": {"2013-01-01": {"value": 2}}}, "max_reduced": {"values": {"2013-01-01": {"value": 2}}},
    },
    "tax": {"am": {"values": {"2013-01-01": {"value": 0.08}}}, "rate": {"values": {"2013-01-01": {"value": 0.30}}}},
    "offset": {"rate": {"values": {"2013-01-01": {"value": 1.0}}},
               "deduct_transport": {"values": {"2013-01-01": {"value": False}}},
               "disregard": {"values": {"2013-01-01": {"value": 0.0}}}},
    "charge": {"self": {"values": {"2013-01-01": {"value": 303.0}, "2016-02-05": {"value": 323.0}}},
               "canteen": {"values": {"2013-01-01": {"value": 303.0}, "2016-02-05": {"value": 380.0}}}},
}


class Kind(Enum):
    none = "none"
    job = "job"
    paid_praktik = "paid praktik"
    unpaid_praktik = "unpaid praktik"


class Housing(Enum):
    centre_canteen = "centre with canteen"
    centre_self_catering = "self-catering centre"
    independent_housing = "independent housing"
    private_accommodation = "private accommodation"
    special_housing = "special housing"
    own_housing = "own housing"


class Charge(Enum):
    income_tested = "income tested"
    fixed = "fixed"
    none = "none"


def _var(name, entity, value_type, default=None, formula=None, possible=None):
    attrs = {"entity": entity, "value_type": value_type, "definition_period": MONTH, "label": name}
    if default is not None:
        attrs["default_value"] = default
    if possible is not None:
        attrs["possible_values"] = possible
    if formula is not None:
        attrs["formula"] = formula
    return type(name, (Variable,), attrs)


def gross(person, period, parameters):
    kind = person("kind", period)
    paid = (kind == Kind.job) + (kind == Kind.paid_praktik)
    return paid * person("hourly_wage", period) * person("hours", period) * WEEKS


def net(person, period, parameters):
    p = parameters(period).tax
    g = person("gross", period)
    return g - p.am * g - p.rate * g


def transport(person, period, parameters):
    unpaid = person("kind", period) == Kind.unpaid_praktik
    return np.where(unpaid, 0.0, person("transport_cost", period))


def allowances(household, period, parameters):
    p = parameters(period).allowance
    housing = household("housing", period)
    canteen = housing == Housing.centre_canteen
    own = housing == Housing.own_housing
    n = household.nb_persons(Household.ADULT)
    couple = household("couple", period) * (n == 2)
    phase1 = household("phase", period) == 1
    basic = np.where(canteen, 0.0, np.where(couple, p.basic_couple, p.basic_single)) * n
    kept = household.sum(household.members("contract_kept", period), role=Household.ADULT)
    supp = np.where(phase1, p.supp_p1, p.supp) * kept
    kids = household("children", period)
    n_full = np.minimum(kids, p.max_full)
    n_red = np.where(canteen, 0, np.minimum(np.maximum(kids - p.max_full, 0), p.max_reduced))
    full = np.where(phase1, np.where(canteen, p.child_p1_canteen, p.child_p1_self),
                    np.where(canteen, p.child_canteen, p.child_self))
    total = (basic + supp + n_full * full + n_red * p.child_reduced) * DAYS
    return np.where(own, 0.0, total)


def countable(household, period, parameters):
    p = parameters(period).offset
    base = household.sum(household.members("net", period))
    tr = household.sum(household.members("transport", period))
    return np.maximum(0.0, base - p.deduct_transport * tr - p.disregard)


def offset(household, period, parameters):
    return np.minimum(household("allowances", period), parameters(period).offset.rate * household("countable", period))


def charge(household, period, parameters):
    p = parameters(period)
    housing = household("housing", period)
    persons = household.nb_persons(Household.ADULT) + household("children", period)
    tariff = np.select(
        [housing == Housing.centre_canteen,
         (housing == Housing.centre_self_catering) + (housing == Housing.independent_housing)
         + (housing == Housing.special_housing)],
        [p.charge.canteen * persons * DAYS, p.charge.self * persons * DAYS], 0.0)
    cost = household("housing_cost", period)
    cap = np.where(cost > 0, cost, tariff)
    surplus = np.maximum(0.0, household("countable", period) - household("allowances", period) / p.offset.rate)
    mode = household("charge_mode", period)
    g = household.sum(household.members("gross", period))
    out = np.select([mode == Charge.income_tested, mode == Charge.fixed],
                    [np.minimum(cap, surplus), np.where(g > 0, household("charge_amount", period), 0.0)], 0.0)
    return np.where(housing == Housing.own_housing, 0.0, out)


def disposable(household, period, parameters):
    own = household("housing", period) == Housing.own_housing
    return (household("allowances", period) - household("offset", period)
            + household.sum(household.members("net", period)) - household("charge", period)
            - household.sum(household.members("transport", period))
            - np.where(own, household("housing_cost", period), 0.0))


class KroneSystem(TaxBenefitSystem):
    def __init__(self):
        super().__init__([Person, Household])
        self.parameters = ParameterNode("", data=PARAMS)
        for v in [
            _var("kind", Person, Enum, Kind.none, possible=Kind),
            _var("hours", Person, float), _var("hourly_wage", Person, float),
            _var("transport_cost", Person, float), _var("contract_kept", Person, bool, True),
            _var("gross", Person, float, formula=gross), _var("net", Person, float, formula=net),
            _var("transport", Person, float, formula=transport),
            _var("couple", Household, bool, True), _var("children", Household, int),
            _var("phase", Household, int, 2),
            _var("housing", Household, Enum, Housing.centre_self_catering, possible=Housing),
            _var("housing_cost", Household, float),
            _var("charge_mode", Household, Enum, Charge.income_tested, possible=Charge),
            _var("charge_amount", Household, float),
            _var("allowances", Household, float, formula=allowances),
            _var("countable", Household, float, formula=countable),
            _var("offset", Household, float, formula=offset),
            _var("charge", Household, float, formula=charge),
            _var("disposable", Household, float, formula=disposable),
        ]:
            self.add_variable(v)


TBS = None


def system():
    global TBS
    if TBS is None:
        TBS = KroneSystem()
    return TBS


def one_household(period: str, household: dict, work: dict[int, dict], charge_mode="income_tested", amount=0.0):
    """Build and run one household the way an OpenFisca user would (situation dict), return disposable."""
    persons = {}
    for i, a in enumerate(household["adults"]):
        w = work.get(i, {})
        persons[f"p{i}"] = {
            "kind": {period: w.get("kind", "none")}, "hours": {period: w.get("hours_per_week", 0)},
            "hourly_wage": {period: w.get("hourly_wage", 0)},
            "transport_cost": {period: w.get("transport_per_month", 0)},
            "contract_kept": {period: a.get("contract_kept", True)},
        }
    hh = {"adults": list(persons), "couple": {period: household.get("couple", len(persons) == 2)},
          "children": {period: household.get("children", 0)}, "phase": {period: household.get("phase", 2)},
          "housing": {period: household["housing"]},
          "housing_cost": {period: household.get("housing_cost_per_month") or 0.0},
          "charge_mode": {period: charge_mode}, "charge_amount": {period: amount}}
    sim = SimulationBuilder().build_from_entities(system(), {"persons": persons, "households": {"h": hh}})
    return float(sim.calculate("disposable", period)[0])


def batch(period: str, n: int, rng: np.random.Generator):
    """n single-adult households with random wages in one vectorised simulation; returns disposable."""
    b = SimulationBuilder()
    b.create_entities(system())
    ids = [str(i) for i in range(n)]
    b.declare_person_entity("person", ids)
    hh = b.declare_entity("household", ids)
    b.join_with_persons(hh, ids, ["adult"] * n)
    sim = b.build(system())
    sim.set_input("kind", period, np.full(n, Kind.job.index))
    sim.set_input("hours", period, rng.choice([10.0, 20.0, 37.0], n))
    sim.set_input("hourly_wage", period, rng.uniform(80, 200, n))
    sim.set_input("transport_cost", period, rng.choice([0.0, 800.0, 1700.0], n))
    sim.set_input("children", period, rng.integers(0, 5, n))
    return sim.calculate("disposable", period)
