"""The trace: each step of one option's budget with its formula, numbers filled in, and its sources.

The CLI (`--explain`), the app's "why?" and the PDF all render this one trace.
"""
from __future__ import annotations

from .models import Option, Scenario
from .periods import Period
from .result import ParameterUse, Step
from .rules import RuleSet

RATE_SOURCE = "UDL § 42 b"
CHARGE_LABEL = "Rent to the Immigration Service (betaling for ophold)"


def kr(x: float) -> str:
    """1234.5 → '1,234.50' (English number style; translations reformat)."""
    return f"{x:,.2f}".replace("-", "−")


def pct(x: float) -> str:
    return f"{x * 100:g} %"


def _use(rules: RuleSet, path: str) -> ParameterUse:
    e = rules.entry(path)
    return ParameterUse(path, e.value, e.parameter.unit, e.status, e.source, e.url)


def build_trace(scenario: Scenario, option: Option, rules: RuleSet, period: Period, line: dict[str, float],
                reference_disposable: float, extra: dict[str, float]) -> list[Step]:
    """The steps of one option, in the order of RULES.md section 8."""
    hh = scenario.household
    days, weeks = period.days_text, period.weeks_text
    steps: list[Step] = []

    def step(name, label, value, formula, paths=(), assumptions=(), rule=""):
        steps.append(Step(name, label, value, formula, tuple(_use(rules, p) for p in paths), tuple(assumptions),
                          rule))

    # Wages (RULES.md section 4)
    paid = [w for w in option.work if w.paid]
    if paid:
        parts = " + ".join(f"{kr(w.hourly_wage)} kr × {w.hours_per_week:g} h × {weeks}" for w in paid)
        step("gross_wage", "Gross wage (bruttoløn)", line["gross_wage"], f"{parts} = {kr(line['gross_wage'])}",
             rule="RULES.md section 8: wage × hours per week × weeks")
    else:
        step("gross_wage", "Gross wage (bruttoløn)", 0.0, "no paid work in this option")
    am_rate, tax_rate = rules["tax.am_rate"], rules["tax.income_tax_rate"]
    step("labour_market_contribution", "AM-bidrag (labour-market contribution)", line["labour_market_contribution"],
         f"{pct(am_rate)} × {kr(line['gross_wage'])} = {kr(line['labour_market_contribution'])}", ["tax.am_rate"],
         rule="Arbejdsmarkedsbidragsloven § 1")
    base_text = (f"({kr(line['gross_wage'])} − {kr(line['labour_market_contribution'])})"
                 if rules["tax.base"] == "after_am" else kr(line["gross_wage"]))
    step("income_tax", "Income tax (A-skat, flat 30 %)", line["income_tax"],
         f"{pct(tax_rate)} × {base_text} = {kr(line['income_tax'])}", ["tax.income_tax_rate", "tax.base"],
         ["tax_on_gross"] if rules["tax.base"] == "gross" and line["gross_wage"] > 0 else [],
         rule="KSL § 48 B stk. 1")
    step("net_wage", "Wage after tax (nettoløn)", line["net_wage"],
         f"{kr(line['gross_wage'])} − {kr(line['labour_market_contribution'])} − {kr(line['income_tax'])} = "
         f"{kr(line['net_wage'])}")

    # Allowances (RULES.md section 2)
    housing = hh.housing
    if housing == "own_housing":
        step("basic_allowance", "Grundydelse (basic allowance)", 0.0,
             "no cash allowances in own housing (UDL § 42 b stk. 15)")
        step("supplementary_allowance", "Tillægsydelse (supplementary allowance)", 0.0, "none in own housing")
        step("child_supplement", "Forsørgertillæg (child supplement)", 0.0, "none in own housing")
    else:
        urgent = hh.procedure == "manifestly_unfounded_urgent"
        if housing == "centre_canteen":
            step("basic_allowance", "Grundydelse (basic allowance)", 0.0,
                 "none at a centre with a free canteen (center med kantine)", rule=RATE_SOURCE)
        else:
            path = "allowance.basic.couple" if hh.couple else "allowance.basic.single"
            n = len(hh.adults)
            step("basic_allowance", "Grundydelse (basic allowance)", line["basic_allowance"],
                 f"{n} adult{'s' if n > 1 else ''} × {kr(rules[path])} kr/day × {days} = {kr(line['basic_allowance'])}",
                 [path], ["monthly_conversion"] if period.name == "month" else [], rule=RATE_SOURCE)
        kept = sum(a.contract_kept for a in hh.adults)
        s_path = "allowance.supplement.phase1" if hh.phase == 1 else "allowance.supplement.registered"
        if urgent:
            step("supplementary_allowance", "Tillægsydelse (supplementary allowance)", 0.0,
                 "none in urgent manifestly unfounded cases (ÅGH)", rule=RATE_SOURCE)
        else:
            step("supplementary_allowance", "Tillægsydelse (supplementary allowance)", line["supplementary_allowance"],
                 f"{kept} adult{'s' if kept != 1 else ''} keeping the centre contract × {kr(rules[s_path])} kr/day × "
                 f"{days} = {kr(line['supplementary_allowance'])}", [s_path], rule=RATE_SOURCE)
        canteen = housing == "centre_canteen"
        full_path = ("allowance.child.phase1_canteen" if canteen else "allowance.child.phase1_self_catering") \
            if hh.phase == 1 else ("allowance.child.canteen" if canteen else "allowance.child.self_catering")
        n_full, n_red = int(extra["children_full"]), int(extra["children_reduced"])
        if hh.children == 0:
            step("child_supplement", "Forsørgertillæg (child supplement)", 0.0, "no children")
        elif urgent and canteen:
            step("child_supplement", "Forsørgertillæg (child supplement)", 0.0,
                 "no cash in urgent manifestly unfounded cases at a canteen centre (ÅGH)")
        else:
            text = f"{n_full} × {kr(rules[full_path])}"
            paths = [full_path, "allowance.child.max_full"]
            if n_red:
                text += f" + {n_red} × {kr(rules['allowance.child.reduced'])} (nedsat)"
                paths += ["allowance.child.reduced", "allowance.child.max_reduced"]
            left = hh.children - n_full - n_red
            note = f"; {left} child{'ren' if left > 1 else ''} beyond the cap get nothing" if left else ""
            step("child_supplement", "Forsørgertillæg (child supplement)", line["child_supplement"],
                 f"({text}) kr/day × {days} = {kr(line['child_supplement'])}{note}", paths,
                 ["agh_child_rate"] if urgent else [], rule=RATE_SOURCE)
    step("allowances_before_offset", "Cash allowances before the offset", line["allowances_before_offset"],
         f"{kr(line['basic_allowance'])} + {kr(line['supplementary_allowance'])} + {kr(line['child_supplement'])} = "
         f"{kr(line['allowances_before_offset'])}")

    # The offset (RULES.md section 3)
    base_name = "wage after tax" if rules["offset.income_base"] == "net" else "wage before tax"
    base = extra["base"]
    deduct = rules["offset.deduct_transport"]
    disregard = rules["offset.disregard_per_month"] * period.per_month
    transport_text = (f" − transport {kr(line['transport'])}" if deduct else " (transport is not deducted)")
    disregard_text = f" − disregard {kr(disregard)}" if disregard else ""
    step("countable_income", "Income that counts against the allowances", extra["countable"],
         f"max(0, {base_name} {kr(base)}{transport_text if line['transport'] or deduct else ''}{disregard_text}) = "
         f"{kr(extra['countable'])}",
         ["offset.income_base", "offset.deduct_transport", "offset.disregard_per_month"],
         ["offset_income_base_net"] if rules["offset.income_base"] == "net" and base else [],
         rule="UDL § 42 b stk. 14")
    rate = rules["offset.rate"]
    step("offset", "Offset (modregning)", line["offset"],
         f"min(allowances {kr(line['allowances_before_offset'])}, {rate:g} × {kr(extra['countable'])}) = "
         f"{kr(line['offset'])}", ["offset.rate"],
         ["family_netting"] if line["offset"] > 0 and hh.persons > 1 else [], rule="UDL § 42 b stk. 14")
    step("allowances_paid", "Allowances paid out", line["allowances_paid"],
         f"{kr(line['allowances_before_offset'])} − {kr(line['offset'])} = {kr(line['allowances_paid'])}")

    # The accommodation charge (RULES.md section 5)
    mode = scenario.accommodation_charge.mode
    if housing == "own_housing":
        step("accommodation_charge", "Rent to the Immigration Service (betaling for ophold)", 0.0,
             "none in own housing: the household pays its own rent")
    elif mode == "none":
        step("accommodation_charge", "Rent to the Immigration Service (betaling for ophold)", 0.0,
             "no charge imposed (the decision letter imposes none)")
    elif mode == "fixed":
        step("accommodation_charge", CHARGE_LABEL, line["accommodation_charge"],
             f"the amount in the decision letter, {kr(scenario.accommodation_charge.amount_per_month)} kr/month"
             + ("" if line["gross_wage"] > 0 else ", charged only with wage income"), rule="UDL § 42 a stk. 4")
    else:
        if hh.housing_cost_per_month is not None:
            cap_text = f"the flat's rent {kr(extra['charge_cap'])}"
            paths = []
        elif housing == "private_accommodation":
            cap_text = "0 (private accommodation, no rent stated)"
            paths = []
        else:
            path = "charge.daily_canteen" if housing == "centre_canteen" else "charge.daily_self_catering"
            cap_text = f"{kr(rules[path])} kr × {hh.persons} person{'s' if hh.persons > 1 else ''} × {days} = " \
                       f"{kr(extra['charge_cap'])}"
            paths = [path]
        exempt = rules["charge.exempt_per_month"] * period.per_month
        exempt_text = f" − charge-free {kr(exempt)}" if exempt else ""
        left = extra["countable"] - line["allowances_before_offset"] / rate
        step("accommodation_charge", CHARGE_LABEL, line["accommodation_charge"],
             f"min(cap {cap_text}, max(0, countable {kr(extra['countable'])} − allowances "
             f"{kr(line['allowances_before_offset'] / rate)}{exempt_text})) = {kr(line['accommodation_charge'])}"
             if left > 0 or line["accommodation_charge"] else
             "nothing: the allowances are not used up by the income", paths + ["charge.exempt_per_month"],
             ["charge_mode_and_cap"], rule="UDL § 42 a stk. 4")
    if line["transport"] or option.work:
        covered = [w for w in option.work if w.kind == "unpaid_praktik"]
        note = " (praktik transport covered by the centre)" if covered and rules["praktik.transport_covered"] else ""
        step("transport", "Transport (commuter card)", line["transport"],
             f"{kr(line['transport'])}{note}", ["praktik.transport_covered"] if covered else [])
    if line["housing_cost"]:
        step("housing_cost", "Own rent", line["housing_cost"], f"{kr(line['housing_cost'])}")
    step("disposable_income", "Left to live on (rådighedsbeløb)", line["disposable_income"],
         f"{kr(line['allowances_paid'])} + {kr(line['net_wage'])} − {kr(line['accommodation_charge'])} − "
         f"{kr(line['transport'])}" + (f" − {kr(line['housing_cost'])}" if line["housing_cost"] else "")
         + f" = {kr(line['disposable_income'])}")
    step("gain_vs_no_work", "Better off than with no work", line["gain_vs_no_work"],
         f"{kr(line['disposable_income'])} − {kr(reference_disposable)} = {kr(line['gain_vs_no_work'])}"
         + (" (compared with the same family at a self-catering centre)" if housing == "own_housing" else ""))
    return steps
