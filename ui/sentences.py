"""Sentences that are true for every case: per adult, from which wage each adult's paid work pays, in the
usual range of wages and up to full time, or plainly that nothing in that range does; where the wage goes,
every deduction named, largest first; unpaid praktik and own housing said as what they are.

Pure: a scenario, its Result and a Translator in, text out (shared by the cards, the details and the PDF).
Every word comes from the catalogues (`simulator/i18n/<lang>/sentences.po`); the numbers from the core
(`simulator.adult_breakeven`, the budget lines) and the parameters (`work.usual_hourly_wage`,
`work.full_time_hours`, `praktik.transport_covered`).
"""
from __future__ import annotations

import json
import math
from functools import lru_cache

from simulator.adult_breakeven import AdultBreakEven, adult_break_evens
from simulator.i18n import Translator
from simulator.models import NO_WORK, Scenario
from simulator.periods import whole_kroner
from simulator.result import OptionResult, Result
from simulator.rules import rules_at

# A break-even below this is "from the first krone": the core gives 0 when the gain is positive at once.
_FIRST_KRONE = 0.5
# Where the wage goes (RULES.md section 8): gross − these = the gain against no work. The allowances lost
# are the no-work reference's allowances minus the option's (the offset at a centre; all of them in own
# housing, which gets none). Each with its message key.
_DEDUCTIONS = ("income_tax", "labour_market_contribution", "allowances_lost", "accommodation_charge",
               "transport", "housing_cost")


def rules_of(result: Result):
    """The rules a result was computed under (its date and reform)."""
    return rules_at(result.rules_date, result.reform)


def transport_covered(result: Result) -> bool:
    """Whether the centre pays the transport to an unpaid praktik under the result's rules."""
    return bool(rules_of(result)["praktik.transport_covered"])


def adults_of(scenario: Scenario, result: Result) -> list[list[AdultBreakEven]]:
    """Per option of `result` (as `scenario.compared_options()`), each adult's paid work and its break-even
    (kept for the page's next rerun: the cards and the details ask for the same)."""
    reform = json.dumps(result.reform, sort_keys=True, default=str)
    return _adults(scenario.model_dump_json(), result.rules_date, reform, result.period,
                   result.options[0].disposable_income)


@lru_cache(maxsize=64)
def _adults(scenario_json: str, date: str, reform: str, period: str, reference: float) -> list:
    scenario = Scenario.model_validate_json(scenario_json)
    return adult_break_evens(scenario, rules_at(date, json.loads(reform)), period, reference)


def _wage(t: Translator, x: float) -> str:
    """A break-even wage, rounded up: at the printed wage the work does pay."""
    return t.kr(math.ceil(x - 1e-6))


def _hours(t: Translator, hours: float) -> str:
    return t.number(hours, 0 if abs(hours - round(hours)) < 1e-9 else 1)


def adult_job(b: AdultBreakEven, t: Translator) -> str:
    """'Adult 1's job (37 hours a week at 135 kr an hour)': an adult's paid work, named."""
    kind = b.kinds[0] if len(set(b.kinds)) == 1 else "job"
    return t(f"sentences.adult_{kind}", n=t.number(b.adult + 1), hours=_hours(t, b.hours), wage=_offered(t, b))


def _offered(t: Translator, b: AdultBreakEven) -> str:
    """The wage offered, in whole kroner when it is whole, else to the øre."""
    return t.kr(b.wage, 0 if abs(b.wage - round(b.wage)) < 0.005 else 2)


def adult_sentence(b: AdultBreakEven, t: Translator, alone_text: bool) -> str:
    """From which wage an adult's paid work pays, at its hours or at full time, or that no usual wage does.
    `alone_text`: the one-earner wording ('This job pays more than no work …')."""
    who = t("sentences.this_job") if alone_text else adult_job(b, t)
    bounds = {"low": t.kr(b.usual_low), "high": t.kr(b.top)}
    if b.at_hours is not None and b.at_hours < _FIRST_KRONE:
        return t("sentences.first_krone", job=who)
    if b.pays_at_hours:
        key = "sentences.from_wage" if b.alone else "sentences.from_wage_with_other"
        return t(key, job=who, wage=_wage(t, b.at_hours), hours=_hours(t, b.hours))
    if b.pays_in_range:
        return t("sentences.full_time_only", job=who, hours=_hours(t, b.hours), full=_hours(t, b.full_time_hours),
                 wage=_wage(t, b.at_full_time), **bounds)
    return t("sentences.never_in_range", job=who, full=_hours(t, b.full_time_hours), **bounds)


def work_sentences(option: OptionResult, adults: list[AdultBreakEven], t: Translator, covered: bool,
                   period_label: str) -> list[str]:
    """What the details (and the PDF) say of an option's work: per adult from which wage it pays, or the
    unpaid praktik sentence. 'No work' gets none."""
    if option.name == NO_WORK:
        return []
    if not adults:
        return [praktik_sentence(option, t, covered, period_label)]
    one = len(adults) == 1
    return [adult_sentence(b, t, alone_text=one) for b in adults]


def pays_in_no_usual_case(adults: list[AdultBreakEven]) -> bool:
    """Whether some adult's paid work pays at no wage of the usual range, even at full time."""
    return any(not b.pays_in_range for b in adults)


def praktik_sentence(option: OptionResult, t: Translator, covered: bool, period_label: str) -> str:
    """Unpaid praktik: it pays nothing; what it costs (nothing when the centre pays the transport)."""
    cost = option.lines["transport"]
    if whole_kroner(cost) > 0:
        return t("sentences.praktik_transport", amount=t.kr(cost), period=period_label)
    return t("sentences.praktik_covered" if covered else "sentences.praktik_free")


def deductions(option: OptionResult, reference: OptionResult) -> list[tuple[str, float]]:
    """Every deduction that takes the wage, largest first: (key, kroner), those shown as 0 kr left out.
    Their sum is the gross wage minus the gain against no work."""
    lines = option.lines
    amounts = {k: lines[k] for k in _DEDUCTIONS if k != "allowances_lost"}
    amounts["allowances_lost"] = reference.lines["allowances_paid"] - lines["allowances_paid"]
    return sorted(((k, v) for k, v in amounts.items() if whole_kroner(v) > 0), key=lambda kv: (-kv[1], kv[0]))


def reason_sentence(option: OptionResult, reference: OptionResult, t: Translator, period_label: str,
                    own_housing: bool = False) -> str:
    """Where the wage goes: 'Of the wage of 17,543 kr per month, the offset against the allowances takes
    …, the rent …, tax …; you are 1,800 kr worse off than with no work.' Empty without a wage."""
    gross = option.lines["gross_wage"]
    if option.name == NO_WORK or whole_kroner(gross) <= 0:
        return ""
    items = []
    for key, amount in deductions(option, reference):
        if key == "allowances_lost" and own_housing:
            key = "allowances_lost_own_housing"
        items.append(t(f"sentences.deduction.{key}", amount=t.kr(amount)))
    listed = t("sentences.list_sep").join(items[:-1])
    listed = t("sentences.list_last", rest=listed, last=items[-1]) if len(items) > 1 else "".join(items)
    gain = option.gain
    if whole_kroner(gain) > 0:   # a gain shown as 0 kr is none
        end = t("sentences.reason_more", amount=t.kr(gain))
    elif whole_kroner(gain) < 0:
        end = t("sentences.reason_less", amount=t.kr(-gain))
    else:
        end = t("sentences.reason_same")
    return t("sentences.reason", gross=t.kr(gross), period=period_label, items=listed, end=end)


def card_lines(option: OptionResult, adults: list[AdultBreakEven], t: Translator) -> list[str]:
    """On a card of an option where both adults have paid work: one short line per adult naming the job and
    from which wage it adds to what the family has (the other adult's job as it is), or that no usual wage
    makes it pay (no break-even above the usual range is quoted)."""
    if option.name == NO_WORK or len(adults) < 2:
        return []
    return [_card_line(b, t) for b in adults]


def short_sentences(option: OptionResult, adults: list[AdultBreakEven], t: Translator, covered: bool,
                    period_label: str) -> list[str]:
    """`work_sentences` in the cards' short form, for a narrow place (the PDF's table)."""
    if option.name == NO_WORK:
        return []
    if not adults:
        return [praktik_sentence(option, t, covered, period_label)]
    if len(adults) == 1:
        return [_card_line(adults[0], t, t("sentences.this_job"))]
    return [_card_line(b, t) for b in adults]


def _card_line(b: AdultBreakEven, t: Translator, job: str | None = None) -> str:
    """One adult's work in a line: named (or `job`, for the one earner), and from which wage it pays."""
    kind = b.kinds[0] if len(set(b.kinds)) == 1 else "job"
    job = job or t(f"sentences.card.adult_{kind}", n=t.number(b.adult + 1), hours=_hours(t, b.hours),
                   wage=_offered(t, b))
    bounds = {"low": t.kr(b.usual_low), "high": t.kr(b.top)}
    if b.at_hours is not None and b.at_hours < _FIRST_KRONE:
        return t("sentences.first_krone" if b.alone else "sentences.card.first_krone", job=job)
    if b.pays_at_hours and b.alone:
        return t("sentences.from_wage", job=job, wage=_wage(t, b.at_hours), hours=_hours(t, b.hours))
    if b.pays_at_hours:
        return t("sentences.card.from_wage", job=job, wage=_wage(t, b.at_hours))
    if b.pays_in_range:
        return t("sentences.card.full_time_only", job=job, wage=_wage(t, b.at_full_time), **bounds)
    return t("sentences.card.never", job=job, **bounds)
