"""The workbench's caseload exports that a spreadsheet opens right (pure: a typed `Impact` in, bytes out).

- CSV: the tables as raw numbers, one block per table (`# name`), integers as integers ("158", never
  "158.0"), money to the øre with a decimal point; the legal warnings and the skipped rows in their own blocks.
- .xlsx (openpyxl): one sheet per table, headings in the page's language, number formats (whole numbers
  with thousands separators, money with øre), so Danish and other spreadsheet settings read every number.

Every text cell from outside (reform titles, file names) is neutralised against spreadsheet formulas
(`simulator.untrusted.spreadsheet_cell`); openpyxl would otherwise store a text starting with "=" as one.
"""
from __future__ import annotations

import io
import math
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from simulator.caseload import Impact, bad_rows_csv, problem_of
from simulator.periods import round_money
from simulator.untrusted import spreadsheet_cell
from ui.workbench import answer as workbench_answer
from ui.workbench import caseload_view

COUNT_FORMAT, MONEY_FORMAT = "#,##0", "#,##0.00"


def plain_number(v: Any) -> Any:
    """A number as a spreadsheet should get it: a whole number as an int, money to the øre; text neutralised."""
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, float):
        if not math.isfinite(v):
            return None
        v = round_money(v)
        return int(v) if float(v).is_integer() else v
    if isinstance(v, int):
        return v
    return spreadsheet_cell(v)


def _clean(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell through `plain_number`, kept as objects (pandas would turn a column of ints and floats
    back into floats, and write "158.0")."""
    return pd.DataFrame({c: pd.Series([plain_number(v) for v in frame[c].tolist()], dtype=object, index=frame.index)
                         for c in frame.columns}, columns=frame.columns)


def tables(result: Impact, labels: Mapping[str, str] | None = None, t: Callable[..., str] | None = None
           ) -> dict[str, pd.DataFrame]:
    """Every exported table as raw numbers with column codes (the CSV's), in order."""
    coverage = pd.DataFrame([{"households": result.households, "rows_read": result.rows_read,
                              "skipped_rows": result.skipped_rows, "rules_date": result.date,
                              "period": result.period}])
    warnings = pd.DataFrame(workbench_answer.warnings_rows(result, t),
                            columns=["code", "households", "of", "message", "source"])
    groups = pd.DataFrame([{"reform": r.name, "title": r.title, "by": g.by, "group": g.group,
                            **{k: getattr(g, k) for k in ("households", "work_pays_law", "work_pays_reform",
                                                          "winners", "losers", "unchanged", "mean_change",
                                                          "median_change", "mean_change_losers",
                                                          "median_change_losers")}}
                           for r in result.reforms for g in r.groups])
    return {"coverage": coverage, "warnings": warnings, "summary": caseload_view.summary_export(result),
            "reforms": caseload_view.reform_export(result), "groups": groups}


def csv_bytes(result: Impact, t: Callable[..., str] | None = None) -> bytes:
    """The tables as raw numbers, spreadsheet-safe, then the skipped rows (their problems in `t`'s language,
    English without it)."""
    parts = [f"# {k}\n" + _clean(v).to_csv(index=False) for k, v in tables(result).items()]
    parts.append("# skipped_rows\n" + bad_rows_csv(result.row_errors, t))
    return "\n".join(parts).encode("utf-8")


def xlsx_bytes(result: Impact, labels: Mapping[str, str], t: Callable[..., str]) -> bytes:
    """One sheet per table, headings and figure names in the page's language, numbers with formats."""
    from openpyxl.utils import get_column_letter

    raw = tables(result, labels, t)
    period = labels.get(result.period, result.period)
    heading = {
        "households": labels["households"], "rows_read": t("wb.xlsx.rows_read"),
        "skipped_rows": t("wb.xlsx.skipped_rows"), "rules_date": t("wb.date"), "period": t("wb.xlsx.period"),
        "code": t("wb.xlsx.code"), "of": t("wb.xlsx.of"), "message": t("wb.xlsx.message"),
        "source": t("wb.xlsx.source"), "rule_set": labels["rule_set"], "title": labels["reform"],
        "reform": t("wb.xlsx.reform_code"), "measure": labels["measure"], "value": labels["value"],
        "low": labels["low"], "high": labels["high"], "work_pays": labels["work_pays"],
        "work_pays_low": f"{labels['work_pays']} ({labels['low']})",
        "work_pays_high": f"{labels['work_pays']} ({labels['high']})",
        "allowances_paid_per_month": labels["allowances_paid"], "charges_per_month": labels["charges"],
        "tax_am_per_month": labels["tax_am"], "by": t("wb.xlsx.by"), "group": labels["group"],
        "work_pays_law": labels["work_pays_law"], "work_pays_reform": labels["work_pays_reform"],
        "winners": labels["winners"], "losers": labels["losers"], "unchanged": labels["unchanged"],
        "mean_change": labels["mean_change"].format(period=period),
        "median_change": labels["median_change"].format(period=period),
        "mean_change_losers": labels["mean_change_losers"],
        "median_change_losers": t("wb.xlsx.median_change_losers"),
    }
    raw["coverage"] = raw["coverage"].assign(period=[period])
    reforms = raw["reforms"].copy()
    reforms["measure"] = [labels.get(m, m).format(period=period) for m in reforms["measure"]]
    raw["reforms"] = reforms
    groups = raw["groups"].copy()
    if len(groups):
        groups["group"] = [labels.get(g, g) for g in groups["group"]]
        groups["by"] = [t(f"wb.by.{b}") for b in groups["by"]]
    raw["groups"] = groups
    # the problems in the page's language; the cells quoted in them came from the file (`_clean` neutralises)
    skipped = pd.DataFrame([{"line": e.line, "column": e.field, "problem": problem_of(e, t)}
                            for e in result.row_errors], columns=["line", "column", "problem"])
    heading |= {"line": labels["line"], "column": labels["column"], "problem": labels["problem"]}
    raw["skipped_rows"] = skipped
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, frame in raw.items():
            sheet = t(f"wb.sheet.{name}")[:31]
            clean = _clean(frame).rename(columns=lambda c: spreadsheet_cell(heading.get(c, c)))
            clean.to_excel(writer, sheet_name=sheet, index=False)
            ws = writer.sheets[sheet]
            for j, column in enumerate(frame.columns, start=1):
                letter = get_column_letter(j)
                ws.column_dimensions[letter].width = max(12, min(60, len(str(heading.get(column, column))) + 2))
                for cell in ws[letter][1:]:
                    if isinstance(cell.value, bool):
                        continue
                    if isinstance(cell.value, int):
                        cell.number_format = COUNT_FORMAT
                    elif isinstance(cell.value, float):
                        cell.number_format = MONEY_FORMAT
            ws.freeze_panes = "A2"
    return buf.getvalue()


def frontier_csv(f) -> bytes:
    """A frontier's points as CSV: parameter, value, net cost per year, work pays, no longer costs money."""
    frame = pd.DataFrame(f.rows(), columns=["parameter", "value", "net_cost_per_year", "work_pays",
                                            "no_longer_costs"])
    return _clean(frame).to_csv(index=False).encode("utf-8")
