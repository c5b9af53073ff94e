"""The policy workbench (Streamlit wiring): compare reforms on one household and on a caseload.

Only widgets and layout here: the reforms come from scenarios/reforms/ and the reform editor
(ui/reform_editor.py), the numbers from the core (simulator.simulate, simulator.caseload), the charts and
tables from ui/caseload_view.py.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pandas as pd
import streamlit as st

from simulator import ScenarioError, simulate
from simulator.caseload import CaseloadError, caseload_impact, named_reforms, read_caseload
from simulator.models import Scenario

from . import caseload_view, reform_editor
from .caseload_pdf import build_caseload_pdf
from .i18n import Translator

DEFAULT_CASELOAD = Path(__file__).resolve().parent.parent / "scenarios" / "caseload" / "caseload-2014.csv"
CUSTOM = "custom"


@st.cache_data(max_entries=16, show_spinner=False)
def _impact(csv: bytes, name: str, date: dt.date, reforms_json: str, period: str, _progress=None) -> dict:
    """The caseload's impact as JSON (cached by content: re-running the same inputs is instant)."""
    cases = read_caseload(csv, name=name)
    return caseload_impact(cases, date, json.loads(reforms_json), period, progress=_progress).as_json()


def _reforms(t: Translator, date: dt.date) -> dict[str, dict]:
    """The reforms to compare with the law: the chosen named ones and the user's own."""
    named = named_reforms()
    chosen = st.multiselect(t("wb.named"), list(named), default=["transport-deduction"], key="wb_named",
                            format_func=lambda k: named[k]["title"])
    for key in chosen:
        st.caption(f"**{named[key]['title']}** — {named[key]['rationale']} ({named[key]['reference']})")
    reforms = {named[k]["title"]: named[k]["reform"] for k in chosen}

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
            st.error(problem)
        st.dataframe(table.drop(columns=["new_value"]), hide_index=True)
    if custom:
        reforms[t("wb.custom")] = custom
    return reforms


def _household(scenario: Scenario, reforms: dict[str, dict], period: str, t: Translator) -> None:
    st.subheader(t("wb.household"))
    rows = []
    results = {t("chart.law"): simulate(scenario, period, reform={}, with_trace=False, with_effects=False)}
    for name, reform in reforms.items():
        results[name] = simulate(scenario, period, reform=reform, with_trace=False, with_effects=False)
    for rules, result in results.items():
        for o in result.options:
            rows.append({t("table.rules"): rules, t("table.option"): o.name,
                         t("result.disposable"): round(o.disposable_income),
                         t("result.gain"): round(o.gain)})
    frame = pd.DataFrame(rows)
    wide = frame.pivot_table(index=t("table.option"), columns=t("table.rules"), values=t("result.gain"),
                             sort=False).reset_index()
    st.caption(t("wb.household_help"))
    st.dataframe(wide, hide_index=True)
    with st.expander(t("wb.household_all")):
        st.dataframe(frame, hide_index=True)


def _caseload(reforms: dict[str, dict], period: str, t: Translator) -> None:
    st.subheader(t("wb.caseload"))
    st.caption(t("wb.caseload_help"))
    source = st.radio(t("wb.source"), ["default", "upload"], key="wb_source", horizontal=True,
                      format_func=lambda s: t(f"wb.source_{s}"))
    csv, name = None, DEFAULT_CASELOAD.name
    if source == "upload":
        upload = st.file_uploader(t("wb.upload"), type=["csv"], key="wb_upload")
        if upload is not None:
            csv, name = upload.getvalue(), upload.name
    else:
        csv = DEFAULT_CASELOAD.read_bytes()
    date = st.date_input(t("wb.date"), value=dt.date(2014, 11, 1), key="wb_date", min_value=dt.date(2013, 1, 1),
                         max_value=dt.date(2030, 12, 31), format="YYYY-MM-DD")
    if csv is None:
        st.info(t("wb.no_file"))
        return
    if not reforms:
        st.info(t("wb.no_reform"))
        return
    progress = st.progress(0.0, text=t("wb.running"))
    try:
        doc = _impact(csv, name, date, json.dumps(reforms, sort_keys=True), period,
                      _progress=lambda share: progress.progress(min(1.0, share), text=t("wb.running")))
    except (CaseloadError, ScenarioError, ValueError) as exc:
        progress.empty()
        st.error(t("wb.bad_file", problem=str(exc)))
        return
    progress.progress(1.0, text=t("wb.done", n=doc.get("households", 0)))
    if doc.get("bad_rows"):
        st.warning(t("wb.bad_rows", n=doc["bad_rows"]) + "\n\n" + "\n".join(
            f"- {e}" for e in (doc.get("errors") or [])[:20]))
    labels = caseload_view.labels_from(t)
    st.dataframe(caseload_view.summary_table(doc, labels), hide_index=True)
    st.dataframe(caseload_view.reform_table(doc, labels), hide_index=True)
    st.altair_chart(caseload_view.work_pays_chart(doc, labels), width="stretch")
    with st.expander(t("results.waterfall_table")):
        st.dataframe(caseload_view.work_pays_frame(doc, labels), hide_index=True)
    for reform in [r["name"] for r in doc.get("reforms", [])]:
        st.markdown(f"**{reform}**")
        st.altair_chart(caseload_view.gain_change_chart(doc, reform, labels), width="stretch")
        st.dataframe(caseload_view.groups_table(doc, reform, labels), hide_index=True)
    with st.expander(t("wb.distribution_table")):
        st.dataframe(caseload_view.distribution_frame(doc, labels), hide_index=True)
    st.caption(t("wb.assumptions"))
    st.dataframe(caseload_view.assumptions_table(doc, labels), hide_index=True)
    tables = {"summary": caseload_view.summary_table(doc, labels), "reforms": caseload_view.reform_table(doc, labels)}
    export = "\n\n".join(f"# {k}\n" + v.to_csv(index=False) for k, v in tables.items())
    digest = hashlib.sha256(export.encode()).hexdigest()[:8]
    st.download_button(t("wb.download_csv"), export.encode("utf-8"), f"caseload-impact-{digest}.csv", "text/csv",
                       key="wb_csv")
    st.download_button(t("wb.download_pdf"), lambda: build_caseload_pdf(doc, labels, t("wb.heading"), t("wb.help")),
                       f"caseload-impact-{digest}.pdf", "application/pdf", key="wb_pdf", on_click="ignore")
    st.download_button(t("wb.download_json"), json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"),
                       f"caseload-impact-{digest}.json", "application/json", key="wb_json")


def render(scenario: Scenario | None, period: str, t: Translator) -> None:
    """The workbench: reforms, their effect on the counsellor's household, and on a caseload."""
    st.header(t("wb.heading"))
    st.caption(t("wb.help"))
    date = scenario.date if scenario is not None else dt.date.today()
    reforms = _reforms(t, date)
    if scenario is not None:
        _household(scenario, reforms, period, t)
    _caseload(reforms, period, t)
