"""Validating a caseload's text cells, column by column: each column's distinct texts once (a caseload
repeats a few hours, wages and codes many times), then per row by index, keeping row-level messages
(`line N, column: problem`) for the first MAX_ERRORS_KEPT problems and counting every bad row."""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..codes import Housing
from ..untrusted import quote
from .schema import (
    COLUMN_NAMES,
    COLUMNS,
    MAX_CELL,
    MAX_ERRORS_KEPT,
    MAX_TEXT,
    Caseload,
    CaseloadError,
    Column,
    RowError,
)

_TEXT = pa.string()
# glibc's allocator, not pyarrow's default (mimalloc): mimalloc keeps each thread's freed pages, some 60 MB
# more at the peak of a million-row read. Passed to every call, so the process's default pool is untouched.
POOL = pa.system_memory_pool()


@dataclass
class TextTable:
    """The rows that have the header's number of cells, as text columns, with each row's line; and the
    rows that do not (ragged), already as errors."""

    columns: dict[str, pa.ChunkedArray]
    lines: np.ndarray
    ragged: list[RowError]
    ragged_count: int




# A problem as data: its code and values (problems.py says it in English or in the page's language).
Said = tuple[str, dict]


@dataclass(frozen=True)
class _Problem:
    """Bad cells of one column: the rows (ascending) and how to say what is wrong with each."""

    column: str
    rows: np.ndarray
    message: Callable[[int], Said]         # position in `rows` -> the problem (code and values)



def _got(text: str) -> str:
    return quote(text.strip(), 30)


def _range_code(col: Column) -> str:
    if col.low_open and col.high is not None:
        return "range_above"
    if col.kind == "int" and col.high is not None and col.high - col.low == 1:
        return "range_either"
    return "range_between"


def _cell(col: Column, text: str) -> tuple[float | str, Said | None]:
    """The value of one distinct cell text and its problem (None when it is good)."""
    s = text.strip()
    if len(text) > MAX_CELL:
        return math.nan, ("cell_too_long", {"limit": MAX_CELL})
    if col.kind == "text":
        return s, (("text_too_long", {"limit": MAX_TEXT}) if len(s) > MAX_TEXT else None)
    if col.kind in ("code", "bool"):
        code = col.codes.get(s.lower(), -1)
        if code >= 0:
            return float(code), None
        if not s:
            return math.nan, ("required", {})
        if col.kind == "bool":
            return math.nan, ("not_bool", {"got": _got(s)})
        return math.nan, ("not_code", {"codes": ", ".join(col.codes), "got": _got(s)})
    if not s:
        return (math.nan, ("required", {})) if col.blank is None else (col.blank, None)
    whole = "not_whole" if col.kind == "int" else "not_number"
    try:
        value = float(s)
    except ValueError:
        return math.nan, (whole + ("_comma" if "," in s else ""), {"got": _got(s)})
    if not math.isfinite(value):
        return math.nan, ("not_finite", {"got": _got(s)})
    if col.kind == "int" and value != math.floor(value):
        return math.nan, ("not_whole", {"got": _got(s)})
    too_low = col.low is not None and (value <= col.low if col.low_open else value < col.low)
    if too_low or (col.high is not None and value > col.high):
        return math.nan, (_range_code(col), {"low": col.low, "high": col.high, "got": _got(s)})
    return value, None


def _column(col: Column, data: pa.ChunkedArray, n: int) -> tuple[np.ndarray, np.ndarray, _Problem | None]:
    """A column's values, which cells are blank, and its bad cells."""
    dtype = object if col.kind == "text" else (np.int16 if col.integer else np.float64)
    values = np.empty(n, dtype=dtype)
    blank = np.zeros(n, dtype=bool)
    bad_code = np.zeros(n, dtype=np.int32)             # 0: good, k: messages[k - 1]
    messages: list[Said] = []
    start = 0
    for chunk in data.chunks:
        if not pa.types.is_dictionary(chunk.type):
            chunk = pc.dictionary_encode(chunk, memory_pool=POOL)
        texts = chunk.dictionary.to_pylist()
        index = _numbers(chunk.indices)
        cells = [_cell(col, t) for t in texts]
        value_of = np.array([-1 if p is not None and col.integer else v for v, p in cells], dtype=dtype)
        code_of = np.zeros(len(texts), dtype=np.int32)
        for k, (_, problem) in enumerate(cells):
            if problem is not None:
                messages.append(problem)
                code_of[k] = len(messages)
        end = start + len(chunk)
        np.take(value_of, index, out=values[start:end], mode="clip")   # clip: no buffer (indices are valid)
        blank_of = np.array([not t.strip() for t in texts], dtype=bool)
        if blank_of.any():                             # most columns of most files have no blank cell
            np.take(blank_of, index, out=blank[start:end], mode="clip")
        if code_of.any():                              # nor a bad one
            np.take(code_of, index, out=bad_code[start:end], mode="clip")
        start = end
    rows = np.flatnonzero(bad_code)
    codes = bad_code[rows]
    problem = _Problem(col.name, rows, lambda k: messages[codes[k] - 1]) if rows.size else None
    return values, blank, problem


def _numbers(data: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Integers without nulls (lengths, dictionary indices) as one numpy array, read from the Arrow buffers
    (pyarrow's to_numpy imports pandas on its first call: a third of a second a 100,000-row read should not
    pay)."""
    chunks = data.chunks if isinstance(data, pa.ChunkedArray) else [data]
    dtype = np.dtype(f"int{data.type.bit_width}")
    parts = []
    for c in chunks:
        if not len(c):
            continue
        if c.null_count:
            raise ValueError("a column of numbers with nulls")    # the CSV parse never makes nulls
        parts.append(np.frombuffer(c.buffers()[1], dtype, len(c), c.offset * dtype.itemsize))
    if len(parts) == 1:
        return parts[0]
    return np.concatenate(parts) if parts else np.zeros(0, dtype)


def _ascending(ids: pa.ChunkedArray) -> bool:
    """Whether every id sorts strictly after the one before it (then no id is given twice): one comparison
    per row, where finding repeated ids takes a hash table of them all (a fifth of a second for a million)."""
    n = len(ids)
    return n < 2 or bool(pc.all(pc.less(ids.slice(0, n - 1), ids.slice(1), memory_pool=POOL)).as_py())


def _ids(data: pa.ChunkedArray, lines: np.ndarray) -> tuple[pa.ChunkedArray, np.ndarray, _Problem | None]:
    """Household ids (trimmed), blank cells, and bad ones: blank, too long, or given before."""
    ids = pc.utf8_trim_whitespace(data, memory_pool=POOL)    # chunk by chunk: no second copy of the column
    length = _numbers(pc.utf8_length(ids, memory_pool=POOL))
    n = length.size
    first = np.arange(n)                               # each row's first row with the same id
    if not _ascending(ids):                            # ids in ascending order (as files often are) are distinct
        encoded = pc.dictionary_encode(ids, memory_pool=POOL)    # one dictionary shared by every chunk
        if len(encoded.chunk(0).dictionary) < n:       # some id is given twice: find where first
            index = np.concatenate([_numbers(c.indices) for c in encoded.chunks])
            del encoded
            order = np.argsort(index, kind="stable")
            sorted_index = index[order]
            starts = np.flatnonzero(np.r_[True, sorted_index[1:] != sorted_index[:-1]])
            first[order] = np.repeat(order[starts], np.diff(np.r_[starts, n]))
    blank = length == 0
    too_long = length > MAX_TEXT
    twice = (first != np.arange(n)) & ~blank & ~too_long
    rows = np.flatnonzero(blank | too_long | twice)

    def message(k: int) -> Said:
        i = rows[k]
        if blank[i]:
            return "required", {}
        if too_long[i]:
            return "text_too_long", {"limit": MAX_TEXT}
        return "id_twice", {"got": _got(ids[int(i)].as_py()), "first": int(lines[first[i]])}

    return ids, blank, (_Problem("household_id", rows, message) if rows.size else None)


def _cross_checks(values: Mapping[str, np.ndarray], bad: Mapping[str, np.ndarray]) -> list[_Problem]:
    """Rules between columns, checked where both columns are readable."""
    adults = values["adults"]
    out = []

    def ok(*names: str) -> np.ndarray:
        good = np.ones(adults.shape, dtype=bool)
        for name in names:
            if name in bad:
                good &= ~bad[name]
        return good

    rows = np.flatnonzero(ok("couple", "adults") & (values["couple"] > 0) & (adults < 2))
    if rows.size:
        out.append(_Problem("couple", rows, lambda k: ("couple_one_adult", {})))
    for name in ("contracts_kept", "working_adults"):
        rows = np.flatnonzero(ok(name, "adults") & (values[name] > adults))
        if rows.size:
            out.append(_Problem(name, rows, lambda k, r=rows, v=values[name]: (
                "above_adults", {"adults": float(adults[r[k]]), "value": float(v[r[k]])})))
    own = ok("housing", "housing_cost_per_month") & (values["housing"] == int(Housing.OWN_HOUSING))
    rows = np.flatnonzero(own & np.isnan(values["housing_cost_per_month"]))
    if rows.size:
        out.append(_Problem("housing_cost_per_month", rows,
                            lambda k: ("own_housing_cost", {})))
    return out


def validate(table: TextTable, label: str) -> Caseload:
    """The caseload of a table's good rows, with the first problems of its bad ones (`label` names the file)."""
    n = table.lines.size
    values: dict[str, np.ndarray] = {}
    problems: list[_Problem] = []
    all_blank = np.ones(n, dtype=bool)
    ids = pa.chunked_array([], _TEXT)
    pool = POOL
    pool.release_unused()
    for col in COLUMNS:
        data = table.columns.pop(col.name, None)
        if data is None:  # an optional column left out: every cell blank
            values[col.name] = np.full(n, "" if col.kind == "text" else col.blank,
                                       dtype=object if col.kind == "text" else np.float64)
            continue
        if col.kind == "id":
            ids, blank, problem = _ids(data, table.lines)
            pool.release_unused()              # the hash table that found repeated ids: give its pages back
        else:
            values[col.name], blank, problem = _column(col, data, n)
        del data
        all_blank &= blank
        if problem is not None:
            problems.append(problem)
    bad_cells = {}
    for p in problems:
        mask = np.zeros(n, dtype=bool)
        mask[p.rows] = True
        bad_cells[p.column] = mask
    problems += _cross_checks(values, bad_cells)
    bad = np.zeros(n, dtype=bool)
    for p in problems:
        bad[p.rows] = True
    bad &= ~all_blank                      # a line of empty cells is a blank line, not a bad row
    errors = _first_errors(problems, bad, table)
    pool.release_unused()                  # the text columns are gone: give their pages back
    good = ~bad & ~all_blank
    bad_rows = int(bad.sum()) + table.ragged_count
    if not good.any():
        if bad_rows == 0:
            raise CaseloadError.of(label, "caseload.no_rows")
        raise CaseloadError(label, f"has no valid row ({bad_rows:,} bad; first: {errors[0]})",
                            errors=tuple(errors), bad_rows=bad_rows)
    if not good.all():
        values = {k: v[good] for k, v in values.items()}
        ids = pc.filter(ids, pa.array(good, memory_pool=POOL), memory_pool=POOL)
    for column in values.values():         # the engine reads float columns as views: nobody writes into them
        column.flags.writeable = False
    cases = Caseload(label, ids, table.lines[good], values, tuple(errors), bad_rows)
    if len(cases):
        _ = cases.distinct    # found as part of reading: every run on the caseload uses it
    return cases


def _first_errors(problems: list[_Problem], bad: np.ndarray, table: TextTable) -> list[RowError]:
    """The first MAX_ERRORS_KEPT problems by line (and by column within a line), ragged rows included."""
    first_rows = np.flatnonzero(bad)[:MAX_ERRORS_KEPT]
    order = {name: k for k, name in enumerate(COLUMN_NAMES)}
    found = []
    for p in problems:
        for k in np.flatnonzero(np.isin(p.rows, first_rows)).tolist():
            i = int(p.rows[k])
            code, values = p.message(k)
            found.append((int(table.lines[i]), order[p.column], RowError.of(int(table.lines[i]), p.column,
                                                                             code, **values)))
    found += [(e.line, -1, e) for e in table.ragged]
    found.sort(key=lambda e: (e[0], e[1]))
    return [e for _, _, e in found[:MAX_ERRORS_KEPT]]
