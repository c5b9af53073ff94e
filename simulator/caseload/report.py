"""A caseload impact for people and programs: plain text (the CLI), tidy CSV rows, the JSON document, and
the skipped rows. Every exported text cell is spreadsheet-safe (simulator.untrusted.spreadsheet_cell) and
the JSON is strict (no NaN or Infinity: a figure that does not exist is null)."""
from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable
from typing import Any

from .. import assumptions as assumptions_mod
from .. import eligibility
from ..periods import round_money, whole_kroner
from ..untrusted import one_line, spreadsheet_cell
from .impact import FISCAL, Figure, Group, Impact
from .problems import Translate, problem_of, row_text
from .run import MODEL
from .schema import Caseload, RowError

STATIC_NOTE = ("Static model: every household takes its job offer under every rule set; no behavioural "
               "response is modelled.")
ERRORS_IN_JSON = 100              # skipped rows listed in the JSON document (all of them: `bad_rows_csv`)


def _money(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else round_money(x)


def figure_json(f: Figure) -> dict[str, Any]:
    return {"value": _money(f.value), "low": _money(f.low), "high": _money(f.high),
            "by_assumption": {k: _money(v) for k, v in f.by_reading.items()}}


def group_json(g: Group) -> dict[str, Any]:
    return {k: (_money(v) if isinstance(v, float) else v) for k, v in g.__dict__.items()}


def coverage_text(result: Impact | Caseload) -> str:
    """'1,577 of 1,578 households (1 row skipped)': what the totals cover."""
    n, total = (result.households, result.rows_read) if isinstance(result, Impact) else (len(result),
                                                                                           result.rows_read)
    skipped = total - n
    text = f"{n:,} of {total:,} households"
    return text + (f" ({skipped:,} row{'s' if skipped != 1 else ''} skipped)" if skipped else "")


def impact_json(result: Impact) -> dict[str, Any]:
    """The `caseload --json` document: money rounded to the øre, counts as weighted households."""
    cat = assumptions_mod.catalogue()
    warn = eligibility.catalogue()
    return {
        "schema_version": 2,
        "source": spreadsheet_cell(one_line(result.source)),
        "rules_date": result.date,
        "period": result.period,
        "static": STATIC_NOTE,
        "households": result.households,
        "rows_read": result.rows_read,
        "weighted_households": round_money(result.weighted_households),
        "skipped_rows": result.skipped_rows,
        "row_errors": [e.as_json() for e in result.row_errors[:ERRORS_IN_JSON]],
        "assumptions": [{"code": r.code, "number": cat[r.code]["number"], "title": cat[r.code]["title"],
                         "alternative": r.title, "reform": dict(r.reform), "charge_mode": r.charge_mode}
                        for r in result.readings if r.code != MODEL],
        "assumptions_not_computed": [{"code": c, "number": cat[c]["number"], "title": cat[c]["title"]}
                                     for c in result.not_computed],
        "warnings": [{"code": c, "households": round_money(v), "message": warn[c]["message"],
                      "source": warn[c]["source"]} for c, v in result.warnings.items()],
        "rule_sets": [{"name": spreadsheet_cell(s.name), "title": spreadsheet_cell(s.title), "reform": dict(s.reform),
                       "work_pays": figure_json(s.work_pays),
                       "per_month": {k: figure_json(getattr(s, k)) for k in FISCAL}}
                      for s in result.summaries],
        "reforms": [{
            "name": spreadsheet_cell(r.name), "title": spreadsheet_cell(r.title), "reform": dict(r.reform),
            "work_pays": {"law": figure_json(r.work_pays_law), "reform": figure_json(r.work_pays_reform),
                          "change": figure_json(r.work_pays_change)},
            "no_longer_costs": figure_json(r.no_longer_costs),
            "winners": figure_json(r.winners), "losers": figure_json(r.losers),
            "mean_gain_change": figure_json(r.mean_gain_change),
            "median_gain_change": figure_json(r.median_gain_change),
            "change_per_month": {k: figure_json(r.change[k]) for k in FISCAL},
            "net_cost_per_month": figure_json(r.net_cost_per_month),
            "net_cost_per_year": figure_json(r.net_cost_per_year),
            "groups": [group_json(g) for g in r.groups],
            "distribution": [{"low": _money(b.low), "high": _money(b.high), "label": b.label,
                              "households": {k: round_money(v) for k, v in b.households.items()}}
                             for b in r.distribution],
        } for r in result.reforms],
    }


def json_text(result: Impact) -> str:
    return json.dumps(impact_json(result), ensure_ascii=False, indent=1, allow_nan=False)


def impact_rows(result: Impact) -> list[dict[str, Any]]:
    """Every table as tidy rows (table, rule_set, group, measure, value, low, high): the `--csv` output."""
    out: list[dict[str, Any]] = []

    def add(table: str, rule_set: str, group: str, measure: str, value: Any, low: Any = None,
            high: Any = None) -> None:
        out.append({"table": table, "rule_set": rule_set, "group": group, "measure": measure,
                    "value": value, "low": low, "high": high})

    def fig(table: str, rule_set: str, group: str, measure: str, f: Figure) -> None:
        add(table, rule_set, group, measure, _money(f.value), _money(f.low), _money(f.high))

    add("coverage", "", "all", "households", result.households)
    add("coverage", "", "all", "rows_read", result.rows_read)
    add("coverage", "", "all", "skipped_rows", result.skipped_rows)
    for s in result.summaries:
        fig("rule_sets", s.name, "all", "work_pays", s.work_pays)
        for k in FISCAL:
            fig("rule_sets", s.name, "all", f"{k}_per_month", getattr(s, k))
    per = result.period
    for r in result.reforms:
        fig("reform_vs_law", r.name, "all", "work_pays_change", r.work_pays_change)
        fig("reform_vs_law", r.name, "all", "no_longer_costs", r.no_longer_costs)
        fig("reform_vs_law", r.name, "all", "winners", r.winners)
        fig("reform_vs_law", r.name, "all", "losers", r.losers)
        fig("reform_vs_law", r.name, "all", f"mean_gain_change_per_{per}", r.mean_gain_change)
        fig("reform_vs_law", r.name, "all", f"median_gain_change_per_{per}", r.median_gain_change)
        for k in FISCAL:
            fig("reform_vs_law", r.name, "all", f"{k}_change_per_month", r.change[k])
        fig("reform_vs_law", r.name, "all", "net_cost_per_month", r.net_cost_per_month)
        fig("reform_vs_law", r.name, "all", "net_cost_per_year", r.net_cost_per_year)
        for g in r.groups:
            for k, v in group_json(g).items():
                if k not in ("by", "group"):
                    add("groups", r.name, f"{g.by}:{g.group}", k, v)
        for b in r.distribution:
            for t, v in b.households.items():
                add("distribution", r.name, t, b.label, round_money(v), _money(b.low), _money(b.high))
    for code, v in result.warnings.items():
        add("warnings", "law", "all", code, round_money(v))
    for e in result.row_errors:
        add("skipped_rows", "", f"line {e.line}", e.field, e.problem)
    return out


def _csv(header: list[str], rows: Iterable[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: spreadsheet_cell(v) for k, v in row.items()} for row in rows)
    return buf.getvalue()


def csv_text(result: Impact) -> str:
    return _csv(["table", "rule_set", "group", "measure", "value", "low", "high"], impact_rows(result))


def bad_rows_csv(errors: Iterable[RowError], t: Translate | None = None) -> str:
    """The skipped rows as CSV (line, column, problem), spreadsheet-safe; the problems in `t`'s language
    (English without it, as the CLI writes them)."""
    return _csv(["line", "column", "problem"], ({"line": e.line, "column": e.field, "problem": problem_of(e, t)}
                                                for e in errors))


def error_lines(cases: Caseload | Impact, limit: int = 20, t: Translate | None = None) -> list[str]:
    """The bad rows for stderr: a count, then the first `limit` problems; in English, or in `t`'s language."""
    bad, errors = ((cases.bad_rows, cases.errors) if isinstance(cases, Caseload)
                   else (cases.skipped_rows, cases.row_errors))
    if not bad:
        return []
    shown = errors[:limit]
    rest = bad - len({e.line for e in shown})
    if t is None or t.lang == "en":
        lines = [f"{one_line(cases.source)}: {bad:,} of {cases.rows_read:,} rows skipped:"]
        lines += [f"  {one_line(str(e))}" for e in shown]
        if rest > 0:
            lines.append(f"  … and {rest:,} more bad row{'s' if rest > 1 else ''}")
        return lines
    lines = [t("rows.cli_skipped", file=one_line(cases.source), n=t.number(bad), total=t.number(cases.rows_read))]
    lines += [f"  {one_line(row_text(e, t))}" for e in shown]
    if rest > 0:
        lines.append("  " + t("rows.cli_more_one" if rest == 1 else "rows.cli_more", n=t.number(rest)))
    return lines


def _whole(x: float | None) -> str:
    return "—" if x is None else f"{whole_kroner(x):,.0f}".replace("-", "−")


def _signed(x: float | None) -> str:
    return ("+" if x is not None and whole_kroner(x) > 0 else "") + _whole(x)


def _ranged(f: Figure, signed: bool = False) -> str:
    show = _signed if signed else _whole
    text = show(f.value)
    if f.low is None or f.high is None or whole_kroner(f.low) == whole_kroner(f.high):
        return text
    return f"{text} ({show(f.low)} to {show(f.high)})"


def format_text(result: Impact) -> str:
    """The impact tables as plain text: whole kroner and households, ranges over the assumptions."""
    per = "month" if result.period == "month" else "14 days"
    weighted = (f" (weighted {result.weighted_households:,.0f})"
                if result.weighted_households != result.households else "")
    out = [f"Caseload: {coverage_text(result)}{weighted}; rules in force on {result.date}.", STATIC_NOTE]
    alternatives = [r.title for r in result.readings if r.code != MODEL]
    if alternatives:
        out.append("Ranges (low to high) are over the assumptions (RULES.md): " + "; ".join(alternatives) + ".")
    out.append("")
    names = [one_line(s.name, 30) for s in result.summaries]
    width = max(14, *(len(n) for n in names)) + 2
    out.append("".ljust(34) + "".join(n.rjust(width) for n in names))
    out.append("Work pays (gain of at least 1 kr a month)".ljust(34)
               + "".join(_whole(s.work_pays.value).rjust(width) for s in result.summaries))
    for key, label in (("allowances_paid", "Allowances paid / month"), ("charges", "Charges collected / month"),
                       ("tax_am", "Tax and AM collected / month")):
        out.append(label.ljust(34) + "".join(_whole(getattr(s, key).value).rjust(width) for s in result.summaries))
    for r in result.reforms:
        out += ["", f"{one_line(r.title)} [{one_line(r.name, 60)}] against the law"]
        out.append(f"  Work pays: {_whole(r.work_pays_law.value)} → {_whole(r.work_pays_reform.value)} households,"
                   f" change {_ranged(r.work_pays_change, True)}")
        out.append(f"  Work no longer costs money: {_ranged(r.no_longer_costs)} households")
        out.append(f"  Winners {_ranged(r.winners)}, losers {_ranged(r.losers)}; gain change per {per}: mean "
                   f"{_ranged(r.mean_gain_change, True)} kr, median {_ranged(r.median_gain_change, True)} kr")
        out.append(f"  Change per month: allowances paid {_ranged(r.change['allowances_paid'], True)}, charges "
                   f"{_ranged(r.change['charges'], True)}, tax and AM {_ranged(r.change['tax_am'], True)} kr")
        out.append(f"  Net cost to the state: {_ranged(r.net_cost_per_month, True)} kr per month, "
                   f"{_ranged(r.net_cost_per_year, True)} kr per year")
        out.append("  " + "group".ljust(30) + "".join(h.rjust(12) for h in (
            "households", "work pays", "winners", "losers", "mean Δ", "median Δ")))
        for g in r.groups:
            label = "all" if g.by == "all" else g.group.replace("_", " ")
            out.append("  " + label.ljust(30) + "".join(x.rjust(12) for x in (
                _whole(g.households), f"{_whole(g.work_pays_law)}→{_whole(g.work_pays_reform)}",
                _whole(g.winners), _whole(g.losers), _whole(g.mean_change), _whole(g.median_change))))
    if result.warnings:
        out += ["", "Offers that would draw a warning under the law (computed anyway):"]
        cat = eligibility.catalogue()
        out += [f"  {_whole(v)} households: {cat[c]['message']} [{cat[c]['source']}]"
                for c, v in result.warnings.items()]
    if result.not_computed:
        cat = assumptions_mod.catalogue()
        out += ["", "Also rests on (no alternative computed): "
                + "; ".join(cat[c]["title"] for c in result.not_computed) + "."]
    if result.skipped_rows:
        out += ["", *error_lines(result)]
    return "\n".join(out)
