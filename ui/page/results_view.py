"""Below the answer: each option in detail (one tab each, full width, so a waterfall is never squeezed into
a narrow column), the earnings curve, the assumptions and every number as a table and CSV.

Streamlit rendering only; the charts, tables and sentences come from the pure builders in ui/.
"""
from __future__ import annotations

import json
from contextlib import nullcontext

import streamlit as st

from simulator.i18n import Translator
from simulator.models import NO_WORK, Option, Scenario
from simulator.result import OptionResult, Result
from simulator.sweep import Sweep
from simulator.untrusted import isolated, plain
from ui.page import charts, prose, tables
from ui.page.answer import sentence
from ui.page.folds import folded
from ui.reform_text import reform_description
from ui.sentences import adults_of, reason_sentence, transport_covered, work_sentences
from ui.text import assumption_lines, date_text, option_label, unrealistic_effects, warning_lines


@st.cache_data(max_entries=256, show_spinner=False)
def _why(key: str, lang: str, _option: OptionResult, _t: Translator) -> str:
    """An option's "why?" text, kept per option: a change to one option leaves the others' texts as they
    were. `key` holds all the text depends on (`_why_key`); the underscored arguments are not hashed."""
    return charts.trace_markdown(_option, _t)


def _why_key(scenario: Scenario, option: Option, period: str, reform: dict) -> str:
    """Everything an option's trace depends on: the household, date and charge (the scenario without its
    other options), the option itself, the period and the rules it was computed under (law or proposal)."""
    rest = scenario.model_dump(mode="json", exclude={"options", "title", "reform"})
    return json.dumps([rest, option.model_dump(mode="json"), period, reform], sort_keys=True, default=str)


def shown_rules(law: Result, reform: Result | None, t: Translator) -> Result:
    """The details' heading and which rules they show: the law, or with a proposal on, the law or the proposal
    as the switch says; the line under it says which. Without a proposal, heading and line are one element."""
    heading = prose.heading(t("details.heading"))
    law_line = t("sentences.shown_law", date=date_text(law.rules_date, t))
    if reform is None:
        st.html(prose.block(heading, prose.paragraphs([law_line], small=True)))
        return law
    st.html(prose.block(heading))
    choice = st.radio(t("sentences.rules_shown"), ["law", "reform"], key="details_rules", horizontal=True,
                      format_func=lambda k: t(f"sentences.rules_{k}"))
    if choice == "reform":
        st.html(prose.block(prose.paragraphs([t("sentences.shown_reform", changes=reform_description(
            reform.reform, t), date=date_text(reform.rules_date, t))], small=True)))
        return reform
    st.html(prose.block(prose.paragraphs([law_line], small=True)))
    return law


def details(scenario: Scenario, law: Result, t: Translator, period: str, reform: Result | None = None) -> None:
    """Per option, under the rules shown (the law, or the proposal when chosen): from which wage each adult's
    work pays, where the wage goes, what each hour keeps, warnings with their source, the waterfall, its
    table and the "why?"."""
    period_label = t(f"period.{period}")
    shown = shown_rules(law, reform, t)
    adults = adults_of(scenario, shown)
    covered = transport_covered(shown)
    own = scenario.household.housing == "own_housing"
    # Each name isolated (FSI … PDI): whatever its direction, it cannot reorder the text around it.
    # Only the open tab is made and sent: after each change the browser redraws one option's details, not every
    # option's (issue 20: each element sent costs the answer's update time). A switch of tab reruns the page.
    # The first option with work is open at first: its details are what the counsellor came for.
    labels = [plain(isolated(option_label(o.name, t)), isolates=True) for o in shown.options]
    tabs = st.tabs(labels, key=_keep_tab("details_tab", labels, first=min(1, len(labels) - 1)), on_change="rerun")
    for n, (tab, option) in enumerate(zip(tabs, shown.options, strict=True)):
        label = isolated(option_label(option.name, t))
        if not tab.open:
            continue
        with tab:
            # The sentences, the small print and the chart's title as one element; a warning between them
            # when there is one (ui/page/prose.py: each element a change sends costs the answer's update).
            said = []
            if option.name != NO_WORK:
                said.append(prose.paragraphs([*work_sentences(option, adults[n], t, covered, period_label),
                                              reason_sentence(option, shown.options[0], t, period_label,
                                                              own_housing=own)]))
                small = unrealistic_effects(option, shown.effects, t, period, adults[n])
                if option.gain_per_hour is not None:
                    small.append(t("results.kept_per_hour", amount=t.kr(option.gain_per_hour, 2)))
                if option.participation_tax_rate is not None:
                    small.append(t("results.ptr", pct=t.percent(option.participation_tax_rate)))
                said.append(prose.paragraphs(small, small=True))
            elif own:
                said.append(prose.paragraphs([sentence(option, t, period_label, own_housing=True)]))
            warnings = warning_lines(option, t)
            if warnings and said:
                st.html(prose.block(*said))
                said = []
            for line in warnings:
                st.warning(plain(line), icon="⚠️")
            said.append(prose.paragraphs([t("chart.waterfall_title", option=label)], strong=True))
            st.html(prose.block(*said))
            st.vega_lite_chart(spec=charts.with_arrow_datasets(charts.waterfall_spec(option, t, period_label)),
                               width="stretch",
                               alt=t("chart.waterfall_title", option=label))
            with folded(t("results.waterfall_table"), f"waterfall-table-{n}") as table_open:
                if table_open:
                    _table(charts.waterfall_display(option, t))
            with folded(t("results.why"), f"why-{n}") as why_open:
                if why_open:
                    compared = scenario.compared_options()[n]
                    with st.container(key=f"why-text-{n}"):
                        st.markdown(_why(_why_key(scenario, compared, period, shown.reform), t.lang, option, t))


def curve(scenario: Scenario, curves: Sweep | None, law: Result, t: Translator, period_label: str) -> None:
    paid = [o for o in scenario.compared_options() if any(w.kind != "unpaid_praktik" for w in o.work)]
    labels = [plain(isolated(option_label(o.name, t)), isolates=True) for o in paid]
    # One option with pay: its name under the heading instead of a tab (two elements less per change); more:
    # a tab each, and only the open tab is made.
    single = [isolated(option_label(paid[0].name, t))] if len(paid) == 1 and curves is not None else []
    st.html(prose.block(prose.heading(t("curve.heading")), prose.paragraphs([t("curve.help")], small=True),
                        prose.paragraphs(single, strong=True)))
    if curves is None or not paid:
        st.info(t("curve.none"))
        return
    reference = law.options[0].disposable_income
    tabs = st.tabs(labels, key=_keep_tab("curve_tab", labels), on_change="rerun") if len(paid) > 1 else [None]
    for n, (tab, option) in enumerate(zip(tabs, paid, strict=True)):
        if tab is not None and not tab.open:
            continue
        with tab if tab is not None else nullcontext():
            hours = max(w.hours_per_week for w in option.work)
            spec = charts.curve_spec(curves, option.name, hours, reference, t, period_label)
            st.vega_lite_chart(spec=charts.with_arrow_datasets(spec), width="stretch",
                               alt=t("chart.curve_title", option=isolated(option_label(option.name, t))))
            with folded(t("curve.table"), f"curve-table-{n}") as table_open:
                if table_open:
                    _table(charts.curve_table(curves, option.name, t))


def assumptions_html(law: Result, t: Translator, period_label: str) -> str:
    """What the result rests on: each assumption in a line, and what each option's bottom line becomes if
    one goes the other way."""
    effects_table = charts.assumptions_table(law.effects, t)
    return "".join([prose.heading(t("assumptions.heading")), prose.paragraphs([t("assumptions.help")], small=True),
                    prose.titled_list((line.title, line.text) for line in assumption_lines(law.effects, "", t)),
                    *([prose.paragraphs([t("assumptions.table", period=period_label)], small=True),
                       tables.table_html(effects_table)] if len(effects_table) else [])])


def numbers(results: dict[str, Result], t: Translator) -> bytes:
    """Every number as a table, folded (made only when opened; its heading is the caller's); returns the
    spreadsheet-safe CSV of it for the download button, which is always there."""
    with folded(t("table.show"), "numbers_open") as table_open:
        if table_open:
            _table(charts.results_display(results, t))
    return charts.results_csv(charts.results_table(results, t))


def _keep_tab(key: str, labels: list[str], first: int = 0) -> str:
    """The open tab of `st.tabs(labels, key=key)`, kept by its place when the labels change (an option's name
    follows its hours, the language relabels every tab); `first` at first or when the options changed in
    number. Returns `key`."""
    ss = st.session_state
    seen, open_now = ss.get(f"{key}_labels"), ss.get(key)
    if open_now not in labels:
        kept = seen.index(open_now) if seen and open_now in seen and len(seen) == len(labels) else first
        ss[key] = labels[kept]
    ss[f"{key}_labels"] = labels
    return key


def _table(frame) -> None:
    """A table as HTML (ui/page/tables.py): it wraps to the page's width and follows the page's direction."""
    st.html(tables.table_html(frame))
