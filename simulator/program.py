"""The step table (steps.py) compiled, once, into what the engine runs: closures in the order the formulas
need, split into what depends on the household and the rules alone, what each work item adds, and the rest.

A line with variants becomes one selection: the variants' formulas, each computed where an array needs it,
chosen by their conditions in order (neighbouring variants with the same formula share one branch, so a
variant that differs only in its note or law costs nothing). With `choices`, the program also returns which
variant each line took (`<line>.case`, its place among the cases) and whether each note's condition holds
(`<line>:<note>`): what the trace reads to render the variant taken and its note.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from .arithmetic import Arithmetic
from .formula import Formula, check, choose, compile_formula, names
from .steps import BY_NAME, HOUSEHOLD, LINES, PERIOD, WORK, Case, Line, Note

ITEM_LINES = tuple(x.name for x in LINES if x.per_item)


def case_key(x: Line) -> str:
    """The name under which the engine returns the variant a line took (its place among the cases)."""
    return f"{x.name}.case"


def note_key(x: Line, note: Note) -> str:
    """The name under which the engine returns whether a note's condition holds."""
    return f"{x.name}:{note.key}"


def notes_of(x: Line) -> list[Note]:
    """Every note a line can carry: its variants' then its own."""
    return [n for c in x.cases for n in c.notes] + list(x.notes)


def reads(x: Line, with_notes: bool = False) -> list[str]:
    """The names a line's value reads (its variants' formulas and conditions); `with_notes`, its notes' too."""
    parts: list[Formula] = [f for c in x.cases for f in (c.formula, c.when) if f is not None]
    if with_notes:
        parts += [n.when for n in notes_of(x) if n.when is not None]
        parts += [v for n in notes_of(x) for v in n.values.values()]
    out: list[str] = []
    for f in parts:
        out += [n for n in names(f) if n not in out]
    return out


def _order() -> list[str]:
    """The lines in an order their formulas allow, as near the table's as that permits."""
    done: list[str] = []

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in done or name not in BY_NAME:
            return
        if name in path:
            raise ValueError(f"steps.py: a line reads itself: {' → '.join(path + (name,))}")
        for n in reads(BY_NAME[name], with_notes=True):
            visit(n, path + (name,))
        done.append(name)
    for x in LINES:
        visit(x.name, ())
    return done


ORDER = _order()


def _depends(roots: set[str]) -> set[str]:
    """The lines that read, directly or through other lines, any of `roots`."""
    found: set[str] = set()
    for name in ORDER:
        if set(reads(BY_NAME[name])) & (roots | found):
            found.add(name)
    return found


ON_WORK = _depends(set(WORK) | set(ITEM_LINES)) | set(ITEM_LINES)
ON_HOUSEHOLD = _depends(set(HOUSEHOLD))


def needed(fields: tuple[str, ...]) -> set[str]:
    """The lines `fields` need, with every line they read."""
    out: set[str] = set()
    todo = [f for f in fields if f in BY_NAME]
    while todo:
        name = todo.pop()
        if name not in out:
            out.add(name)
            todo += [n for n in reads(BY_NAME[name]) if n in BY_NAME]
    return out


def _merged(cases: tuple[Case, ...]) -> list[tuple[list[Formula], Formula]]:
    """The variants as (conditions, formula), neighbours with the same formula in one."""
    out: list[tuple[list[Formula], Formula]] = []
    for c in cases:
        if out and out[-1][1] == c.formula:
            out[-1][0].append(c.when)
        else:
            out.append(([c.when], c.formula))
    return out


def _any(conditions: list[Formula]) -> Formula:
    return conditions[0] if len(conditions) == 1 else ("or", *conditions)


def value_of(x: Line, xp: Arithmetic) -> Callable:
    """A line's value: its one formula, or its variants chosen by their conditions."""
    groups = _merged(x.cases)
    out = compile_formula(groups[-1][1], xp)
    for conditions, formula in reversed(groups[:-1]):
        out = choose(compile_formula(_any(conditions), xp), compile_formula(formula, xp), out, xp)
    return out


def case_of(x: Line, xp: Arithmetic) -> Callable:
    """Which variant a line takes: the place of the first whose condition holds."""
    out = compile_formula(len(x.cases) - 1, xp)
    for k in range(len(x.cases) - 2, -1, -1):
        out = choose(compile_formula(x.cases[k].when, xp), compile_formula(k, xp), out, xp)
    return out


@dataclass(frozen=True)
class Program:
    """The compiled steps for one kind of number: (name, closure) pairs to run in order, in three phases."""

    household: tuple[tuple[str, Callable], ...]   # the household and the rules alone
    items: tuple[tuple[str, Callable], ...]       # once for each work item
    work: tuple[tuple[str, Callable], ...]        # what reads the work
    work_reads: frozenset[str]                    # the names the work phases read


@cache
def program(xp: Arithmetic, fields: tuple[str, ...], choices: bool) -> Program:
    """The program that computes `fields` (with `choices`: every line, each variant taken and each note)."""
    wanted = set(ORDER) if choices else needed(fields)
    phases: dict[str, list[tuple[str, Callable]]] = {"household": [], "items": [], "work": []}
    for name in ORDER:
        if name not in wanted:
            continue
        x = BY_NAME[name]
        phase = "items" if x.per_item else "work" if name in ON_WORK else "household"
        phases[phase].append((name, value_of(x, xp)))
    if choices:   # each after the lines it reads (the notes of an item line read the family's: none here)
        for x in LINES:
            extra = [(case_key(x), case_of(x, xp), [n for c in x.cases if c.when is not None for n in names(c.when)])]
            extra = extra if len(x.cases) > 1 else []
            extra += [(note_key(x, n), compile_formula(n.when, xp), names(n.when)) for n in notes_of(x) if n.when]
            for key, fn, read in extra:
                on_work = x.name in ON_WORK or any(r in ON_WORK or r in WORK for r in read)
                phases["work" if on_work else "household"].append((key, fn))
    work_reads = {n for name, _ in phases["items"] + phases["work"] if name in BY_NAME
                  for n in reads(BY_NAME[name], with_notes=choices)}
    return Program(tuple(phases["household"]), tuple(phases["items"]), tuple(phases["work"]), frozenset(work_reads))


def validate() -> None:
    """Raise ValueError where the table is not well formed: every formula checks, every name it reads is an
    input, a parameter, a switch or a line, and an item line reads no household line."""
    from .params import SWITCHES
    from .rules import parameters
    known = set(HOUSEHOLD) | set(WORK) | set(PERIOD) | set(SWITCHES) | set(parameters()) | {"zero"} | set(BY_NAME)
    for x in LINES:
        for c in x.cases:
            for f in (c.formula, c.when):
                if f is not None:
                    check(f)
        for n in notes_of(x):
            if n.when is not None:
                check(n.when)
        unknown = [n for n in reads(x, with_notes=True) if n not in known]
        if unknown:
            raise ValueError(f"steps.py: {x.name} reads unknown names {unknown}")
        if x.per_item and ON_HOUSEHOLD & set(reads(x)):
            raise ValueError(f"steps.py: the item line {x.name} reads a household line")
        if x.per_item and len(x.cases) > 1:
            raise ValueError(f"steps.py: the item line {x.name} has variants")
        if any(c.when is None for c in x.cases[:-1]) or (len(x.cases) > 1 and x.cases[-1].when is not None):
            raise ValueError(f"steps.py: {x.name}: every variant but the last needs a condition, the last none")
