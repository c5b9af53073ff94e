"""Pure chart and table builders: data in, `alt.Chart` or `pd.DataFrame` out. No Streamlit here."""
from __future__ import annotations

import json
from functools import lru_cache

import altair as alt
import numpy as np
import pandas as pd
import pyarrow as pa

from simulator import trace_text
from simulator.i18n import Translator
from simulator.models import NO_WORK
from simulator.periods import round_money, shown, whole_kroner
from simulator.result import MONEY_FIELDS, OptionResult, Result
from simulator.sweep import Sweep
from simulator.untrusted import spreadsheet_cell
from ui.cards import DOWN, UP

TOTAL = "#263238"  # the bars up and down take the cards' colours (ui/cards.py)
LAW, REFORM = "law", "reform"
# Vega's number format per language (d3-format locale): Danish thousands with a dot, the typographic minus
# everywhere, as in the page's text (i18n.Translator.number).
_NUMBER_LOCALE = {"da": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " kr"],
                         "minus": "\u2212"}}
_DEFAULT_LOCALE = {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", " kr"], "minus": "\u2212"}


def _number_locale(lang: str) -> dict:
    """d3-format's locale of a language: the separators and digits of its numbers on the page."""
    t = Translator(lang)
    sample = t.number(1234.5, 1)   # '1,234.5', '1.234,5', '۱٬۲۳۴٫۵'
    locale = dict(_NUMBER_LOCALE.get(lang, _DEFAULT_LOCALE), thousands=sample[1], decimal=sample[-2])
    digits = t.digits("0123456789")
    if digits != "0123456789":
        locale["numerals"] = list(digits)
    return locale


def _config(lang: str) -> dict:
    """The chart config of a language: its number format, and axis labels in the page's font size."""
    return {"locale": {"number": _number_locale(lang)},
            "axis": {"labelFontSize": 12, "titleFontSize": 12}, "axisQuantitative": {"format": ",.0f"}}


def waterfall_records(option: OptionResult, t: Translator) -> list[dict]:
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
    # The bottom line is the result's own amount (not the sum of the steps, which float arithmetic can put a
    # hair below a half krone): the card, the table and the waterfall show one number.
    left = ln["disposable_income"]
    rows.append({"order": 99, "step": t("waterfall.left"), "start": 0.0, "end": left, "amount": left,
                 "kind": "total", "label": t.number(left)})
    return rows


@lru_cache(maxsize=64)
def _waterfall_template(lang: str, period_label: str) -> str:
    """The waterfall's Vega-Lite spec without data (built once per language: Altair is slow to build)."""
    t = Translator(lang)
    colour = alt.Color("kind:N", scale=alt.Scale(domain=["up", "down", "total"], range=[UP, DOWN, TOTAL]),
                       legend=None)
    order = alt.EncodingSortField("order", order="ascending")
    base = alt.Chart(alt.Data(name="steps"))
    bars = base.mark_bar(height=18).encode(
        y=alt.Y("step:N", sort=order, title=None, axis=alt.Axis(labelLimit=160, labelOverlap=False)),
        x=alt.X("start:Q", title=f"kr {period_label}"),
        x2="end:Q",
        color=colour,
        tooltip=[alt.Tooltip("step:N", title=t("chart.step")), alt.Tooltip("label:N", title="kr")],
    )
    text = base.mark_text(align="left", dx=4, fontSize=11, color="#111").encode(
        y=alt.Y("step:N", sort=order), x=alt.X("tip:Q"), text="label:N")
    spec = (bars + text).properties(padding={"right": 40}).to_dict(validate=False)
    spec["config"] = spec.get("config", {}) | _config(lang)
    return json.dumps(spec)


def waterfall_spec(option: OptionResult, t: Translator, period_label: str) -> dict:
    """Horizontal waterfall (untitled: the option's name heads its column), as a Vega-Lite spec."""
    rows = [row | {"tip": max(row["start"], row["end"])} for row in waterfall_records(option, t)]
    if t.rtl:  # the chart is drawn left to right: isolate each Arabic/Farsi step name as right-to-left text
        rows = [row | {"step": "\u2067" + row["step"] + "\u2069"} for row in rows]
    spec = json.loads(_waterfall_template(t.lang, period_label))
    spec["datasets"] = {"steps": rows}
    # A height per step, not in total: Streamlit fits the whole chart, axis included, into a total height,
    # which crushed a two-step waterfall (No work) into one overlapping bar.
    spec["height"] = {"step": 26}
    return spec


def with_arrow_datasets(spec: dict) -> dict:
    """`spec` with its named datasets as Arrow IPC bytes, the form Streamlit sends them in: made here from
    the records directly, Streamlit's own way round through pandas costs several milliseconds a chart."""
    out = dict(spec)
    out["datasets"] = {name: _arrow_bytes(records) for name, records in spec.get("datasets", {}).items()}
    return out


def _arrow_bytes(records: list[dict]) -> bytes:
    table = pa.Table.from_pylist(records)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def curve_rows(sweep: Sweep, option: str) -> list[dict]:
    """One option's curve as records: x, disposable income, rule set, and whether the next step is flat."""
    o = sweep.options.index(option)
    flat = sweep.flat()
    labels = sweep.rule_sets
    return [{"x": float(x), "disposable_income": round_money(sweep.disposable[r, o, p]), "rules": labels[r],
             "flat": bool(flat[r, o, p])}
            for r in range(len(labels)) for p, x in enumerate(sweep.x)]


@lru_cache(maxsize=64)
def _curve_template(lang: str, period_label: str, over: str) -> str:
    t = Translator(lang)
    xtitle = t("chart.hours_axis") if over == "hours" else t("chart.wage_axis")
    shade = alt.Chart(alt.Data(name="shade")).mark_rect(color="#d9d9d9", opacity=0.6).encode(
        x=alt.X("x0:Q", title=xtitle), x2="x1:Q")
    line = alt.Chart(alt.Data(name="curve")).transform_calculate(
        rule_label=f"datum.rules == 'law' ? '{t('chart.law')}' : '{t('chart.reform')}'").mark_line(
        strokeWidth=2.5, color=TOTAL).encode(
        x=alt.X("x:Q", title=xtitle),
        y=alt.Y("disposable_income:Q", title=f"{t('result.disposable')} (kr {period_label})"),
        strokeDash=alt.StrokeDash("rule_label:N", title=None, scale=alt.Scale(
            domain=[t("chart.law"), t("chart.reform")], range=[[1, 0], [6, 4]])),
        tooltip=[alt.Tooltip("x:Q", title=xtitle, format=".1f"),
                 alt.Tooltip("disposable_income:Q", title=t("result.disposable"), format=",.0f"),
                 alt.Tooltip("rule_label:N", title=t("chart.rules"))],
    )
    reference = alt.Chart(alt.Data(name="reference")).mark_rule(strokeDash=[2, 2], color="#666").encode(
        y="y:Q", tooltip=alt.Tooltip("label:N", title=""))
    point = alt.Chart(alt.Data(name="chosen")).mark_point(size=120, filled=True, color=DOWN).encode(
        x="x:Q", y="disposable_income:Q")
    spec = alt.layer(shade, line, reference, point).properties(height=280).to_dict(validate=False)
    spec["config"] = spec.get("config", {}) | _config(lang)
    return json.dumps(spec)


def curve_spec(sweep: Sweep, option: str, chosen_x: float, reference: float, t: Translator,
               period_label: str) -> dict:
    """Disposable income over hours (or wage) for one option: law solid, reform dashed, the chosen point,
    the no-work level (dotted), and the stretches where an extra hour earns nothing shaded grey."""
    rows = curve_rows(sweep, option)
    law = [r for r in rows if r["rules"] == LAW]
    step = float(sweep.x[1] - sweep.x[0]) if len(sweep.x) > 1 else 1.0
    chosen = min(law, key=lambda r: abs(r["x"] - chosen_x))
    spec = json.loads(_curve_template(t.lang, period_label, sweep.over))
    spec["datasets"] = {
        "shade": [{"x0": r["x"], "x1": r["x"] + step} for r in law if r["flat"]],
        "curve": rows,
        "reference": [{"y": reference, "label": t("result.no_work")}],
        "chosen": [chosen],
    }
    if all(r["rules"] == LAW for r in rows):  # no reform: a legend would announce a proposal that is not there
        for layer in spec["layer"]:
            if "strokeDash" in layer.get("encoding", {}):
                layer["encoding"]["strokeDash"]["legend"] = None
    return spec


def curve_table(sweep: Sweep, option: str, t: Translator) -> pd.DataFrame:
    """The chart's table alternative: whole hours (or every 10 kr), law and reform side by side."""
    stride = 1.0 if sweep.over == "hours" else 10.0
    keep = np.isclose(np.mod(sweep.x + 1e-9, stride), 0, atol=1e-6)
    o = sweep.options.index(option)
    columns = {t("chart.hours_axis") if sweep.over == "hours" else t("chart.wage_axis"):
               [t.number(x) for x in sweep.x[keep]]}
    for r, rules in enumerate(sweep.rule_sets):
        columns[t(f"chart.{rules}")] = [t.number(v) for v in sweep.disposable[r, o, keep]]
    return pd.DataFrame(columns)


def trace_markdown(option: OptionResult, t: Translator) -> str:
    """The "why?" of one option as one Markdown text: each step with its formula, then the law, the
    assumptions and the parameters it rests on (one element on the page, not one per line)."""
    lines = []
    # Right to left, each formula and citation is one left-to-right stretch: 'min(…, 380.00)' stays whole.
    isolate = trace_text.ltr_isolate if t.rtl else (lambda text: text)
    for step in option.trace:
        label, _, rest = trace_text.step_line(step, t, isolate).partition(": ")
        lines.append(f"**{label}**: {rest}")
        lines += ["↳ " + line for line in trace_text.detail_lines(step, t, isolate)]
    return "\n\n".join(lines)


def results_table(results: dict[str, Result], t: Translator) -> pd.DataFrame:
    """Every budget line of every option (and rule set): the page's table and the CSV download."""
    rows = []
    for rules, result in results.items():
        for o in result.options:
            row = {t("table.rules"): t(f"chart.{rules}"), t("table.option"): option_name(o.name, t)}
            for key in MONEY_FIELDS:
                row[t(f"line.{key}")] = round_money(o.lines[key])
            row[t("result.ptr")] = None if o.participation_tax_rate is None else shown(o.participation_tax_rate, 4)
            row[t("result.kept_per_hour")] = None if o.gain_per_hour is None else round_money(o.gain_per_hour)
            rows.append(row)
    return pd.DataFrame(rows)


def results_csv(table: pd.DataFrame) -> bytes:
    """The results table as CSV a spreadsheet opens without running anything: every cell that came from
    outside (an option's name) and starts like a formula is neutralised; numbers stay numbers."""
    return table.map(spreadsheet_cell).to_csv(index=False).encode("utf-8")


def option_name(name: str, t: Translator) -> str:
    """'No work' in the table's language; the counsellor's names as they are."""
    return t("result.no_work") if name == NO_WORK else name


def results_display(results: dict[str, Result], t: Translator) -> pd.DataFrame:
    """Every number as the page shows it: one row per budget line, one column per option (and per rule set
    with a proposal), numbers written in the language's style: narrow enough to fit a laptop, and a
    right-to-left page reads it right to left."""
    columns: dict[str, list[str]] = {t("table.line"): [t(f"line.{k}") for k in MONEY_FIELDS]
                                     + [t("result.ptr"), t("result.kept_per_hour")]}
    for rules, result in results.items():
        for o in result.options:
            name = option_name(o.name, t) + (f" ({t(f'chart.{rules}')})" if len(results) > 1 else "")
            cells = [t.number(o.lines[k]) for k in MONEY_FIELDS]
            cells.append("" if o.participation_tax_rate is None else t.percent(o.participation_tax_rate))
            cells.append("" if o.gain_per_hour is None else t.number(o.gain_per_hour, 2))
            while name in columns:
                name += " "
            columns[name] = cells
    return pd.DataFrame(columns)


def waterfall_display(option: OptionResult, t: Translator) -> pd.DataFrame:
    """The waterfall's table alternative: each step and its amount, headed in the page's language."""
    return pd.DataFrame([{t("table.step"): r["step"], t("table.amount"): r["label"]}
                         for r in waterfall_records(option, t)])


def assumptions_table(effects, t: Translator) -> pd.DataFrame:
    """What each option's bottom line becomes if a computable assumption goes the other way."""
    rows = []
    for e in effects:
        if e.change is None:
            continue
        row = {t("table.assumption"): t(f"assumption.{e.code}.alternative")}
        for name, change in e.change.items():
            sign = "+" if whole_kroner(change) > 0 else ""
            row[t("result.no_work") if name == "No work" else name] = sign + t.number(change)
        rows.append(row)
    return pd.DataFrame(rows)
