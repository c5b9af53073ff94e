"""A proposal's rule changes in plain words in the reader's language, for a resident who never sees a
parameter path ("Transport to work is deducted from the wage before the offset", not
"offset.deduct_transport = true").

Each public parameter a reform may change has a sentence in simulator/i18n/<lang>/pdf.po; a switch or a choice
has one sentence per value. A parameter without a sentence of its own (an allowance rate) is named by its
Danish legal term from simulator/parameters/*.yaml with its new value.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simulator.i18n import Translator, catalogue
from simulator.rules import parameters

# Parameter → the message key of its sentence: '{key}.on/.off' for a switch, '{key}.{choice}' for a
# choice, else '{key}' with {amount} (kroner) or {percent} (a share) filled in.
CHANGE_KEYS = {
    "offset.deduct_transport": "pdf.change.deduct_transport",
    "offset.transport_deduction_cap_per_month": "pdf.change.transport_cap",
    "offset.disregard_per_month": "pdf.change.disregard",
    "offset.rate": "pdf.change.offset_rate",
    "offset.income_base": "pdf.change.income_base",
    "charge.exempt_per_month": "pdf.change.charge_exempt",
    "charge.daily_canteen": "pdf.change.charge_cap",
    "charge.daily_self_catering": "pdf.change.charge_cap",
    "tax.am_rate": "pdf.change.am_rate",
    "tax.income_tax_rate": "pdf.change.income_tax_rate",
    "tax.base": "pdf.change.tax_base",
    "praktik.transport_covered": "pdf.change.praktik_transport",
}
_PER = {"day": "pdf.change.per_day", "week": "pdf.change.per_week", "month": "pdf.change.per_month"}


def _amount(value: Any, unit: str, period: str, t: Translator) -> str:
    """A parameter's value as a reader says it: '1,000 kr a month', '50 %', '3 children', 'yes'."""
    if unit == "share":
        return t.percent(float(value))
    if unit == "kr":
        amount = t.kr(float(value), 0 if float(value).is_integer() else 2)
        return t(_PER[period], amount=amount) if period in _PER else amount
    if isinstance(value, bool):
        return t("pdf.change.yes" if value else "pdf.change.no")
    if isinstance(value, int | float):
        return t.number(float(value), 0 if float(value).is_integer() else 2)
    return str(value)


def change_sentence(path: str, value: Any, t: Translator) -> str:
    """One rule change in plain words."""
    known = catalogue("en")
    param = parameters().get(path)
    key = CHANGE_KEYS.get(path)
    if key and param is not None:
        if param.unit == "switch" and f"{key}.{'on' if value else 'off'}" in known:
            return t(f"{key}.{'on' if value else 'off'}")
        if param.unit == "choice" and f"{key}.{value}" in known:
            return t(f"{key}.{value}")
        if key in known:
            amount = _amount(value, param.unit, param.period, t)
            return t(key, amount=amount, percent=amount, danish=param.danish)
    if param is not None and param.danish:
        return t("pdf.change.other", danish=param.danish, value=_amount(value, param.unit, param.period, t))
    return t("pdf.change.unnamed")


def reform_description(changes: Mapping[str, Any], t: Translator) -> str:
    """All of a reform's changes in plain words, as one sentence per change."""
    sentences = [change_sentence(path, value, t) for path, value in changes.items()]
    return t("pdf.change.join").join(sentences) if sentences else t("pdf.change.unnamed")
