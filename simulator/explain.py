"""The trace: each step of one option's budget as data — a formula over named numbers, a note, the
parameters and the law in force on the date — read from what the engine returned (choices, bends and the
notes' conditions), never restating a rule. One renderer (simulator/trace_text.py) shows it in the CLI,
the page and the PDF.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .assumptions import catalogue as assumption_catalogue
from .engine import BASIC_RATES, CAP_TARIFFS, CHILD_RATES, SUPPLEMENT_RATES, CapKind, ChargeRule, Withheld
from .periods import Period
from .result import Citation, Number, ParameterUse, Step
from .rules import RuleSet

if TYPE_CHECKING:   # pydantic's models are imported when a scenario is parsed, not with the package
    from .models import Option, Scenario

CITATIONS = Path(__file__).parent / "citations.yaml"


@lru_cache(maxsize=1)
def citations() -> dict[str, list[tuple[dt.date, dict]]]:
    """citations.yaml: key → its dated entries, oldest first (`consolidated` → each act's consolidations)."""
    raw = yaml.safe_load(CITATIONS.read_text(encoding="utf-8"))
    acts = raw.pop("consolidated", {})
    out = {key: _dated(entries) for key, entries in raw.items()}
    out |= {f"consolidated.{act}": _dated(entries) for act, entries in acts.items()}
    return out


def _dated(entries: dict) -> list[tuple[dt.date, dict]]:
    return sorted(((dt.date.fromisoformat(str(since)), entry) for since, entry in entries.items()),
                  key=lambda pair: pair[0])


def _in_force(key: str, date: dt.date) -> tuple[dt.date, dict] | None:
    found = None
    for since, entry in citations().get(key, []):
        if since <= date:
            found = (since, entry)
    return found


def law_on(key: str, date: dt.date) -> tuple[Citation, ...]:
    """The citation of `key` in force on `date` (none when the step rests on no provision). A provision of a
    consolidated act (UDL) names the consolidation in force on the date and links to it, or, before the
    next consolidation took in an amending law, the amending law too (RULES.md section 2)."""
    found = _in_force(key, date)
    if found is None:
        return ()
    since, entry = found
    cite, url = entry["cite"], entry.get("url", "")
    act = _in_force(f"consolidated.{cite.split(' ', 1)[0]}", date)
    if act is not None:
        act_since, consolidation = act
        if entry.get("amended_by") and act_since < since:
            cite, url = f"{cite} ({consolidation['cite']}, som ændret ved {entry['amended_by']})", entry["amended_url"]
        else:
            cite, url = f"{cite} ({consolidation['cite']})", consolidation["url"]
    return (Citation(cite, url, entry.get("wording", "")),)


def _use(rules: RuleSet, path: str) -> ParameterUse:
    e = rules.entry(path)
    p = e.parameter
    return ParameterUse(path, e.value, p.unit, e.status, e.source, p.danish, p.reference)


def build_trace(scenario: Scenario, option: Option, rules: RuleSet, period: Period, row: dict[str, float],
                reference: float, assumptions: tuple[str, ...] = ()) -> list[Step]:
    """The steps of one option, in the order of RULES.md section 8, from the option's budget `row` (every
    field of the engine's Budget, and `reference_moved`: 'No work' is measured in another housing) and the
    no-work `reference`; `assumptions` are the codes it rests on."""
    steps: list[Step] = []
    date = rules.date

    def step(name: str, formula, numbers: dict[str, Number], note: str = "", paths=(), law: str | None = None,
             value: float | None = None, **note_values: Any) -> None:
        tags = tuple(code for code in assumptions if assumption_catalogue()[code].get("step") == name)
        steps.append(Step(name, row[name] if value is None else value, formula, numbers, note, note_values,
                          tuple(_use(rules, p) for p in paths), law_on(law or name, date), tags))

    kr = lambda v, term="": Number(v, "kr", term)  # noqa: E731 - short constructors keep the steps readable
    zero = {"zero": kr(0.0)}
    days = Number(period.days, "days")
    weeks = Number(period.weeks, "weeks")

    # Wages (RULES.md section 4)
    paid = [w for w in option.work if w.paid]
    numbers = {"weeks": weeks}
    terms = []
    for j, w in enumerate(paid):
        numbers[f"wage_{j}"] = Number(w.hourly_wage, "kr_hour")
        numbers[f"hours_{j}"] = Number(w.hours_per_week, "hours")
        terms.append(("mul", f"wage_{j}", f"hours_{j}", "weeks"))
    if terms:
        step("gross_wage", ("add", *terms), numbers)
    else:
        step("gross_wage", "zero", zero, "no_paid_work")
    gross = kr(row["gross_wage"], "gross_wage")
    am = kr(row["labour_market_contribution"], "labour_market_contribution")
    step("labour_market_contribution", ("mul", "rate", "gross_wage"),
         {"rate": Number(rules["tax.am_rate"], "share"), "gross_wage": gross}, paths=["tax.am_rate"])
    after_am = rules["tax.base"] == "after_am"
    step("income_tax", ("mul", "rate", ("sub", "gross_wage", "am") if after_am else "gross_wage"),
         {"rate": Number(rules["tax.income_tax_rate"], "share"), "gross_wage": gross, "am": am},
         paths=["tax.income_tax_rate", "tax.base"])
    step("net_wage", ("sub", "gross_wage", "am", "tax"),
         {"gross_wage": gross, "am": am, "tax": kr(row["income_tax"], "income_tax")})

    # Allowances (RULES.md section 2): the rate the engine chose, or why it withheld the allowance
    hh = scenario.household
    allowance_steps = (
        ("basic_allowance", "basic_withheld", BASIC_RATES[int(row["basic_rate"])], "adults", len(hh.adults)),
        ("supplementary_allowance", "supplement_withheld", SUPPLEMENT_RATES[int(row["supplement_rate"])],
         "contracts_kept", sum(a.contract_kept for a in hh.adults)),
    )
    for name, withheld, path, count_name, count in allowance_steps:
        why = Withheld(int(row[withheld]))
        if why != Withheld.PAID:
            step(name, "zero", zero, f"withheld.{why.name.lower()}", law=_withheld_law(name, why))
        else:
            step(name, ("mul", count_name, "rate", "days"),
                 {count_name: Number(count, "count", count_name), "rate": Number(rules[path], "kr_day"),
                  "days": days}, paths=[path])
    why = Withheld(int(row["child_withheld"]))
    n_full, n_reduced = row["children_full"], row["children_reduced"]
    if why != Withheld.PAID:
        step("child_supplement", "zero", zero, f"withheld.{why.name.lower()}",
             law=_withheld_law("child_supplement", why))
    elif hh.children == 0:
        step("child_supplement", "zero", zero, "no_children")
    else:
        full_path = CHILD_RATES[int(row["child_rate"])]
        numbers = {"full": Number(n_full, "count", "children_full"), "rate": Number(rules[full_path], "kr_day"),
                   "days": days}
        paths = [full_path, "allowance.child.max_full"]
        per_day = ("mul", "full", "rate")
        if n_reduced:
            numbers |= {"reduced": Number(n_reduced, "count", "children_reduced"),
                        "reduced_rate": Number(rules["allowance.child.reduced"], "kr_day")}
            per_day = ("add", per_day, ("mul", "reduced", "reduced_rate"))
            paths += ["allowance.child.reduced", "allowance.child.max_reduced"]
        left = int(hh.children - n_full - n_reduced)
        step("child_supplement", ("mul", per_day, "days"), numbers, "children_beyond_cap" if left else "", paths,
             count=left)
    allowances = kr(row["allowances_before_offset"], "allowances")
    step("allowances_before_offset", ("add", "basic", "supplement", "child"),
         {"basic": kr(row["basic_allowance"]), "supplement": kr(row["supplementary_allowance"]),
          "child": kr(row["child_supplement"])}, law="basic_allowance")

    # The offset (RULES.md section 3): the income base less what the engine deducted before it counts
    base_term = "net_wage" if rules["offset.income_base"] == "net" else "gross_wage"
    note = "transport_not_deducted" if row["transport_not_deducted"] else ""
    countable = kr(row["countable_income"], "countable_income")
    step("countable_income", ("max", "zero", ("sub", "base", "deducted")),
         {"zero": kr(0.0), "base": kr(row["income_base"], base_term), "deducted": kr(row["deducted"], "deducted")},
         note, ["offset.income_base", "offset.deduct_transport", "offset.transport_deduction_cap_per_month",
          "offset.disregard_per_month"],
         value=row["countable_income"])
    rate = Number(rules["offset.rate"], "factor", "offset_rate")
    step("offset", ("min", "allowances", ("mul", "rate", "countable")),
         {"allowances": allowances, "rate": rate, "countable": countable}, paths=["offset.rate"])
    step("allowances_paid", ("sub", "allowances", "offset"), {"allowances": allowances, "offset": kr(row["offset"])},
         law="offset")

    # The accommodation charge (RULES.md section 5): the rule and cap the engine applied
    rule = ChargeRule(int(row["charge_rule"]))
    if rule in (ChargeRule.OWN_HOUSING, ChargeRule.NONE):
        step("accommodation_charge", "zero", zero, f"charge.{rule.name.lower()}")
    elif rule == ChargeRule.FIXED:
        step("accommodation_charge", "amount", {"amount": kr(row["accommodation_charge"], "decision_letter")},
             "charge.fixed")
    else:
        cap_kind = CapKind(int(row["cap_kind"]))
        numbers = {"zero": kr(0.0), "countable": countable, "allowances": allowances, "rate": rate}
        paths = []
        if cap_kind in CAP_TARIFFS:
            paths.append(CAP_TARIFFS[cap_kind])
            numbers |= {"tariff": Number(rules[CAP_TARIFFS[cap_kind]], "kr_day"),
                        "persons": Number(hh.persons, "count", "persons"), "days": days}
            cap = ("mul", "tariff", "persons", "days")
        else:
            numbers["cap"] = kr(row["charge_cap"], f"cap.{cap_kind.name.lower()}")
            cap = "cap"
        exempt = row["charge_from"] - row["allowances_used_up_at"]
        charge_from = ("div", "allowances", "rate")
        if exempt:
            numbers["exempt"] = kr(exempt, "charge_exempt")
            charge_from = ("add", charge_from, "exempt")
        paths.append("charge.exempt_per_month")
        step("accommodation_charge", ("min", cap, ("max", "zero", ("sub", "countable", charge_from))), numbers,
             "" if row["charge_reached"] else "charge.not_reached", paths)
    if row["transport"] or option.work:
        covered = bool(row["transport_covered"])
        step("transport", "transport", {"transport": kr(row["transport"])},
             "praktik_transport_covered" if covered else "", ["praktik.transport_covered"] if covered else [],
             law="praktik" if covered else None)
    if row["housing_cost"]:
        step("housing_cost", "rent", {"rent": kr(row["housing_cost"])})
    step("disposable_income", ("sub", ("add", "paid", "net"), "charge", "transport", "rent"),
         {"paid": kr(row["allowances_paid"], "allowances_paid"), "net": kr(row["net_wage"], "net_wage"),
          "charge": kr(row["accommodation_charge"], "accommodation_charge"),
          "transport": kr(row["transport"], "transport"), "rent": kr(row["housing_cost"], "housing_cost")})
    step("gain_vs_no_work", ("sub", "disposable", "reference"),
         {"disposable": kr(row["disposable_income"]), "reference": kr(reference, "no_work")},
         "compared_with_self_catering" if row.get("reference_moved") else "")
    return steps


def _withheld_law(name: str, why: Withheld) -> str:
    """The citation key of a withheld allowance: own housing has its own provision."""
    return "withheld.own_housing" if why == Withheld.OWN_HOUSING else name
