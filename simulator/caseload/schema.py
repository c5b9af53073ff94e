"""The caseload CSV schema: its columns (type, range, codes), the limits on a file, and the validated caseload.

One row per household with its job offer; UTF-8, a header row naming the columns in any order, comma,
semicolon or tab between them, blank lines skipped. Documented for users in scenarios/caseload/README.md.
Household types (for the tables): `single` is one adult without children, `couple_no_children` two adults
without children, `family_with_children` any household with children.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from ..codes import ChargeMode, Housing, Procedure, WorkKind, codes
from ..engine import Households, WorkItems
from ..errors import ScenarioError
from ..models import AccommodationCharge, Adult, Household, Work, field_range
from .distinct import Distinct, distinct_rows

# Limits on a file (README "what is accepted and refused"): a million generated rows take about 100 MB.
MAX_BYTES = 256 * 2**20           # a caseload file of at most 256 MiB (room for 1,000,000 households)
MAX_CELL = 1_000                  # characters in one cell; a longer cell makes its row bad, not the file
MAX_TEXT = 60                     # characters in a household_id or job
MAX_ERRORS_KEPT = 1_000           # row errors kept for reporting; bad rows beyond are only counted

HOUSEHOLD_TYPES = ("single", "couple_no_children", "family_with_children")
HOUSING_NAMES = {code: name for name, code in codes(Housing).items()}
PROCEDURE_NAMES = {code: name for name, code in codes(Procedure).items()}
PHASE_NAMES = {1: "phase_1", 2: "phase_2", 3: "phase_3"}
BOOLS = {"0": 0, "1": 1, "false": 0, "true": 1, "no": 0, "yes": 1}


class CaseloadError(ScenarioError):
    """A caseload file that cannot be used at all (one message naming the file and the problem). A file
    whose every row is bad also holds its first row errors and the count (`errors`, `bad_rows`), which the
    page says in its own language (`problems.no_valid_row_text`)."""

    def __init__(self, field: str, problem: str, *, code: str = "", values: Mapping[str, Any] | None = None,
                 errors: tuple[RowError, ...] = (), bad_rows: int = 0):
        super().__init__(field, problem, code=code, values=values)
        self.errors = errors
        self.bad_rows = bad_rows

    def message_in(self, t: Any) -> str:
        """The message in `t`'s language; a file whose every row is bad says its first row's problem too."""
        if self.errors and t is not None and t.lang != "en":
            from .problems import no_valid_row_text
            return no_valid_row_text(self, t)
        return super().message_in(t)


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

    @property
    def integer(self) -> bool:
        """Kept as small integers (int16; -1 in a bad cell): counts, flags and codes."""
        return self.kind in ("int", "bool", "code")


COLUMNS: tuple[Column, ...] = (
    Column("household_id", "id"),
    Column("adults", "int", 1, 2),
    Column("couple", "bool", codes=BOOLS),
    Column("children", "int", *field_range(Household, "children")),
    Column("phase", "int", 1, 3),
    Column("procedure", "code", codes=codes(Procedure)),
    Column("housing", "code", codes=codes(Housing)),
    Column("housing_cost_per_month", "number", *field_range(Household, "housing_cost_per_month"), blank=math.nan),
    Column("contracts_kept", "int", 0, 2),
    Column("months_since_application", "int", *field_range(Adult, "months_since_application")),
    Column("charge_mode", "code", codes=codes(ChargeMode)),
    Column("charge_amount_per_month", "number", *field_range(AccommodationCharge, "amount_per_month"), blank=0.0),
    Column("kind", "code", codes=codes(WorkKind)),
    Column("working_adults", "int", 1, 2),
    Column("hours_per_week", "number", *field_range(Work, "hours_per_week")),
    Column("hourly_wage", "number", *field_range(Work, "hourly_wage")),
    Column("transport_per_month", "number", *field_range(Work, "transport_per_month")),
    Column("weight", "number", 0, 1_000_000_000, blank=1.0, optional=True, low_open=True),
    Column("job", "text", optional=True),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
REQUIRED = tuple(c.name for c in COLUMNS if not c.optional)
# The columns eligibility reads (eligibility.warning_masks).
WARNING_COLUMNS = ("kind", "months_since_application", "phase", "procedure", "housing", "working_adults")
# The columns of a household's facts, in the order of the engine's Households (the offer's are the rest).
HOUSEHOLD_COLUMNS = ("adults", "couple", "children", "phase", "procedure", "housing", "contracts_kept",
                     "housing_cost_per_month", "charge_mode", "charge_amount_per_month")
WARNING_ONLY_COLUMNS = tuple(k for k in WARNING_COLUMNS if k not in HOUSEHOLD_COLUMNS)


@dataclass(frozen=True)
class RowError:
    """A bad row: its line in the file, the column, and what is wrong: `problem` in English (the CLI's
    text), and as data, `code` and `values` (problems.py), which the page says in its own language.
    `values` holds (name, value) pairs; text in it that came from the file is already quoted."""

    line: int
    field: str
    problem: str
    code: str = ""
    values: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, line: int, field: str, code: str, **values: Any) -> RowError:
        """The row error of problem `code` with its `values`, its English text made from them."""
        from .problems import english
        return cls(line, field, english(code, values), code, tuple(values.items()))

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.values)

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.problem}" if self.field else f"line {self.line}: {self.problem}"

    def as_json(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.field, "problem": self.problem}


@dataclass(frozen=True)
class DistinctHouseholds:
    """`facts`: the distinct rows of the household and eligibility columns; `households`: the distinct
    households among those; `household_of`: each row's distinct household."""

    facts: Distinct
    households: Distinct
    household_of: np.ndarray


@dataclass(frozen=True)
class Caseload:
    """The valid rows of a caseload file as float64 columns (codes as numbers), in file order.

    `errors` holds the first MAX_ERRORS_KEPT problems of the bad rows, `bad_rows` counts every skipped row.
    """

    source: str
    ids: Any                               # pyarrow string (chunked) array: the household ids, trimmed
    line: np.ndarray                       # the row's line in the file
    values: Mapping[str, np.ndarray]       # column name -> int16 (counts, flags, codes) or float64 array;
                                           # the job column as an object array
    errors: tuple[RowError, ...] = ()
    bad_rows: int = 0

    def __len__(self) -> int:
        return int(self.line.size)

    @cached_property
    def distinct(self) -> DistinctHouseholds:
        """The caseload's distinct households and eligibility facts (distinct.py): found once, when first asked
        (`read_caseload` asks as it reads), and kept, as the caseload never changes."""
        facts = distinct_rows([self.values[k] for k in (*HOUSEHOLD_COLUMNS, *WARNING_ONLY_COLUMNS)])
        among = distinct_rows([self.values[k][facts.rows] for k in HOUSEHOLD_COLUMNS])
        return DistinctHouseholds(facts, among, among.inverse[facts.inverse])

    @property
    def household_id(self) -> np.ndarray:
        """The household ids as an object array of str (made when asked: a million take a moment)."""
        return np.array(self.ids.to_pylist(), dtype=object)

    @property
    def rows_read(self) -> int:
        """Household rows in the file: the valid ones and the skipped ones."""
        return len(self) + self.bad_rows

    @property
    def weight(self) -> np.ndarray:
        return self.values["weight"]

    @property
    def household_type(self) -> np.ndarray:
        """Index into HOUSEHOLD_TYPES: 0 single adult, 1 two adults without children, 2 with children."""
        return self.household_type_of(slice(None))

    def household_type_of(self, rows: slice | np.ndarray) -> np.ndarray:
        """`household_type` of `rows` (a slice or row indices)."""
        children, adults = self.values["children"][rows], self.values["adults"][rows]
        return np.where(children > 0, 2, np.where(adults >= 2, 1, 0))

    def _numbers(self, rows: slice | np.ndarray, names: tuple[str, ...]) -> dict[str, np.ndarray]:
        """The columns `names` of `rows` (a slice or row indices) as float64, what the engine computes with
        (a float column's slice is a view, not a copy)."""
        return {k: np.asarray(self.values[k][rows], dtype=np.float64) for k in names}

    def households(self, rows: slice | np.ndarray = slice(None)) -> Households:
        """The household facts of `rows` (a slice or row indices) as the engine's arrays."""
        v = self._numbers(rows, HOUSEHOLD_COLUMNS)
        return Households(v["adults"], v["couple"], v["children"], v["phase"], v["procedure"], v["housing"],
                          v["contracts_kept"], v["housing_cost_per_month"], v["charge_mode"],
                          v["charge_amount_per_month"])

    def work(self, rows: slice | np.ndarray = slice(None)) -> WorkItems:
        """The offer as one work item per household, for every adult who works (`working_adults`, 1 or 2).

        Two adults who take the same offer earn, pay and travel twice what one does, and doubling is exact
        in binary floating point: one item with the hours and the transport times the working adults gives
        the engine the same bits as two identical items, at half the cost (a test checks the bits)."""
        v = self.values
        adults = np.asarray(v["working_adults"][rows], dtype=np.float64)
        return WorkItems(np.asarray(v["kind"][rows], dtype=np.float64)[:, None],
                         (v["hours_per_week"][rows] * adults)[:, None],
                         np.asarray(v["hourly_wage"][rows], dtype=np.float64)[:, None],
                         (v["transport_per_month"][rows] * adults)[:, None])
