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


def _quiet_divide(a, b):
    with np.errstate(over="ignore"):
        return a / b


NUMPY = Arithmetic(
    name="numpy",
    where=np.where,
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


# Python's min and max return the first argument when the two are equal, as np.minimum and np.maximum do.
FLOATS = Arithmetic(
    name="floats",
    where=_where,
    minimum=min,
    maximum=max,
    isnan=math.isnan,
    invert=operator.not_,
    any_of=any,
    width=len,
    item=operator.getitem,
    divide=operator.truediv,   # Python floats overflow to inf without a warning; the taper is never 0
    lookup=lambda table, code: table[int(code)],
)
