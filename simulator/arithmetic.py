"""The two kinds of number the engine computes with: numpy arrays, or one household's Python floats.

The engine (engine.py) writes every rule once, with + − × ÷, comparisons, & and | and the few operations
below. Given arrays, one call computes a whole caseload, curve or stack of reforms; given Python floats, the
same code computes one household's budget without numpy's per-call dispatch (a microsecond or two per
operation, which for a single household costs far more than the arithmetic). Both do the same IEEE
operations in the same order, so they give the same bits (a property test checks it).

Work items: in arrays they are the last axis; as floats, each field is a tuple with one float per item.
"""
from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce

import numpy as np


@dataclass(frozen=True)
class Arithmetic:
    """The operations beyond the operators that the engine needs, for one kind of number."""

    name: str
    where: Callable        # where(condition, if true, if false), element by element
    minimum: Callable
    maximum: Callable
    isnan: Callable
    invert: Callable       # logical not
    any_of: Callable       # any of a list of conditions (one per work item)
    width: Callable        # how many work items a field of work items holds
    item: Callable         # item(field, k): the k-th work item's value(s)
    divide: Callable       # a / b, where an overflow to inf is expected (a taper near 0)
    lookup: Callable       # lookup(table, codes): table[code] for each whole-number code


# Below this many conditions np.where is quicker; above it the branch-free select is (see `select`).
SELECT_FROM = 4096


def select(condition, if_true, if_false):
    """np.where(condition, if_true, if_false), the same bits, without branches when the condition is large.

    np.where branches on every element: on a caseload's mixed households (housing, phase, kind change from
    one row to the next) the processor mispredicts about half of them and one where costs as much as ten
    additions. Here the result is chosen bit by bit instead: if_false ^ ((if_true ^ if_false) & mask), with
    the mask all ones where the condition holds, on the numbers' 64-bit patterns."""
    if getattr(condition, "size", 0) < SELECT_FROM:   # small, or a Python bool
        return np.where(condition, if_true, if_false)
    a, b = np.asarray(if_true), np.asarray(if_false)
    kind = np.result_type(a, b)
    if kind == np.float64:
        a, b = a.astype(np.float64, copy=False).view(np.int64), b.astype(np.float64, copy=False).view(np.int64)
    elif kind != np.int64:
        return np.where(condition, if_true, if_false)
    else:
        a, b = a.astype(np.int64, copy=False), b.astype(np.int64, copy=False)
    mask = np.asarray(condition, dtype=bool).astype(np.int64)
    np.negative(mask, out=mask)                   # 1 → all ones, 0 → 0
    out = np.bitwise_xor(a, b)
    out = np.bitwise_and(out, mask, out=out) if out.shape == mask.shape else np.bitwise_and(out, mask)
    np.bitwise_xor(out, b, out=out)               # `out` has the full shape by now
    return out.view(np.float64) if kind == np.float64 else out


def _quiet_divide(a, b):
    with np.errstate(over="ignore"):
        return a / b


NUMPY = Arithmetic(
    name="numpy",
    where=select,
    minimum=np.minimum,
    maximum=np.maximum,
    isnan=np.isnan,
    invert=np.logical_not,
    any_of=lambda conditions: reduce(np.logical_or, conditions),
    width=lambda a: np.shape(a)[-1],
    item=lambda a, k: a[..., k],
    divide=_quiet_divide,
    lookup=lambda table, codes: np.asarray(table)[np.asarray(codes, dtype=np.intp)],
)


def _where(condition, if_true, if_false):
    return if_true if condition else if_false


# As np.minimum and np.maximum: a NaN in either wins, and of two equal numbers (0.0 and -0.0) the second.
# (Python's min and max would return the first, and ignore a NaN in second place.)
def _minimum(a, b):
    return a if a < b or a != a else b


def _maximum(a, b):
    return a if a > b or a != a else b


FLOATS = Arithmetic(
    name="floats",
    where=_where,
    minimum=_minimum,
    maximum=_maximum,
    isnan=math.isnan,
    invert=operator.not_,
    any_of=any,
    width=len,
    item=operator.getitem,
    divide=operator.truediv,   # Python floats overflow to inf without a warning; the taper is never 0
    lookup=lambda table, code: table[int(code)],
)
