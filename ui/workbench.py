"""The policy workbench (Streamlit wiring): compare reforms on one household and on a caseload.

Only widgets and layout here: the reforms come from simulator.reforms and the reform editor
(ui/reform_editor.py), the numbers from the core (simulator.simulate, simulator.caseload), the charts and
tables from ui/caseload_view.py. The one cached computation (`_impact`) returns data only and is keyed on
the caseload's digest, the date and the reforms' values: the display period, the language and the
reforms' titles are applied after it, so switching them never recomputes; the spinner lives outside it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pandas as pd
import streamlit as st

from simulator import ScenarioError, reforms, simulate
from simulator.caseload import CaseloadError, Impact, bad_rows_csv, caseload_impact, json_text, read_caseload
from simulator.i18n import Translator
from simulator.models import Scenario
from simulator.untrusted import one_line, plain, spreadsheet_cell

from . import caseload_view, reform_editor
from .caseload_pdf import build_caseload_pdf

DEFAULT_CASELOAD = Path(__file__).resolve().parent.parent / "scenarios" / "caseload" / "caseload-2014.csv"
CUSTOM = "custom"
SKIPPED_SHOWN = 20
DEFAULT_DATE = dt.date(2014, 11, 1)  # the date of the default caseload
# The workbench's inputs, kept by app.py across runs: a language switch relabels their widgets, and a widget
# Streamlit sees as new would fall back to its default on the next change (buttons and uploads cannot be kept).
KEPT = ("wb_named", "wb_params", "wb_source", "wb_date")


def kept(key: str) -> bool:
    """Whether `key` is one of the workbench's inputs that app.py keeps across runs."""
    return key in KEPT or key.startswith("wb_value_")


@st.cache_data(max_entries=16, show_spinner=False)
def _impact(digest: str, name: str, date: dt.date, reforms_json: str, _csv: bytes) -> Impact:
    """The caseload's impact per month (data only; cached by the CSV's digest, the date and the reforms)."""
    cases = read_caseload(_csv, name=name)
    return caseload_impact(cases, date, json.loads(reforms_json), "month")


def _reforms(t: Translator, date: dt.date) -> tuple[dict[str, dict], dict[str, str]]:
    """The reforms to compare with the law (key → parameter values) and their titles in the page's language."""
    named = reforms.named()
    st.session_state.setdefault("wb_named", [k for k, r in named.items() if r.featured])
    chosen = st.multiselect(t("wb.named"), list(named), key="wb_named",
                            format_func=lambda k: named[k].title_in(t.lang))
    for key in chosen:
        r = named[key]
        # The reference is the reform file's own English note (with its pointers into RULES.md): shown in English
        # only; every language has the title and the description.
        source = f" ({plain(r.reference)})" if t.lang == "en" and r.reference else ""
        st.caption(f"**{plain(r.title_in(t.lang))}** — {plain(r.description_in(t.lang))}{source}")
    values = {k: dict(named[k].values) for k in chosen}
    titles = {k: named[k].title_in(t.lang) for k in chosen}

    table = reform_editor.parameter_table(date)
    with st.expander(t("wb.editor"), expanded=False):
        st.caption(t("wb.editor_help"))
        paths = st.multiselect(t("wb.editor_pick"), list(table["parameter"]), key="wb_params")
        for path in paths:
            row = table[table["parameter"] == path].iloc[0]
            st.text_input(f"{path} — {row['description']}", key=f"wb_value_{path}",
                          placeholder=t("wb.in_force", value=row["in_force"], unit=row["unit"]),
                          help=f"{row['status']}: {row['source']}")
        edited = table.assign(new_value=[st.session_state.get(f"wb_value_{p}", "") if p in paths else ""
                                         for p in table["parameter"]])
        custom, problems = reform_editor.reform_from_table(edited, date)
        for problem in problems:
            st.error(plain(problem))
        st.dataframe(table.drop(columns=["new_value"]), hide_index=True)
    if custom:
        values[CUSTOM] = custom
        titles[CUSTOM] = t("wb.custom")
    return values, titles


def _household(scenario: Scenario, values: dict[str, dict], titles: dict[str, str], period: str,
               t: Translator) -> None:
    st.subheader(t("wb.household"))
    rows = []
    results = {t("chart.law"): simulate(scenario, period, reform={}, with_trace=False, with_effects=False)}
    for key, reform in values.items():
        results[titles[key]] = simulate(scenario, period, reform=reform, with_trace=False, with_effects=False)
    for rules, result in results.items():
        for o in result.options:
            rows.append({t("table.rules"): rules, t("table.option"): o.name,
                         t("result.disposable"): o.disposable_income, t("result.gain"): o.gain})
    frame = pd.DataFrame(rows)
    wide = frame.pivot_table(index=t("table.option"), columns=t("table.rules"), values=t("result.gain"),
                             sort=False)
    st.caption(t("wb.household_help"))
    st.dataframe(wide.map(t.number).reset_index(), hide_index=True)
    with st.expander(t("wb.household_all")):
        money = [t("result.disposable"), t("result.gain")]
        st.dataframe(frame.assign(**{c: frame[c].map(t.number) for c in money}), hide_index=True)


def _source(t: Translator) -> tuple[bytes | None, str]:
    source = st.radio(t("wb.source"), ["default", "upload"], key="wb_source", horizontal=True,
                      format_func=lambda s: t(f"wb.source_{s}"))
    if source == "upload":
        upload = st.file_uploader(t("wb.upload"), type=["csv"], key="wb_upload")
        return (upload.getvalue(), upload.name) if upload is not None else (None, "")
    return DEFAULT_CASELOAD.read_bytes(), DEFAULT_CASELOAD.name


def _caseload(values: dict[str, dict], titles: dict[str, str], period: str, t: Translator) -> None:
    st.subheader(t("wb.caseload"))
    st.caption(t("wb.caseload_help"))
    csv, name = _source(t)
    st.session_state.setdefault("wb_date", DEFAULT_DATE)
    date = st.date_input(t("wb.date"), key="wb_date", min_value=dt.date(2013, 1, 1),
                         max_value=dt.date(2030, 12, 31), format="YYYY-MM-DD")
    if csv is None:
        st.info(t("wb.no_file"))
        return
    if not values:
        st.info(t("wb.no_reform"))
        return
    digest = hashlib.sha256(csv).hexdigest()
    try:
        with st.spinner(t("wb.running")):
            monthly = _impact(digest, name, date, json.dumps(values, sort_keys=True), _csv=csv)
    except (CaseloadError, ScenarioError, ValueError) as exc:
        st.error(plain(t("wb.bad_file", problem=str(exc))))
        return
    result = caseload_view.with_titles(monthly.in_period(period), {"law": t("chart.law"), **titles})
    _show(result, t)
    _downloads(result, t, digest[:8])


def _show(result: Impact, t: Translator) -> None:
    labels = caseload_view.labels_from(t)
    number = t.number
    # our own sentences with formatted numbers: nothing from outside, so no escaping
    st.markdown(t("caseload.coverage", n=number(result.households), total=number(result.rows_read)))
    if result.skipped_rows:
        st.warning(t("caseload.skipped", n=number(result.skipped_rows), total=number(result.rows_read),
                     shown=min(SKIPPED_SHOWN, len(result.row_errors))))
        st.text("\n".join(one_line(str(e)) for e in result.row_errors[:SKIPPED_SHOWN]))
    st.dataframe(caseload_view.summary_table(result, labels, number), hide_index=True)
    st.dataframe(caseload_view.reform_table(result, labels, number), hide_index=True)
    st.altair_chart(caseload_view.work_pays_chart(result, labels), width="stretch")
    for reform in result.reforms:
        st.markdown(f"**{plain(reform.title)}**")
        st.altair_chart(caseload_view.gain_change_chart(result, reform.name, labels, number), width="content")
        st.dataframe(caseload_view.groups_table(result, reform.name, labels, number), hide_index=True)
    with st.expander(t("wb.distribution_table")):
        st.dataframe(caseload_view.distribution_frame(result, labels, number), hide_index=True)
    st.caption(t("wb.assumptions"))
    st.dataframe(caseload_view.assumptions_table(result, labels), hide_index=True)


def _export_csv(result: Impact) -> bytes:
    """The summary, the reforms' figures and the skipped rows, as raw numbers, spreadsheet-safe."""
    coverage = pd.DataFrame([{"households": result.households, "rows_read": result.rows_read,
                              "skipped_rows": result.skipped_rows, "rules_date": result.date,
                              "period": result.period}])
    tables = {"coverage": coverage, "summary": caseload_view.summary_export(result),
              "reforms": caseload_view.reform_export(result)}
    parts = [f"# {k}\n" + v.map(spreadsheet_cell).to_csv(index=False) for k, v in tables.items()]
    parts.append("# skipped_rows\n" + bad_rows_csv(result.row_errors))
    return "\n".join(parts).encode("utf-8")


def _downloads(result: Impact, t: Translator, digest: str) -> None:
    labels = caseload_view.labels_from(t)
    # on_click="ignore": a download does not rerun the page (nothing on it changes)
    st.download_button(t("wb.download_csv"), _export_csv(result), f"caseload-impact-{digest}.csv", "text/csv",
                       key="wb_csv", on_click="ignore")
    st.download_button(t("wb.download_pdf"),
                       lambda: build_caseload_pdf(result, labels, t("wb.heading"), t("wb.help"), t.number,
                                                  t.lang),
                       f"caseload-impact-{digest}.pdf", "application/pdf", key="wb_pdf", on_click="ignore")
    st.download_button(t("wb.download_json"), json_text(result).encode("utf-8"), f"caseload-impact-{digest}.json",
                       "application/json", key="wb_json", on_click="ignore")
    if result.skipped_rows:
        st.download_button(t("caseload.skipped_download"), bad_rows_csv(result.row_errors).encode("utf-8"),
                           f"caseload-skipped-rows-{digest}.csv", "text/csv", key="wb_skipped", on_click="ignore")


def render(scenario: Scenario | None, period: str, t: Translator) -> None:
    """The workbench: reforms, their effect on the counsellor's household, and on a caseload."""
    st.header(t("wb.heading"))
    st.caption(t("wb.help"))
    date = scenario.date if scenario is not None else dt.date.today()
    values, titles = _reforms(t, date)
    if scenario is not None:
        _household(scenario, values, titles, period, t)
    _caseload(values, titles, period, t)
