"""The policy workbench's pure parts: a typed caseload `Impact` in, `alt.Chart` or `pd.DataFrame` out.
No Streamlit, no JSON: every function reads the dataclass fields of `simulator.caseload.Impact`.

`labels` maps key → text (English by default; build one from a translator with `labels_from`); `number`
formats whole numbers for display: `Translator.number` of the page's language (English by default), the one
number style of every surface. Tables for display hold text (formatted numbers, "value (low to high)", as
the CLI's report writes them: simulator.caseload.report); the `*_export` frames hold raw numbers for CSV.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

import altair as alt
import pandas as pd

from simulator.caseload import HOUSEHOLD_TYPES, Figure, Impact, ReformImpact
from simulator.caseload.report import amount_text, reform_measures
from simulator.caseload.report import figure_text as ranged_text
from simulator.i18n import DEFAULT, translator
from simulator.periods import period as get_period

TYPE_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c")
LAW_COLOUR, REFORM_COLOUR = "#455a64", "#1b6e3a"
Number = Callable[[float], str]
english_number: Number = translator(DEFAULT).number   # '1,234,567', a true minus: the page's English

LABELS: dict[str, str] = {
    "single": "Single adult",
    "couple_no_children": "Two adults, no children",
    "family_with_children": "Household with children",
    "all": "All households",
    "centre_canteen": "Centre with canteen",
    "centre_self_catering": "Centre, self-catering",
    "independent_housing": "Independent housing",
    "private_accommodation": "Private accommodation",
    "special_housing": "Special housing",
    "own_housing": "Own housing",
    "phase_1": "Phase 1 (not yet registered)",
    "phase_2": "Phase 2 (registered)",
    "phase_3": "Phase 3 (rejected)",
    "normal": "Normal procedure",
    "dublin": "Dublin",
    "manifestly_unfounded": "Manifestly unfounded (ÅG)",
    "manifestly_unfounded_urgent": "Manifestly unfounded, urgent (ÅGH)",
    "rule_set": "Rules",
    "reform": "Reform",
    "measure": "Figure",
    "group": "Group",
    "households": "Households",
    "household_type": "Household type",
    "gain_change": "Change in gain from work, kr per {period}",
    "work_pays": "Work pays (gain of at least 1 kr a month)",
    "work_pays_law": "Work pays, law",
    "work_pays_reform": "Work pays, reform",
    "work_pays_change": "Change in work pays",
    "no_longer_costs": "Work no longer costs money",
    "range": "Range over assumptions",
    "winners": "Winners",
    "losers": "Losers",
    "unchanged": "No change",
    "mean_change": "Mean change, kr per {period}",
    "median_change": "Median change, kr per {period}",
    "mean_change_winners": "Mean gain of winners",
    "median_change_winners": "Median gain of winners",
    "mean_change_losers": "Mean loss of losers",
    "allowances_paid": "Allowances paid / month",
    "charges": "Charges collected / month",
    "tax_am": "Tax and AM collected / month",
    "allowances_paid_change": "Δ allowances paid / month",
    "charges_change": "Δ charges collected / month",
    "tax_am_change": "Δ tax and AM / month",
    "net_cost_per_month": "Net cost to the state / month",
    "net_cost_per_year": "Net cost to the state / year",
    "allowances_paid_in": "Allowances paid per {period}",
    "charges_in": "Charges collected per {period}",
    "tax_am_in": "Tax and AM collected per {period}",
    "allowances_paid_change_in": "Δ allowances paid per {period}",
    "charges_change_in": "Δ charges collected per {period}",
    "tax_am_change_in": "Δ tax and AM per {period}",
    "net_cost_per_month_in": "Net cost to the state per {period}",
    "low": "low",
    "high": "high",
    "value": "value",
    "to": "to",
    "assumption": "Assumption",
    "alternative": "Alternative computed",
    "computed": "In the range",
    "yes": "yes",
    "no": "no (not computable)",
    "month": "month",
    "14d": "14 days",
    "change_bin": "Change, kr",
    "no_change": "no change",
    "line": "Line",
    "column": "Column",
    "problem": "Problem",
    "skipped": "{n} of {total} rows were skipped (they could not be used); the first {shown} are listed below, "
               "and all of them are in the download.",
}


def labels_from(t: Callable[[str], str], prefix: str = "caseload.") -> dict[str, str]:
    """Labels from a translator (`t(key)` returns the key itself when it has no text): English where missing."""
    out = {}
    for key, english in LABELS.items():
        text = t(prefix + key)
        out[key] = english if text == prefix + key else text
    return out


def _label(labels: Mapping[str, str], key: str, impact: Impact) -> str:
    return labels.get(key, key).format(period=labels.get(impact.period, impact.period))


def figure_text(f: Figure, labels: Mapping[str, str], number: Number = english_number, signed: bool = False) -> str:
    """'1,234 (1,100 to 1,300)': the figure and, when it differs, its range over the assumptions."""
    return ranged_text(f, number, labels["to"], signed)


def with_titles(impact: Impact, titles: Mapping[str, str]) -> Impact:
    """The impact with its rule sets' titles replaced by `titles` (name → title, e.g. in the page's language)."""
    return impact.titled(titles)


def flow_factor(impact: Impact) -> float:
    """A monthly flow × this = the flow in the impact's period (1 per month): one period per view."""
    return get_period(impact.period).days / get_period("month").days


def _flow_key(key: str, impact: Impact) -> str:
    return key if impact.period == "month" else f"{key}_in"


def summary_table(impact: Impact, labels: Mapping[str, str] = LABELS, number: Number = english_number
                  ) -> pd.DataFrame:
    """One row per rule set (law first): work pays (with its range), and the state's flows in the impact's
    period (every figure of a view in one period)."""
    f = flow_factor(impact)

    def flow(x: float | None) -> str:
        return amount_text(None if x is None else x * f, number)

    rows = [{labels["rule_set"]: s.title,
             labels["work_pays"]: figure_text(s.work_pays, labels, number),
             _label(labels, _flow_key("allowances_paid", impact), impact): flow(s.allowances_paid.value),
             _label(labels, _flow_key("charges", impact), impact): flow(s.charges.value),
             _label(labels, _flow_key("tax_am", impact), impact): flow(s.tax_am.value)} for s in impact.summaries]
    return pd.DataFrame(rows)


def _measures(r: ReformImpact, impact: Impact | None = None) -> list[tuple[str, Figure, bool]]:
    """A reform's figures in reading order: (label key, figure, shown with a sign). With `impact`, the flows
    in its period (for display); without, per month (the exports, as the JSON)."""
    return reform_measures(r, 1.0 if impact is None else flow_factor(impact))


def reform_table(impact: Impact, labels: Mapping[str, str] = LABELS, number: Number = english_number,
                 reforms: slice = slice(None)) -> pd.DataFrame:
    """The reforms against the law: one row per figure, one column per reform (narrow enough for a screen
    or a page however many figures there are), each cell 'value (low to high)'."""
    chosen = impact.reforms[reforms]
    rows = []
    for k, (key, _, _) in enumerate(_measures(impact.reforms[0], impact)) if impact.reforms else []:
        row = {labels["measure"]: _label(labels, key, impact)}
        for r in chosen:
            _, fig, signed = _measures(r, impact)[k]
            row[r.title] = figure_text(fig, labels, number, signed)
        rows.append(row)
    return pd.DataFrame(rows)


def reform_export(impact: Impact) -> pd.DataFrame:
    """The reforms' figures as raw numbers, long: reform, measure, value, low, high (for CSV)."""
    rows = [{"reform": r.name, "title": r.title, "measure": key, "value": fig.value, "low": fig.low, "high": fig.high}
            for r in impact.reforms for key, fig, _ in _measures(r)]
    return pd.DataFrame(rows, columns=["reform", "title", "measure", "value", "low", "high"])


def summary_export(impact: Impact) -> pd.DataFrame:
    rows = [{"rule_set": s.name, "title": s.title, "work_pays": s.work_pays.value, "work_pays_low": s.work_pays.low,
             "work_pays_high": s.work_pays.high, "allowances_paid_per_month": s.allowances_paid.value,
             "charges_per_month": s.charges.value, "tax_am_per_month": s.tax_am.value} for s in impact.summaries]
    return pd.DataFrame(rows)


def groups_table(impact: Impact, reform: str, labels: Mapping[str, str] = LABELS, number: Number = english_number
                 ) -> pd.DataFrame:
    """Winners and losers of one reform (by name) by household type and by housing."""
    r = _find(impact, reform)
    rows = []
    for g in r.groups:
        rows.append({
            labels["group"]: labels.get(g.group, g.group),
            labels["households"]: amount_text(g.households, number),
            labels["work_pays_law"]: amount_text(g.work_pays_law, number),
            labels["work_pays_reform"]: amount_text(g.work_pays_reform, number),
            labels["winners"]: amount_text(g.winners, number),
            labels["losers"]: amount_text(g.losers, number),
            labels["unchanged"]: amount_text(g.unchanged, number),
            _label(labels, "mean_change", impact): amount_text(g.mean_change, number, True),
            _label(labels, "median_change", impact): amount_text(g.median_change, number, True),
            labels["median_change_winners"]: amount_text(g.median_change_winners, number, True),
            labels["mean_change_losers"]: amount_text(g.mean_change_losers, number, True),
        })
    return pd.DataFrame(rows)


def assumptions_table(impact: Impact, labels: Mapping[str, str] = LABELS,
                      t: Callable[..., str] | None = None) -> pd.DataFrame:
    """The RULES.md assumptions the figures rest on, and whether their alternative is in the ranges: in
    `t`'s language (the catalogue's `assumption.<code>.title` and `.alternative`), English without it."""
    from simulator import assumptions

    cat = assumptions.catalogue()

    def said(code: str, part: str, english: str) -> str:
        key = f"assumption.{code}.{part}"
        text = t(key) if t is not None else key
        return english if text == key else text

    def title(code: str) -> str:
        return f"{cat[code]['number']}. {said(code, 'title', cat[code]['title'])}"

    rows = [{labels["assumption"]: title(r.code),
             labels["alternative"]: said(r.code, "alternative" if cat[r.code].get("alternative") else "title", r.title),
             labels["computed"]: labels["yes"]} for r in impact.readings if r.code in cat]
    rows += [{labels["assumption"]: title(c), labels["alternative"]: "",
              labels["computed"]: labels["no"]} for c in impact.not_computed]
    return pd.DataFrame(rows)


def _find(impact: Impact, reform: str) -> ReformImpact:
    for r in impact.reforms:
        if r.name == reform:
            return r
    raise KeyError(f"reform {reform!r} is not in this impact ({', '.join(r.name for r in impact.reforms)})")


def bin_label(low: float, high: float, labels: Mapping[str, str], number: Number = english_number) -> str:
    if low == 0 and high == 0:
        return labels["no_change"]
    return f"{number(low)} {labels['to']} {number(high)}"


def distribution_frame(impact: Impact, labels: Mapping[str, str] = LABELS, number: Number = english_number
                       ) -> pd.DataFrame:
    """Tidy bars: one row per reform × change bin × household type (order keeps the bins in sequence)."""
    rows = []
    for r in impact.reforms:
        for order, b in enumerate(r.distribution):
            for k, t in enumerate(HOUSEHOLD_TYPES):
                rows.append({"reform": r.name, "title": r.title, "order": order,
                             "bin": bin_label(b.low, b.high, labels, number), "low": b.low, "high": b.high,
                             "type_order": k, "household_type": labels[t], "households": b.households[t]})
    return pd.DataFrame(rows, columns=["reform", "title", "order", "bin", "low", "high", "type_order",
                                       "household_type", "households"])


def gain_change_chart(impact: Impact, reform: str | None = None, labels: Mapping[str, str] = LABELS,
                      number: Number = english_number) -> alt.Chart:
    """Stacked bars: households by how much their gain from work changes, split by household type, every
    bar labelled. One reform, or every reform in rows."""
    data = distribution_frame(impact, labels, number)
    if reform is not None:
        _find(impact, reform)
        data = data[data["reform"] == reform]
    types = [labels[t] for t in HOUSEHOLD_TYPES]
    bars = int(data["order"].max()) + 1 if len(data) else 1
    chart = alt.Chart(data).mark_bar().encode(
        x=alt.X("bin:N", sort=alt.EncodingSortField("order", order="ascending"),
                title=_label(labels, "gain_change", impact),
                axis=alt.Axis(labelAngle=-60, labelOverlap=False, labelLimit=160)),
        y=alt.Y("sum(households):Q", title=labels["households"]),
        color=alt.Color("household_type:N", title=labels["household_type"],
                        scale=alt.Scale(domain=types, range=list(TYPE_COLOURS))),
        order=alt.Order("type_order:Q"),
        tooltip=[alt.Tooltip("title:N", title=labels["reform"]), alt.Tooltip("bin:N", title=labels["change_bin"]),
                 alt.Tooltip("household_type:N", title=labels["household_type"]),
                 alt.Tooltip("households:Q", title=labels["households"], format=",.0f")],
    )
    width = alt.Step(24) if bars > 20 else 520
    if reform is None and len(impact.reforms) > 1:
        return chart.properties(width=width, height=160).facet(
            row=alt.Row("title:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left")),
        ).resolve_scale(x="independent")
    return chart.properties(width=width, height=260)


def work_pays_frame(impact: Impact) -> pd.DataFrame:
    """Households for whom work pays under each rule set, with the range over the assumptions."""
    rows = [{"order": i, "name": s.name, "rule_set": s.title, "kind": "law" if i == 0 else "reform",
             "households": s.work_pays.value, "low": s.work_pays.low, "high": s.work_pays.high}
            for i, s in enumerate(impact.summaries)]
    return pd.DataFrame(rows, columns=["order", "name", "rule_set", "kind", "households", "low", "high"])


def work_pays_chart(impact: Impact, labels: Mapping[str, str] = LABELS) -> alt.LayerChart:
    """Bars: households for whom work pays, the law against each reform; a whisker spans the assumptions."""
    data = work_pays_frame(impact)
    y = alt.Y("rule_set:N", sort=alt.EncodingSortField("order", order="ascending"), title=None,
              axis=alt.Axis(labelLimit=260))
    base = alt.Chart(data)
    bars = base.mark_bar(height=18).encode(
        y=y,
        x=alt.X("households:Q", title=labels["work_pays"]),
        color=alt.Color("kind:N", scale=alt.Scale(domain=["law", "reform"], range=[LAW_COLOUR, REFORM_COLOUR]),
                        legend=None),
        tooltip=[alt.Tooltip("rule_set:N", title=labels["rule_set"]),
                 alt.Tooltip("households:Q", title=labels["households"], format=",.0f"),
                 alt.Tooltip("low:Q", title=labels["low"], format=",.0f"),
                 alt.Tooltip("high:Q", title=labels["high"], format=",.0f")],
    )
    whisker = base.mark_rule(color="#111").encode(y=y, x="low:Q", x2="high:Q")
    return (bars + whisker).properties(width=520, height=alt.Step(28))
