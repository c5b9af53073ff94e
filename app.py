"""Krone for Krone — the counsellor's page. Reads top to bottom: the link → inputs → the core → the page.

The answer comes first: the script computes from the inputs held in the session before it draws them, so
the cards at the top (ui/page/answer.py) show the result of the last change, and the editors below them
(ui/page/editors.py) show each option's result beside its inputs. No rule or amount lives here: the core
(simulator/) computes, ui/ renders, and this script only wires them.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import streamlit as st

from simulator import ScenarioError, reforms, simulate, sweep
from simulator.i18n import LANGUAGES, language_label, translator
from simulator.scenario_files import dump_scenario, load_scenario, read_scenario_bytes, scenario_to_dict
from simulator.untrusted import plain
from ui import cards, notes, share, state
from ui.host import public_url
from ui.page import answer, editors, folds, prose, results_view
from ui.pdf.resident import build_pdf
from ui.reform_text import reform_description
from ui.text import household_line, option_label
from ui.workbench import view as workbench

ANSWER_FIRST_PAUSE_S = 0.01   # seconds between the answer and the rest of the page (section 4)
STARTED = time.perf_counter()  # the script's own time per rerun is kept in ss["run_ms"] (benchmarks/run.py)
SCENARIO_DIR = Path(__file__).parent / "scenarios"
EXAMPLES = sorted(p.name for p in SCENARIO_DIR.glob("*.yaml"))
NAMED_REFORMS = reforms.named()
ss = st.session_state

st.set_page_config(page_title="Krone for Krone", page_icon="⚖️", layout="wide", menu_items={})


# --- 1. Read the link once into the session ---------------------------------------------------------------
def _unshown_notes(scenario, values: dict) -> list[notes.Note]:
    """For each option the editor cannot hold as it is: what the page shows instead, in numbers."""
    names = state.unshown(scenario)
    if not names:
        return []
    shown = simulate(state.from_state(values | {"lang": ss.get("lang")}), reform={})
    full = simulate(scenario, reform={})
    kept = [o.name for o in scenario.compared_options()]
    said = []
    for name in names:
        i = kept.index(name)
        if i >= len(shown.options):
            continue
        was, now = full.options[i].disposable_income, shown.options[i].disposable_income
        said.append(notes.note("notes.unshown", name=notes.LinkText(name), shown=notes.Money(now),
                               file=notes.Money(was), change=notes.Money(now - was, signed=True)))
    return said


def _apply(scenario, loaded: str | None = None) -> None:
    values, simplified = state.to_state(scenario)
    for key in [k for k in ss.keys() if k.startswith("opt")]:
        del ss[key]
    ss.update(values)
    # Notes, not text: said below in the page's language on every run, so they follow a switch of language.
    ss["notes"] = simplified + _unshown_notes(scenario, values)
    ss["loaded"] = loaded
    ss["named_reform"] = next((k for k, r in NAMED_REFORMS.items() if dict(r.values) == scenario.reform), None)


if "ready" not in ss:
    params = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    decoded = share.decode(params, state.default_scenario())
    ss["period"], ss["lang"], ss["view"] = decoded.period, decoded.lang, "counsellor"
    _apply(decoded.scenario)
    ss["ignored"] = decoded.notes   # said below in the page's language (the link's, or the one picked since)
    ss["ready"] = True

# Widgets not drawn in a run lose their values; keep the scenario's while the workbench is shown or the
# household's editor is closed (its fields are made only while it is open: ui/page/folds.py). The view
# and the period are kept the same way: a language switch relabels their widgets, which Streamlit would
# otherwise treat as new ones and reset on the next change (the workbench fell back to the counsellor view);
# so are the workbench's inputs (workbench.kept), and which tabs and folds are open (their content is made only
# while open: folds.kept).
for key in [k for k in ss.keys() if k in state.STATE_KEYS or k in ("view", "period") or k.startswith("opt")
            or workbench.kept(k) or folds.kept(k)]:
    ss[key] = ss[key]

t = translator(ss["lang"])
st.html(answer.page_css(t.rtl, t("sidebar.upload_button")))


# --- 2. Sidebar: view, period, files; the language on the page itself (a phone hides the sidebar) ----------
def _open_example() -> None:
    name = ss.get("example")
    if name not in EXAMPLES:
        return
    try:
        _apply(load_scenario(SCENARIO_DIR / name), name)
    except ScenarioError as exc:   # said in the page's language; the field as the file names it
        ss["load_error"] = exc.message_in(translator(ss.get("lang")))


def _open_upload() -> None:
    upload = ss.get("upload")
    if upload is None:
        return
    try:
        scenario = read_scenario_bytes(upload.getvalue(), upload.name)
    except ScenarioError as exc:   # a field's message says which file only when the file itself is the problem
        message = exc.message_in(translator(ss.get("lang")))
        ss["load_error"] = message if message.startswith(upload.name) else f"{upload.name}: {message}"
        return
    _apply(scenario, upload.name)


with st.sidebar:
    st.radio(t("sidebar.view"), ["counsellor", "policy"], format_func=lambda v: t(f"view.{v}"), key="view")
    st.radio(t("sidebar.period"), ["month", "14d"], format_func=lambda p: t(f"period.{p}"), key="period",
             horizontal=True)
    st.subheader(t("sidebar.files"))
    st.selectbox(t("sidebar.example"), EXAMPLES, key="example", on_change=_open_example, index=None,
                 placeholder=t("sidebar.example_none"))
    # Streamlit's own "Drag and drop … 64MB per file" text cannot be translated by an app: it is hidden
    # (answer.uploader_css) and said here in the page's language.
    st.file_uploader(t("sidebar.upload"), type=["yaml", "yml", "json"], key="upload", on_change=_open_upload)
    st.caption(t("sidebar.upload_hint"))

c1, c2 = st.columns([5, 2], vertical_alignment="bottom")   # room for "<language> (machine translated …)"
c1.title(t("app.title"))
c2.selectbox(t("sidebar.language"), list(LANGUAGES), format_func=language_label, key="lang")
if ss["view"] == "policy":
    try:
        household = state.from_state(ss)
    except ScenarioError:
        household = None
    workbench.render(household, ss["period"], t)
    st.stop()


# --- 3. The core, on the inputs of the last change -------------------------------------------------------
# Keyed on the scenario as canonical JSON: quick to make on every rerun, and to read back on a miss.
@st.cache_data(max_entries=64, show_spinner=False)
def compute_results(scenario_json: str, period: str) -> dict:
    scenario = load_scenario(json.loads(scenario_json))
    results = {"law": simulate(scenario, period, reform={})}
    if scenario.reform:
        results["reform"] = simulate(scenario, period)
    return results


# The curves are computed after the answer is on its way to the browser: Streamlit sends each element as
# the script reaches it, so the answer does not wait for them (a curve takes a fraction of a millisecond
# of a rerun's ~45 ms).
@st.cache_data(max_entries=64, show_spinner=False)
def compute_curves(scenario_json: str, period: str):
    scenario = load_scenario(json.loads(scenario_json))
    return sweep(scenario, over="hours", period=period) if scenario.options else None


problem = scenario = law = reform = None
try:
    scenario = state.from_state(ss)
    scenario_json = json.dumps(scenario_to_dict(scenario, keep_labels=False), sort_keys=True)
    results = compute_results(scenario_json, ss["period"])
    law, reform = results["law"], results.get("reform")
except ScenarioError as exc:
    problem = exc.message_in(t)
period_label = t(f"period.{ss['period']}")

# --- 4. The answer -----------------------------------------------------------------------------------------
if ss.get("load_error"):
    st.error(plain(ss.pop("load_error")))
if ss.get("ignored"):
    st.warning(t("share.ignored") + "\n\n" + "\n".join(f"- {plain(notes.say(x, t), isolates=True)}"
                                                      for x in ss["ignored"]))
if ss.get("loaded"):
    st.caption(plain(t("sidebar.loaded", name=ss["loaded"])))
if ss.get("notes"):
    st.info(t("share.simplified") + "\n\n" + "\n".join(f"- {plain(notes.say(x, t), isolates=True)}"
                                                        for x in ss["notes"]))
if problem is not None:
    st.error(plain(t("error.input", problem=problem)))
else:
    # One element (ui/page/prose.py: each element a change sends delays the answer's update).
    st.html(answer.answer_block(law, reform, t, period_label, scenario, household_line(scenario, t)))
    # Then a breath, so the browser draws the new answer before the rest of the page arrives: Streamlit's page
    # redraws only when its messages pause, and works through the ~50 that follow at ~2 ms each (issue 20:
    # input → new answer ~200 → ~120 ms median on a 2-core machine, the rest ~10 ms later: benchmarks/README.md).
    time.sleep(ANSWER_FIRST_PAUSE_S)
    # An option that follows its inputs shows the name they give, in the page's language.
    for i, name in enumerate(state.option_names(ss)):
        if ss.get(f"opt{i}_auto"):
            ss[f"opt{i}_name"] = name


# --- 5. The inputs, folded under the answer --------------------------------------------------------------
def _apply_named_reform() -> None:
    name = ss.get("named_reform")
    values = dict(NAMED_REFORMS[name].values) if name in NAMED_REFORMS else {}
    ss["featured_reform"], ss["reform_other"] = state.split_reform(values)


editors.household(t, law, "" if scenario is None else household_line(scenario, t))
editors.options(t, law, reform)
c1, c2 = st.columns([3, 2])
if state.FEATURED is not None:
    c1.toggle(f"{state.FEATURED.title_in(t.lang)} — {t('reform.heading')}", key="featured_reform",
              help=state.FEATURED.description_in(t.lang))
c2.selectbox(t("reform.named"), list(NAMED_REFORMS), index=None, key="named_reform", on_change=_apply_named_reform,
             format_func=lambda k: NAMED_REFORMS[k].title_in(t.lang), placeholder=t("reform.named_none"))
if ss.get("reform_other"):
    st.caption(plain(t("reform.other", changes=reform_description(ss["reform_other"], t))))
if problem is not None:
    st.stop()

# --- 6. Each option in detail, the curve, the assumptions, every number ------------------------------------
results_view.details(scenario, law, t, ss["period"], reform)
results_view.curve(scenario, compute_curves(scenario_json, ss["period"]), law, t, period_label)
# What the result rests on, and the heading of every number, as one element (ui/page/prose.py).
st.html(prose.block(results_view.assumptions_html(law, t, period_label), prose.heading(t("table.heading"))))
csv = results_view.numbers(results, t)
downloads = st.container(horizontal=True)
downloads.download_button(t("table.download"), csv, "krone-for-krone-results.csv", "text/csv")
# The file as bytes, not a callable: a deferred download made the browser's update ~50 ms slower.
downloads.download_button(t("sidebar.download"), dump_scenario(scenario, keep_labels=False).encode("utf-8"),
                          "scenario.yaml", "application/x-yaml")

# --- 7. The link and the page to take home -----------------------------------------------------------------
query = share.to_query_string(scenario, ss["period"], ss["lang"])
# The public address (behind a proxy, at a sub-path), never the internal port: ui/host/public_url.py says from where.
base, bad_setting = public_url.page_base(st.context.headers, st.context.url, st.get_option("server.baseUrlPath"))
link = public_url.share_link(base, query)
if bad_setting:
    st.error(plain(t("serve.bad_public_url", problem=bad_setting)))
# The link under its heading, and the next heading, as one element (ui/page/prose.py).
st.html(prose.block(prose.heading(t("share.heading")), prose.paragraphs([t("share.help")], small=True),
                    cards.link_html(link), prose.heading(t("pdf.heading"))))
c1, c2 = st.columns(2)
paid_names = [o.name for o in law.options[1:]] or [law.options[0].name]
chosen = c1.selectbox(t("pdf.option"), paid_names, key="pdf_option", format_func=lambda n: option_label(n, t))
name = c2.text_input(t("pdf.name"), key="pdf_name", max_chars=60)
named = NAMED_REFORMS.get(ss.get("named_reform") or "")
reform_title = (named.title_in(t.lang) if named is not None and dict(named.values) == scenario.reform
                else state.FEATURED.title_in(t.lang) if ss.get("featured_reform") and not ss.get("reform_other")
                else None)   # None: the PDF names the changes in plain words itself
pdf_inputs = (scenario, law, ss["lang"], link, chosen, name or None, reform, reform_title)
st.download_button(t("pdf.download"), lambda: build_pdf(*pdf_inputs), "krone-for-krone.pdf", "application/pdf",
                   key="pdf_download", type="primary", on_click="ignore")
st.query_params.from_dict(share.encode(scenario, ss["period"], ss["lang"]))
ss["run_ms"] = (time.perf_counter() - STARTED) * 1e3
