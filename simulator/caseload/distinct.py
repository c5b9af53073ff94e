"""The distinct rows of a few caseload columns: a caseload repeats a few household shapes many times, so
whatever depends on the household alone (the no-work reference budget, the eligibility warnings) is
computed once per distinct row and gathered back to every household.

Rows count as the same only when every column holds the same bits (a float's -0.0 and 0.0 differ), so a
result computed on the representative row is, element by element, the result of each row it stands for.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

DENSE_LIMIT = 1 << 22             # combined codes up to this many are told apart with a lookup table, not a sort


@dataclass(frozen=True)
class Distinct:
    """`rows`: one representative row of each distinct combination; `inverse`: each row's combination, so
    that `column[rows][inverse]` equals `column` bit for bit."""

    rows: np.ndarray
    inverse: np.ndarray

    def __len__(self) -> int:
        return int(self.rows.size)


def _codes(column: np.ndarray) -> tuple[np.ndarray | None, int, int]:
    """Integer codes standing for the column's distinct values (None: every row the same), the lowest code
    and how many codes there can be (low <= code < low + count)."""
    if column.dtype.kind == "f":                       # by bit pattern: -0.0 is not 0.0, NaN is one value
        bits = column.view(np.int64 if column.dtype.itemsize == 8 else np.int32)
        if (bits == bits[0]).all():
            return None, 0, 1
        _, codes = np.unique(bits, return_inverse=True)
        return codes, 0, int(codes.max()) + 1
    low, high = int(column.min()), int(column.max())
    if low == high:
        return None, 0, 1
    return column, low, high - low + 1                 # small counts and codes: the values are the codes


def distinct_rows(columns: Sequence[np.ndarray]) -> Distinct:
    """The distinct rows of equally long one-dimensional columns (integers or floats)."""
    n = columns[0].size
    if n == 0:
        return Distinct(np.zeros(0, np.intp), np.zeros(0, np.intp))
    coded = [c for c in map(_codes, columns) if c[0] is not None]
    space = 1
    for _, _, count in coded:
        space *= count
    if space >= 2**62:                                 # too many combinations for one integer: rank the rows
        _, key = np.unique(np.stack([c for c, _, _ in coded], axis=1), axis=0, return_inverse=True)
        space = int(key.max()) + 1
    else:
        # One integer per row, its codes the digits of a mixed radix (Horner's scheme, in place), the
        # lowest codes taken off once at the end; the bound of what the key holds on the way decides its type.
        lowest = highest = 0
        for _, low, count in coded:
            lowest, highest = lowest * count + low, highest * count + low + count - 1
        if max(abs(lowest), abs(highest)) >= 2**62:
            coded = [(codes.astype(np.int64) - low, 0, count) for codes, low, count in coded]
            lowest, highest = 0, space - 1
        key = np.zeros(n, np.int32 if max(abs(lowest), abs(highest)) < 2**31 else np.int64)
        for codes, _, count in coded:
            key *= count
            key += codes
        key -= lowest
    if space <= max(DENSE_LIMIT, 2 * n):
        found = np.flatnonzero(np.bincount(key, minlength=space))
        slot = np.zeros(space, np.int32)               # a caseload has far fewer than 2**31 rows
        slot[found] = np.arange(found.size)
        inverse = slot[key]
        count = found.size
    else:
        _, inverse = np.unique(key, return_inverse=True)
        count = int(inverse.max()) + 1
    rows = np.empty(count, np.intp)
    rows[inverse] = np.arange(n)                       # any row of a combination stands for it
    return Distinct(rows, inverse)
