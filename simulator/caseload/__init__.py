"""Population runs: a caseload of households, each with one job offer, under the law and reforms at once.

Three steps, each usable on its own (the CLI's `caseload` command and the app's workbench chain them):

- `read_caseload(source)` (reader) reads a CSV caseload (schema: `schema.COLUMNS`), validates every row
  and keeps the good ones; each bad row is reported as `line N, column: problem`.
- `run_caseload(cases, date, reforms, period)` (run) computes every household under the law and each
  reform in one engine pass per chunk.
- `impact(run)` / `caseload_impact(cases, ...)` (impact) compares each reform with the law; `report` turns
  the typed `Impact` into text, CSV and JSON.

Static model: no behavioural response (see run.py).
"""
from . import frontier
from .impact import (
    FISCAL,
    TOLERANCE,
    WORK_PAYS_MIN,
    Bin,
    Figure,
    Group,
    Impact,
    ReformImpact,
    RuleSetSummary,
    caseload_impact,
    impact,
)
from .problems import no_valid_row_text, problem_of, problem_text, row_text
from .reader import read_caseload
from .report import (
    STATIC_NOTE,
    bad_rows_csv,
    csv_text,
    error_lines,
    format_frontier,
    format_text,
    json_text,
    warning_lines,
)
from .run import DEFAULT_CHUNK, DEFAULT_DATE, LAW, MODEL, CaseloadRun, Reading, RuleSetInfo, run_caseload
from .schema import (
    COLUMN_NAMES,
    COLUMNS,
    HOUSEHOLD_TYPES,
    MAX_BYTES,
    MAX_CELL,
    MAX_ERRORS_KEPT,
    Caseload,
    CaseloadError,
    Column,
    RowError,
)

__all__ = [
    "COLUMNS", "COLUMN_NAMES", "DEFAULT_CHUNK", "DEFAULT_DATE", "FISCAL", "HOUSEHOLD_TYPES", "LAW", "MAX_BYTES",
    "MAX_CELL", "MAX_ERRORS_KEPT", "MODEL", "STATIC_NOTE", "TOLERANCE", "WORK_PAYS_MIN", "Bin", "Caseload",
    "CaseloadError", "CaseloadRun", "Column", "Figure", "Group", "Impact", "Reading", "ReformImpact", "RowError",
    "RuleSetInfo", "RuleSetSummary", "bad_rows_csv", "caseload_impact", "csv_text", "error_lines",
    "format_frontier", "format_text", "frontier", "impact", "json_text", "no_valid_row_text", "problem_of",
    "problem_text", "read_caseload", "row_text", "run_caseload", "warning_lines",
]
