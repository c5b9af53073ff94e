"""Formulas as data: the small language in which every step of the budget is written once (steps.py).

A formula is a name, a code or (operator, operand, …). A name is a number the environment holds: an input,
a parameter by its public path, or a line computed before; a code is a whole number (an enum member, the
phase), computed as a float like every number in the arrays. The operators:

    add, sub, mul      a + b + …, a − b − …, a × b × …, left to right
    div, min, max      a / b (a taper near 0 may overflow to inf), the lesser, the greater of two
    where              where(condition, if true, if false): the condition a name, so the trace can read it
    eq, gt, and, or, not, isnan      conditions
    sum, any           over the work items: the sum of an item line, or whether any item's condition holds

`evaluate` computes a formula in an environment; `compile_formula` turns it, once, into a Python closure that
computes the same (what the engine runs: a closure costs a call per operator, an interpreter a walk). Both do
the same IEEE operations in the same order on numpy arrays (`NUMPY`) or on one household's floats (`FLOATS`),
so the engine's value and the trace's arithmetic are the same bits.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from operator import itemgetter
from typing import Any

import numpy as np

from .arithmetic import FLOATS, NUMPY, SELECT_FROM, Arithmetic, select

Formula = str | int | tuple

FOLDS = ("add", "sub", "mul", "and", "or")
BINARY = ("div", "min", "max", "eq", "gt")
UNARY = ("not", "isnan")
OVER_ITEMS = ("sum", "any")
OPERATORS = FOLDS + BINARY + UNARY + OVER_ITEMS + ("where",)


def names(formula: Formula) -> list[str]:
    """The names a formula reads, in order of first appearance (an item line of `sum` and `any` included)."""
    found: list[str] = []

    def walk(f: Formula) -> None:
        if isinstance(f, str):
            if f not in found:
                found.append(f)
        elif isinstance(f, tuple):
            for a in f[1:]:
                walk(a)
    walk(formula)
    return found


def check(formula: Formula) -> None:
    """Raise ValueError unless `formula` is well formed (known operators, arities, `where` on a name)."""
    if isinstance(formula, str) or _is_code(formula):
        return
    if not isinstance(formula, tuple) or not formula or formula[0] not in OPERATORS:
        raise ValueError(f"not a formula: {formula!r}")
    op, *args = formula
    arity = {"where": 3, **dict.fromkeys(BINARY, 2), **dict.fromkeys(UNARY, 1), **dict.fromkeys(OVER_ITEMS, 1)}
    if (op in arity and len(args) != arity[op]) or (op in FOLDS and not args):
        raise ValueError(f"{op} with {len(args)} operands: {formula!r}")
    if op in OVER_ITEMS + ("where",) and not isinstance(args[0], str):
        raise ValueError(f"{op} reads a named line: {formula!r}")
    for a in args:
        check(a)


def _is_code(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _code(x: Any) -> float:
    """A code as a float, as every number in the arrays (numpy probes an enum member's attributes on every
    operation it meets it in; and a `where` that picks a code must give the same type whichever branch)."""
    return float(x)


def evaluate(formula: Formula, env: Mapping[str, Any], xp: Arithmetic = FLOATS) -> Any:
    """The value of `formula` with its names read from `env` (a `sum` or `any` reads a list, one per item)."""
    return compiled(formula, xp)(env)


@lru_cache(maxsize=1024)
def compiled(formula: Formula, xp: Arithmetic) -> Callable[[Mapping[str, Any]], Any]:
    """`compile_formula`, kept: the trace and the tests evaluate the same few formulas again and again."""
    return compile_formula(formula, xp)


def compile_formula(formula: Formula, xp: Arithmetic) -> Callable[[Mapping[str, Any]], Any]:
    """`formula` as a closure env → value, for numpy arrays (`NUMPY`) or Python floats (`FLOATS`)."""
    kind, x = _operand(formula, xp)
    return _callable(kind, x)


# An operand as compiled: a name (read from the environment where it is used), a code, or a closure.
_NAME, _CODE, _FN = "name", "code", "fn"


def _operand(formula: Formula, xp: Arithmetic) -> tuple[str, Any]:
    if isinstance(formula, str):
        return _NAME, formula
    if not isinstance(formula, tuple):
        return _CODE, _code(formula)
    return _FN, _operation(formula, xp)


def _callable(kind: str, x: Any) -> Callable:
    if kind == _NAME:
        return itemgetter(x)
    if kind == _CODE:
        return lambda env: x
    return x


def _operation(formula: tuple, xp: Arithmetic) -> Callable:
    op, *args = formula
    if op == "sum":
        return _sum(args[0])
    if op == "any":
        get = itemgetter(args[0])
        return lambda env: xp.any_of(get(env))
    operands = [_operand(a, xp) for a in args]
    if op == "where":
        return _where(*operands, xp)
    if op in UNARY:
        f = _callable(*operands[0])
        fn = xp.invert if op == "not" else xp.isnan
        return lambda env: fn(f(env))
    if op in ("div", "min", "max"):
        f, g = (_callable(*o) for o in operands)
        if xp is FLOATS and op != "div":
            return _float_min(f, g) if op == "min" else _float_max(f, g)
        fn = {"div": xp.divide, "min": xp.minimum, "max": xp.maximum}[op]
        return lambda env: fn(f(env), g(env))
    if op in ("eq", "gt") and operands[0][0] == _NAME and operands[1][0] == _CODE:
        name, value = operands[0][1], operands[1][1]
        return (lambda env: env[name] == value) if op == "eq" else (lambda env: env[name] > value)
    if len(args) == 3 and all(k == _NAME for k, _ in operands):
        return _THREE_NAMES[op](*args)
    # add, sub, mul, and, or: left to right, each step reading a name where it meets one
    kind, f = operands[0]
    for other, g in operands[1:]:
        pair = _PAIR[op]
        if kind == _NAME and other == _NAME:
            f = pair[0](f, g)
        elif kind == _NAME:
            f = pair[1](f, _callable(other, g))
        elif other == _NAME:
            f = pair[2](_callable(kind, f), g)
        else:
            f = pair[3](_callable(kind, f), _callable(other, g))
        kind = _FN
    return _callable(kind, f)


# Each operator inline (a call per operator costs as much as the arithmetic), for name ∘ name, name ∘ closure,
# closure ∘ name and closure ∘ closure.
_PAIR: dict[str, tuple[Callable, ...]] = {
    "add": (lambda a, b: lambda e: e[a] + e[b], lambda a, g: lambda e: e[a] + g(e),
            lambda f, b: lambda e: f(e) + e[b], lambda f, g: lambda e: f(e) + g(e)),
    "sub": (lambda a, b: lambda e: e[a] - e[b], lambda a, g: lambda e: e[a] - g(e),
            lambda f, b: lambda e: f(e) - e[b], lambda f, g: lambda e: f(e) - g(e)),
    "mul": (lambda a, b: lambda e: e[a] * e[b], lambda a, g: lambda e: e[a] * g(e),
            lambda f, b: lambda e: f(e) * e[b], lambda f, g: lambda e: f(e) * g(e)),
    "and": (lambda a, b: lambda e: e[a] & e[b], lambda a, g: lambda e: e[a] & g(e),
            lambda f, b: lambda e: f(e) & e[b], lambda f, g: lambda e: f(e) & g(e)),
    "or": (lambda a, b: lambda e: e[a] | e[b], lambda a, g: lambda e: e[a] | g(e),
           lambda f, b: lambda e: f(e) | e[b], lambda f, g: lambda e: f(e) | g(e)),
    "eq": (lambda a, b: lambda e: e[a] == e[b], lambda a, g: lambda e: e[a] == g(e),
           lambda f, b: lambda e: f(e) == e[b], lambda f, g: lambda e: f(e) == g(e)),
    "gt": (lambda a, b: lambda e: e[a] > e[b], lambda a, g: lambda e: e[a] > g(e),
           lambda f, b: lambda e: f(e) > e[b], lambda f, g: lambda e: f(e) > g(e)),
}
_THREE_NAMES: dict[str, Callable] = {
    "add": lambda a, b, c: lambda e: e[a] + e[b] + e[c], "sub": lambda a, b, c: lambda e: e[a] - e[b] - e[c],
    "mul": lambda a, b, c: lambda e: e[a] * e[b] * e[c], "and": lambda a, b, c: lambda e: e[a] & e[b] & e[c],
    "or": lambda a, b, c: lambda e: e[a] | e[b] | e[c],
}


# FLOATS' minimum and maximum (arithmetic.py: a NaN in either wins, and of two equal numbers the second),
# written out so that one call computes the operands and compares them.
def _float_min(f: Callable, g: Callable) -> Callable:
    def smaller(env):
        a, b = f(env), g(env)
        return a if a < b or a != a else b
    return smaller


def _float_max(f: Callable, g: Callable) -> Callable:
    def greater(env):
        a, b = f(env), g(env)
        return a if a > b or a != a else b
    return greater


def _sum(name: str) -> Callable:
    """The sum of an item line's values, added item by item in order (numpy's reduce over a short last axis
    costs far more than the additions, and floats have no reduce)."""
    get = itemgetter(name)

    def total(env):
        values = get(env)
        out = values[0]
        for v in values[1:]:
            out = out + v
        return out
    return total


def _where(condition: tuple[str, Any], if_true: tuple[str, Any], if_false: tuple[str, Any],
           xp: Arithmetic) -> Callable:
    if xp is NUMPY or condition[0] != _NAME:
        return choose(*(_callable(*o) for o in (condition, if_true, if_false)), xp)
    c = condition[1]
    if if_true[0] == _NAME and if_false[0] == _NAME:
        a, b = if_true[1], if_false[1]
        return lambda env: env[a] if env[c] else env[b]
    f, g = _callable(*if_true), _callable(*if_false)
    return lambda env: f(env) if env[c] else g(env)


def choose(condition: Callable, if_true: Callable, if_false: Callable, xp: Arithmetic) -> Callable:
    """`where` of three closures. On floats only the branch chosen is computed. On arrays both are (a line
    keeps the shape of everything it depends on), and an array of conditions selects element by element
    (arithmetic.select); one condition (a rule, one household) takes its branch as it is where that already
    has the shape and type the selection would give, rather than copying it."""
    if xp is not NUMPY:
        return lambda env: if_true(env) if condition(env) else if_false(env)

    def chosen(env):
        c, a, b = condition(env), if_true(env), if_false(env)
        if getattr(c, "size", 1) == 1:
            pick, other = (a, b) if c else (b, a)
            shape = getattr(pick, "shape", ())
            if (shape == getattr(other, "shape", ()) and getattr(c, "ndim", 0) <= len(shape)
                    and _kind(pick) == _kind(other)):
                return pick
        if getattr(c, "size", 0) < SELECT_FROM:   # arithmetic.select would call np.where: save it a call
            return np.where(c, a, b)
        return select(c, a, b)
    return chosen


def _kind(x: Any) -> np.dtype:
    """The type a number has in the arrays (a Python float is a float64, a Python bool a bool)."""
    return x.dtype if hasattr(x, "dtype") else np.dtype(type(x))
