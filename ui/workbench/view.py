"""The policy workbench (Streamlit wiring): compare reforms on one household and on a caseload.

Only widgets and layout here: the reforms come from simulator.reforms and the reform editor
(ui/workbench/reform_editor.py), the numbers from the core (simulator.simulate, simulator.caseload), the charts and
tables from ui/workbench/caseload_view.py. The one cached computation (`_impact`) returns data only and is keyed on
the caseload's digest, the date and the reforms' values: the display period, the language and the
reforms' titles are applied after it, so switching them never recomputes; the spinner lives outside it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import streamlit as st

from simulator import ScenarioError, reforms, simulate
from simulator.caseload import (
    CaseloadError,
    Impact,
    bad_rows_csv,
    caseload_impact,
    frontier,
    json_text,
    no_valid_row_text,
    read_caseload,
    row_text,
)
from simulator.caseload.frontier import Frontier
from simulator.i18n import Translator, translator
from simulator.models import Scenario
from simulator.trace_text import ltr_isolate
from simulator.untrusted import one_line, plain
from ui import cards, share
from ui.host import public_url
from ui.pdf.caseload import build_caseload_pdf
from ui.reform_text import reform_description
from ui.workbench import answer as workbench_answer
from ui.workbench import caseload_export, caseload_view, frontier_view, reform_editor

DEFAULT_CASELOAD = Path(__file__).resolve().parents[2] / "scenarios" / "caseload" / "caseload-2014.csv"
CUSTOM = "custom"
SKIPPED_SHOWN = 20
DEFAULT_DATE = dt.date(2014, 11, 1)  # the date of the default caseload
# At most this many caseload runs at a time in the server process, whatever the number of users: each needs
# memory of a few times its file (README, "Caseload CSV"); the others wait their turn with a message.
MAX_CONCURRENT_RUNS = 1
_RUN_SLOTS = threading.BoundedSemaphore(MAX_CONCURRENT_RUNS)
_running = [0]
_running_lock = threading.Lock()


@contextmanager
def caseload_slot(waiting: Callable[[int], None]) -> Iterator[None]:
    """Hold one of the process's MAX_CONCURRENT_RUNS caseload slots; when none is free, call `waiting` with
    the number of runs under way (the page says so) and wait for one."""
    if not _RUN_SLOTS.acquire(blocking=False):
        with _running_lock:
            running = _running[0]
        waiting(running)
        _RUN_SLOTS.acquire()
    with _running_lock:
        _running[0] += 1
    try:
        yield
    finally:
        with _running_lock:
            _running[0] -= 1
        _RUN_SLOTS.release()
# The workbench's inputs, kept by app.py across runs: a language switch relabels their widgets, and a widget
# Streamlit sees as new would fall back to its default on the next change (buttons and uploads cannot be kept).
KEPT = ("wb_named", "wb_params", "wb_source", "wb_date", "wb_frontier_param", "wb_frontier_from", "wb_frontier_to",
        "wb_frontier_steps", "wb_frontier_point")
# The uploaded caseload as data (bytes and file name), not the upload widget's value: a widget that is not
# drawn (the counsellor view) or is relabelled (a language switch) forgets its file, the session does not.
UPLOAD_DATA, UPLOAD_NAME = "wb_csv_data", "wb_csv_name"
FRONTIER_DEFAULT = "offset.transport_deduction_cap_per_month"


def kept(key: str) -> bool:
    """Whether `key` is one of the workbench's inputs that app.py keeps across runs."""
    return key in KEPT or key.startswith("wb_value_")


@st.cache_data(max_entries=16, show_spinner=False)
def _impact(digest: str, name: str, date: dt.date, reforms_json: str, _csv: bytes) -> Impact:
    """The caseload's impact per month (data only; cached by the CSV's digest, the date and the reforms)."""
    cases = read_caseload(_csv, name=name)
    return caseload_impact(cases, date, json.loads(reforms_json), "month")


@st.cache_data(max_entries=16, show_spinner=False)
def _frontier(digest: str, name: str, date: dt.date, parameter: str, values_json: str, _csv: bytes) -> Frontier:
    """The frontier of `parameter` over the caseload (data only; cached by the CSV's digest and the range)."""
    cases = read_caseload(_csv, name=name)
    return frontier.caseload_frontier(cases, date, parameter, json.loads(values_json))


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

    table = reform_editor.parameter_table(date, t)
    rows = table.set_index("parameter")
    with st.expander(t("wb.editor"), expanded=False):
        st.caption(t("wb.editor_help"))
        # the label in the page's language, the path beside it as the parameter's technical name (kept left to
        # right on a right-to-left page, like the Danish citation of its source)
        ltr = ltr_isolate if t.rtl else str
        named = {path: t("param.option", label=rows.at[path, "label"], path=ltr(path)) for path in rows.index}
        paths = st.multiselect(t("wb.editor_pick"), list(table["parameter"]), key="wb_params",
                               format_func=lambda p: named.get(p, p))
        for path in paths:
            row = rows.loc[path]
            st.text_input(named[path], key=f"wb_value_{path}",
                          placeholder=t("wb.in_force", value=row["in_force"], unit=row["unit"]),
                          help=t("param.help", status=row["status"], source=ltr(row["source"])))
        edited = table.assign(new_value=[st.session_state.get(f"wb_value_{p}", "") if p in paths else ""
                                         for p in table["parameter"]])
        custom, problems = reform_editor.reform_from_table(edited, date, t)
        for problem in problems:
            st.error(plain(problem))
        st.dataframe(reform_editor.shown_table(table, t), hide_index=True)
    if custom:
        values[CUSTOM] = custom
        titles[CUSTOM] = f'{t("wb.custom")}: {reform_description(custom, t)}'
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


def _store_upload() -> None:
    """The upload widget's file, kept in the session as data (or forgotten when the file is taken off)."""
    upload = st.session_state.get("wb_upload")
    if upload is None:
        st.session_state.pop(UPLOAD_DATA, None)
        st.session_state.pop(UPLOAD_NAME, None)
    else:
        st.session_state[UPLOAD_DATA], st.session_state[UPLOAD_NAME] = upload.getvalue(), upload.name


def _source(t: Translator) -> tuple[bytes | None, str]:
    source = st.radio(t("wb.source"), ["default", "upload"], key="wb_source", horizontal=True,
                      format_func=lambda s: t(f"wb.source_{s}"))
    if source == "upload":
        st.file_uploader(t("wb.upload"), type=["csv", "gz"], key="wb_upload", on_change=_store_upload)  # .csv.gz
        data = st.session_state.get(UPLOAD_DATA)
        if data is None:
            return None, ""
        name = st.session_state.get(UPLOAD_NAME, "caseload.csv")
        st.caption(plain(t("wb.upload_kept", name=one_line(name, 80))))
        return data, name
    return DEFAULT_CASELOAD.read_bytes(), DEFAULT_CASELOAD.name


def _caseload(values: dict[str, dict], titles: dict[str, str], period: str, t: Translator,
              scenario: Scenario | None = None) -> Impact | None:
    """The caseload's source, date, tables, charts, frontier and downloads; the impact for the answer."""
    st.subheader(t("wb.caseload"))
    st.caption(t("wb.caseload_help"))
    csv, name = _source(t)
    st.session_state.setdefault("wb_date", DEFAULT_DATE)
    date = st.date_input(t("wb.date"), key="wb_date", min_value=dt.date(2013, 1, 1),
                         max_value=dt.date(2030, 12, 31), format="YYYY-MM-DD")
    if csv is None:
        st.info(t("wb.no_file"))
        return None
    digest = hashlib.sha256(csv).hexdigest()
    result = None
    if not values:
        st.info(t("wb.no_reform"))
    else:
        queued = st.empty()
        try:
            with caseload_slot(lambda running: queued.info(t("disguise.busy", running=running,
                                                             limit=MAX_CONCURRENT_RUNS))):
                queued.empty()
                with st.spinner(t("wb.running")):
                    monthly = _impact(digest, name, date, json.dumps(values, sort_keys=True), _csv=csv)
        except (CaseloadError, ScenarioError, ValueError) as exc:
            st.error(plain(t("wb.bad_file", problem=file_problem(exc, t))))
            return None
        result = caseload_view.with_titles(monthly.in_period(period), {"law": t("chart.law"), **titles})
        _show(result, t)
        _downloads(result, t, digest[:8])
    _frontier_section(csv, name, digest, date, scenario, period, t)
    return result


def _reset_range() -> None:
    """A newly chosen number to sweep starts on its own range."""
    low, high, steps = frontier.RANGES[st.session_state["wb_frontier_param"]]
    st.session_state["wb_frontier_from"], st.session_state["wb_frontier_to"] = low, high
    st.session_state["wb_frontier_steps"] = steps
    st.session_state.pop("wb_frontier_point", None)


def _use_point(parameter: str, reform: dict, lang: str) -> None:
    """The picked point becomes the reform editor's reform (compared, exported and shared like any other),
    its values written in the page's language."""
    table = reform_editor.parameter_table(st.session_state.get("wb_date", DEFAULT_DATE))
    paths = list(st.session_state.get("wb_params", []))
    for path, value in reform.items():
        if path not in paths:
            paths.append(path)
        st.session_state[f"wb_value_{path}"] = reform_editor.value_text(value, translator(lang))
    st.session_state["wb_params"] = [p for p in table["parameter"] if p in paths]


def _frontier_section(csv: bytes, name: str, digest: str, date: dt.date, scenario: Scenario | None,
                      period: str, t: Translator) -> None:
    """Design a reform: one number swept over its range, cost against work pays, a point picked to compare."""
    ss = st.session_state
    st.subheader(t("wb.frontier"))
    st.caption(t("wb.frontier_help"))
    if ss.get("wb_frontier_param") not in frontier.PARAMETERS:
        ss["wb_frontier_param"] = FRONTIER_DEFAULT
        _reset_range()
    c1, c2, c3, c4 = st.columns([3, 1, 1, 1], vertical_alignment="bottom")
    parameter = c1.selectbox(t("wb.frontier_param"), list(frontier.PARAMETERS), key="wb_frontier_param",
                             format_func=lambda p: t(f"wb.frontier_param.{p}"), on_change=_reset_range)
    low = c2.number_input(t("wb.frontier_from"), key="wb_frontier_from", min_value=0.0, max_value=1_000_000.0)
    high = c3.number_input(t("wb.frontier_to"), key="wb_frontier_to", min_value=0.0, max_value=1_000_000.0)
    steps = c4.number_input(t("wb.frontier_steps"), key="wb_frontier_steps", min_value=frontier.STEPS[0],
                            max_value=frontier.STEPS[1], step=1)
    queued = st.empty()
    try:
        if not low < high:
            raise ScenarioError("frontier", t("wb.frontier_order"))
        points = frontier.values(float(low), float(high), int(steps))
        # an end outside the parameter's range: said in the page's language, not the core's English
        problem = next(filter(None, (reform_editor.value_problem(parameter, v, t) for v in (points[0], points[-1]))),
                       None)
        if problem:
            st.error(plain(t("wb.frontier_bad", problem=problem)))
            return
        for v in (points[0], points[-1]):
            frontier.point_reform(parameter, v)
        with caseload_slot(lambda running: queued.info(t("disguise.busy", running=running,
                                                         limit=MAX_CONCURRENT_RUNS))):
            queued.empty()
            with st.spinner(t("wb.running")):
                f = _frontier(digest, name, date, parameter, json.dumps(points), _csv=csv)
    except (CaseloadError, ScenarioError, ValueError) as exc:
        st.error(plain(t("wb.frontier_bad", problem=file_problem(exc, t))))
        return
    if ss.get("wb_frontier_point") not in range(len(f.points)):
        ss["wb_frontier_point"] = len(f.points) // 2
    st.altair_chart(frontier_view.chart(f, t, ss["wb_frontier_point"]), width="stretch")
    with st.expander(t("wb.frontier_table")):
        st.dataframe(frontier_view.table(f, t), hide_index=True)
    i = st.selectbox(t("wb.frontier_pick"), list(range(len(f.points))), key="wb_frontier_point",
                     format_func=lambda k: frontier_view.point_text(parameter, f.points[k], t))
    point = f.points[i]
    st.button(t("wb.frontier_use"), key="wb_frontier_use", on_click=_use_point,
              args=(parameter, dict(point.reform), t.lang))
    if scenario is not None:
        query = share.to_query_string(scenario.model_copy(update={"reform": dict(point.reform)}), period, t.lang)
        st.caption(t("wb.frontier_link"))
        base, _ = public_url.page_base(st.context.headers, st.context.url, st.get_option("server.baseUrlPath"))
        st.html(cards.link_html(public_url.share_link(base, query)))  # the public address
    st.download_button(t("wb.frontier_download"), caseload_export.frontier_csv(f), f"frontier-{digest[:8]}.csv",
                       "text/csv", key="wb_frontier_csv", on_click="ignore")


def file_problem(exc: Exception, t: Translator) -> str:
    """Why a caseload cannot be used, in the page's language: a file whose every row is bad with its first
    row's problem, any other file problem (size, encoding, header) as the core's error says it."""
    if getattr(exc, "errors", None):
        return no_valid_row_text(exc, t)
    return exc.message_in(t) if isinstance(exc, ScenarioError) else str(exc)


def first_rows(errors, rows: int) -> tuple[list, int]:
    """The problems of the first `rows` skipped rows (a row may have several) and how many rows they are:
    "the first 2 are listed" counts rows, not problems."""
    lines: list[int] = []
    shown = []
    for e in errors:
        if e.line not in lines:
            if len(lines) == rows:
                break
            lines.append(e.line)
        shown.append(e)
    return shown, len(lines)


def _show(result: Impact, t: Translator) -> None:
    labels = caseload_view.labels_from(t)
    number = t.number
    # our own sentences with formatted numbers: nothing from outside, so no escaping
    st.markdown(t("caseload.coverage", n=number(result.households), total=number(result.rows_read)))
    if result.skipped_rows:
        shown, rows = first_rows(result.row_errors, SKIPPED_SHOWN)
        st.warning(t("caseload.skipped", n=number(result.skipped_rows), total=number(result.rows_read),
                     shown=number(rows)))
        # in the page's language; the cells quoted in them came from the file: shown as plain text (st.text)
        st.text("\n".join(one_line(row_text(e, t)) for e in shown))
    st.dataframe(caseload_view.summary_table(result, labels, number), hide_index=True)
    st.dataframe(caseload_view.reform_table(result, labels, number), hide_index=True)
    st.altair_chart(caseload_view.work_pays_chart(result, labels), width="stretch")
    st.subheader(t("wb.who"))
    for reform in result.reforms:
        st.markdown(f"**{plain(reform.title)}**")
        st.caption(plain(workbench_answer.losers_text(reform, result, t)))
        st.altair_chart(caseload_view.gain_change_chart(result, reform.name, labels, number), width="content")
        st.dataframe(caseload_view.groups_table(result, reform.name, labels, number), hide_index=True)
    with st.expander(t("wb.distribution_table")):
        st.dataframe(caseload_view.distribution_frame(result, labels, number), hide_index=True)
    st.caption(t("wb.assumptions"))
    st.dataframe(caseload_view.assumptions_table(result, labels, t), hide_index=True)


def _export_csv(result: Impact, t: Translator | None = None) -> bytes:
    """The coverage, the legal warnings, the summary, the reforms' figures, the groups and the skipped rows
    (their problems in the page's language), as raw numbers (integers as integers), spreadsheet-safe."""
    return caseload_export.csv_bytes(result, t)


def _downloads(result: Impact, t: Translator, digest: str) -> None:
    labels = caseload_view.labels_from(t)
    # on_click="ignore": a download does not rerun the page (nothing on it changes)
    st.download_button(t("wb.download_csv"), _export_csv(result, t), f"caseload-impact-{digest}.csv", "text/csv",
                       key="wb_csv", on_click="ignore")
    st.download_button(t("wb.download_pdf"),
                       lambda: build_caseload_pdf(result, labels, t("wb.heading"), t("wb.help"), t.number,
                                                  t.lang, workbench_answer.warning_lines(result, t)),
                       f"caseload-impact-{digest}.pdf", "application/pdf", key="wb_pdf", on_click="ignore")
    st.download_button(t("wb.download_xlsx"), lambda: caseload_export.xlsx_bytes(result, labels, t),
                       f"caseload-impact-{digest}.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="wb_xlsx",
                       on_click="ignore")
    st.download_button(t("wb.download_json"), json_text(result).encode("utf-8"), f"caseload-impact-{digest}.json",
                       "application/json", key="wb_json", on_click="ignore")
    if result.skipped_rows:
        st.download_button(t("caseload.skipped_download"), bad_rows_csv(result.row_errors, t).encode("utf-8"),
                           f"caseload-skipped-rows-{digest}.csv", "text/csv", key="wb_skipped", on_click="ignore")


def _answer(result: Impact | None, t: Translator) -> None:
    """The answer first: a card per reform, then the legal warnings the caseload draws."""
    if result is None or not result.reforms:
        return
    st.html(workbench_answer.answer_html(result, t))
    lines = workbench_answer.warning_lines(result, t)
    if lines:
        st.warning("\n\n".join(plain(x) for x in lines))


def render(scenario: Scenario | None, period: str, t: Translator) -> None:
    """The workbench: the answer on the caseload first, then the reforms, their effect on the counsellor's
    household, and the caseload's tables, charts, frontier and downloads."""
    st.header(t("wb.heading"))
    st.caption(t("wb.help"))
    answer = st.container()
    date = scenario.date if scenario is not None else dt.date.today()
    values, titles = _reforms(t, date)
    if scenario is not None:
        _household(scenario, values, titles, period, t)
    result = _caseload(values, titles, period, t, scenario)
    with answer:
        if not values:
            st.info(t("wb.no_reform"))
        _answer(result, t)
