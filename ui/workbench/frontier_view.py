"""The reform frontier on the page (pure): a typed `Frontier` in, an Altair chart and tables out.

The chart puts the net cost to the state per year across and the households up: one point per value of
the swept number for whom work pays, and one for whom work no longer costs money, joined in the order of
the values. The table holds the same numbers (the chart's alternative); the raw frame is the chart's data.
"""
from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd

from simulator.caseload.frontier import Frontier, FrontierPoint
from simulator.rules import parameters
from ui.workbench.caseload_view import LAW_COLOUR, REFORM_COLOUR

Text = Callable[..., str]


def frame(f: Frontier) -> pd.DataFrame:
    """One row per point: value, net cost per year, work pays, work no longer costs money (raw numbers)."""
    return pd.DataFrame([{"order": i, "value": p.value, "net_cost_per_year": p.net_cost_per_year,
                          "work_pays": p.work_pays, "no_longer_costs": p.no_longer_costs}
                         for i, p in enumerate(f.points)],
                        columns=["order", "value", "net_cost_per_year", "work_pays", "no_longer_costs"])


def value_text(parameter: str, value: float, t: Text) -> str:
    """A swept value as a reader says it: '1,500 kr a month', '50 %'."""
    p = parameters()[parameter]
    if p.unit == "share":
        return t.percent(value)
    return t.kr(value, 0 if float(value).is_integer() else 2)


def point_text(parameter: str, point: FrontierPoint, t: Text) -> str:
    return t("wb.frontier_point", value=value_text(parameter, point.value, t),
             cost=t("fmt.kr", amount=t.number(point.net_cost_per_year)), work_pays=t.number(point.work_pays),
             no_longer=t.number(point.no_longer_costs))


def chart(f: Frontier, t: Text, picked: int | None = None) -> alt.LayerChart:
    """Net cost per year against households: work pays and work no longer costs money, a point per value;
    the picked point (its index) ringed."""
    data = frame(f)
    data["value_text"] = [value_text(f.parameter, v, t) for v in data["value"]]
    long = data.melt(id_vars=["order", "value", "value_text", "net_cost_per_year"],
                     value_vars=["work_pays", "no_longer_costs"], var_name="measure", value_name="households")
    names = {"work_pays": t("wb.frontier_work_pays"), "no_longer_costs": t("wb.frontier_no_longer")}
    long["measure_text"] = long["measure"].map(names)
    colour = alt.Color("measure_text:N", title=t("wb.frontier_measure"),
                       scale=alt.Scale(domain=list(names.values()), range=[REFORM_COLOUR, LAW_COLOUR]),
                       legend=alt.Legend(orient="bottom", labelLimit=0))
    base = alt.Chart(long).encode(
        x=alt.X("net_cost_per_year:Q", title=t("wb.frontier_cost"), axis=alt.Axis(format="~s")),
        y=alt.Y("households:Q", title=t("wb.frontier_households")),
        color=colour,
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("value_text:N", title=t("wb.frontier_value")),
                 alt.Tooltip("net_cost_per_year:Q", title=t("wb.frontier_cost"), format=",.0f"),
                 alt.Tooltip("measure_text:N", title=t("wb.frontier_measure")),
                 alt.Tooltip("households:Q", title=t("wb.frontier_households"), format=",.0f")])
    layers = base.mark_line(strokeWidth=1.5) + base.mark_point(filled=True, size=45)
    if picked is not None and 0 <= picked < len(f.points):
        ring = alt.Chart(long[long["order"] == picked]).mark_point(size=260, strokeWidth=2.5, color="#b3261e").encode(
            x="net_cost_per_year:Q", y="households:Q")
        layers = layers + ring
    return layers.properties(height=320)


def table(f: Frontier, t: Text) -> pd.DataFrame:
    """The frontier for reading: one row per value, formatted in the page's language."""
    return pd.DataFrame([{t("wb.frontier_value"): value_text(f.parameter, p.value, t),
                          t("wb.frontier_cost"): t.number(p.net_cost_per_year),
                          t("wb.frontier_work_pays"): t.number(p.work_pays),
                          t("wb.frontier_no_longer"): t.number(p.no_longer_costs)} for p in f.points])
