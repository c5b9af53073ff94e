"""The page's editors: the household and the options, each folded under the answer, each showing the
answer it changes (the options' result beside their inputs), so a changed number is seen where it is typed.

Streamlit widgets only; the values live in `st.session_state` under the keys of ui/state.py.
"""
from __future__ import annotations

from typing import Any

import streamlit as st

from simulator.i18n import Translator
from simulator.models import CHARGE_MODES, HOUSING, PROCEDURES, WORK_KINDS
from simulator.result import Result
from simulator.untrusted import isolated, plain
from ui import state
from ui.page.answer import summary
from ui.page.folds import folded
from ui.sentences import transport_covered
from ui.text import option_label

ss = st.session_state


def household(t: Translator, law: Result | None, line: str) -> None:
    """The household's inputs, folded under a label that says what they hold."""
    label = f"{t('household.heading')}: {line}" if line else t("household.heading")
    # Made only while open (ui/page/folds.py): closed, its fields cost an input's change nothing, and their
    # values are kept by app.py as the workbench keeps them.
    with folded(plain(label), "household_open") as is_open:
        if not is_open:
            return
        if law is not None:
            st.caption(plain(" · ".join(f"{isolated(option_label(o.name, t))}: {t.kr(o.disposable_income)}"
                                        for o in law.options), isolates=True))
        c1, c2, c3 = st.columns(3)
        with c1:
            st.radio(t("household.adults"), [1, 2], key="adults", horizontal=True)
            if ss["adults"] == 2:
                st.checkbox(t("household.couple"), key="couple")
            st.number_input(t("household.children"), min_value=state.LIMITS["children"][0],
                            max_value=state.LIMITS["children"][1], step=1, key="children")
            st.date_input(t("household.date"), key="date", min_value=state.DATE_RANGE[0],
                          max_value=state.DATE_RANGE[1], help=t("household.date_help"), format="YYYY-MM-DD")
        with c2:
            st.selectbox(t("household.housing"), HOUSING, format_func=lambda h: t(f"housing.{h}"), key="housing")
            if ss["housing"] != "own_housing":
                st.checkbox(t("household.has_housing_cost"), key="has_housing_cost")
            if ss["housing"] == "own_housing" or ss["has_housing_cost"]:
                st.number_input(t("household.housing_cost"), min_value=state.LIMITS["housing_cost"][0],
                                max_value=state.LIMITS["housing_cost"][1], step=100.0, key="housing_cost",
                                help=t("household.housing_cost_help"))
            st.selectbox(t("household.phase"), [1, 2, 3], format_func=lambda p: t(f"phase.{p}"), key="phase")
            st.selectbox(t("household.procedure"), PROCEDURES, format_func=lambda p: t(f"procedure.{p}"),
                         key="procedure")
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


def _renamed(i: int) -> None:
    """A typed name is kept as it is; an emptied name, or the one the inputs give, follows the inputs again."""
    typed = ss[f"opt{i}_name"].strip()
    ss[f"opt{i}_auto"] = not typed or typed == state.auto_name(ss, i, Translator(ss.get("lang") or "en"))


def _job(t: Translator, i: int, suffix: str, covered: tuple[bool, ...] = (True,)) -> None:
    """The inputs of one adult's job in option `i`. An unpaid praktik asks for no commuter card when the
    centre pays its transport under every rule set shown (`covered`: the law's, and the proposal's)."""
    key = f"opt{i}_{{}}{suffix}".format
    st.selectbox(t("option.kind"), WORK_KINDS, format_func=lambda k: t(f"kind.{k}"), key=key("kind"))
    st.number_input(t("option.hours"), min_value=state.LIMITS["hours"][0], max_value=state.LIMITS["hours"][1],
                    step=0.5, key=key("hours"))
    if ss[key("kind")] != "unpaid_praktik":
        st.radio(t("option.pay_mode"), ["hourly", "monthly"], format_func=lambda p: t(f"pay.{p}"),
                 key=key("pay_mode"), horizontal=True)
        if ss[key("pay_mode")] == "monthly":
            st.number_input(t("option.monthly"), min_value=state.LIMITS["monthly"][0],
                            max_value=state.LIMITS["monthly"][1], step=100.0, key=key("monthly"))
        else:
            st.number_input(t("option.wage"), min_value=state.LIMITS["wage"][0], max_value=state.LIMITS["wage"][1],
                            step=1.0, key=key("wage"))
    praktik = ss[key("kind")] == "unpaid_praktik"
    if praktik and all(covered):
        st.caption(t("sentences.praktik_form_covered"))
        return
    st.number_input(t("option.transport"), min_value=state.LIMITS["transport"][0],
                    max_value=state.LIMITS["transport"][1], step=50.0, key=key("transport"))
    if praktik:
        st.caption(t("sentences.praktik_form_not_covered"))


def _option(t: Translator, i: int, result: Any, covered: tuple[bool, ...]) -> None:
    with st.container(border=True):
        if result is not None:
            st.markdown(f"**{plain(isolated(option_label(result.name, t)), isolates=True)}** — "
                        f"{plain(summary(result, t))}")
        st.text_input(t("option.name"), key=f"opt{i}_name", max_chars=80, on_change=_renamed, args=(i,),
                      help=t("option.name_help"))
        if ss["adults"] == 2:
            st.selectbox(t("option.who"), state.WHO, format_func=lambda w: t(f"who.{w}"), key=f"opt{i}_who")
        if ss["adults"] == 2 and ss[f"opt{i}_who"] == "both":
            st.markdown(f"**{t('option.job_of', n=1)}**")
            _job(t, i, "", covered)
            st.markdown(f"**{t('option.job_of', n=2)}**")
            _job(t, i, "_2", covered)
        else:
            _job(t, i, "", covered)
        st.button(t("options.remove"), key=f"remove_{i}", on_click=_remove_option, args=(i,))


def options(t: Translator, law: Result | None, reform: Result | None = None) -> None:
    """Every option's inputs, three to a row (one on a phone), each under the result it gives."""
    n = ss["n_options"]
    covered = tuple(transport_covered(r) for r in (law, reform) if r is not None) or (True,)
    with st.expander(t("options.heading"), key="options_open"):
        st.caption(t("options.help"))
        for row in range(0, n, 3):
            columns = st.columns(3)
            for i, col in zip(range(row, min(row + 3, n)), columns, strict=False):
                with col:
                    result = law.options[i + 1] if law is not None and i + 1 < len(law.options) else None
                    _option(t, i, result, covered)
        st.button("+ " + t("options.add"), on_click=_add_option, disabled=n >= state.MAX_OPTIONS)
