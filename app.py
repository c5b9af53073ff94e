"""Krone for Krone — the counsellor's page. Reads top to bottom: the link → inputs → the core → the page.

No rule or amount lives here: the core (simulator/) computes, ui/ turns results into charts, tables and
links, and this script only wires widgets to them.
"""
from __future__ import annotations

import time
from pathlib import Path

import streamlit as st

from simulator import ScenarioError, simulate, sweep
from simulator.caseload import named_reforms
from simulator.models import CHARGE_MODES, HOUSING, PROCEDURES, WORK_KINDS
from simulator.scenario_files import dump_scenario, load_scenario, read_yaml
from ui import charts, share, state, workbench
from ui.i18n import LANGUAGES, translator
from ui.pdf import build_pdf
from ui.text import assumption_lines, break_even_sentence, household_line, option_label, option_wage, warning_lines

STARTED = time.perf_counter()  # the script's own time per rerun is kept in ss["run_ms"] (benchmarks/run.py)
SCENARIO_DIR = Path(__file__).parent / "scenarios"
EXAMPLES = sorted(p.name for p in SCENARIO_DIR.glob("*.yaml"))
NAMED_REFORMS = named_reforms()
ss = st.session_state

st.set_page_config(page_title="Krone for Krone", page_icon="⚖️", layout="wide", menu_items={})


# --- 1. Read the link once into the session ---------------------------------------------------------------
def _apply(scenario, notes: list[str]) -> None:
    values, simplified = state.to_state(scenario)
    for key in [k for k in ss.keys() if k.startswith("opt")]:
        del ss[key]
    ss.update(values)
    ss["notes"] = notes + simplified


if "ready" not in ss:
    params = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    decoded = share.decode(params, state.default_scenario())
    ss["period"], ss["lang"], ss["view"] = decoded.period, decoded.lang, "counsellor"
    _apply(decoded.scenario, [])
    ss["ignored"] = decoded.ignored
    ss["ready"] = True

# Widgets not drawn in a run lose their values; keep the scenario's while the workbench is shown.
for key in [k for k in ss.keys() if k in state.STATE_KEYS or k.startswith("opt")]:
    ss[key] = ss[key]

t = translator(ss["lang"])
if t.rtl:
    # Right-to-left text; charts and code (numbers, links) stay left-to-right.
    st.markdown("<style>.stMainBlockContainer, section[data-testid='stSidebar'] {direction: rtl; text-align: right;}"
                " [data-testid='stVegaLiteChart'], [data-testid='stCode'] {direction: ltr;}</style>",
                unsafe_allow_html=True)


# --- 2. Sidebar: language, period, files -------------------------------------------------------------------
def _open_example() -> None:
    name = ss.get("example")
    if name not in EXAMPLES:
        return
    try:
        _apply(load_scenario(SCENARIO_DIR / name), [t("sidebar.loaded", name=name)])
    except ScenarioError as exc:
        ss["notes"] = [str(exc)]


def _open_upload() -> None:
    upload = ss.get("upload")
    if upload is None:
        return
    try:
        scenario = load_scenario(read_yaml(upload.getvalue().decode("utf-8", "replace"), upload.name))
    except ScenarioError as exc:
        ss["notes"] = [f"{upload.name}: {exc}"]
        return
    _apply(scenario, [t("sidebar.loaded", name=upload.name)])


with st.sidebar:
    st.radio(t("sidebar.view"), ["counsellor", "policy"], format_func=lambda v: t(f"view.{v}"), key="view")
    st.selectbox(t("sidebar.language"), list(LANGUAGES), format_func=LANGUAGES.get, key="lang")
    st.radio(t("sidebar.period"), ["month", "14d"], format_func=lambda p: t(f"period.{p}"), key="period",
             horizontal=True)
    st.subheader(t("sidebar.files"))
    st.selectbox(t("sidebar.example"), EXAMPLES, key="example", on_change=_open_example, index=None,
                 placeholder=t("sidebar.example_none"))
    st.file_uploader(t("sidebar.upload"), type=["yaml", "yml", "json"], key="upload", on_change=_open_upload)

st.title(t("app.title"))
if ss["view"] == "policy":
    try:
        household = state.from_state(ss)
    except ScenarioError:
        household = None
    workbench.render(household, ss["period"], t)
    st.stop()

st.caption(t("app.tagline"))
st.caption("🔒 " + t("app.privacy"))
if ss.get("ignored"):
    st.warning(t("share.ignored") + "\n\n" + "\n".join(f"- {x}" for x in ss["ignored"]))
if ss.get("notes"):
    st.info(t("share.simplified") + "\n\n" + "\n".join(f"- {x}" for x in ss["notes"]))

# --- 3. The household ------------------------------------------------------------------------------------
with st.expander(t("household.heading"), expanded=True):
    c1, c2, c3 = st.columns(3)
    with c1:
        st.radio(t("household.adults"), [1, 2], key="adults", horizontal=True)
        if ss["adults"] == 2:
            st.checkbox(t("household.couple"), key="couple")
        st.number_input(t("household.children"), min_value=state.LIMITS["children"][0],
                        max_value=state.LIMITS["children"][1], step=1, key="children")
        st.date_input(t("household.date"), key="date", min_value=state.DATE_RANGE[0], max_value=state.DATE_RANGE[1],
                      help=t("household.date_help"), format="YYYY-MM-DD")
    with c2:
        st.selectbox(t("household.housing"), HOUSING, format_func=lambda h: t(f"housing.{h}"), key="housing")
        if ss["housing"] != "own_housing":
            st.checkbox(t("household.has_housing_cost"), key="has_housing_cost")
        if ss["housing"] == "own_housing" or ss["has_housing_cost"]:
            st.number_input(t("household.housing_cost"), min_value=state.LIMITS["housing_cost"][0],
                            max_value=state.LIMITS["housing_cost"][1], step=100.0, key="housing_cost",
                            help=t("household.housing_cost_help"))
        st.selectbox(t("household.phase"), [1, 2, 3], format_func=lambda p: t(f"phase.{p}"), key="phase")
        st.selectbox(t("household.procedure"), PROCEDURES, format_func=lambda p: t(f"procedure.{p}"), key="procedure")
    with c3:
        for i in range(ss["adults"]):
            st.number_input(t("household.months", n=i + 1), min_value=state.LIMITS["months"][0],
                            max_value=state.LIMITS["months"][1], step=1, key=f"months_{i}")
            st.checkbox(t("household.kept", n=i + 1), key=f"kept_{i}")
    st.markdown(f"**{t('charge.heading')}**")
    st.radio(t("charge.heading"), CHARGE_MODES, format_func=lambda m: t(f"charge.{m}"), key="charge_mode",
             horizontal=True, label_visibility="collapsed")
    st.caption(t(f"charge.{ss['charge_mode']}_help"))
    if ss["charge_mode"] == "fixed":
        st.number_input(t("charge.amount"), min_value=state.LIMITS["charge_amount"][0],
                        max_value=state.LIMITS["charge_amount"][1], step=100.0, key="charge_amount")

def _apply_named_reform() -> None:
    name = ss.get("named_reform")
    reform = dict(NAMED_REFORMS[name]["reform"]) if name in NAMED_REFORMS else {}
    ss["transport_reform"] = bool(reform.pop("offset.deduct_transport", False))
    ss["reform_other"] = reform


c1, c2 = st.columns([3, 2])
c1.toggle(f"{t('reform.transport')} — {t('reform.heading')}", key="transport_reform", help=t("reform.transport_help"))
c2.selectbox(t("reform.named"), list(NAMED_REFORMS), index=None, key="named_reform", on_change=_apply_named_reform,
             format_func=lambda k: NAMED_REFORMS[k]["title"], placeholder=t("reform.named_none"))
if ss.get("reform_other"):
    st.caption(t("reform.other", changes=", ".join(f"{k} = {v}" for k, v in ss["reform_other"].items())))


# --- 4. The options --------------------------------------------------------------------------------------
def _add_option() -> None:
    i = ss["n_options"]
    if i < state.MAX_OPTIONS:
        ss.update(state.new_option(i))
        ss["n_options"] = i + 1


def _remove_option(i: int) -> None:
    n = ss["n_options"]
    for j in range(i, n - 1):
        for field in state.OPTION_FIELDS:
            ss[f"opt{j}_{field}"] = ss[f"opt{j + 1}_{field}"]
    for field in state.OPTION_FIELDS:
        ss.pop(f"opt{n - 1}_{field}", None)
    ss["n_options"] = n - 1


st.subheader(t("options.heading"))
st.caption(t("options.help"))
n = ss["n_options"]
if n:
    columns = st.columns(n)
    for i, col in enumerate(columns):
        with col, st.container(border=True):
            st.text_input(t("option.name"), key=f"opt{i}_name", max_chars=80)
            st.selectbox(t("option.kind"), WORK_KINDS, format_func=lambda k: t(f"kind.{k}"), key=f"opt{i}_kind")
            if ss["adults"] == 2:
                st.selectbox(t("option.who"), state.WHO, format_func=lambda w: t(f"who.{w}"), key=f"opt{i}_who")
            st.number_input(t("option.hours"), min_value=state.LIMITS["hours"][0], max_value=state.LIMITS["hours"][1],
                            step=0.5, key=f"opt{i}_hours")
            if ss[f"opt{i}_kind"] != "unpaid_praktik":
                st.radio(t("option.pay_mode"), ["hourly", "monthly"], format_func=lambda p: t(f"pay.{p}"),
                         key=f"opt{i}_pay_mode", horizontal=True)
                if ss[f"opt{i}_pay_mode"] == "monthly":
                    st.number_input(t("option.monthly"), min_value=state.LIMITS["monthly"][0],
                                    max_value=state.LIMITS["monthly"][1], step=100.0, key=f"opt{i}_monthly")
                else:
                    st.number_input(t("option.wage"), min_value=state.LIMITS["wage"][0],
                                    max_value=state.LIMITS["wage"][1], step=1.0, key=f"opt{i}_wage")
            st.number_input(t("option.transport"), min_value=state.LIMITS["transport"][0],
                            max_value=state.LIMITS["transport"][1], step=50.0, key=f"opt{i}_transport")
            if ss[f"opt{i}_kind"] == "unpaid_praktik":
                st.caption(t("option.transport_covered"))
            st.button(t("options.remove"), key=f"remove_{i}", on_click=_remove_option, args=(i,))
st.button("+ " + t("options.add"), on_click=_add_option, disabled=n >= state.MAX_OPTIONS)


# --- 5. Compute ------------------------------------------------------------------------------------------
@st.cache_data(max_entries=64, show_spinner=False)
def compute(scenario_yaml: str, period: str) -> dict:
    scenario = load_scenario(read_yaml(scenario_yaml))
    results = {"law": simulate(scenario, period, reform={})}
    if scenario.reform:
        results["reform"] = simulate(scenario, period)
    curves = sweep(scenario, over="hours", period=period) if scenario.options else None
    return {"results": results, "curves": curves}


try:
    scenario = state.from_state(ss)
except ScenarioError as exc:
    st.error(t("error.input", problem=str(exc)))
    st.stop()

try:
    computed = compute(dump_scenario(scenario, keep_labels=False), ss["period"])
except ScenarioError as exc:
    st.error(t("error.input", problem=str(exc)))
    st.stop()
results, curves = computed["results"], computed["curves"]
law = results["law"]
reform = results.get("reform")
period_label = t(f"period.{ss['period']}")

st.markdown(f"**{household_line(scenario, t)}**")

# --- 6. Results, option by option ------------------------------------------------------------------------
st.header(f"{t('results.heading')} ({period_label})")
cols = st.columns(len(law.options))
for col, option in zip(cols, law.options):
    with col, st.container(border=True):
        label = option_label(option.name, t)
        st.subheader(label)
        st.metric(t("result.disposable"), t.kr(option.disposable_income),
                  delta=None if option.name == "No work" else t("results.vs_no_work", amount=t.signed_kr(option.gain)),
                  delta_color="normal" if abs(option.gain) >= 0.5 else "off",
                  help=t("results.law") if reform else None)
        if reform:
            ro = reform.option(option.name)
            change = ro.disposable_income - option.disposable_income
            st.metric(f"{t('results.with_reform')}", t.kr(ro.disposable_income),
                      delta=t("results.vs_law", amount=t.signed_kr(change)) if abs(change) >= 0.5 else None)
        if option.name != "No work":
            st.write(break_even_sentence(option, t, wage=option_wage(scenario, option.name)))
            if option.gain_per_hour is not None:
                st.caption(t("results.kept_per_hour", amount=t.kr(option.gain_per_hour, 2)))
            if option.participation_tax_rate is not None:
                st.caption(t("results.ptr", pct=t.percent(option.participation_tax_rate)))
        for line in warning_lines(option, t):
            st.warning(line, icon="⚠️")
        st.markdown(f"**{t('chart.waterfall_title', option=label)}**")
        st.vega_lite_chart(spec=charts.waterfall_spec(option, t, period_label), width="stretch",
                           alt=t("chart.waterfall_title", option=label))
        with st.expander(t("results.waterfall_table")):
            st.dataframe(charts.waterfall_rows(option, t)[["step", "label"]], hide_index=True)
        with st.expander(t("results.why")):
            st.markdown(charts.trace_markdown(option, t))

# --- 7. The earnings curve -------------------------------------------------------------------------------
st.header(t("curve.heading"))
st.caption(t("curve.help"))
paid = [o for o in scenario.options if any(w.kind != "unpaid_praktik" for w in o.work)]
if curves is None or not paid:
    st.info(t("curve.none"))
else:
    reference = law.options[0].disposable_income
    tabs = st.tabs([o.name for o in paid])
    for tab, option in zip(tabs, paid):
        with tab:
            hours = max(w.hours_per_week for w in option.work)
            st.vega_lite_chart(spec=charts.curve_spec(curves, option.name, hours, reference, t, period_label),
                               width="stretch", alt=t("chart.curve_title", option=option.name))
            with st.expander(t("curve.table")):
                st.dataframe(charts.curve_table(curves, option.name, t), hide_index=True)

# --- 8. The assumptions ----------------------------------------------------------------------------------
st.header(t("assumptions.heading"))
st.caption(t("assumptions.help"))
for line in assumption_lines(law.effects, "", t):
    st.markdown(f"- **{line.title}** — {line.text}")
effects_table = charts.assumptions_table(law.effects, t)
if len(effects_table):
    st.caption(t("assumptions.table", period=period_label))
    st.dataframe(effects_table, hide_index=True)

# --- 9. All numbers, files and the link ------------------------------------------------------------------
st.header(t("table.heading"))
table = charts.results_table(results, t)
st.dataframe(table, hide_index=True, column_config={c: st.column_config.NumberColumn(format="localized")
                                                    for c in table.columns[2:]})
c1, c2 = st.columns(2)
c1.download_button(t("table.download"), table.to_csv(index=False).encode("utf-8"), "krone-for-krone-results.csv",
                   "text/csv")
c2.download_button(t("sidebar.download"), dump_scenario(scenario, keep_labels=False).encode("utf-8"),
                   "scenario.yaml", "application/x-yaml")

query = share.to_query_string(scenario, ss["period"], ss["lang"])
link = f"{(st.context.url or '').split('?')[0].rstrip('/')}/?{query}"
st.header(t("share.heading"))
st.caption(t("share.help"))
st.code(link, language=None, wrap_lines=True)

st.header(t("pdf.heading"))
c1, c2 = st.columns(2)
paid_names = [o.name for o in law.options[1:]] or [law.options[0].name]
chosen = c1.selectbox(t("pdf.option"), paid_names, key="pdf_option")
name = c2.text_input(t("pdf.name"), key="pdf_name", max_chars=60)
pdf_inputs = (scenario, reform or law, ss["lang"], link, chosen, name or None)
st.download_button(t("pdf.download"), lambda: build_pdf(*pdf_inputs), "krone-for-krone.pdf", "application/pdf",
                   key="pdf_download", type="primary", on_click="ignore")
st.query_params.from_dict(share.encode(scenario, ss["period"], ss["lang"]))
ss["run_ms"] = (time.perf_counter() - STARTED) * 1e3
