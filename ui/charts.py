"""Pure chart and table builders: data in, `alt.Chart` or `pd.DataFrame` out. No Streamlit here."""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from simulator.result import MONEY_FIELDS, OptionResult, Result
from simulator.sweep import Sweep

from .i18n import Translator

UP, DOWN, TOTAL = "#1b6e3a", "#b3261e", "#263238"
LAW, REFORM = "law", "reform"


def waterfall_rows(option: OptionResult, t: Translator) -> pd.DataFrame:
    """The budget as steps: allowances, + wage, − AM and tax, − offset, − rent, − transport, = left."""
    ln = option.lines
    steps = [
        ("allowances_before_offset", ln["allowances_before_offset"]),
        ("gross_wage", ln["gross_wage"]),
        ("tax_and_am", -(ln["labour_market_contribution"] + ln["income_tax"])),
        ("offset", -ln["offset"]),
        ("accommodation_charge", -ln["accommodation_charge"]),
        ("transport", -ln["transport"]),
        ("housing_cost", -ln["housing_cost"]),
    ]
    rows, level = [], 0.0
    for order, (key, delta) in enumerate(steps):
        if key != "allowances_before_offset" and abs(delta) < 0.005:
            continue
        rows.append({"order": order, "step": t(f"waterfall.{key}"), "start": level, "end": level + delta,
                     "amount": delta, "kind": "up" if delta >= 0 else "down",
                     "label": ("+" if delta >= 0 else "") + t.number(delta)})
        level += delta
    rows.append({"order": 99, "step": t("waterfall.left"), "start": 0.0, "end": level, "amount": level,
                 "kind": "total", "label": t.number(level)})
    return pd.DataFrame(rows)


def waterfall_chart(option: OptionResult, t: Translator, period_label: str) -> alt.LayerChart:
    """Horizontal waterfall (untitled: the option's name heads its column): each step a bar from where the budget stood to where it goes (reads in a
    narrow column and on a phone)."""
    data = waterfall_rows(option, t)
    order = list(data["step"])
    colour = alt.Color("kind:N", scale=alt.Scale(domain=["up", "down", "total"], range=[UP, DOWN, TOTAL]),
                       legend=None)
    data = data.assign(tip=data[["start", "end"]].max(axis=1))
    bars = alt.Chart(data).mark_bar(height=18).encode(
        y=alt.Y("step:N", sort=order, title=None, axis=alt.Axis(labelLimit=160, labelOverlap=False)),
        x=alt.X("start:Q", title=f"kr {period_label}"),
        x2="end:Q",
        color=colour,
        tooltip=[alt.Tooltip("step:N", title=t("chart.step")), alt.Tooltip("label:N", title="kr")],
    )
    text = alt.Chart(data).mark_text(align="left", dx=4, fontSize=11, color="#111").encode(
        y=alt.Y("step:N", sort=order), x=alt.X("tip:Q"), text="label:N")
    return (bars + text).properties(height=26 * len(data) + 20, padding={"right": 40})


def curve_frame(sweep: Sweep) -> pd.DataFrame:
    return pd.DataFrame(sweep.rows())


def curve_chart(sweep: Sweep, option: str, chosen_x: float, reference: float, t: Translator,
                period_label: str) -> alt.LayerChart:
    """Disposable income over hours (or wage) for one option: law solid, reform dashed, the chosen point,
    the no-work level, and the stretches where an extra hour earns nothing shaded."""
    frame = curve_frame(sweep)
    frame = frame[frame["option"] == option]
    xcol = sweep.over_column
    xtitle = t("chart.hours_axis") if sweep.over == "hours" else t("chart.wage_axis")
    law = frame[frame["rules"] == LAW]
    flat = law[law["extra_hour_earns_nothing"]]
    step = float(sweep.x[1] - sweep.x[0]) if len(sweep.x) > 1 else 1.0
    shade = pd.DataFrame({"x0": flat[xcol], "x1": flat[xcol] + step})
    layers = []
    if len(shade):
        layers.append(alt.Chart(shade).mark_rect(color="#d9d9d9", opacity=0.6).encode(
            x=alt.X("x0:Q", title=xtitle), x2="x1:Q"))
    frame = frame.assign(rule_label=frame["rules"].map({LAW: t("chart.law"), REFORM: t("chart.reform")}))
    layers.append(alt.Chart(frame).mark_line(strokeWidth=2.5).encode(
        x=alt.X(f"{xcol}:Q", title=xtitle),
        y=alt.Y("disposable_income:Q", title=f"{t('result.disposable')} (kr {period_label})"),
        strokeDash=alt.StrokeDash("rule_label:N", title=None,
                                  scale=alt.Scale(domain=[t("chart.law"), t("chart.reform")], range=[[1, 0], [6, 4]])),
        color=alt.value(TOTAL),
        tooltip=[alt.Tooltip(f"{xcol}:Q", title=xtitle, format=".1f"),
                 alt.Tooltip("disposable_income:Q", title=t("result.disposable"), format=",.0f"),
                 alt.Tooltip("rule_label:N", title=t("chart.rules"))],
    ))
    layers.append(alt.Chart(pd.DataFrame({"y": [reference], "label": [t("result.no_work")]})).mark_rule(
        strokeDash=[2, 2], color="#666").encode(y="y:Q", tooltip=alt.Tooltip("label:N", title="")))
    chosen = law.iloc[[int(np.argmin(np.abs(law[xcol].to_numpy() - chosen_x)))]] if len(law) else law
    layers.append(alt.Chart(chosen).mark_point(size=120, filled=True, color=DOWN).encode(
        x=f"{xcol}:Q", y="disposable_income:Q"))
    return alt.layer(*layers).properties(title=t("chart.curve_title", option=option), height=280)


def curve_table(sweep: Sweep, option: str, t: Translator) -> pd.DataFrame:
    """The chart's table alternative: whole hours (or every 10 kr), law and reform side by side."""
    frame = curve_frame(sweep)
    frame = frame[frame["option"] == option]
    xcol = sweep.over_column
    stride = 1.0 if sweep.over == "hours" else 10.0
    frame = frame[np.isclose(np.mod(frame[xcol], stride), 0) | np.isclose(np.mod(frame[xcol], stride), stride)]
    table = frame.pivot_table(index=xcol, columns="rules", values="disposable_income").reset_index()
    table = table.rename(columns={xcol: t("chart.hours_axis") if sweep.over == "hours" else t("chart.wage_axis"),
                                  LAW: t("chart.law"), REFORM: t("chart.reform")})
    return table.round(0)


def results_table(results: dict[str, Result], t: Translator) -> pd.DataFrame:
    """Every budget line of every option (and rule set): the page's table and the CSV download."""
    rows = []
    for rules, result in results.items():
        for o in result.options:
            row = {t("table.rules"): t(f"chart.{rules}"), t("table.option"): o.name}
            for key in MONEY_FIELDS:
                row[t(f"line.{key}")] = round(o.lines[key], 2)
            row[t("result.ptr")] = None if o.participation_tax_rate is None else round(o.participation_tax_rate, 4)
            row[t("result.kept_per_hour")] = None if o.gain_per_hour is None else round(o.gain_per_hour, 2)
            rows.append(row)
    return pd.DataFrame(rows)


def assumptions_table(effects, t: Translator) -> pd.DataFrame:
    """What each option's bottom line becomes if a computable assumption goes the other way."""
    rows = []
    for e in effects:
        if e.change is None:
            continue
        row = {t("table.assumption"): t(f"assumption.{e.code}.alternative")}
        for name, change in e.change.items():
            row[t("result.no_work") if name == "No work" else name] = ("+" if change > 0.5 else "") + t.number(change)
        rows.append(row)
    return pd.DataFrame(rows)
