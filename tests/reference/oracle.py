"""An independent second reading of RULES.md (sections 2-8) and the project's fixed interpretations.

Plain scalar Python, written only from /work/shared/RULES.md, SCENARIO_FORMAT.md and the interpretation
notes, so that a reviewer can check it line by line against RULES.md section 8. It does not import the
simulator. ``expected_json(scenario, period)`` returns the CLI JSON document, with the ``assumptions``
of RULES.md "Assumptions" 1-6 that the result rests on (ASSUMPTION_CODES; the others are not decided here).
"""

from __future__ import annotations

import datetime as dt

# RULES.md section 2, kr per day. Columns: basic single, basic couple (each), child self-catering,
# child canteen, child phase 1 self-catering, child phase 1 canteen, child reduced, supplement,
# supplement phase 1.
_RATE_COLUMNS = (
    "allowance.basic.single",
    "allowance.basic.couple",
    "allowance.child.self_catering",
    "allowance.child.canteen",
    "allowance.child.phase1_self_catering",
    "allowance.child.phase1_canteen",
    "allowance.child.reduced",
    "allowance.supplement.registered",
    "allowance.supplement.phase1",
)
RATE_TABLE = [
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
# RULES.md section 5: daily full-cost tariffs, kr/person/day (self-catering, canteen).
CHARGE_TABLE = [("2013-01-01", 303.0, 303.0), ("2016-02-05", 323.0, 380.0)]

# RULES.md section 9: the law values of the scalar parameters.
LAW_SCALARS = {
    "offset.rate": 1.0,
    "offset.deduct_transport": False,
    "offset.disregard_per_month": 0.0,
    "offset.transport_deduction_cap_per_month": 1_000_000.0,
    "offset.income_base": "net",
    "tax.income_tax_rate": 0.30,
    "tax.am_rate": 0.08,
    "tax.base": "gross",
    "praktik.transport_covered": True,
    "allowance.child.max_full": 2,
    "allowance.child.max_reduced": 2,
    "charge.exempt_per_month": 0.0,
}

MONEY_FIELDS = (
    "gross_wage", "labour_market_contribution", "income_tax", "net_wage", "basic_allowance",
    "supplementary_allowance", "child_supplement", "allowances_before_offset", "offset", "allowances_paid",
    "accommodation_charge", "transport", "housing_cost", "disposable_income", "gain_vs_no_work",
    "gain_per_hour",
)
RATE_FIELDS = ("participation_tax_rate",)

# RULES.md "Assumptions" 1-6, by the codes of the JSON's `assumptions` list (SCENARIO_FORMAT.md).
ASSUMPTION_CODES = ("offset_income_base_net", "family_netting", "charge_mode_and_cap", "tax_on_gross",
                    "rates_indexed", "monthly_conversion")
# Assumption 5: the allowance rates from 2020 are computed by indexing, not published (but the 2024 basic
# rates); a reform that sets a rate replaces the indexed figure with its own.
_INDEXED_FROM = "2020-01-01"
_PUBLISHED_2024 = ("allowance.basic.single", "allowance.basic.couple")


def _iso(d) -> str:
    return d.isoformat() if isinstance(d, dt.date) else str(d)


def parameters(date: str, reform: dict) -> dict:
    """Rule values in force on `date` (latest effective date <= date), with the reform on top."""
    p = dict(LAW_SCALARS)
    row = [r for r in RATE_TABLE if r[0] <= date][-1]
    p.update(zip(_RATE_COLUMNS, row[1:], strict=True))
    # Section 2: the ÅGH child amount (UDL § 42 b stk. 12, 3. pkt.) is its own amount in the law, equal in
    # every year to the single grundydelse of the table; a reform of the grundydelse does not move it.
    p["allowance.child.agh"] = p["allowance.basic.single"]
    tariff = [r for r in CHARGE_TABLE if r[0] <= date][-1]
    p["charge.daily_self_catering"], p["charge.daily_canteen"] = tariff[1], tariff[2]
    p.update(reform or {})
    return p


def _allowances(p, housing, adults, couple, children, phase, procedure, days):
    """Section 2 / interpretations 3-4: (basic, supplement, child) for the period."""
    canteen = housing == "centre_canteen"
    urgent = procedure == "manifestly_unfounded_urgent"
    if urgent and canteen:
        return 0.0, 0.0, 0.0
    basic_rate = p["allowance.basic.couple"] if couple else p["allowance.basic.single"]
    basic = 0.0 if canteen else basic_rate * len(adults)
    kept = sum(1 for a in adults if a.get("contract_kept", True))
    sup_rate = p["allowance.supplement.phase1"] if phase == 1 else p["allowance.supplement.registered"]
    supplement = 0.0 if urgent else sup_rate * kept
    if urgent:
        # Section 2: ÅGH at a place without a canteen, every phase: the § 42 b stk. 12, 3. pkt. amount,
        # which in every year equals the single grundydelse (see `parameters`).
        full_rate = p["allowance.child.agh"]
    elif phase == 1:
        full_rate = p["allowance.child.phase1_canteen" if canteen else "allowance.child.phase1_self_catering"]
    else:
        full_rate = p["allowance.child.canteen" if canteen else "allowance.child.self_catering"]
    n_full = min(children, int(p["allowance.child.max_full"]))
    n_reduced = 0 if canteen else min(children - n_full, int(p["allowance.child.max_reduced"]))
    child = full_rate * n_full + p["allowance.child.reduced"] * n_reduced
    return basic * days, supplement * days, child * days


def _warnings(date, household, work):
    codes = []
    phase = household.get("phase", 2)
    procedure = household.get("procedure", "normal")
    adults = household["adults"]
    for item in work:
        kind = item["kind"]
        if kind in ("job", "paid_praktik") and date < "2013-05-02":
            codes.append("work_not_yet_allowed")
        if kind == "job":
            if adults[item.get("adult", 0)].get("months_since_application", 12) < 6:
                codes.append("under_six_months")
            if phase == 1:
                codes.append("phase_1")
            if phase == 3:
                codes.append("phase_3_disputed")
            if procedure in ("dublin", "manifestly_unfounded", "manifestly_unfounded_urgent"):
                codes.append("excluded_procedure")
        if kind == "unpaid_praktik" and phase == 1:
            codes.append("praktik_in_phase_1")
    if household["housing"] == "special_housing" and date >= "2016-01-01":
        codes.append("special_housing_abolished")
    return list(dict.fromkeys(codes))


def _rates_indexed(date: str, reform: dict) -> bool:
    if date < _INDEXED_FROM:
        return False
    published = _PUBLISHED_2024 if date[:4] == "2024" else ()
    return any(path not in reform and path not in published for path in _RATE_COLUMNS)


def _assumptions(p, scenario, housing, row, period, indexed) -> set[str]:
    """The assumptions of RULES.md 1-6 one option's budget rests on."""
    hh = scenario["household"]
    works = row["gross_wage"] > 0
    mode = (scenario.get("accommodation_charge") or {}).get("mode", "income_tested")
    on = {
        "offset_income_base_net": works and p["offset.income_base"] == "net",             # 1
        "family_netting": row["offset"] > 0 and len(hh["adults"]) + hh.get("children", 0) > 1,   # 2
        "charge_mode_and_cap": works and housing != "own_housing" and mode == "income_tested",   # 3
        "tax_on_gross": works and p["tax.base"] == "gross",                               # 4
        "rates_indexed": row["allowances_before_offset"] > 0 and indexed,                # 5
        "monthly_conversion": period == "month",                                          # 6
    }
    return {code for code, yes in on.items() if yes}


def _row(p, scenario, housing, work, days, weeks, per_month):
    """Section 8 for one option with the given housing (own_housing's reference uses self-catering)."""
    hh = scenario["household"]
    adults = hh["adults"]
    couple = hh.get("couple", len(adults) == 2)
    children = hh.get("children", 0)
    gross = am = tax = net = transport = hours = 0.0
    for item in work:
        kind = item["kind"]
        h = item.get("hours_per_week", 0) or 0
        hours += h
        g = 0.0 if kind == "unpaid_praktik" else (item.get("hourly_wage", 0) or 0) * h * weeks
        a = p["tax.am_rate"] * g
        t = p["tax.income_tax_rate"] * (g - a if p["tax.base"] == "after_am" else g)
        gross, am, tax, net = gross + g, am + a, tax + t, net + (g - a - t)
        covered = kind == "unpaid_praktik" and p["praktik.transport_covered"]
        transport += 0.0 if covered else (item.get("transport_per_month", 0) or 0) * per_month
    own = housing == "own_housing"
    if own:
        basic = supplement = child = 0.0
    else:
        basic, supplement, child = _allowances(
            p, housing, adults, couple, children, hh.get("phase", 2), hh.get("procedure", "normal"), days)
    allowances = basic + supplement + child
    base = gross if p["offset.income_base"] == "gross" else net
    cap = p["offset.transport_deduction_cap_per_month"] * per_month
    deducted = min(transport, cap) if p["offset.deduct_transport"] else 0.0
    countable = max(0.0, base - deducted - p["offset.disregard_per_month"] * per_month)
    offset = min(allowances, p["offset.rate"] * countable)
    paid = allowances - offset
    charge_cfg = scenario.get("accommodation_charge") or {}
    mode = charge_cfg.get("mode", "income_tested")
    rent = hh.get("housing_cost_per_month")
    if own or mode == "none":
        charge = 0.0
    elif mode == "fixed":
        charge = (charge_cfg.get("amount_per_month", 0) or 0) * per_month if gross > 0 else 0.0
    else:
        if rent is not None:
            cap = rent * per_month
        elif housing == "centre_canteen":
            cap = p["charge.daily_canteen"] * (len(adults) + children) * days
        elif housing == "private_accommodation":
            cap = 0.0
        else:
            cap = p["charge.daily_self_catering"] * (len(adults) + children) * days
        excess = countable - allowances / p["offset.rate"] - p["charge.exempt_per_month"] * per_month
        charge = min(cap, max(0.0, excess))
    housing_cost = rent * per_month if own else 0.0
    disposable = paid + net - charge - transport - housing_cost
    return {
        "gross_wage": gross, "labour_market_contribution": am, "income_tax": tax, "net_wage": net,
        "basic_allowance": basic, "supplementary_allowance": supplement, "child_supplement": child,
        "allowances_before_offset": allowances, "offset": offset, "allowances_paid": paid,
        "accommodation_charge": charge, "transport": transport, "housing_cost": housing_cost,
        "disposable_income": disposable,
    }, hours


def expected_json(scenario: dict, period: str = "month") -> dict:
    date = _iso(scenario["date"])
    reform = dict(scenario.get("reform") or {})
    p = parameters(date, reform)
    if period == "month":
        days, weeks, per_month = 365 / 12, 52 / 12, 1.0
    elif period == "14d":
        days, weeks, per_month = 14.0, 2.0, 14 * 12 / 365
    else:
        raise ValueError(f"period: {period!r}")
    hh = scenario["household"]
    housing = hh["housing"]
    ref_housing = "centre_self_catering" if housing == "own_housing" else housing

    ref, _ = _row(p, scenario, ref_housing, [], days, weeks, per_month)
    options = [("No work", ref_housing, [])]
    options += [(o["name"], housing, o.get("work") or []) for o in scenario.get("options") or []
                if o["name"] != "No work"]
    out = []
    assumed: set[str] = set()
    indexed = _rates_indexed(date, reform)
    for name, h, work in options:
        row, hours = _row(p, scenario, h, work, days, weeks, per_month)
        assumed |= _assumptions(p, scenario, h, row, period, indexed)
        gain = row["disposable_income"] - ref["disposable_income"]
        codes = _warnings(date, hh, work)
        if housing == "own_housing" and name != "No work" and gain < 0:
            codes.append("not_self_supporting")
        gross = row["gross_wage"]
        row = {k: round(v, 2) for k, v in row.items()}
        row["gain_vs_no_work"] = round(gain, 2)
        row["participation_tax_rate"] = None if gross == 0 else 1 - gain / gross
        row["gain_per_hour"] = None if hours == 0 else round(gain / (hours * weeks), 2)
        row["warnings"] = [{"code": c, "message": c, "source": ""} for c in codes]
        out.append({"name": name, **row})
    return {
        "schema_version": 1,
        "rules_date": date,
        "period": period,
        "reform": reform,
        "assumptions": [code for code in ASSUMPTION_CODES if code in assumed],
        "options": out,
    }

