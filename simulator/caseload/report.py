"""A caseload impact for people and programs: a report to read and a frontier table (the CLI, in the
reader's language, with the workbench's labels: `caseload.*`), tidy CSV rows, the JSON document (their keys
in English: the contract), and the skipped rows. Every exported text cell is spreadsheet-safe
(simulator.untrusted.spreadsheet_cell) and the JSON is strict (no NaN or Infinity: a figure that does not
exist is null)."""
from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Iterable
from typing import Any

from .. import assumptions as assumptions_mod
from .. import eligibility
from ..i18n import DEFAULT, Translator, translator
from ..periods import round_money, whole_kroner
from ..trace_text import plain_number, value_text
from ..untrusted import display_width, one_line, pad, spreadsheet_cell
from .frontier import Frontier
from .impact import FISCAL, Figure, Group, Impact, ReformImpact
from .problems import Translate, problem_of, row_text
from .run import LAW, MODEL
from .schema import Caseload, RowError

STATIC_NOTE = ("Static model: every household takes its job offer under every rule set; no behavioural "
               "response is modelled.")
ERRORS_IN_JSON = 100              # skipped rows listed in the JSON document (all of them: `bad_rows_csv`)
Number = Callable[[float], str]   # a whole amount or count as the reader reads it (`Translator.number`)


def _money(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else round_money(x)


def figure_json(f: Figure) -> dict[str, Any]:
    return {"value": _money(f.value), "low": _money(f.low), "high": _money(f.high),
            "by_assumption": {k: _money(v) for k, v in f.by_reading.items()}}


def group_json(g: Group) -> dict[str, Any]:
    return {k: (_money(v) if isinstance(v, float) else v) for k, v in g.__dict__.items()}


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


def amount_text(x: float | None, number: Number, signed: bool = False) -> str:
    """'1,234' in `number`'s style ('+1,234' for a change that gains, `signed`); '—' where there is no figure."""
    if x is None:
        return "—"
    return ("+" if signed and whole_kroner(x) > 0 else "") + number(x)


def figure_text(f: Figure, number: Number, to: str, signed: bool = False) -> str:
    """'1,234 (1,100 to 1,300)': the figure and, when it differs, its range over the assumptions (`to`: the
    language's word between the two ends, `caseload.to`)."""
    text = amount_text(f.value, number, signed)
    if f.low is None or f.high is None or whole_kroner(f.low) == whole_kroner(f.high):
        return text
    return f"{text} ({amount_text(f.low, number, signed)} {to} {amount_text(f.high, number, signed)})"


def reform_measures(r: ReformImpact, factor: float = 1.0) -> list[tuple[str, Figure, bool]]:
    """A reform's figures in reading order: (label key `caseload.<key>`, figure, shown with a sign). The
    state's flows per month, or × `factor` in another period (label keys `<key>_in`, which name it)."""
    def flow(key: str, fig: Figure) -> tuple[str, Figure, bool]:
        return (key, fig, True) if factor == 1 else (f"{key}_in", fig.scaled(factor), True)

    return [("work_pays_law", r.work_pays_law, False), ("work_pays_reform", r.work_pays_reform, False),
            ("work_pays_change", r.work_pays_change, True), ("no_longer_costs", r.no_longer_costs, False),
            ("winners", r.winners, False), ("losers", r.losers, False),
            ("mean_change", r.mean_gain_change, True), ("median_change", r.median_gain_change, True),
            flow("allowances_paid_change", r.change["allowances_paid"]),
            flow("charges_change", r.change["charges"]), flow("tax_am_change", r.change["tax_am"]),
            flow("net_cost_per_month", r.net_cost_per_month), ("net_cost_per_year", r.net_cost_per_year, True)]


def warning_lines(result: Impact, t: Translator, number: Number | None = None) -> list[str]:
    """One line per legal warning the caseload draws under the law: how many households of how many, the
    warning in `t`'s language, and its legal source (a citation, as it is)."""
    number = number or t.number
    cat = eligibility.catalogue()
    lines = []
    for code, households in result.warnings.items():
        message = t(f"warning.{code}")
        if message == f"warning.{code}":
            message = cat.get(code, {}).get("message", code)
        lines.append(t("wb.warning_line", n=number(households), total=number(result.weighted_households),
                       message=message, source=cat.get(code, {}).get("source", "")))
    return lines


def _said(t: Translator, key: str, english: str) -> str:
    """The catalogue's text of `key`, or `english` where no catalogue has it."""
    text = t(key)
    return english if text == key else text


def _table(rows: list[list[str]], indent: str = "  ", left: int = 1) -> list[str]:
    """Rows of cells as aligned text: the first `left` columns to the left, the others to the right, each
    column as wide as its widest cell in terminal columns (wide letters two, marks none), two spaces apart."""
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [(indent + "  ".join(pad(cell, w, right=i >= left) for i, (cell, w) in enumerate(zip(row, widths)))
             ).rstrip() for row in rows]


def format_text(result: Impact, t: Translator | None = None) -> str:
    """The impact as a report to read, in `t`'s language (English without it): whole kroner and households
    in the language's number style, ranges over the assumptions. Names from files (reform names, titles)
    stand as they are, on one line; the labels are the workbench's (`caseload.*`)."""
    t = t or translator(DEFAULT)
    number, to = t.number, t("caseload.to")
    period = t(f"caseload.{result.period}")
    out = [t("caseload.coverage", n=number(result.households), total=number(result.rows_read))]
    if result.weighted_households != result.households:
        out.append(t("cli.caseload.weighted", n=number(result.weighted_households)))
    out += [t("cli.caseload.rules_on", date=t.digits(result.date)), t("cli.caseload.static")]
    cat = assumptions_mod.catalogue()
    alternatives = [_said(t, f"assumption.{r.code}.{'alternative' if cat[r.code].get('alternative') else 'title'}",
                          r.title) for r in result.readings if r.code != MODEL]
    if alternatives:
        out.append(t("cli.caseload.ranges", assumptions=t("cli.caseload.join").join(alternatives)))
    out.append("")
    names = [t("chart.law") if s.name == LAW else one_line(s.name, 30) for s in result.summaries]
    rows = [["", *names], [t("caseload.work_pays"), *(amount_text(s.work_pays.value, number)
                                                     for s in result.summaries)]]
    rows += [[t(f"caseload.{key}"), *(amount_text(getattr(s, key).value, number) for s in result.summaries)]
             for key in FISCAL]
    out += _table(rows, indent="")
    for r in result.reforms:
        out += ["", t("cli.caseload.against_law", reform=one_line(r.title), name=one_line(r.name, 60))]
        out += _table([[t(f"caseload.{key}", period=period), figure_text(fig, number, to, signed)]
                       for key, fig, signed in reform_measures(r)], left=2)
        out += ["", "  " + t("cli.caseload.groups", period=period)]
        heads = [t("caseload.group"), t("caseload.households"), t("wb.frontier_work_pays"), t("caseload.winners"),
                 t("caseload.losers"), t("cli.caseload.mean"), t("cli.caseload.median")]
        out += _table([heads] + [[
            _said(t, f"caseload.{g.group}", g.group.replace("_", " ")), amount_text(g.households, number),
            t("cli.caseload.from_to", before=amount_text(g.work_pays_law, number),
              after=amount_text(g.work_pays_reform, number)),
            amount_text(g.winners, number), amount_text(g.losers, number),
            amount_text(g.mean_change, number, True), amount_text(g.median_change, number, True)]
            for g in r.groups])
    if result.warnings:
        out += ["", t("cli.caseload.warnings"), *("  " + line for line in warning_lines(result, t))]
    if result.not_computed:
        out += ["", t("cli.caseload.not_computed", assumptions=t("cli.caseload.join").join(
            _said(t, f"assumption.{c}.title", cat[c]["title"]) for c in result.not_computed))]
    if result.skipped_rows:
        out += ["", *error_lines(result, t=t)]
    return "\n".join(out)


def format_frontier(result: Frontier, t: Translator | None = None) -> str:
    """A frontier as a table to read, in `t`'s language (English without it): the swept number by its label
    and its path (as `--frontier` takes it), what every point shares, then one row per value."""
    t = t or translator(DEFAULT)
    number = t.number
    label = _said(t, f"wb.frontier_param.{result.parameter}", result.parameter)
    out = [t("cli.frontier.heading", label=label, parameter=result.parameter, households=number(result.households),
             date=t.digits(result.date))]
    if result.base:
        out.append(t("cli.frontier.base", changes=t("cli.caseload.join").join(
            f"{path} = {value_text(value, t)}" for path, value in result.base.items())))
    out += [t("cli.frontier.law", n=number(result.work_pays_law)), ""]
    heads = [t("wb.frontier_value"), t("wb.frontier_cost"), t("wb.frontier_work_pays"), t("wb.frontier_no_longer")]
    out += _table([heads] + [[plain_number(p.value, t), number(p.net_cost_per_year), number(p.work_pays),
                              number(p.no_longer_costs)] for p in result.points], indent="", left=0)
    return "\n".join(out)
