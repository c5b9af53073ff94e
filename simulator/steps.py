"""The steps of the budget, each declared once (RULES.md section 8): its formula over named numbers, the
parameters it rests on, its law, and — where the rules give it variants — the condition that chooses each
variant and the note it carries.

The engine (engine.py) evaluates these formulas, on arrays or on one household's floats, and returns which
variant each step took; the trace (explain.py) renders the variant taken, with the engine's numbers filled in.
So a formula cannot differ from its value, and a note is shown where the variant the engine chose carries it.

Formulas are written in formula.py's language. A name is one of:
- the household (`HOUSEHOLD`); one work item (`work.kind`, `work.hours` per week, `work.wage` per hour,
  `work.transport` per month), read by the item lines only;
- the period: `days`, `weeks`, and `per_month` (what a monthly amount becomes in the period);
- a parameter by its public path (`allowance.basic.single`); a switch or choice as a condition
  (`offset.deduct_transport`, `praktik.transport_covered`, `tax.base.after_am`, `offset.income_base.gross`);
- `zero` (0 kr), or a line of this table.
Lines are listed in the trace's order; the engine computes them in the order their formulas need.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .codes import ChargeRule, Housing, Procedure, Withheld, WorkKind
from .formula import Formula

HOUSEHOLD = ("adults", "couple", "children", "phase", "procedure", "housing", "contracts_kept", "stated_rent",
             "charge_mode", "stated_charge")   # stated_rent, stated_charge: kr/month (rent NaN when none)
WORK = ("work.kind", "work.hours", "work.wage", "work.transport")
PERIOD = ("days", "weeks", "per_month")


@dataclass(frozen=True)
class Note:
    """A note of the trace (`trace.note.<key>`): shown where `when` holds (always, without one), its
    placeholders filled from lines (`values`: placeholder → line)."""

    key: str
    when: Formula | None = None
    values: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    """One variant of a step: taken where `when` holds and no earlier variant's does (the last: otherwise).
    `paths`: the parameters the trace lists (a path, or an inline line that resolves to one); `law`: the
    citation key when not the step's; `shown_as`: the trace shows the amount under this term ('' for none),
    not how it is computed (an amount the household states; a 0 that needs no arithmetic to read)."""

    formula: Formula
    when: Formula | None = None
    notes: tuple[Note, ...] = ()
    paths: tuple[str, ...] = ()
    law: str | None = None
    shown_as: str | None = None


@dataclass(frozen=True)
class Line:
    """A named number of the budget: one formula, or variants (`cases`). A `step` is a line of the trace; an
    `inline` line is written out where a step reads it; a line `per_item` is computed for each work item."""

    name: str
    cases: tuple[Case, ...]
    step: bool = False
    inline: bool = False
    per_item: bool = False
    paths: tuple[str, ...] = ()
    law: str | None = None
    notes: tuple[Note, ...] = ()
    shown_when: Formula | None = None   # a step shown only where this holds


def line(name: str, formula: Formula | None = None, *cases: Case, **kw) -> Line:
    """A line of one formula, or of the variants `cases`."""
    return Line(name, cases or (Case(formula),), **kw)


def withheld(why: Withheld, when: str, formula: Formula = "zero") -> Case:
    """An allowance withheld (UDL § 42 b): nothing (`zero`, or a formula whose counts are 0 there, shown as
    its amount), with the note of why; own housing cites its own provision (§ 42 b stk. 15)."""
    return Case(formula, when, notes=(Note(f"withheld.{why.name.lower()}"),),
                law="withheld.own_housing" if why == Withheld.OWN_HOUSING else None,
                shown_as=None if formula == "zero" else "")


_CHILD = ("mul", ("add", ("mul", "children_full", "child_rate"),
                 ("mul", "children_reduced", "allowance.child.reduced")), "days")
_CHILDREN_LEFT = Note("children_beyond_cap", ("gt", "children_left", 0), {"count": "children_left"})
_COUNTABLE = ("max", "zero", ("sub", "income_base", "deducted"))
_EXEMPT_PART = ("mul", "offset.disregard_per_month", "per_month")
_TRANSPORT = ("sum", "item_transport")

LINES: tuple[Line, ...] = (
    # Wages (RULES.md sections 4 and 7), for each work item, then for the family
    line("unpaid", ("eq", "work.kind", WorkKind.UNPAID_PRAKTIK), per_item=True),
    line("paid", ("not", "unpaid"), per_item=True),
    line("covered", ("and", "unpaid", "praktik.transport_covered"), per_item=True),
    line("item_gross", ("where", "unpaid", "zero", ("mul", "work.wage", "work.hours", "weeks")), per_item=True),
    line("item_transport", ("where", "covered", "zero", ("mul", "work.transport", "per_month")), per_item=True),
    line("item_hours", ("mul", "work.hours", "weeks"), per_item=True),
    line("gross_wage", ("sum", "item_gross"), step=True, notes=(Note("no_paid_work", ("not", ("any", "paid"))),)),
    line("labour_market_contribution", ("mul", "tax.am_rate", "gross_wage"), step=True, paths=("tax.am_rate",)),
    line("income_tax", None,
         Case(("mul", "tax.income_tax_rate", ("sub", "gross_wage", "labour_market_contribution")),
              "tax.base.after_am"),
         Case(("mul", "tax.income_tax_rate", "gross_wage")),
         step=True, paths=("tax.income_tax_rate", "tax.base")),
    line("net_wage", ("sub", "gross_wage", "labour_market_contribution", "income_tax"), step=True),
    line("hours", ("sum", "item_hours")),

    # The household (RULES.md sections 2 and 6)
    line("canteen", ("eq", "housing", Housing.CENTRE_CANTEEN)),
    line("private", ("eq", "housing", Housing.PRIVATE_ACCOMMODATION)),
    line("own", ("eq", "housing", Housing.OWN_HOUSING)),
    line("urgent", ("eq", "procedure", Procedure.MANIFESTLY_UNFOUNDED_URGENT)),
    line("urgent_canteen", ("and", "urgent", "canteen")),
    line("no_cash", ("or", "own", "urgent_canteen")),
    line("phase1", ("eq", "phase", 1)),
    line("in_couple", ("gt", "couple", 0)),
    line("persons", ("add", "adults", "children")),

    # Allowances (UDL § 42 b, RULES.md section 2): the rate chosen, or why the allowance is withheld
    line("basic_rate", ("where", "in_couple", "allowance.basic.couple", "allowance.basic.single"), inline=True),
    line("basic_allowance", None,
         withheld(Withheld.OWN_HOUSING, "own"), withheld(Withheld.URGENT_CANTEEN, "urgent_canteen"),
         withheld(Withheld.CANTEEN, "canteen"),
         Case(("mul", "adults", "basic_rate", "days"), paths=("basic_rate",)), step=True),
    line("supplement_rate", ("where", "phase1", "allowance.supplement.phase1", "allowance.supplement.registered"),
         inline=True),
    line("supplementary_allowance", None,
         withheld(Withheld.OWN_HOUSING, "own"), withheld(Withheld.URGENT_CANTEEN, "urgent_canteen"),
         withheld(Withheld.URGENT, "urgent"),
         Case(("mul", "contracts_kept", "supplement_rate", "days"), paths=("supplement_rate",)), step=True),
    # ÅGH at a place without a canteen: the § 42 b stk. 12, 3. pkt. amount in every phase (at a canteen
    # centre there is no cash at all); at a canteen centre no reduced rate.
    line("child_rate", ("where", "urgent", "allowance.child.agh",
                        ("where", "phase1",
                         ("where", "canteen", "allowance.child.phase1_canteen", "allowance.child.phase1_self_catering"),
                         ("where", "canteen", "allowance.child.canteen", "allowance.child.self_catering"))),
         inline=True),
    line("children_full", ("where", "no_cash", "zero", ("min", "children", "allowance.child.max_full"))),
    line("no_reduced_rate", ("or", "canteen", "no_cash")),
    line("children_reduced", ("where", "no_reduced_rate", "zero",
                              ("min", ("max", ("sub", "children", "allowance.child.max_full"), "zero"),
                               "allowance.child.max_reduced"))),
    line("children_left", ("sub", "children", "children_full", "children_reduced")),
    # Withheld, or without children, no child is counted (children_full, children_reduced): the amount is
    # the formula's, 0, shown as it is; without a reduced-rate child, the formula without its term.
    line("child_supplement", None,
         withheld(Withheld.OWN_HOUSING, "own", _CHILD), withheld(Withheld.URGENT_CANTEEN, "urgent_canteen", _CHILD),
         Case(_CHILD, ("eq", "children", 0), (Note("no_children"),), shown_as=""),
         Case(_CHILD, ("gt", "children_reduced", 0), (_CHILDREN_LEFT,),
              ("child_rate", "allowance.child.max_full", "allowance.child.reduced", "allowance.child.max_reduced")),
         Case(("mul", ("mul", "children_full", "child_rate"), "days"), None, (_CHILDREN_LEFT,),
              ("child_rate", "allowance.child.max_full")),
         step=True),
    line("allowances_before_offset", ("add", "basic_allowance", "supplementary_allowance", "child_supplement"),
         step=True, law="basic_allowance"),

    # The offset (UDL § 42 b stk. 14, RULES.md section 3): the income base less what a reform deducts first
    line("income_base", None, Case("gross_wage", "offset.income_base.gross"), Case("net_wage"), inline=True),
    line("deducted", None,   # a reform's transport deduction, up to its cap, and its disregard
         Case(("add", ("min", "transport", ("mul", "offset.transport_deduction_cap_per_month", "per_month")),
               _EXEMPT_PART), "offset.deduct_transport"),
         Case(_EXEMPT_PART)),
    line("countable_income", None,
         Case(_COUNTABLE, "offset.deduct_transport"),
         Case(_COUNTABLE, notes=(Note("transport_not_deducted", ("gt", "transport", 0)),)),
         step=True, paths=("offset.income_base", "offset.deduct_transport",
                           "offset.transport_deduction_cap_per_month", "offset.disregard_per_month")),
    line("offset", ("min", "allowances_before_offset", ("mul", "offset.rate", "countable_income")), step=True,
         paths=("offset.rate",)),
    line("allowances_paid", ("sub", "allowances_before_offset", "offset"), step=True, law="offset"),

    # The accommodation charge (RULES.md section 5, assumption 3): the rule, the cap, where it starts
    line("charge_rule", ("where", "own", ChargeRule.OWN_HOUSING, "charge_mode")),   # ChargeMode's codes are its own
    line("rent_stated", ("not", ("isnan", "stated_rent"))),
    line("cap_tariff", ("where", "canteen", "charge.daily_canteen", "charge.daily_self_catering"), inline=True),
    line("charge_cap", None,
         Case(("mul", "stated_rent", "per_month"), "rent_stated", shown_as="cap.stated_rent"),
         Case("zero", "private", shown_as="cap.private_no_rent"),
         Case(("mul", "cap_tariff", "persons", "days"), paths=("cap_tariff",)), inline=True),
    line("allowances_used_up_at", ("div", "allowances_before_offset", "offset.rate"), inline=True),
    line("charge_exempt", ("mul", "charge.exempt_per_month", "per_month")),
    line("charge_from", None,
         Case(("add", "allowances_used_up_at", "charge_exempt"), ("gt", "charge_exempt", 0)),
         Case("allowances_used_up_at"), inline=True),
    line("fixed_charge", ("mul", "stated_charge", "per_month")),
    line("works", ("gt", "gross_wage", 0)),
    line("accommodation_charge", None,
         Case("zero", ("eq", "charge_rule", ChargeRule.OWN_HOUSING), (Note("charge.own_housing"),)),
         Case("zero", ("eq", "charge_rule", ChargeRule.NONE), (Note("charge.none"),)),
         Case(("where", "works", "fixed_charge", "zero"), ("eq", "charge_rule", ChargeRule.FIXED),
              (Note("charge.fixed"),), shown_as="decision_letter"),
         Case(("min", "charge_cap", ("max", "zero", ("sub", "countable_income", "charge_from"))), None,
              (Note("charge.not_reached", ("not", ("gt", "countable_income", "charge_from"))),),
              ("charge.exempt_per_month",)),
         step=True),

    # What the household pays itself, and what it has left (RULES.md sections 6 and 8)
    line("transport", None,
         Case(_TRANSPORT, ("any", "covered"), (Note("praktik_transport_covered"),), ("praktik.transport_covered",),
              law="praktik", shown_as="transport"),
         Case(_TRANSPORT, shown_as="transport"),
         step=True, shown_when=("or", ("gt", "transport", 0), "has_work")),
    line("own_rent", ("and", "own", "rent_stated")),
    line("housing_cost", None, Case(("where", "own_rent", ("mul", "stated_rent", "per_month"), "zero"),
                                    shown_as="housing_cost"),
         step=True, shown_when=("gt", "housing_cost", 0)),
    line("disposable_income", ("sub", ("add", "allowances_paid", "net_wage"), "accommodation_charge", "transport",
                               "housing_cost"), step=True),
)

# The gain is measured by simulate() against the no-work budget (`no_work`; `reference_moved` where that is
# measured in another housing, engine.reference_households): a step of the trace, not of the engine.
GAIN = line("gain_vs_no_work", ("sub", "disposable_income", "no_work"), step=True,
            notes=(Note("compared_with_self_catering", "reference_moved"),))

BY_NAME: dict[str, Line] = {x.name: x for x in LINES + (GAIN,)}
TRACE: tuple[Line, ...] = tuple(x for x in LINES + (GAIN,) if x.step)

# How the trace shows a number a formula reads: its unit (trace_text.number_text) and the term that names it
# (`trace.term.<term>`; none where the number speaks for itself).
SHOWN: dict[str, tuple[str, str]] = {
    "zero": ("kr", ""), "days": ("days", ""), "weeks": ("weeks", ""),
    "work.wage": ("kr_hour", ""), "work.hours": ("hours", ""),
    "tax.am_rate": ("share", ""), "tax.income_tax_rate": ("share", ""), "offset.rate": ("factor", "offset_rate"),
    **{f"allowance.{p}": ("kr_day", "") for p in (
        "basic.single", "basic.couple", "supplement.registered", "supplement.phase1", "child.self_catering",
        "child.canteen", "child.phase1_self_catering", "child.phase1_canteen", "child.agh", "child.reduced")},
    "charge.daily_canteen": ("kr_day", ""), "charge.daily_self_catering": ("kr_day", ""),
    **{name: ("count", name) for name in ("adults", "contracts_kept", "children_full", "children_reduced",
                                          "persons")},
    **{name: ("kr", name) for name in ("gross_wage", "labour_market_contribution", "income_tax", "net_wage",
                                       "deducted", "countable_income", "allowances_paid", "accommodation_charge",
                                       "transport", "housing_cost", "charge_exempt")},
    **{name: ("kr", "") for name in ("basic_allowance", "supplementary_allowance", "child_supplement", "offset",
                                     "disposable_income")},
    "allowances_before_offset": ("kr", "allowances"), "no_work": ("kr", "no_work"),
}
