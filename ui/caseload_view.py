"""The policy workbench's pure parts: a caseload impact in, `alt.Chart` or `pd.DataFrame` out. No Streamlit.

Every function takes the `Impact` of `simulator.caseload` or its JSON document (`Impact.as_json()`, what
`st.cache_data` can keep), and an optional `labels` mapping (key → text; English by default; build one from
a translator with `labels_from`). Money in tables is in whole kroner: they are for display.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import altair as alt
import pandas as pd

HOUSEHOLD_TYPES = ("single", "couple_no_children", "family_with_children")
TYPE_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c")
LAW_COLOUR, REFORM_COLOUR = "#455a64", "#1b6e3a"

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
    "rule_set": "Rules",
    "reform": "Reform",
    "group": "Group",
    "households": "Households",
    "household_type": "Household type",
    "gain_change": "Change in gain from work, kr per {period}",
    "work_pays": "Work pays (gain > 0)",
    "work_pays_law": "Work pays, law",
    "work_pays_reform": "Work pays, reform",
    "work_pays_change": "Change in work pays",
    "range": "Range over assumptions",
    "winners": "Winners",
    "losers": "Losers",
    "unchanged": "No change",
    "mean_change": "Mean change, kr per {period}",
    "median_change": "Median change, kr per {period}",
    "mean_change_winners": "Mean gain of winners",
    "mean_change_losers": "Mean loss of losers",
    "allowances_paid": "Allowances paid / month",
    "charges": "Charges collected / month",
    "tax_am": "Tax and AM collected / month",
    "allowances_paid_change": "Δ allowances paid / month",
    "charges_change": "Δ charges collected / month",
    "tax_am_change": "Δ tax and AM / month",
    "net_cost_per_month": "Net cost to the state / month",
    "net_cost_per_year": "Net cost to the state / year",
    "low": "low",
    "high": "high",
    "assumption": "Assumption",
    "alternative": "Alternative computed",
    "computed": "In the range",
    "yes": "yes",
    "no": "no (not computable)",
    "month": "month",
    "14d": "14 days",
    "change_bin": "Change, kr",
}


def labels_from(t: Callable[[str], str], prefix: str = "caseload.") -> dict[str, str]:
    """Labels from a translator (`t(key)` returns the key itself when it has no text): English where missing."""
    out = {}
    for key, english in LABELS.items():
        text = t(prefix + key)
        out[key] = english if text == prefix + key else text
    return out


def _doc(impact: Any) -> dict[str, Any]:
    return impact.as_json() if hasattr(impact, "as_json") else impact


def _whole(x: float | None) -> int | None:
    return None if x is None else int(round(x))


def _label(labels: Mapping[str, str], key: str, doc: Mapping[str, Any]) -> str:
    return labels.get(key, key).format(period=labels.get(doc["period"], doc["period"]))


def _range(fig: Mapping[str, float]) -> str:
    low, high = round(fig["low"]), round(fig["high"])
    return "" if low == high else f"{low:,} to {high:,}"


def summary_table(impact: Any, labels: Mapping[str, str] = LABELS) -> pd.DataFrame:
    """One row per rule set (law first): work pays, and the state's flows per month under the model."""
    doc = _doc(impact)
    rows = []
    for s in doc["rule_sets"]:
        rows.append({
            labels["rule_set"]: s["title"],
            labels["work_pays"]: _whole(s["work_pays"]["value"]),
            labels["range"]: _range(s["work_pays"]),
            labels["allowances_paid"]: _whole(s["per_month"]["allowances_paid"]["value"]),
            labels["charges"]: _whole(s["per_month"]["charges"]["value"]),
            labels["tax_am"]: _whole(s["per_month"]["tax_am"]["value"]),
        })
    return pd.DataFrame(rows)


def reform_table(impact: Any, labels: Mapping[str, str] = LABELS) -> pd.DataFrame:
    """One row per reform against the law: work pays, winners, losers, changes and the net cost, with ranges."""
    doc = _doc(impact)
    rows = []
    for r in doc["reforms"]:
        row: dict[str, Any] = {labels["reform"]: r["title"]}
        cells = [("work_pays_law", r["work_pays"]["law"]), ("work_pays_reform", r["work_pays"]["reform"]),
                 ("work_pays_change", r["work_pays"]["change"]), ("winners", r["winners"]),
                 ("losers", r["losers"]), ("mean_change", r["mean_gain_change"]),
                 ("allowances_paid_change", r["change_per_month"]["allowances_paid"]),
                 ("charges_change", r["change_per_month"]["charges"]),
                 ("tax_am_change", r["change_per_month"]["tax_am"]),
                 ("net_cost_per_month", r["net_cost_per_month"]), ("net_cost_per_year", r["net_cost_per_year"])]
        for key, fig in cells:
            name = _label(labels, key, doc)
            row[name] = _whole(fig["value"])
            row[f"{name} ({labels['low']})"] = _whole(fig["low"])
            row[f"{name} ({labels['high']})"] = _whole(fig["high"])
        rows.append(row)
    return pd.DataFrame(rows)


def groups_table(impact: Any, reform: str, labels: Mapping[str, str] = LABELS) -> pd.DataFrame:
    """Winners and losers of one reform (by name) by household type and by housing."""
    doc = _doc(impact)
    r = _find(doc, reform)
    rows = []
    for g in r["groups"]:
        rows.append({
            labels["group"]: labels.get(g["group"], g["group"]),
            labels["households"]: _whole(g["households"]),
            _label(labels, "work_pays_law", doc): _whole(g["work_pays_law"]),
            _label(labels, "work_pays_reform", doc): _whole(g["work_pays_reform"]),
            labels["winners"]: _whole(g["winners"]),
            labels["losers"]: _whole(g["losers"]),
            labels["unchanged"]: _whole(g["unchanged"]),
            _label(labels, "mean_change", doc): _whole(g["mean_change"]),
            _label(labels, "median_change", doc): _whole(g["median_change"]),
            labels["mean_change_winners"]: _whole(g["mean_change_winners"]),
            labels["mean_change_losers"]: _whole(g["mean_change_losers"]),
        })
    return pd.DataFrame(rows)


def assumptions_table(impact: Any, labels: Mapping[str, str] = LABELS) -> pd.DataFrame:
    """The RULES.md assumptions the figures rest on, and whether their alternative is in the ranges."""
    doc = _doc(impact)
    rows = [{labels["assumption"]: f"{a['number']}. {a['title']}", labels["alternative"]: a["alternative"],
             labels["computed"]: labels["yes"]} for a in doc["assumptions"]]
    rows += [{labels["assumption"]: f"{a['number']}. {a['title']}", labels["alternative"]: "",
              labels["computed"]: labels["no"]} for a in doc["assumptions_not_computed"]]
    return pd.DataFrame(rows)


def _find(doc: Mapping[str, Any], reform: str) -> Mapping[str, Any]:
    for r in doc["reforms"]:
        if r["name"] == reform:
            return r
    raise KeyError(f"reform {reform!r} is not in this impact ({', '.join(r['name'] for r in doc['reforms'])})")


def distribution_frame(impact: Any, labels: Mapping[str, str] = LABELS) -> pd.DataFrame:
    """Tidy bars: one row per reform × change bin × household type (order keeps the bins in sequence)."""
    doc = _doc(impact)
    rows = []
    for r in doc["reforms"]:
        for order, b in enumerate(r["distribution"]):
            for k, t in enumerate(HOUSEHOLD_TYPES):
                rows.append({"reform": r["name"], "title": r["title"], "order": order, "bin": b["label"],
                             "low": b["low"], "high": b["high"], "type_order": k, "household_type": labels[t],
                             "households": b["households"][t]})
    return pd.DataFrame(rows, columns=["reform", "title", "order", "bin", "low", "high", "type_order",
                                       "household_type", "households"])


def gain_change_chart(impact: Any, reform: str | None = None, labels: Mapping[str, str] = LABELS) -> alt.Chart:
    """Stacked bars: households by how much their gain from work changes, split by household type.
    One reform, or every reform in rows."""
    doc = _doc(impact)
    data = distribution_frame(doc, labels)
    if reform is not None:
        _find(doc, reform)
        data = data[data["reform"] == reform]
    types = [labels[t] for t in HOUSEHOLD_TYPES]
    chart = alt.Chart(data).mark_bar().encode(
        x=alt.X("bin:N", sort=alt.EncodingSortField("order", order="ascending"),
                title=_label(labels, "gain_change", doc), axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("sum(households):Q", title=labels["households"]),
        color=alt.Color("household_type:N", title=labels["household_type"],
                        scale=alt.Scale(domain=types, range=list(TYPE_COLOURS))),
        order=alt.Order("type_order:Q"),
        tooltip=[alt.Tooltip("title:N", title=labels["reform"]), alt.Tooltip("bin:N", title=labels["change_bin"]),
                 alt.Tooltip("household_type:N", title=labels["household_type"]),
                 alt.Tooltip("households:Q", title=labels["households"], format=",.0f")],
    )
    if reform is None and len(doc["reforms"]) > 1:
        return chart.properties(width=520, height=160).facet(
            row=alt.Row("title:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left")),
        ).resolve_scale(x="independent")
    return chart.properties(width=520, height=260)


def work_pays_frame(impact: Any, labels: Mapping[str, str] = LABELS) -> pd.DataFrame:
    """Households for whom work pays under each rule set, with the range over the assumptions."""
    doc = _doc(impact)
    rows = [{"order": i, "name": s["name"], "rule_set": s["title"], "kind": "law" if i == 0 else "reform",
             "households": s["work_pays"]["value"], "low": s["work_pays"]["low"], "high": s["work_pays"]["high"]}
            for i, s in enumerate(doc["rule_sets"])]
    return pd.DataFrame(rows, columns=["order", "name", "rule_set", "kind", "households", "low", "high"])


def work_pays_chart(impact: Any, labels: Mapping[str, str] = LABELS) -> alt.LayerChart:
    """Bars: households for whom work pays, the law against each reform; a whisker spans the assumptions."""
    data = work_pays_frame(impact, labels)
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
