"""Population runs: a caseload of households, each with one job offer, under the law and reforms at once.

Three steps, each usable on its own (the CLI's `caseload` command and the app's policy tab chain them):

- `read_caseload(source)` reads a CSV caseload (schema: `COLUMNS`), validates every row and
  keeps the good ones; each bad row is reported as `line N, field: problem` and the good rows still run.
  A file that cannot be used at all (not CSV text, no header, missing or unknown columns, no valid row)
  raises one `CaseloadError`.
- `run_caseload(cases, date, reforms, period)` computes every household under the law and each reform,
  stacked along a leading axis so that ONE engine pass per chunk evaluates all rule sets (and, when asked,
  all computable assumption alternatives), with a second pass for the no-work reference.
- `impact(run)` compares each reform with the law: households for whom work pays (gain > 0), winners and
  losers by household type and housing, the distribution of gain changes, and allowances paid, charges
  collected, tax and AM-bidrag collected and the net cost to the state per month and per year, each figure
  with its range over the RULES.md assumptions whose alternative can be computed.

This is a STATIC model: every household is taken to accept its job offer, with the same hours and wage,
under every rule set. Nobody takes a job, changes hours or moves because a reform makes work pay more or
less, so the costs and counts are first-round (mechanical) effects only.

The CSV schema (one row per household with its job offer; UTF-8, a header row naming the columns in any
order, comma, semicolon or tab between them, blank lines skipped) is documented for users in
scenarios/caseload/README.md and defined here by `COLUMNS`: each column's type, range and codes.

Household types (for the tables): `single` is one adult without children, `couple_no_children` two adults
without children, `family_with_children` any household with children.
"""
from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

import numpy as np

from . import assumptions as assumptions_mod
from . import eligibility
from .engine import (
    CHARGE_CODES,
    HOUSING_CODES,
    INCOME_TESTED,
    KIND_CODES,
    PROCEDURE_CODES,
    UNPAID,
    Households,
    WorkItems,
    compute,
    no_work,
    reference_households,
)
from .errors import ScenarioError
from .models import MAX_CHILDREN
from .params import numeric
from .periods import DAYS_PER_MONTH, DAYS_PER_YEAR, HOURS_PER_WEEK_MAX, Period, round_money
from .periods import period as get_period
from .rules import rules_at

REFORMS_DIR = Path(__file__).resolve().parent.parent / "scenarios" / "reforms"
DEFAULT_DATE = "2014-11-01"       # the date of the default caseload (scenarios/caseload/caseload-2014.csv)
DEFAULT_CHUNK = 200_000           # household budgets per rule set in one engine pass
READ_CHUNK = 100_000              # CSV rows validated at a time
MAX_ERRORS_KEPT = 1_000           # row errors kept for reporting; bad rows beyond are only counted
TOLERANCE = 0.005                 # half an øre: smaller amounts are float noise, not a gain or a change
MAX_BINS = 24                     # bars in the gain-change distribution, at most
LAW = "law"
MODEL = "model"                   # the reading of the assumptions the simulator makes (RULES.md)

HOUSEHOLD_TYPES = ("single", "couple_no_children", "family_with_children")
HOUSING_NAMES = {code: name for name, code in HOUSING_CODES.items()}
_BOOLS = {"0": 0, "1": 1, "false": 0, "true": 1, "no": 0, "yes": 1}


class CaseloadError(ScenarioError):
    """A caseload file that cannot be used at all (one message naming the file and the problem)."""


# --------------------------------------------------------------------------------------------------
# the schema


@dataclass(frozen=True)
class Column:
    """One CSV column: how its text is read and which values are allowed."""

    name: str
    kind: str                              # "id", "int", "number", "bool", "code", "text"
    low: float | None = None
    high: float | None = None
    codes: Mapping[str, int] | None = None
    blank: float | None = None             # the value of a blank cell; None: a blank cell is an error
    optional: bool = False                 # the column itself may be left out
    low_open: bool = False                 # the value must be above `low`, not equal to it


COLUMNS: tuple[Column, ...] = (
    Column("household_id", "id"),
    Column("adults", "int", 1, 2),
    Column("couple", "bool"),
    Column("children", "int", 0, MAX_CHILDREN),
    Column("phase", "int", 1, 3),
    Column("procedure", "code", codes=PROCEDURE_CODES),
    Column("housing", "code", codes=HOUSING_CODES),
    Column("housing_cost_per_month", "number", 0, 1_000_000, blank=math.nan),
    Column("contracts_kept", "int", 0, 2),
    Column("months_since_application", "int", 0, 600),
    Column("charge_mode", "code", codes=CHARGE_CODES),
    Column("charge_amount_per_month", "number", 0, 1_000_000, blank=0.0),
    Column("kind", "code", codes=KIND_CODES),
    Column("working_adults", "int", 1, 2),
    Column("hours_per_week", "number", 0, HOURS_PER_WEEK_MAX),
    Column("hourly_wage", "number", 0, 100_000),
    Column("transport_per_month", "number", 0, 100_000),
    Column("weight", "number", 0, 1_000_000_000, blank=1.0, optional=True, low_open=True),
    Column("job", "text", optional=True),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
MAX_TEXT = 60


@dataclass(frozen=True)
class RowError:
    """A bad row: its line in the file, the column, and what is wrong."""

    line: int
    field: str
    problem: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.problem}" if self.field else f"line {self.line}: {self.problem}"

    def as_json(self) -> dict[str, Any]:
        return {"line": self.line, "field": self.field, "problem": self.problem}


@dataclass(frozen=True)
class Caseload:
    """The valid rows of a caseload file as float64 columns (codes as numbers), in file order."""

    source: str
    household_id: np.ndarray               # object array of str
    line: np.ndarray                       # the row's line in the file
    values: Mapping[str, np.ndarray]       # column name -> float64 array (text columns as object arrays)
    errors: tuple[RowError, ...] = ()      # the first MAX_ERRORS_KEPT problems of bad rows
    bad_rows: int = 0                      # rows skipped (all of them, also beyond the kept errors)

    def __len__(self) -> int:
        return int(self.household_id.size)

    @property
    def weight(self) -> np.ndarray:
        return self.values["weight"]

    @property
    def household_type(self) -> np.ndarray:
        """Index into HOUSEHOLD_TYPES: 0 single adult, 1 two adults without children, 2 with children."""
        v = self.values
        return np.where(v["children"] > 0, 2, np.where(v["adults"] >= 2, 1, 0))

    def households(self, rows: slice = slice(None)) -> Households:
        v = {k: a[rows] for k, a in self.values.items() if a.dtype == np.float64}
        return Households(v["adults"], v["couple"], v["children"], v["phase"], v["procedure"], v["housing"],
                          v["contracts_kept"], v["housing_cost_per_month"], v["charge_mode"],
                          v["charge_amount_per_month"])

    def work(self, rows: slice = slice(None)) -> WorkItems:
        """Two work items per household: the offer, and the same offer for a second working adult (or an
        empty unpaid item of 0 hours, which adds nothing)."""
        v = {k: a[rows] for k, a in self.values.items() if a.dtype == np.float64}
        second = v["working_adults"] >= 2

        def pair(a: np.ndarray, empty: float) -> np.ndarray:
            return np.stack([a, np.where(second, a, empty)], axis=-1)

        return WorkItems(pair(v["kind"], float(UNPAID)), pair(v["hours_per_week"], 0.0),
                         pair(v["hourly_wage"], 0.0), pair(v["transport_per_month"], 0.0))


# --------------------------------------------------------------------------------------------------
# reading and validating


def _got(text: str) -> str:
    text = text.strip()
    return repr(text if len(text) <= 30 else text[:27] + "...")


def _range_text(col: Column) -> str:
    if col.low_open and col.high is not None:
        return f"must be above {col.low:g} and at most {col.high:,.0f}"
    if col.kind == "int" and col.high is not None and col.high - col.low == 1:
        return f"must be {col.low:g} or {col.high:g}"
    return f"must be between {col.low:,.0f} and {col.high:,.0f}"


def _parse_numbers(cells: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Float values of a text column (NaN where blank or unreadable), and masks of blank and unreadable cells.

    Each distinct text is parsed once: caseload columns repeat a few values (hours, wages, codes) many times.
    """
    value_of: dict[str, float] = {}
    status_of: dict[str, int] = {}                      # 0 a number, 1 blank, 2 unreadable
    for text in set(cells):
        try:
            value_of[text], status_of[text] = float(text), 0
        except ValueError:
            value_of[text], status_of[text] = math.nan, (2 if text.strip() else 1)
    n = len(cells)
    values = np.fromiter(map(value_of.__getitem__, cells), np.float64, n)
    if not any(status_of.values()):
        none = np.zeros(n, dtype=bool)
        return values, none, none
    status = np.fromiter(map(status_of.__getitem__, cells), np.int8, n)
    return values, status == 1, status == 2


def _validate_column(col: Column, raw: Sequence[str], problems: list[tuple[int, str]]) -> np.ndarray:
    """The column's values; each bad cell appends (row index, problem) to `problems`."""
    n = len(raw)
    if col.kind in ("code", "bool"):
        codes = col.codes if col.kind == "code" else _BOOLS
        code_of = {u: float(codes.get(u.strip().lower(), -1)) for u in set(raw)}
        values = np.fromiter(map(code_of.__getitem__, raw), np.float64, n)
        for i in np.flatnonzero(values < 0).tolist():
            if not raw[i].strip():
                problems.append((i, "is required"))
            elif col.kind == "bool":
                problems.append((i, f"must be 0 or 1 (got {_got(raw[i])})"))
            else:
                problems.append((i, f"must be one of {', '.join(codes)} (got {_got(raw[i])})"))
        return values
    values, blank, unreadable = _parse_numbers(raw)
    nonfinite = ~np.isfinite(values) & ~unreadable & ~blank        # 'nan', 'inf' written out
    blank_bad = blank if col.blank is None else np.zeros(n, dtype=bool)
    if col.blank is not None:
        values = np.where(blank, col.blank, values)
    checked = np.isfinite(values) & ~blank
    out_of_range = np.zeros(n, dtype=bool)
    if col.low is not None:
        too_low = values <= col.low if col.low_open else values < col.low
        out_of_range |= checked & too_low
    if col.high is not None:
        out_of_range |= checked & (values > col.high)
    fraction = checked & (values != np.floor(values)) if col.kind == "int" else np.zeros(n, dtype=bool)
    whole = " whole" if col.kind == "int" else ""
    for i in np.flatnonzero(blank_bad | unreadable | nonfinite | out_of_range | fraction).tolist():
        if blank_bad[i]:
            problems.append((i, "is required"))
        elif unreadable[i]:
            hint = "; use a decimal point" if "," in raw[i] else ""
            problems.append((i, f"must be a{whole} number (got {_got(raw[i])}){hint}"))
        elif nonfinite[i]:
            problems.append((i, f"must be a finite number (got {_got(raw[i])})"))
        elif fraction[i]:
            problems.append((i, f"must be a whole number (got {_got(raw[i])})"))
        else:
            problems.append((i, f"{_range_text(col)} (got {_got(raw[i])})"))
    return values


def _cross_checks(values: dict[str, np.ndarray], problems: dict[str, list[tuple[int, str]]]) -> None:
    """Rules between columns, checked where both columns are readable."""
    adults = values["adults"]

    def ok(*names: str) -> np.ndarray:
        good = np.ones(adults.shape, dtype=bool)
        for name in names:
            bad = [i for i, _ in problems[name]]
            good[bad] = False
        return good

    for i in np.flatnonzero(ok("couple", "adults") & (values["couple"] > 0) & (adults < 2)).tolist():
        problems["couple"].append((i, "a couple needs two adults (adults is 1)"))
    for name in ("contracts_kept", "working_adults"):
        for i in np.flatnonzero(ok(name, "adults") & (values[name] > adults)).tolist():
            problems[name].append((i, f"must be at most adults ({adults[i]:g}) (got {values[name][i]:g})"))
    own = ok("housing", "housing_cost_per_month") & (values["housing"] == HOUSING_CODES["own_housing"])
    for i in np.flatnonzero(own & np.isnan(values["housing_cost_per_month"])).tolist():
        problems["housing_cost_per_month"].append((i, "is required for own_housing (the rent the household pays)"))


def _validate_chunk(rows: list[list[str]], lines: list[int], index: Mapping[str, int], seen: dict[str, int]
                    ) -> tuple[dict[str, np.ndarray], np.ndarray, list[RowError]]:
    """Validate rows that have the header's number of fields: (values of the good rows, their lines, errors)."""
    n = len(rows)
    cells = list(zip(*rows, strict=True)) if n else [() for _ in index]
    problems: dict[str, list[tuple[int, str]]] = {c.name: [] for c in COLUMNS}
    values: dict[str, np.ndarray] = {}
    for col in COLUMNS:
        if col.name not in index:  # an optional column left out: every cell blank
            if col.kind == "text":
                values[col.name] = np.full(n, "", dtype=object)
            else:
                values[col.name] = np.full(n, col.blank, dtype=np.float64)
            continue
        raw = cells[index[col.name]]
        if col.kind in ("id", "text"):
            stripped = [s.strip() for s in raw]
            for i, s in enumerate(stripped):
                if len(s) > MAX_TEXT:
                    problems[col.name].append((i, f"is too long (at most {MAX_TEXT} characters)"))
                elif col.kind == "id" and not s:
                    problems[col.name].append((i, "is required"))
                elif col.kind == "id":
                    first = seen.setdefault(s, lines[i])
                    if first != lines[i]:
                        problems[col.name].append((i, f"{_got(s)} appears twice (first on line {first})"))
            values[col.name] = np.array(stripped, dtype=object)
        else:
            values[col.name] = _validate_column(col, raw, problems[col.name])
    _cross_checks(values, problems)
    bad = np.zeros(n, dtype=bool)
    errors = []
    order = {c.name: k for k, c in enumerate(COLUMNS)}
    for name, found in problems.items():
        for i, problem in found:
            bad[i] = True
            errors.append((lines[i], order[name], RowError(lines[i], name, problem)))
    errors.sort(key=lambda e: (e[0], e[1]))
    good = ~bad
    return {k: v[good] for k, v in values.items()}, np.asarray(lines, dtype=np.int64)[good], [e[2] for e in errors]


def _open_text(source: str | Path | bytes | IO) -> tuple[IO[str], str]:
    if isinstance(source, (bytes, bytearray)):
        try:
            return io.StringIO(bytes(source).decode("utf-8-sig"), newline=""), "caseload"
        except UnicodeDecodeError:
            raise CaseloadError("caseload", "is not UTF-8 text (save the CSV as UTF-8)") from None
    if hasattr(source, "read"):
        name = str(getattr(source, "name", "caseload"))
        data = source.read()
        if isinstance(data, (bytes, bytearray)):
            return _open_text(bytes(data))[0], name
        return io.StringIO(data.lstrip("\ufeff"), newline=""), name
    path = Path(source)
    try:
        return open(path, encoding="utf-8-sig", newline=""), str(path)
    except OSError as exc:
        raise CaseloadError(str(path), f"cannot be read ({exc.strerror or exc.__class__.__name__})") from None


def _header(lines: Iterator[str], name: str) -> tuple[list[str], str, int]:
    """The header's column names, the separator and the header's line number."""
    number = 0
    for text in lines:
        number += 1
        if text.strip():
            break
    else:
        raise CaseloadError(name, "is empty: the first line must name the columns "
                                  f"({', '.join(c.name for c in COLUMNS if not c.optional)})")
    delimiter = ","
    if "," not in text:
        delimiter = ";" if ";" in text else ("\t" if "\t" in text else ",")
    names = [h.strip().lower() for h in next(csv.reader([text], delimiter=delimiter))]
    missing = [c.name for c in COLUMNS if not c.optional and c.name not in names]
    unknown = [h for h in names if h not in COLUMN_NAMES]
    dupes = sorted({h for h in names if names.count(h) > 1})
    problems = []
    if missing:
        problems.append(f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    if unknown:
        shown = ", ".join(repr(u) for u in unknown[:5]) + (" ..." if len(unknown) > 5 else "")
        problems.append(f"unknown column{'s' if len(unknown) > 1 else ''} {shown}")
    if dupes:
        problems.append(f"column{'s' if len(dupes) > 1 else ''} named twice: {', '.join(dupes)}")
    if problems:
        raise CaseloadError(name, "header (line " + str(number) + "): " + "; ".join(problems)
                            + " (the schema is in scenarios/caseload/README.md)")
    return names, delimiter, number


def read_caseload(source: str | Path | bytes | IO, *, name: str | None = None) -> Caseload:
    """Read and validate a caseload CSV: a path, the file's bytes, or an open file (text or binary).

    Bad rows are skipped and reported in `Caseload.errors` (`line N, field: problem`); a file that cannot
    be used at all raises `CaseloadError`. Rows are validated in chunks, so a million rows fit in memory.
    """
    fh, label = _open_text(source)
    label = name or label
    collecting = gc.isenabled()
    # The rows are short-lived lists by the hundred thousand: the cyclic collector would rescan them over
    # and over (a third of the reading time) and finds nothing to free, so it waits until the end.
    gc.disable()
    try:
        return _read(fh, label)
    except UnicodeDecodeError:
        raise CaseloadError(label, "is not UTF-8 text (save the CSV as UTF-8)") from None
    except csv.Error as exc:
        raise CaseloadError(label, f"cannot be read as CSV ({exc})") from None
    finally:
        fh.close()
        if collecting:
            gc.enable()


def _read(fh: IO[str], label: str) -> Caseload:
    lines = iter(fh)
    names, delimiter, header_line = _header(lines, label)
    index = {h: k for k, h in enumerate(names)}
    width = len(names)
    reader = csv.reader(lines, delimiter=delimiter)
    parts: list[tuple[dict[str, np.ndarray], np.ndarray]] = []
    errors: list[RowError] = []
    bad_rows = 0
    seen: dict[str, int] = {}
    next_line = header_line + 1
    while True:
        chunk = list(itertools.islice(reader, READ_CHUNK))
        if not chunk:
            break
        if reader.line_num + header_line == next_line + len(chunk) - 1:
            row_lines = list(range(next_line, next_line + len(chunk)))
        else:  # some cell holds a line break: count them to keep each row's line
            row_lines, line = [], next_line
            for row in chunk:
                row_lines.append(line)
                line += 1 + sum(cell.count("\n") for cell in row)
        next_line = reader.line_num + header_line + 1
        rows, lines_kept, ragged = [], [], []
        for row, line in zip(chunk, row_lines, strict=True):
            if len(row) == width and row[0].strip():
                rows.append(row)
                lines_kept.append(line)
            elif not "".join(row).strip():
                continue  # a blank line, or a line of empty cells
            elif len(row) != width:
                ragged.append(RowError(line, "", f"has {len(row)} values; the header names {width} columns"))
            else:
                rows.append(row)
                lines_kept.append(line)
        del chunk
        values, good_lines, found = _validate_chunk(rows, lines_kept, index, seen)
        parts.append((values, good_lines))
        bad_rows += len(rows) - good_lines.size + len(ragged)
        found = sorted(ragged + found, key=lambda e: e.line) if ragged else found
        errors.extend(found[: max(0, MAX_ERRORS_KEPT - len(errors))])
    good = sum(p[1].size for p in parts)
    if good == 0:
        if bad_rows == 0:
            raise CaseloadError(label, "has a header but no household rows")
        raise CaseloadError(label, f"has no valid row ({bad_rows:,} bad; first: {errors[0]})")
    values = {c.name: np.concatenate([p[0][c.name] for p in parts]) for c in COLUMNS}
    return Caseload(label, values.pop("household_id"), np.concatenate([p[1] for p in parts]), values,
                    tuple(errors), bad_rows)


# --------------------------------------------------------------------------------------------------
# running: law and reforms (and assumption alternatives) stacked in one engine pass per chunk


@dataclass(frozen=True)
class RuleSetInfo:
    """One of the compared rule sets: `law`, or a reform by name."""

    name: str
    title: str
    reform: Mapping[str, Any]


@dataclass(frozen=True)
class Reading:
    """One reading of the RULES.md assumptions: the model's own (`model`), or one assumption's alternative."""

    code: str
    title: str
    reform: Mapping[str, Any] = field(default_factory=dict)    # parameter changes the alternative makes
    charge_mode: str | None = None                              # income-tested charges become this mode


def computable_readings() -> list[Reading]:
    """The model's reading first, then each assumption whose alternative can be computed (assumptions.yaml)."""
    out = [Reading(MODEL, "The simulator's assumptions (RULES.md)")]
    for code, entry in assumptions_mod.catalogue().items():
        if entry.get("reform") or entry.get("charge_mode"):
            out.append(Reading(code, entry.get("alternative") or entry["title"], dict(entry.get("reform") or {}),
                               entry.get("charge_mode")))
    return out


@dataclass(frozen=True)
class CaseloadRun:
    """Every household under every rule set: arrays are (rule sets, households), law first.

    `gain_by_reading` is (readings, rule sets, households): the gain under each reading of the assumptions,
    the model's own first. `totals` are weighted sums over households, (readings, rule sets), per period;
    `changes` the same sums of each household's change against the law (exactly 0 where nothing changes).
    Static: every household takes its offer under every rule set (no behavioural response).
    """

    date: dt.date
    period: Period
    rule_sets: tuple[RuleSetInfo, ...]
    readings: tuple[Reading, ...]
    weight: np.ndarray
    household_type: np.ndarray
    housing: np.ndarray
    disposable: np.ndarray
    allowances_paid: np.ndarray
    charge: np.ndarray
    tax_am: np.ndarray
    gain_by_reading: np.ndarray
    totals: Mapping[str, np.ndarray]
    changes: Mapping[str, np.ndarray]
    law_warnings: Mapping[str, float]        # eligibility warning code -> weighted households (law, on the date)
    assumptions: tuple[str, ...]             # RULES.md assumptions the caseload's results rest on

    @property
    def gain(self) -> np.ndarray:
        """Disposable income minus that of the same household with no work, under the model's assumptions."""
        return self.gain_by_reading[0]

    @property
    def names(self) -> list[str]:
        return [r.name for r in self.rule_sets]


def _rule_sets(reforms: Mapping[str, Any] | None) -> list[RuleSetInfo]:
    sets = [RuleSetInfo(LAW, "Current law", {})]
    for name, spec in (reforms or {}).items():
        if str(name) == LAW:
            raise ScenarioError("reforms", f"{LAW!r} names the current law; give the reform another name")
        if isinstance(spec, Mapping) and isinstance(spec.get("reform"), Mapping):
            sets.append(RuleSetInfo(str(name), str(spec.get("title") or name), dict(spec["reform"])))
        elif isinstance(spec, Mapping):
            sets.append(RuleSetInfo(str(name), str(name), dict(spec)))
        else:
            raise ScenarioError(f"reforms.{name}", "must be a mapping of parameter path to value")
    return sets


def _warning_counts(cases: Caseload, date: dt.date) -> dict[str, float]:
    """Weighted households whose offer draws each eligibility warning of the core (never a refusal)."""
    rules = rules_at(date)
    v, w = cases.values, cases.weight
    job = v["kind"] == KIND_CODES["job"]
    paid = v["kind"] != KIND_CODES["unpaid_praktik"]
    excluded = np.isin(v["procedure"], [PROCEDURE_CODES[p] for p in sorted(eligibility.EXCLUDED)])
    masks = {
        "work_not_yet_allowed": paid & (not rules["work.permitted"]),
        "under_six_months": job & (v["months_since_application"] < rules["work.min_months_since_application"]),
        "phase_1": job & (v["phase"] == 1),
        "excluded_procedure": job & excluded,
        "phase_3_disputed": job & (v["phase"] == 3),
        "praktik_in_phase_1": ~paid & (v["phase"] == 1),
        "special_housing_abolished": (v["housing"] == HOUSING_CODES["special_housing"])
                                     & (not rules["housing.special_housing_available"]),
    }
    return {code: float(w[m].sum()) for code, m in masks.items() if m.any()}


def _applicable(cases: Caseload, date: dt.date, per: Period) -> tuple[str, ...]:
    """The RULES.md assumptions some household's result rests on (as `assumptions.applicable` for one)."""
    rules = rules_at(date)
    v = cases.values
    works = ((v["kind"] != UNPAID) & (v["hours_per_week"] * v["hourly_wage"] > 0)).any()
    income_tested = ((v["charge_mode"] == INCOME_TESTED) & (v["housing"] != HOUSING_CODES["own_housing"])).any()
    urgent = PROCEDURE_CODES["manifestly_unfounded_urgent"]
    indexed = any(rules.entry(p).status == "indexed" for p in rules.entries if p.startswith("allowance."))
    checks = {
        "offset_income_base_net": works and rules["offset.income_base"] == "net",
        "family_netting": bool((v["adults"] + v["children"] > 1).any()),
        "charge_mode_and_cap": works and income_tested,
        "tax_on_gross": works and rules["tax.base"] == "gross",
        "rates_indexed": indexed,
        "monthly_conversion": per.name == "month",
        "agh_child_rate": bool(((v["procedure"] == urgent) & (v["housing"] != HOUSING_CODES["centre_canteen"])
                                & (v["children"] > 0)).any()),
    }
    return tuple(code for code in assumptions_mod.catalogue() if checks.get(code))


def run_caseload(cases: Caseload, date: dt.date | str = DEFAULT_DATE, reforms: Mapping[str, Any] | None = None,
                 period: str | Period = "month", chunk_size: int = DEFAULT_CHUNK,
                 alternatives: bool | Sequence[str] = False,
                 progress: Callable[[float], None] | None = None) -> CaseloadRun:
    """Compute every household of `cases` under the law on `date` and each reform (name -> reform mapping,
    or a loaded reform file with `title` and `reform`), in one engine pass per chunk of households.

    With `alternatives` (True, or assumption codes) each computable RULES.md alternative is stacked into the
    same pass, so that `impact` can give every figure as a range. `chunk_size` counts household budgets
    per rule set in one pass: with alternatives stacked, a pass takes chunk_size / readings households, so
    memory stays the same (about 350 MiB at the default, whatever the size of the caseload). `progress`,
    when given, is called after each pass with the share of households done (for a progress bar).
    Static: no behavioural response.
    """
    per = period if isinstance(period, Period) else get_period(period)
    if chunk_size < 1:
        raise ValueError(f"chunk_size: must be at least 1 (got {chunk_size})")
    sets = _rule_sets(reforms)
    readings = computable_readings()
    if alternatives is False:
        readings = readings[:1]
    elif alternatives is not True:
        wanted = set(alternatives)
        unknown = wanted - {r.code for r in readings[1:]}
        if unknown:
            raise ValueError(f"alternatives: no computable alternative for {', '.join(sorted(unknown))}")
        readings = [r for r in readings if r.code == MODEL or r.code in wanted]
    when = rules_at(date).date
    # The alternative's value wins over a reform's, as in the core's assumption effects (assumptions.py):
    # a reform that restates the law's reading of an assumption then still equals the law under each reading.
    stacked = [rules_at(when, {**s.reform, **reading.reform}) for reading in readings for s in sets]
    a, r_count, n = len(readings), len(sets), len(cases)
    rules = numeric(stacked).reshape((a, r_count, 1))
    modes = [CHARGE_CODES[x.charge_mode] if x.charge_mode else -1 for x in readings]

    gain = np.empty((a, r_count, n))
    lines = {k: np.empty((r_count, n)) for k in ("disposable", "allowances_paid", "charge", "tax_am")}
    totals = {k: np.zeros((a, r_count)) for k in ("disposable", "allowances_paid", "charge", "tax_am", "gross",
                                                  "transport")}
    changes = {k: np.zeros((a, r_count)) for k in totals}
    weight = cases.weight
    step = max(1, chunk_size // a)
    for start in range(0, n, step):
        rows = slice(start, min(n, start + step))
        h = cases.households(rows)
        if any(m >= 0 for m in modes):
            mode = np.stack([np.where(h.charge_mode == INCOME_TESTED, m, h.charge_mode) if m >= 0
                             else h.charge_mode for m in modes])[:, None, :]
            h = replace(h, charge_mode=mode)
        # A reform's taper near 0 makes allowances / taper overflow to inf: the charge is then 0, as it should be.
        with np.errstate(over="ignore"):
            budget = compute(h, cases.work(rows), rules, per)
            reference = compute(reference_households(h), no_work((rows.stop - rows.start,)), rules, per).disposable
        gain[:, :, rows] = budget.disposable - reference
        tax_am = budget.tax + budget.am
        chunk = {"disposable": budget.disposable, "allowances_paid": budget.paid, "charge": budget.charge,
                 "tax_am": tax_am, "gross": budget.gross, "transport": budget.transport}
        w = weight[rows]
        for k, arr in chunk.items():
            totals[k] += _weighted_sum(arr, w)
            changes[k] += _weighted_sum(arr - arr[:, :1], w)
            if k in lines:
                lines[k][:, rows] = arr[0]
        if progress is not None:
            progress(rows.stop / n)
    return CaseloadRun(when, per, tuple(sets), tuple(readings), weight, cases.household_type,
                       cases.values["housing"], lines["disposable"], lines["allowances_paid"], lines["charge"],
                       lines["tax_am"], gain, totals, changes, _warning_counts(cases, when),
                       _applicable(cases, when, per))


# --------------------------------------------------------------------------------------------------
# impact: each reform against the law


@dataclass(frozen=True)
class Figure:
    """A figure under the model's assumptions, and its value under each computable alternative."""

    value: float
    by_reading: Mapping[str, float]

    @property
    def low(self) -> float:
        return min(self.by_reading.values(), default=self.value)

    @property
    def high(self) -> float:
        return max(self.by_reading.values(), default=self.value)

    def as_json(self, money: bool = True) -> dict[str, Any]:
        r = round_money if money else (lambda x: round(float(x), 6))
        return {"value": r(self.value), "low": r(self.low), "high": r(self.high),
                "by_assumption": {k: r(v) for k, v in self.by_reading.items()}}


@dataclass(frozen=True)
class Group:
    """Winners and losers in one group of households (all, a household type, or a housing type)."""

    by: str                                # "all", "household_type" or "housing"
    group: str
    households: float
    work_pays_law: float
    work_pays_reform: float
    winners: float
    losers: float
    unchanged: float
    mean_change: float | None              # kr per period, every household of the group
    median_change: float | None
    mean_change_winners: float | None
    median_change_winners: float | None
    mean_change_losers: float | None
    median_change_losers: float | None

    def as_json(self) -> dict[str, Any]:
        return {k: (round_money(v) if isinstance(v, float) else v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class Bin:
    """A bar of the gain-change distribution: changes in [low, high) kr per period, households by type."""

    low: float
    high: float
    label: str
    households: Mapping[str, float]

    def as_json(self) -> dict[str, Any]:
        return {"low": self.low, "high": self.high, "label": self.label,
                "households": {k: round_money(v) for k, v in self.households.items()}}


FISCAL = ("allowances_paid", "charges", "tax_am")
_TOTAL_OF = {"allowances_paid": "allowances_paid", "charges": "charge", "tax_am": "tax_am"}


@dataclass(frozen=True)
class RuleSetSummary:
    """One rule set on its own: who work pays for, and the state's flows, per month (weighted)."""

    name: str
    title: str
    reform: Mapping[str, Any]
    work_pays: Figure
    allowances_paid: Figure
    charges: Figure
    tax_am: Figure


@dataclass(frozen=True)
class ReformImpact:
    """A reform against the law. Money per month for the state's flows; gain changes per period."""

    name: str
    title: str
    reform: Mapping[str, Any]
    work_pays_law: Figure
    work_pays_reform: Figure
    work_pays_change: Figure
    winners: Figure
    losers: Figure
    mean_gain_change: Figure               # kr per period, over all households
    change: Mapping[str, Figure]           # FISCAL item -> reform minus law, kr per month
    net_cost_per_month: Figure             # Δ allowances paid − Δ charges − Δ tax and AM
    net_cost_per_year: Figure
    groups: tuple[Group, ...]
    distribution: tuple[Bin, ...]


@dataclass(frozen=True)
class Impact:
    """What each reform does against the law for a caseload (static: no behavioural response)."""

    date: str
    period: str
    households: int                        # valid rows
    weighted_households: float
    readings: tuple[Reading, ...]
    not_computed: tuple[str, ...]          # assumptions the results rest on whose alternative is not computed
    summaries: tuple[RuleSetSummary, ...]
    reforms: tuple[ReformImpact, ...]
    warnings: Mapping[str, float]
    skipped_rows: int = 0
    row_errors: tuple[RowError, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """The `caseload --json` document: money rounded to the øre, counts as weighted households."""
        cat = assumptions_mod.catalogue()
        return {
            "schema_version": 1,
            "rules_date": self.date,
            "period": self.period,
            "static": STATIC_NOTE,
            "households": self.households,
            "weighted_households": round_money(self.weighted_households),
            "skipped_rows": self.skipped_rows,
            "row_errors": [e.as_json() for e in self.row_errors[:100]],
            "assumptions": [{"code": r.code, "number": cat[r.code]["number"], "title": cat[r.code]["title"],
                             "alternative": r.title, "reform": dict(r.reform), "charge_mode": r.charge_mode}
                            for r in self.readings if r.code != MODEL],
            "assumptions_not_computed": [{"code": c, "number": cat[c]["number"], "title": cat[c]["title"]}
                                         for c in self.not_computed],
            "warnings": [{"code": c, "households": round_money(v),
                          "message": eligibility.catalogue()[c]["message"],
                          "source": eligibility.catalogue()[c]["source"]} for c, v in self.warnings.items()],
            "rule_sets": [{"name": s.name, "title": s.title, "reform": dict(s.reform),
                           "work_pays": s.work_pays.as_json(),
                           "per_month": {k: getattr(s, k).as_json() for k in FISCAL}}
                          for s in self.summaries],
            "reforms": [{
                "name": r.name, "title": r.title, "reform": dict(r.reform),
                "work_pays": {"law": r.work_pays_law.as_json(), "reform": r.work_pays_reform.as_json(),
                              "change": r.work_pays_change.as_json()},
                "winners": r.winners.as_json(), "losers": r.losers.as_json(),
                "mean_gain_change": r.mean_gain_change.as_json(),
                "change_per_month": {k: r.change[k].as_json() for k in FISCAL},
                "net_cost_per_month": r.net_cost_per_month.as_json(),
                "net_cost_per_year": r.net_cost_per_year.as_json(),
                "groups": [g.as_json() for g in r.groups],
                "distribution": [b.as_json() for b in r.distribution],
            } for r in self.reforms],
        }

    def rows(self) -> list[dict[str, Any]]:
        """Every table as tidy rows (table, rule_set, group, measure, value, low, high): the `--csv` output."""
        out: list[dict[str, Any]] = []

        def add(table: str, rule_set: str, group: str, measure: str, value: Any,
                low: Any = None, high: Any = None) -> None:
            out.append({"table": table, "rule_set": rule_set, "group": group, "measure": measure,
                        "value": value, "low": low, "high": high})

        def fig(table: str, rule_set: str, group: str, measure: str, f: Figure) -> None:
            add(table, rule_set, group, measure, round_money(f.value), round_money(f.low), round_money(f.high))

        for s in self.summaries:
            fig("rule_sets", s.name, "all", "work_pays", s.work_pays)
            for k in FISCAL:
                fig("rule_sets", s.name, "all", f"{k}_per_month", getattr(s, k))
        for r in self.reforms:
            fig("reform_vs_law", r.name, "all", "work_pays_change", r.work_pays_change)
            fig("reform_vs_law", r.name, "all", "winners", r.winners)
            fig("reform_vs_law", r.name, "all", "losers", r.losers)
            fig("reform_vs_law", r.name, "all", f"mean_gain_change_per_{self.period}", r.mean_gain_change)
            for k in FISCAL:
                fig("reform_vs_law", r.name, "all", f"{k}_change_per_month", r.change[k])
            fig("reform_vs_law", r.name, "all", "net_cost_per_month", r.net_cost_per_month)
            fig("reform_vs_law", r.name, "all", "net_cost_per_year", r.net_cost_per_year)
            for g in r.groups:
                for k, v in g.as_json().items():
                    if k not in ("by", "group"):
                        add("groups", r.name, f"{g.by}:{g.group}", k, v)
            for b in r.distribution:
                for t, v in b.households.items():
                    add("distribution", r.name, t, b.label, round_money(v), b.low, b.high)
        for code, v in self.warnings.items():
            add("warnings", LAW, "all", code, round_money(v))
        return out


STATIC_NOTE = ("Static model: every household takes its job offer under every rule set; no behavioural "
               "response is modelled.")


def _weighted_sum(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Σ values × weights over the last axis, summed the same way for every row (a BLAS dot product may
    round rows differently with their memory alignment, and then the law against itself would not be 0)."""
    return (values * weights).sum(axis=-1)


def _weighted_median(v: np.ndarray, w: np.ndarray) -> float | None:
    """The weighted median of values already in ascending order (with equal weights, the ordinary median:
    the mean of the two middle values)."""
    if v.size == 0:
        return None
    cum = np.cumsum(w)
    half = cum[-1] / 2
    i = int(np.searchsorted(cum, half))
    if i < v.size - 1 and math.isclose(cum[i], half, rel_tol=1e-12, abs_tol=1e-12):
        return float((v[i] + v[i + 1]) / 2)
    return float(v[min(i, v.size - 1)])


def _mean(values: np.ndarray, weights: np.ndarray) -> float | None:
    total = weights.sum()
    return float(_weighted_sum(values, weights) / total) if values.size and total > 0 else None


@dataclass(frozen=True)
class _Changes:
    """One reform's gain changes, sorted once so that every group's medians are slices, not new sorts."""

    order: np.ndarray
    delta: np.ndarray            # sorted ascending
    weight: np.ndarray           # in the same order
    works_law: np.ndarray        # weighted: law gain > 0, in the same order
    works_reform: np.ndarray

    @classmethod
    def of(cls, delta: np.ndarray, w: np.ndarray, gain_law: np.ndarray, gain_reform: np.ndarray) -> _Changes:
        order = np.argsort(delta, kind="stable")
        return cls(order, delta[order], w[order], (gain_law > TOLERANCE)[order], (gain_reform > TOLERANCE)[order])

    def group(self, by: str, name: str, mask: np.ndarray) -> Group:
        inside = mask[self.order]
        d, wt = self.delta[inside], self.weight[inside]
        down_end = int(np.searchsorted(d, -TOLERANCE, side="left"))     # d[:down_end] < -TOLERANCE
        up_start = int(np.searchsorted(d, TOLERANCE, side="right"))     # d[up_start:] > TOLERANCE
        down, up = slice(0, down_end), slice(up_start, None)
        return Group(by, name, float(wt.sum()), float(wt[self.works_law[inside]].sum()),
                     float(wt[self.works_reform[inside]].sum()), float(wt[up].sum()), float(wt[down].sum()),
                     float(wt[down_end:up_start].sum()), _mean(d, wt), _weighted_median(d, wt),
                     _mean(d[up], wt[up]), _weighted_median(d[up], wt[up]),
                     _mean(d[down], wt[down]), _weighted_median(d[down], wt[down]))


def _nice_step(raw: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k kroner that is at least `raw`."""
    exp = 10.0 ** math.floor(math.log10(max(raw, 1.0)))
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        if m * exp >= raw:
            return m * exp
    return 10 * exp


def _label(low: float, high: float) -> str:
    return f"{low:,.0f} to {high:,.0f}"


def _distribution(delta: np.ndarray, w: np.ndarray, types: np.ndarray) -> tuple[Bin, ...]:
    """Bars of equal width over the changes, split by household type; unchanged households get their own bar."""
    up, down = delta > TOLERANCE, delta < -TOLERANCE
    same = ~up & ~down

    def by_type(mask: np.ndarray) -> dict[str, float]:
        return {t: float(w[mask & (types == k)].sum()) for k, t in enumerate(HOUSEHOLD_TYPES)}

    unchanged = Bin(0.0, 0.0, "no change", by_type(same))
    changed = ~same
    if not changed.any():
        return (unchanged,)
    lo, hi = min(0.0, float(delta[changed].min())), max(0.0, float(delta[changed].max()))
    step = _nice_step((hi - lo) / MAX_BINS)
    first, last = math.floor(lo / step), math.ceil(hi / step)
    if last == first:
        last += 1
    edges = np.arange(first, last + 1) * step
    counts = {t: np.histogram(delta[changed & (types == k)], edges, weights=w[changed & (types == k)])[0]
              for k, t in enumerate(HOUSEHOLD_TYPES)}
    bins = [Bin(float(edges[i]), float(edges[i + 1]), _label(edges[i], edges[i + 1]),
                {t: float(counts[t][i]) for t in HOUSEHOLD_TYPES}) for i in range(edges.size - 1)]
    negative = [b for b in bins if b.high <= 0]
    positive = [b for b in bins if b.low >= 0]
    return tuple(negative + [unchanged] + positive)


def impact(run: CaseloadRun, cases: Caseload | None = None) -> Impact:
    """Each reform of `run` against the law: work pays, winners and losers, distribution, cost to the state.

    Counts are weighted households; gain changes are kr per period of the run; the state's flows are per
    month and per year (converted from the run's period by periods.DAYS_PER_MONTH and DAYS_PER_YEAR).
    Net cost to the state =
    Δ allowances paid − Δ charges collected − Δ tax and AM-bidrag collected (travel to an unpaid praktik
    that the centre covers is not counted). Each headline figure carries its value under every computed
    assumption alternative (low-high). Static: no behavioural response.
    """
    per = run.period
    to_month = DAYS_PER_MONTH / per.days
    to_year = DAYS_PER_YEAR / per.days
    codes = [x.code for x in run.readings]
    w = run.weight

    def figure(values: Sequence[float]) -> Figure:
        return Figure(float(values[0]), dict(zip(codes, (float(v) for v in values), strict=True)))

    works = run.gain_by_reading > TOLERANCE                                          # (readings, rule sets, n)
    pays = _weighted_sum(works, w)                                                   # (readings, rule sets)
    month = {k: run.totals[_TOTAL_OF[k]] * to_month for k in FISCAL}
    month_change = {k: run.changes[_TOTAL_OF[k]] * to_month for k in FISCAL}
    summaries = tuple(RuleSetSummary(s.name, s.title, s.reform, figure(pays[:, i]),
                                     *(figure(month[k][:, i]) for k in FISCAL))
                      for i, s in enumerate(run.rule_sets))
    housing_present = [int(c) for c in np.unique(run.housing)]
    reforms = []
    for i, s in enumerate(run.rule_sets[1:], start=1):
        delta_all = run.gain_by_reading[:, i, :] - run.gain_by_reading[:, 0, :]      # (readings, households)
        winners = _weighted_sum(delta_all > TOLERANCE, w)
        losers = _weighted_sum(delta_all < -TOLERANCE, w)
        mean = _weighted_sum(delta_all, w) / w.sum()
        pays_change = _weighted_sum(works[:, i, :].astype(np.float64) - works[:, 0, :], w)
        change = {k: figure(month_change[k][:, i]) for k in FISCAL}
        cost = month_change["allowances_paid"][:, i] - month_change["charges"][:, i] - month_change["tax_am"][:, i]
        delta = delta_all[0]
        sorted_changes = _Changes.of(delta, w, run.gain[0], run.gain[i])
        groups = [sorted_changes.group("all", "all", np.ones(w.shape, dtype=bool))]
        groups += [sorted_changes.group("household_type", t, run.household_type == k)
                   for k, t in enumerate(HOUSEHOLD_TYPES)]
        groups += [sorted_changes.group("housing", HOUSING_NAMES[c], run.housing == c) for c in housing_present]
        reforms.append(ReformImpact(
            s.name, s.title, s.reform, figure(pays[:, 0]), figure(pays[:, i]), figure(pays_change),
            figure(winners), figure(losers), figure(mean), change, figure(cost), figure(cost * to_year / to_month),
            tuple(groups), _distribution(delta, w, run.household_type)))
    computed = {x.code for x in run.readings}
    not_computed = tuple(c for c in run.assumptions if c not in computed)
    return Impact(run.date.isoformat(), per.name, int(w.size), float(w.sum()), run.readings, not_computed,
                  summaries, tuple(reforms), dict(run.law_warnings),
                  cases.bad_rows if cases is not None else 0, cases.errors if cases is not None else ())


def caseload_impact(cases: Caseload, date: dt.date | str = DEFAULT_DATE, reforms: Mapping[str, Any] | None = None,
                    period: str = "month", chunk_size: int = DEFAULT_CHUNK,
                    progress: Callable[[float], None] | None = None) -> Impact:
    """`impact` of a run with every computable assumption alternative: the one call the CLI and the app make."""
    return impact(run_caseload(cases, date, reforms, period, chunk_size, alternatives=True, progress=progress),
                  cases)


# --------------------------------------------------------------------------------------------------
# named reforms and the CLI's text


def named_reforms() -> dict[str, dict[str, Any]]:
    """The reform files of scenarios/reforms/, by file name without .yaml."""
    from .scenario_files import load_reform

    return {p.stem: load_reform(p) for p in sorted(REFORMS_DIR.glob("*.yaml"))}


def resolve_reform(ref: str) -> dict[str, Any]:
    """A reform given on the command line: a file path, or the name of a file in scenarios/reforms/."""
    from .scenario_files import load_reform

    path = Path(ref)
    if path.is_file():
        return load_reform(path)
    named = REFORMS_DIR / f"{ref}.yaml"
    if named.is_file():
        return load_reform(named)
    names = ", ".join(p.stem for p in sorted(REFORMS_DIR.glob("*.yaml")))
    raise ScenarioError("--reform", f"{ref!r} is neither a file nor a named reform ({names})")


def _whole(x: float | None) -> str:
    return "—" if x is None else f"{round(x):,}".replace("-", "−")


def _signed(x: float) -> str:
    return ("+" if round(x) > 0 else "") + _whole(x)


def _ranged(f: Figure, signed: bool = False) -> str:
    text = _signed(f.value) if signed else _whole(f.value)
    if round(f.low) == round(f.high):
        return text
    show = _signed if signed else _whole
    return f"{text} ({show(f.low)} to {show(f.high)})"


def format_text(result: Impact) -> str:
    """The impact tables as plain text: whole kroner and households, ranges over the assumptions."""
    per = "month" if result.period == "month" else "14 days"
    out = [f"Caseload: {result.households:,} households"
           + (f" (weighted {result.weighted_households:,.0f})" if result.weighted_households != result.households
              else "")
           + f"; rules in force on {result.date}.", STATIC_NOTE]
    alternatives = [r.title for r in result.readings if r.code != MODEL]
    if alternatives:
        out.append("Ranges (low to high) are over the assumptions (RULES.md): " + "; ".join(alternatives) + ".")
    out.append("")
    names = [s.name for s in result.summaries]
    width = max(14, *(len(n) for n in names)) + 2
    out.append("".ljust(34) + "".join(n.rjust(width) for n in names))
    out.append("Work pays (gain > 0)".ljust(34) + "".join(_whole(s.work_pays.value).rjust(width)
                                                          for s in result.summaries))
    for key, label in (("allowances_paid", "Allowances paid / month"), ("charges", "Charges collected / month"),
                       ("tax_am", "Tax and AM collected / month")):
        out.append(label.ljust(34) + "".join(_whole(getattr(s, key).value).rjust(width) for s in result.summaries))
    for r in result.reforms:
        out += ["", f"{r.title} [{r.name}] against the law"]
        out.append(f"  Work pays: {_whole(r.work_pays_law.value)} → {_whole(r.work_pays_reform.value)} households,"
                   f" change {_ranged(r.work_pays_change, True)}")
        out.append(f"  Winners {_ranged(r.winners)}, losers {_ranged(r.losers)}; mean gain change "
                   f"{_ranged(r.mean_gain_change, True)} kr per {per}")
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
    return "\n".join(out)


def csv_text(result: Impact) -> str:
    buf = io.StringIO()
    rows = result.rows()
    writer = csv.DictWriter(buf, fieldnames=["table", "rule_set", "group", "measure", "value", "low", "high"],
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def error_lines(cases: Caseload, limit: int = 20) -> Iterable[str]:
    """The bad rows for stderr: a count, then the first `limit` problems."""
    if not cases.bad_rows:
        return []
    total = len(cases) + cases.bad_rows
    lines = [f"{cases.source}: {cases.bad_rows:,} of {total:,} rows skipped:"]
    shown = cases.errors[:limit]
    lines += [f"  {e}" for e in shown]
    rest = cases.bad_rows - len({e.line for e in shown})
    if rest > 0:
        lines.append(f"  … and {rest:,} more bad row{'s' if rest > 1 else ''}")
    return lines
