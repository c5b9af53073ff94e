"""Result → sentences in the reader's language: the household in one line, the break-even sentence, the
assumptions with their effect, the warnings with their source.

Pure functions of the core's Result and a Translator (no Streamlit), shared by the page and the PDF.
Every word comes from the catalogues (`simulator/i18n/<lang>/results.po`); this module only picks the keys and
fills in the numbers.
"""
from __future__ import annotations

import datetime as dt
import math

from babel.dates import format_date

from simulator.i18n import Translator
from simulator.models import NO_WORK, Scenario

_WESTERN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# A threshold below this is "from the first krone": the core reports 0 when the gain is positive at once.
_FIRST_KRONE = 0.5
# Alternatives closer than half a krone to the result change nothing a reader can see.
_NO_CHANGE = 0.5
# Above this hourly wage a break-even is no use to a resident: no job on offer pays it. About three times the
# kitchen and cleaning wages of the collective agreements (about 150 kr an hour before tax, the page's
# default, ui/default_scenario.yaml), and far above what asylum seekers are offered (RULES.md section 11).
REALISTIC_HOURLY_WAGE = 450.0


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
    """The option's name as shown: the core's reference option is translated, the counsellor's names are not."""
    return t("result.no_work") if name == NO_WORK else name


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
    return line[:1].upper() + line[1:]


def why_key(option) -> str:
    """Why an option never pays: the commuter card on top of a full offset, the offset and rent, or both."""
    lines = option.lines
    if lines["offset"] > 0 and lines["transport"] > 0:
        return "why.offset_transport"
    if lines["offset"] > 0 or lines["accommodation_charge"] > 0:
        return "why.offset"
    return "why.generic"


def option_wage(scenario: Scenario, name: str) -> float | None:
    """The hourly wage an option's break-even-by-hours sentence quotes: the highest wage of its paid work."""
    for option in scenario.compared_options():
        if option.name == name:
            wages = [w.hourly_wage for w in option.work if w.paid]
            return max(wages) if wages else None
    return None


def break_even_sentence(option, t: Translator, wage: float | None = None) -> str:
    """From which hourly wage (at the option's hours) or how many hours (at its wage) the option beats no
    work, or why it never does. Thresholds are rounded up: at the printed value the option does pay.
    `wage` is the option's hourly wage (`option_wage`), needed only when the sentence is about hours.
    The reference option ('No work') gets no sentence."""
    if option.name == NO_WORK:
        return ""
    be = option.break_even
    if be.reason_wage == "no_pay":
        return t("breakeven.no_pay")
    why = t(why_key(option))
    if be.hourly_wage is not None:
        if be.hourly_wage < _FIRST_KRONE:
            return t("breakeven.already")
        if be.hourly_wage > REALISTIC_HOURLY_WAGE:
            return t("breakeven.unrealistic", wage=t.kr(math.ceil(be.hourly_wage - 1e-6)),
                     hours=hours_text(option.hours_per_week, t), bound=t.kr(REALISTIC_HOURLY_WAGE), why=why)
        return t("breakeven.wage", wage=t.kr(math.ceil(be.hourly_wage - 1e-6)),
                 hours=hours_text(option.hours_per_week, t))
    if be.hours_per_week is not None and wage is not None:
        if be.hours_per_week < 0.05:
            return t("breakeven.already")
        return t("breakeven.hours", wage=t.kr(wage), hours=t.number(math.ceil(be.hours_per_week - 1e-6)))
    if be.reason_wage == "never" or wage is None:
        return t("breakeven.never_wage", hours=hours_text(option.hours_per_week, t), why=why)
    return t("breakeven.never_hours", wage=t.kr(wage), why=why)


def pays_unrealistically(option) -> bool:
    """Whether no realistic wage makes the option beat no work (its break-even wage is above the bound, or
    there is none)."""
    be = option.break_even
    if option.name == NO_WORK or be.reason_wage == "no_pay":
        return False
    if be.hourly_wage is not None:
        return be.hourly_wage > REALISTIC_HOURLY_WAGE
    return be.hours_per_week is None


def unrealistic_effects(option, effects, t: Translator, period: str = "month") -> list[str]:
    """Beside a job that no realistic wage makes pay: each assumption that, read the other way, changes what
    it gains against no work, with that gain ("If no rent is imposed: +1,936 kr per month …")."""
    if not pays_unrealistically(option):
        return []
    return [line.effect for line, e in zip(assumption_lines(effects, option.name, t, current_gain=option.gain,
                                                             period=period), effects, strict=True)
            if line.effect and e.gain and option.name in e.gain
            and abs(e.gain[option.name] - option.gain) >= _NO_CHANGE]


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
            if current_gain is not None and abs(gain - current_gain) < _NO_CHANGE:
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
