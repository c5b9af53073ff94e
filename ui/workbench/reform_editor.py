"""The reform editor's pure parts: every public parameter with the value in force, its source and status,
and the edited values turned into a validated reform (with one message per bad value).

The editor speaks the page's language: each public parameter has a label and a unit in the catalogue
(`param.<path>.label`, `param.<path>.unit`, simulator/i18n/<lang>/params.po), its path is shown beside the
label as a technical name (what a share link and a scenario file carry) and its legal source as the Danish
citation of its provision (`UDL § 42 b stk. 14`); English also shows the full source note of the value.

Values are shown in the language too: a switch as its yes or no, a number in the language's number style
and digits (`value_text`); what is typed back is read in either form (`0,08`, `۰٫۰۸`, `ja`, `true`); a
choice is shown and typed as its code (`net`, `gross`), which a scenario file holds as it is."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd
from babel.numbers import get_decimal_symbol

from simulator.errors import ScenarioError
from simulator.i18n import Translator, translator
from simulator.periods import decimals_needed
from simulator.rules import parameters, rules_at, validate_reform
from simulator.untrusted import one_line

COLUMNS = ("parameter", "label", "in_force", "unit", "status", "source", "new_value")
# The columns the editor's table shows, in order (the reform's value is typed in the widgets above it).
SHOWN = ("label", "parameter", "in_force", "unit", "status", "source")


def parameter_table(date: dt.date, t: Translator | None = None) -> pd.DataFrame:
    """One row per public parameter (RULES.md section 9): path, label, value in force, unit and status in the
    language of `t` (English by default), the legal source, and an empty column for the reform's value."""
    t = t or translator("en")
    rules = rules_at(date)
    rows = []
    for path, entry in rules.entries.items():
        p = entry.parameter
        if not p.public:
            continue
        rows.append({"parameter": path, "label": t(f"param.{path}.label"), "in_force": shown_value(entry.value, t),
                     "unit": t(f"param.{path}.unit"), "status": t(f"status.{entry.status}"),
                     "source": source_text(p.reference, entry.source.text, t), "new_value": ""})
    return pd.DataFrame(rows, columns=list(COLUMNS))


def source_text(reference: str, source: str, t: Translator) -> str:
    """A parameter's legal source: the Danish citation of its provision in every language; in English the
    value's own source note (partly English prose) as well."""
    return source if t.lang == "en" and source else reference


def shown_table(table: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """The editor's table as the page shows it: the columns of SHOWN under their names in the language."""
    return table[list(SHOWN)].rename(columns={c: t(f"param.column.{'path' if c == 'parameter' else c}")
                                              for c in SHOWN})


def shown_value(value: Any, t: Translator) -> str:
    """A value in force as the editor's table and placeholder show it: yes or no, a number in the language's
    number style ('0,08', '1.000.000' in Danish; '۰٫۰۸' in Farsi), a choice as its code."""
    if isinstance(value, bool):
        return t("param.yes" if value else "param.no")
    if isinstance(value, int | float):
        return t.number(value, _decimals(value))
    return str(value)


def value_text(value: Any, t: Translator | None = None) -> str:
    """A value as the editor's text field holds it and reads it back (`_parse`): in `t`'s language yes or no
    and a number without thousands separators in its decimal sign and digits ('0,08'); without `t`,
    true/false and a plain number ('0.08')."""
    if isinstance(value, bool):
        return t("param.yes" if value else "param.no") if t else ("true" if value else "false")
    if not isinstance(value, int | float):
        return str(value)
    text = (f"{value:g}" if abs(value) < 1e6 else f"{value:.0f}") if isinstance(value, float) else str(value)
    return t.digits(text.replace(".", get_decimal_symbol(t.locale))) if t else text


def _decimals(x: float) -> int:
    """The decimals a parameter's value has (at most 6): 0.08 has 2, 303.0 none."""
    return decimals_needed(float(x), 6)


# Decimal signs and digits a typed number may use, whatever the page's language: the comma and the Arabic
# decimal separator read as a point, Arabic-Indic and Persian digits as Western ones.
_TYPED = str.maketrans({",": ".", "\u066b": ".", **{c: str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")},
                        **{c: str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")}})


def _parse(text: str, t: Translator | None = None) -> Any:
    """A typed value from what was typed: true/false or the language's yes/no, a number (comma or point, any
    digits), or a word."""
    word = text.strip()
    yes, no = {"true"}, {"false"}
    if t is not None:
        yes.add(t("param.yes").casefold())
        no.add(t("param.no").casefold())
    if word.casefold() in yes | no:
        return word.casefold() in yes
    plain = word.translate(_TYPED)
    try:
        number = float(plain)
    except ValueError:
        return word
    return int(number) if number.is_integer() and "." not in plain else number


def reform_from_table(table: pd.DataFrame, date: dt.date,
                      t: Translator | None = None) -> tuple[dict[str, Any], list[str]]:
    """The reform the edited table describes, and a message for every value that could not be used, in the
    language of `t` (English by default): the parameter's label and path, and what the value must be."""
    t = t or translator("en")
    specs = {path: e.parameter.reform_spec for path, e in rules_at(date).entries.items() if e.parameter.public}
    reform: dict[str, Any] = {}
    problems: list[str] = []
    for _, row in table.iterrows():
        raw = row.get("new_value")
        if raw is None or (isinstance(raw, float) and raw != raw) or str(raw).strip() == "":
            continue
        path = str(row["parameter"])
        value = _parse(str(raw), t)
        try:
            reform.update(validate_reform({path: value}))
        except ScenarioError as exc:
            problem = _problem(specs[path], value, t) if path in specs else None
            problems.append(_message(path, problem, t) if problem else exc.message_in(t))
    try:
        rules_at(date, reform)
    except ScenarioError as exc:
        both = {"tax.income_tax_rate", "tax.am_rate"} & set(reform)
        problems.append(_message(sorted(both)[0], t("param.tax_sum"), t) if both else exc.message_in(t))
        reform = {}
    return reform, problems


def _message(path: str, problem: str, t: Translator) -> str:
    return t("param.problem", label=t(f"param.{path}.label"), path=path, problem=problem)


def value_problem(path: str, value: Any, t: Translator) -> str | None:
    """What is wrong with `value` for the public parameter `path`, in the language of `t` (its label and path,
    then what the value must be); None when the value passes the checks of its type and range."""
    p = parameters().get(path)
    problem = _problem(p.reform_spec, value, t) if p is not None and p.public else None
    return _message(path, problem, t) if problem else None


def _problem(spec: Mapping[str, Any], value: Any, t: Translator) -> str | None:
    """What a typed value must be, in words of the catalogue (the checks of simulator.rules._check_value);
    None where the value passes them."""
    got = one_line(value_text(value, t) if not isinstance(value, str) else value, 40)
    kind = spec["type"]
    if kind == "bool":
        return None if isinstance(value, bool) else t("param.must_bool", value=got)
    if kind == "choice":
        return None if isinstance(value, str) and value in spec["choices"] else t(
            "param.must_choice", choices=", ".join(spec["choices"]), value=got)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value \
            or value in (float("inf"), float("-inf")):
        return t("param.must_number", value=got)
    low, high = spec["min"], spec["max"]
    if spec.get("min_exclusive", False) and value <= low:
        return t("param.must_above", low=t.number(low, _decimals(low)), value=got)
    if value < low or value > high:
        return t("param.must_range", low=t.number(low, _decimals(low)), high=t.number(high, _decimals(high)),
                 value=got)
    if kind == "int" and int(value) != value:
        return t("param.must_whole", value=got)
    return None
