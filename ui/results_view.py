"""Below the answer: each option in detail (one tab each, full width, so a waterfall is never squeezed into
a narrow column), the earnings curve, the assumptions and every number as a table and CSV.

Streamlit rendering only; the charts, tables and sentences come from the pure builders in ui/.
"""
from __future__ import annotations

import json

import streamlit as st

from simulator.i18n import Translator
from simulator.models import NO_WORK, Option, Scenario
from simulator.result import OptionResult, Result
from simulator.sweep import Sweep
from simulator.untrusted import plain

from . import charts
from .text import assumption_lines, break_even_sentence, option_label, option_wage, unrealistic_effects, warning_lines

# The "why?" holds long formulas and parameter paths: wrapped anywhere, so a phone does not scroll sideways.
WHY_CSS = ("<style>[class*='st-key-why-text'] p {overflow-wrap: anywhere; font-size: .9rem; line-height: 1.4;"
           " margin-bottom: .35rem;} [data-testid='stTable'] th, [data-testid='stTable'] td {white-space: normal;"
           " overflow-wrap: normal;}</style>")


@st.cache_data(max_entries=256, show_spinner=False)
def _why(key: str, lang: str, _option: OptionResult, _t: Translator) -> str:
    """An option's "why?" text, kept per option: a change to one option leaves the others' texts as they
    were. `key` holds all the text depends on (`_why_key`); the underscored arguments are not hashed."""
    return charts.trace_markdown(_option, _t)


def _why_key(scenario: Scenario, option: Option, period: str) -> str:
    """Everything an option's trace depends on: the household, date, reform and charge (the scenario without
    its other options), the option itself, the period."""
    rest = scenario.model_dump(mode="json", exclude={"options", "title"})
    return json.dumps([rest, option.model_dump(mode="json"), period], sort_keys=True)


def details(scenario: Scenario, law: Result, t: Translator, period: str) -> None:
    """Per option: the break-even sentence, what each hour keeps, warnings with their source, the waterfall,
    its table and the "why?"."""
    period_label = t(f"period.{period}")
    st.header(t("details.heading"))
    st.html(WHY_CSS)
    tabs = st.tabs([plain(option_label(o.name, t)) for o in law.options])
    for n, (tab, option) in enumerate(zip(tabs, law.options, strict=True)):
        label = option_label(option.name, t)
        with tab:
            if option.name != NO_WORK:
                st.write(break_even_sentence(option, t, wage=option_wage(scenario, option.name)))
                for line in unrealistic_effects(option, law.effects, t, period):
                    st.caption(plain(line))
                if option.gain_per_hour is not None:
                    st.caption(t("results.kept_per_hour", amount=t.kr(option.gain_per_hour, 2)))
                if option.participation_tax_rate is not None:
                    st.caption(t("results.ptr", pct=t.percent(option.participation_tax_rate)))
            for line in warning_lines(option, t):
                st.warning(plain(line), icon="⚠️")
            st.markdown(f"**{plain(t('chart.waterfall_title', option=label))}**")
            st.vega_lite_chart(spec=charts.with_arrow_datasets(charts.waterfall_spec(option, t, period_label)),
                               width="stretch",
                               alt=t("chart.waterfall_title", option=label))
            with st.expander(t("results.waterfall_table")):
                _table(charts.waterfall_display(option, t))
            with st.expander(t("results.why")), st.container(key=f"why-text-{n}"):
                compared = scenario.compared_options()[n]
                st.markdown(_why(_why_key(scenario, compared, period), t.lang, option, t))


def curve(scenario: Scenario, curves: Sweep | None, law: Result, t: Translator, period_label: str) -> None:
    st.header(t("curve.heading"))
    st.caption(t("curve.help"))
    paid = [o for o in scenario.options if any(w.kind != "unpaid_praktik" for w in o.work)]
    if curves is None or not paid:
        st.info(t("curve.none"))
        return
    reference = law.options[0].disposable_income
    tabs = st.tabs([plain(o.name) for o in paid])
    for tab, option in zip(tabs, paid, strict=True):
        with tab:
            hours = max(w.hours_per_week for w in option.work)
            spec = charts.curve_spec(curves, option.name, hours, reference, t, period_label)
            st.vega_lite_chart(spec=charts.with_arrow_datasets(spec), width="stretch",
                               alt=t("chart.curve_title", option=option.name))
            with st.expander(t("curve.table")):
                _table(charts.curve_table(curves, option.name, t))


def assumptions(law: Result, t: Translator, period_label: str) -> None:
    st.header(t("assumptions.heading"))
    st.caption(t("assumptions.help"))
    for line in assumption_lines(law.effects, "", t):
        st.markdown(f"- **{line.title}** — {line.text}")
    effects_table = charts.assumptions_table(law.effects, t)
    if len(effects_table):
        st.caption(t("assumptions.table", period=period_label))
        _table(effects_table)


def numbers(results: dict[str, Result], t: Translator) -> bytes:
    """Every number as a table; returns the spreadsheet-safe CSV of it for the download button."""
    st.header(t("table.heading"))
    _table(charts.results_display(results, t))
    return charts.results_csv(charts.results_table(results, t))


def _table(frame) -> None:
    """A table as HTML (its text already in the page's language and number style): it wraps to the page's
    width and follows the page's direction, where a canvas grid would scroll sideways."""
    st.table(frame.set_index(frame.columns[0]))
