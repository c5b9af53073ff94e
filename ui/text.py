"""Plain-language sentences from results, in the reader's language (pure: used by the page and the PDF)."""
from __future__ import annotations

from simulator.models import Scenario
from simulator.result import OptionResult

from .i18n import Translator


def household_line(scenario: Scenario, t: Translator) -> str:
    hh = scenario.household
    adults = t("household.adult_single") if len(hh.adults) == 1 else (
        t("household.adults_couple") if hh.couple else t("household.adults_two"))
    children = (t("household.children_none") if hh.children == 0 else
                t("household.children_one") if hh.children == 1 else t("household.children_n", n=hh.children))
    return t("household.one_line", adults=adults, children=children, housing=t(f"housing.{hh.housing}"),
             phase=hh.phase, date=scenario.date.isoformat())


def break_even_sentence(option: OptionResult, t: Translator) -> str:
    be = option.break_even
    hours = option.hours_per_week
    if be.reason_wage == "no_pay":
        return t("breakeven.no_pay")
    if option.gain > 0 and be.hourly_wage is not None and be.hourly_wage <= 0:
        return t("breakeven.already")
    if be.hourly_wage is not None:
        return t("breakeven.wage", wage=t.kr(be.hourly_wage, 2), hours=t.number(hours, 1 if hours % 1 else 0))
    why = t("why.offset_transport") if option.lines["transport"] > 0 else t("why.offset")
    return t("breakeven.never_wage", hours=t.number(hours, 1 if hours % 1 else 0), why=why)


def warning_lines(option: OptionResult, t: Translator) -> list[str]:
    return [f"{t('warning.' + w.code)} ({w.source})" for w in option.warnings]


def assumption_lines(effects, option_name: str | None, t: Translator) -> list[str]:
    """One line per assumption: what it says, and what the option's bottom line becomes without it."""
    lines = []
    for e in effects:
        line = f"**{t(f'assumption.{e.code}.title')}** — {t(f'assumption.{e.code}.text')}"
        if e.change is not None and option_name in e.change:
            alternative = t(f"assumption.{e.code}.alternative")
            change = e.change[option_name]
            line += " " + (t("assumption.effect", alternative=alternative, option=option_name,
                             change=("+" if change > 0 else "") + t.kr(change)) if abs(change) >= 0.5 else
                           t("assumption.effect_none", alternative=alternative))
        lines.append(line)
    return lines
