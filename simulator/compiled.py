"""The engine compiled into one loop: for many budgets of one household, such as a sweep's curve.

A sweep computes a few thousand budgets with about a hundred numpy calls. At that size four fifths of the
time is numpy's cost per call, not arithmetic (benchmarks/README.md). Here the engine's own code
(`engine.compute`) runs once with symbols in place of numbers (`SYMBOLS`, an `Arithmetic`). Each operation
writes down one line of Python, such as "v12 = (v7 * v3)". Those lines, placed inside a loop over the
budgets, become one function that numba compiles.

engine.py stays the one place where the rules and their order are written. This module knows no rule: only
how to record + − × ÷, the comparisons and the few operations of an `Arithmetic`. The compiled loop does the
same IEEE operations in the same order as numpy, with no fused multiply-add and no reordering (numba's
default, not fastmath), so it gives the same bits. tests/test_compiled.py checks that over the scenario space.

Compiling a structure takes about a second. A structure is the number of work items, which inputs vary
along which axis, the period and the lines asked for. One numpy pass costs a fraction of a millisecond,
so compiling only pays where the same structure is computed many times. `Compiled` therefore compiles a
structure the `compile_after`-th time it is asked for it, and answers None before that (the caller then
uses numpy). It also answers None where numba is not installed.
"""
from __future__ import annotations

import importlib.util
import itertools
import math
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from .arithmetic import FLOATS, Arithmetic
from .engine import Households, WorkItems, compute
from .params import NumericRules
from .periods import Period


class Recording:
    """The lines an engine run wrote down, in order: each line defines one value from earlier ones."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, str, tuple[str, ...]]] = []   # (name, expression, names it reads)

    def record(self, template: str, *operands: Any) -> Symbol:
        """A new value: `template` with the operands' names or literals in place of {0}, {1}, …"""
        name = f"v{len(self.lines)}"
        texts = [_text(x) for x in operands]
        self.lines.append((name, template.format(*texts), tuple(x.name for x in operands if isinstance(x, Symbol))))
        return Symbol(self, name)

    def input(self, name: str) -> Symbol:
        """A value the compiled function is given (read in the outermost loop along which it varies)."""
        self.lines.append((name, "", ()))
        return Symbol(self, name)

    def needed_for(self, outputs: Sequence[Symbol]) -> list[tuple[str, str, tuple[str, ...]]]:
        """The lines the outputs depend on, in their order (what no output reads is not compiled)."""
        wanted = {s.name for s in outputs}
        kept = []
        for line in reversed(self.lines):
            if line[0] in wanted:
                kept.append(line)
                wanted.update(line[2])
        return kept[::-1]


def _text(x: Any) -> str:
    """A value as it is written in the compiled function's source."""
    if isinstance(x, Symbol):
        return x.name
    if isinstance(x, (bool, np.bool_)):
        return "True" if x else "False"
    if isinstance(x, (int, np.integer)):
        return repr(int(x))
    if isinstance(x, (float, np.floating)):
        x = float(x)
        if math.isnan(x):
            return "np.nan"
        if math.isinf(x):
            return "np.inf" if x > 0 else "(-np.inf)"
        return repr(x)   # repr gives the shortest text that reads back to the same float
    raise TypeError(f"the engine met a {type(x).__name__}, which cannot be compiled")


def _recording_of(operands: Sequence[Any]) -> Recording | None:
    return next((x.recording for x in operands if isinstance(x, Symbol)), None)


class Symbol:
    """A value of the engine run being recorded: its operators write lines instead of computing."""

    __slots__ = ("recording", "name")
    __hash__ = None   # == records a comparison, so a Symbol cannot be a dict key

    def __init__(self, recording: Recording, name: str) -> None:
        self.recording, self.name = recording, name

    def __bool__(self) -> bool:
        raise TypeError("the engine branched in Python on a value that varies: it cannot be compiled")


def _operator(symbol: str) -> tuple[Callable, Callable]:
    template = "({0} " + symbol + " {1})"

    def forward(self: Symbol, other: Any) -> Symbol:
        return self.recording.record(template, self, other)

    def reflected(self: Symbol, other: Any) -> Symbol:
        return self.recording.record(template, other, self)
    return forward, reflected


for _forward_name, _reflected_name, _symbol in (("__add__", "__radd__", "+"), ("__sub__", "__rsub__", "-"),
                                                ("__mul__", "__rmul__", "*"), ("__truediv__", "__rtruediv__", "/"),
                                                ("__and__", "__rand__", "&"), ("__or__", "__ror__", "|")):
    _forward, _reflected = _operator(_symbol)
    setattr(Symbol, _forward_name, _forward)
    setattr(Symbol, _reflected_name, _reflected)
# Comparisons need no reflected form: Python turns `1 < s` into `s > 1` itself.
for _name, _symbol in (("__eq__", "=="), ("__ne__", "!="), ("__lt__", "<"), ("__le__", "<="), ("__gt__", ">"),
                       ("__ge__", ">=")):
    setattr(Symbol, _name, _operator(_symbol)[0])


def _operation(template: str, floats: Callable) -> Callable:
    """An Arithmetic operation: recorded when an operand is a Symbol, else computed as for floats."""
    def operation(*operands: Any) -> Any:
        recording = _recording_of(operands)
        return floats(*operands) if recording is None else recording.record(template, *operands)
    return operation


def _any_of(conditions: Sequence[Any]) -> Any:
    recording = _recording_of(conditions)
    if recording is None:
        return any(conditions)
    return recording.record("(" + " | ".join(f"{{{i}}}" for i in range(len(conditions))) + ")", *conditions)


def _lookup(table: Sequence[Any], code: Any) -> Any:
    """table[code] as a chain of selects on the code (codes are the table's indices)."""
    if not isinstance(code, Symbol):
        return table[int(code)]
    value = table[-1]
    for k in range(len(table) - 2, -1, -1):
        value = SYMBOLS.where(code == k, table[k], value)
    return value


# numpy's minimum and maximum: a NaN in either operand wins, and of two equal values (+0 and −0) the second.
SYMBOLS = Arithmetic(
    name="symbols",
    where=_operation("({1} if {0} else {2})", FLOATS.where),
    minimum=_operation("({0} if ({0} < {1} or {0} != {0}) else {1})", FLOATS.minimum),
    maximum=_operation("({0} if ({0} > {1} or {0} != {0}) else {1})", FLOATS.maximum),
    isnan=_operation("({0} != {0})", FLOATS.isnan),
    invert=_operation("(not {0})", FLOATS.invert),
    any_of=_any_of,
    width=len,
    item=operator.getitem,
    divide=_operation("({0} / {1})", FLOATS.divide),   # compiled with numpy's error model: overflow gives inf
    lookup=_lookup,
)


def _inputs(h: Households, w: WorkItems, r: NumericRules) -> list[Any]:
    """Every input of the engine in a fixed order: the household, each work item's fields, the rules."""
    work = vars(w).values()
    items = np.shape(w.kind)[-1]
    return [*vars(h).values(), *(a[..., k] for k in range(items) for a in work), *vars(r).values()]


def _as_symbols(recording: Recording, items: int) -> tuple[Households, WorkItems, NumericRules]:
    """The engine's inputs as symbols named in the order of `_inputs`."""
    names = (f"x{i}" for i in itertools.count())
    h = Households(*(recording.input(next(names)) for _ in fields(Households)))
    per_item = [[recording.input(next(names)) for _ in fields(WorkItems)] for _ in range(items)]
    w = WorkItems(*zip(*per_item))   # each field a tuple with one symbol per item
    r = NumericRules(*(recording.input(next(names)) for _ in fields(NumericRules)))
    return h, w, r


def source(period: Period, items: int, varies: Sequence[tuple[bool, ...] | None], lines: Sequence[str],
           ndim: int) -> str:
    """The compiled function's Python source for one structure: the engine recorded on `items` work items.

    `varies` holds, for each input in the order of `_inputs`, whether it varies along each of its axes
    (right-aligned on the loop's `ndim` axes), or None for a single number. `lines` are the budget lines
    to write, along the first axis of the output array."""
    recording = Recording()
    budget = compute(*_as_symbols(recording, items), period, broadcast=False, xp=SYMBOLS)
    return loop_source(recording, [getattr(budget, name) for name in lines], varies, ndim)


def loop_source(recording: Recording, values: Sequence[Any], varies: Sequence[tuple[bool, ...] | None],
                ndim: int) -> str:
    """A function `kernel(shape, a0, a1, …, out)` that writes `values` into out[k, i0, i1, …] for every
    index of the loop `shape`, from the recording's inputs x0, x1, … given as a0, a1, …"""
    outputs = [v if isinstance(v, Symbol) and v.recording is recording
               else recording.record("{0}", v)   # a constant still gets a line of its own to write from
               for v in values]
    body = recording.needed_for(outputs)
    indices = [f"i{d}" for d in range(ndim)]
    # Each line goes in the outermost loop where everything it reads is known: what depends on the
    # household and the rules alone is computed once per household and rule set, not once per budget.
    depth: dict[str, int] = {}
    placed: list[list[str]] = [[] for _ in range(ndim + 1)]
    for name, expression, reads in body:
        if expression:
            depth[name] = max((depth[x] for x in reads), default=0)
            placed[depth[name]].append(f"{name} = {expression}")
            continue
        axes = varies[int(name[1:])]
        if axes is None:   # a single number: an argument as it is
            depth[name] = 0
            placed[0].append(f"{name} = a{name[1:]}")
            continue
        lead = ndim - len(axes)   # an array: its own axes, right-aligned, and 0 where it has length 1
        depth[name] = max((lead + d + 1 for d, along in enumerate(axes) if along), default=0)
        at = [indices[lead + d] if along else "0" for d, along in enumerate(axes)]
        placed[depth[name]].append(f"{name} = a{name[1:]}[{', '.join(at)}]")
    placed[ndim] += [f"out[{', '.join([str(k)] + indices)}] = {value.name}" for k, value in enumerate(outputs)]
    text = [f"def kernel(shape, {', '.join(f'a{i}' for i in range(len(varies)))}, out):"]
    for d in range(ndim + 1):
        indent = "    " * (d + 1)
        if d:
            text.append(f"{indent[4:]}for {indices[d - 1]} in range(shape[{d - 1}]):")
        text += [indent + line for line in placed[d]]
    return "\n".join(text)


Kernel = Callable[..., None]


@dataclass(frozen=True)
class Layout:
    """How the inputs of given shapes meet in the loop: which are single numbers, and the shape of the loop."""

    singles: tuple[int, ...]                      # the inputs that are a single number
    varies: tuple[tuple[bool, ...] | None, ...]   # per input, the axes along which it varies (the loop reads it there)
    full: tuple[int, ...]                         # the broadcast shape of every input (at least one axis)
    zero_d: bool                                  # every input was a single number with no axis


def layout(shapes: Sequence[tuple[int, ...]]) -> Layout:
    """The broadcast of `shapes` (numpy's rule), or a ValueError where they do not broadcast together."""
    ndim = max(map(len, shapes))
    full = [1] * ndim
    for shape in shapes:
        for d, n in enumerate(shape, start=ndim - len(shape)):
            if n != 1:
                if full[d] not in (1, n):
                    raise ValueError(f"inputs of shapes {full} and {shape} do not broadcast together")
                full[d] = n
    varies = tuple(None if math.prod(s) == 1 else tuple(n > 1 for n in s) for s in shapes)
    return Layout(tuple(i for i, v in enumerate(varies) if v is None), varies, tuple(full) or (1,), ndim == 0)


class Compiled:
    """Compiled engines by structure, each compiled once it has been asked for `compile_after` times."""

    def __init__(self, compile_after: int = 8) -> None:
        self.compile_after = compile_after
        self._asked: dict[tuple, int] = {}
        self._kernels: dict[tuple, Kernel] = {}                 # by structure
        self._ready: dict[tuple, tuple[Kernel, Layout]] = {}    # by period, input shapes and lines
        self.have_numba: bool | None = None   # known once a structure is first due to be compiled

    def compute(self, h: Households, w: WorkItems, r: NumericRules, period: Period, lines: tuple[str, ...],
                compile_now: bool = False) -> dict[str, np.ndarray] | None:
        """The budget `lines` of `compute(h, w, r, period)`, each with the inputs' full broadcast shape; or
        None where this structure is not compiled yet (or numba is missing): then compute with numpy."""
        inputs = _inputs(h, w, r)
        shapes = tuple(getattr(a, "shape", ()) for a in inputs)
        ready = self._ready.get((period, shapes, lines))
        if ready is None:
            ready = self._prepare(period, shapes, lines, compile_now)
            if ready is None:
                return None
        kernel, found = ready
        for i in found.singles:   # a number in an array of one: the number itself
            if type(inputs[i]) is not float:
                inputs[i] = inputs[i].item()
        out = np.empty((len(lines),) + found.full)
        kernel(found.full, *inputs, out)
        return dict(zip(lines, [a.reshape(()) for a in out] if found.zero_d else out))

    def _prepare(self, period: Period, shapes: tuple, lines: tuple[str, ...],
                 compile_now: bool) -> tuple[Kernel, Layout] | None:
        """The kernel for this structure, compiled now if it is asked for often enough; else None."""
        found = layout(shapes)
        key = (period, len(shapes), found.varies, lines, len(found.full))
        kernel = self._kernels.get(key)
        if kernel is None:
            if len(self._asked) > 4096:
                self._asked.clear()
            asked = self._asked[key] = self._asked.get(key, 0) + 1
            if not (compile_now or asked >= self.compile_after) or not self._have_numba():
                return None
            items = (len(shapes) - len(fields(Households)) - len(fields(NumericRules))) // len(fields(WorkItems))
            kernel = self._kernels[key] = compile_source(source(period, items, found.varies, lines, len(found.full)))
        if len(self._ready) > 1024:
            self._ready.clear()
        self._ready[(period, shapes, lines)] = kernel, found
        return kernel, found

    def _have_numba(self) -> bool:
        if self.have_numba is None:
            self.have_numba = importlib.util.find_spec("numba") is not None
        return self.have_numba


def compile_source(text: str) -> Kernel:
    """The function `kernel` of `text` (loop_source), compiled by numba."""
    import numba
    namespace: dict[str, Any] = {"np": np}
    exec(compile(text, "<compiled engine>", "exec"), namespace)
    # numpy's error model: a division by zero gives inf or NaN as in numpy, not an exception
    return numba.njit(error_model="numpy", nogil=True)(namespace["kernel"])


# The process's compiled engines (a sweep asks here; see sweep.py).
ENGINES = Compiled()
