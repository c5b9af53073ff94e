"""Result → sentences in the reader's language: the household in one line, the assumptions with their
effect, the warnings with their source (the break-even and reason sentences: ui/sentences.py).

Pure functions of the core's Result and a Translator (no Streamlit), shared by the page and the PDF.
Every word comes from the catalogues (`simulator/i18n/<lang>/results.po`); this module only picks the keys and
fills in the numbers.
"""
from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from simulator.i18n import Translator
from simulator.lookalike import RENAMED_PATTERN, looks_like_amount
from simulator.models import NO_WORK, Scenario
from simulator.periods import whole_kroner
from ui.reform_text import reform_description

_WESTERN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


class AssumptionLine(str):
    """One assumption a result rests on, and what the option's bottom line becomes the other way.

    It is the sentence itself ("title: text effect"), so it can be printed as it is, and keeps its parts
    for a layout of its own (the PDF sets the title in bold and the effect on a line of its own)."""

    code: str
    number: int
    title: str
    text: str
    effect: str | None   # "If no rent is imposed: +1,936 kr per month compared with no work"; None if not computed

    def __new__(cls, code: str, number: int, title: str, text: str, effect: str | None) -> AssumptionLine:
        line = super().__new__(cls, f"{title}: {text}" + (f" {effect}" if effect else ""))
        line.code, line.number, line.title, line.text, line.effect = code, number, title, text, effect
        return line


class WarningLine(str):
    """An eligibility warning in the reader's language followed by its source (a legal citation, not
    translated); it is that sentence, and keeps its parts."""

    code: str
    message: str
    source: str
    url: str

    def __new__(cls, code: str, message: str, source: str, url: str, text: str) -> WarningLine:
        line = super().__new__(cls, text)
        line.code, line.message, line.source, line.url = code, message, source, url
        return line

    @property
    def text(self) -> str:
        return str(self)


def option_label(name: str, t: Translator) -> str:
    """The option's name as shown: the core's reference option is translated, the counsellor's names are not.

    A look-alike of "No work" renamed by the core says so in the reader's language; a name that looks like
    an amount ("Full-time: 9,850 kr · +7,286 kr") is shown in quotation marks, as a name, never as a figure.
    """
    if name == NO_WORK:
        return t("result.no_work")
    renamed = RENAMED_PATTERN.fullmatch(name)
    if renamed:
        return t("disguise.renamed", n=renamed[1], no_work=t("result.no_work"))
    return t("disguise.quoted", name=name) if looks_like_amount(name) else name


def date_text(day: dt.date | str, t: Translator) -> str:
    """'1 November 2014' (en), '1. november 2014' (da), '۱ نوامبر ۲۰۱۴' (fa): the digits of the language's
    numbers (i18n.Translator.number)."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return t.digits(format_date(day, "long", locale=t.locale).translate(_WESTERN_DIGITS))


def hours_text(hours: float, t: Translator) -> str:
    """Hours a week: whole hours without decimals, otherwise one decimal."""
    return t.number(hours, 0 if abs(hours - round(hours)) < 1e-9 else 1)


def household_line(scenario: Scenario, t: Translator) -> str:
    """'one adult, no children, Centre, self-catering (…), phase 2; rules of 1 November 2014'."""
    hh = scenario.household
    if len(hh.adults) == 1:
        adults = t("household.adult_single")
    else:
        adults = t("household.adults_couple") if hh.couple else t("household.adults_two")
    if hh.children == 0:
        children = t("household.children_none")
    elif hh.children == 1:
        children = t("household.children_one")
    else:
        children = t("household.children_n", n=t.number(hh.children))
    line = t("household.one_line", adults=adults, children=children, housing=t(f"housing.{hh.housing}"),
             phase=t.number(hh.phase), date=date_text(scenario.date, t))
    changes = departures(scenario, t)
    if changes:
        line += "; " + "; ".join(changes)
    return line[:1].upper() + line[1:]


def departures(scenario: Scenario, t: Translator) -> list[str]:
    """Every input beyond the defaults that moves the bottom line, in words: a centre contract not kept, a
    procedure other than the normal one, the household's own housing cost, a rent mode other than the
    income test, a proposal. The headline and both sides of the take-home PDF name them."""
    hh = scenario.household
    out = []
    for n, adult in enumerate(hh.adults, start=1):
        if not adult.contract_kept:
            out.append(t("disguise.contract_not_kept_single") if len(hh.adults) == 1
                       else t("disguise.contract_not_kept", n=t.number(n)))
    if hh.procedure != "normal":
        out.append(t("disguise.procedure", procedure=t(f"procedure.{hh.procedure}")))
    if hh.housing_cost_per_month is not None:
        out.append(t("disguise.housing_cost", amount=t.kr(hh.housing_cost_per_month)))
    charge = scenario.accommodation_charge
    if charge.mode == "none":
        out.append(t("disguise.charge_none"))
    elif charge.mode == "fixed":
        out.append(t("disguise.charge_fixed", amount=t.kr(charge.amount_per_month)))
    if scenario.reform:
        out.append(t("disguise.reform", changes=reform_description(scenario.reform, t)))
    return out



def option_wage(scenario: Scenario, name: str) -> float | None:
    """The highest hourly wage of an option's paid work (None without paid work)."""
    for option in scenario.compared_options():
        if option.name == name:
            wages = [w.hourly_wage for w in option.work if w.paid]
            return max(wages) if wages else None
    return None


def unrealistic_effects(option, effects, t: Translator, period: str = "month", adults=()) -> list[str]:
    """Beside paid work that no usual wage makes pay, even at full time (`adults`: the option's
    `AdultBreakEven`s): each assumption that, read the other way, changes what it gains against no work,
    with that gain ("If no rent is imposed: +1,936 kr per month …")."""
    if option.name == NO_WORK or not any(not b.pays_in_range for b in adults):
        return []
    return [line.effect for line, e in zip(assumption_lines(effects, option.name, t, current_gain=option.gain,
                                                             period=period), effects, strict=True)
            if line.effect and e.gain and option.name in e.gain
            and whole_kroner(e.gain[option.name]) != whole_kroner(option.gain)]


def assumption_lines(effects, option_name: str, t: Translator, *, current_gain: float | None = None,
                     period: str = "month") -> list[AssumptionLine]:
    """Each assumption with what `option_name` gains against no work if it went the other way.

    `current_gain` (the option's gain under the assumption) lets an alternative that changes nothing say so.
    """
    lines = []
    for e in effects:
        effect = None
        if e.gain is not None and option_name in e.gain:
            alternative = t(f"assumption.{e.code}.alternative")
            gain = e.gain[option_name]
            # the same number shown: the alternative changes nothing a reader can see
            if current_gain is not None and whole_kroner(gain) == whole_kroner(current_gain):
                effect = t("assumption.effect_none", alternative=alternative)
            else:
                effect = t("assumption.effect_gain", alternative=alternative, gain=t.signed_kr(gain),
                           period=t(f"period.{period}"))
        lines.append(AssumptionLine(e.code, e.number, t(f"assumption.{e.code}.title"),
                                    t(f"assumption.{e.code}.text"), effect))
    return lines


def warning_lines(option, t: Translator) -> list[WarningLine]:
    """The option's eligibility warnings, translated, each with its legal source."""
    out = []
    for w in option.warnings:
        message = t(f"warning.{w.code}")
        out.append(WarningLine(w.code, message, w.source, w.url,
                               f"{message} {t('warning.source', source=w.source)}"))
    return out
