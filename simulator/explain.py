"""The trace: each step of one option's budget as data — a formula over named numbers, a note, the
parameters and the law in force on the date. Each step's formula, variants and notes are declared once
(steps.py); the trace renders the variant the engine took with the engine's numbers, and never restates a
rule. One renderer (simulator/trace_text.py) shows it in the CLI, the page and the PDF.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .assumptions import catalogue as assumption_catalogue
from .formula import Formula, evaluate
from .periods import Period
from .program import ITEM_LINES, case_key, note_key
from .result import Citation, Number, ParameterUse, Step
from .rules import RuleSet
from .steps import BY_NAME, GAIN, SHOWN, TRACE, WORK, Case, Line, Note

if TYPE_CHECKING:   # pydantic's models are imported when a scenario is parsed, not with the package
    from .models import Option, Scenario

CITATIONS = Path(__file__).parent / "citations.yaml"


@lru_cache(maxsize=1)
def citations() -> dict[str, list[tuple[dt.date, dict]]]:
    """citations.yaml: key → its dated entries, oldest first (`consolidated` → each act's consolidations)."""
    raw = yaml.safe_load(CITATIONS.read_text(encoding="utf-8"))
    acts = raw.pop("consolidated", {})
    out = {key: _dated(entries) for key, entries in raw.items()}
    out |= {f"consolidated.{act}": _dated(entries) for act, entries in acts.items()}
    return out


def _dated(entries: dict) -> list[tuple[dt.date, dict]]:
    return sorted(((dt.date.fromisoformat(str(since)), entry) for since, entry in entries.items()),
                  key=lambda pair: pair[0])


def _in_force(key: str, date: dt.date) -> tuple[dt.date, dict] | None:
    found = None
    for since, entry in citations().get(key, []):
        if since <= date:
            found = (since, entry)
    return found


def law_on(key: str, date: dt.date) -> tuple[Citation, ...]:
    """The citation of `key` in force on `date` (none when the step rests on no provision). A provision of a
    consolidated act (UDL) names the consolidation in force on the date and links to it, or, before the
    next consolidation took in an amending law, the amending law too (RULES.md section 2)."""
    found = _in_force(key, date)
    if found is None:
        return ()
    since, entry = found
    cite, url = entry["cite"], entry.get("url", "")
    act = _in_force(f"consolidated.{cite.split(' ', 1)[0]}", date)
    if act is not None:
        act_since, consolidation = act
        if entry.get("amended_by") and act_since < since:
            cite, url = f"{cite} ({consolidation['cite']}, som ændret ved {entry['amended_by']})", entry["amended_url"]
        else:
            cite, url = f"{cite} ({consolidation['cite']})", consolidation["url"]
    return (Citation(cite, url, entry.get("wording", "")),)


def _use(rules: RuleSet, path: str) -> ParameterUse:
    e = rules.entry(path)
    p = e.parameter
    return ParameterUse(path, e.value, p.unit, e.status, e.source, p.danish, p.reference)


def build_trace(scenario: Scenario, option: Option, rules: RuleSet, period: Period, row: dict[str, Any],
                reference: float, assumptions: tuple[str, ...] = ()) -> list[Step]:
    """The steps of one option, in the order of RULES.md section 8, each as steps.py declares it: the variant
    the engine took, its formula with the engine's numbers filled in, its note where the engine found the
    note's condition to hold. `row` is the option's budget with every name the engine computed
    (`compute(..., choices=True)`), the gain and `reference_moved` ('No work' is measured in another
    housing); `reference` the no-work disposable income; `assumptions` the codes the option rests on."""
    env = {**row, "no_work": reference, "has_work": bool(option.work)}
    out: list[Step] = []
    for x in TRACE:
        if x.shown_when is not None and not evaluate(x.shown_when, env):
            continue
        case = chosen(x, env)
        shown = Rendering(env)
        formula = shown.step(x, case)
        note = next((n for n in case.notes + x.notes if _holds(x, n, env)), None)
        tags = tuple(code for code in assumptions if assumption_catalogue()[code].get("step") == x.name)
        out.append(Step(x.name, env[x.name], formula, shown.numbers, note.key if note else "",
                        {k: int(env[v]) for k, v in note.values.items()} if note else {},
                        tuple(_use(rules, p) for p in shown.paths), law_on(case.law or x.law or x.name, rules.date),
                        tags))
    return out


def chosen(x: Line, env: Mapping[str, Any]) -> Case:
    """The variant of `x` the engine took."""
    return x.cases[int(env[case_key(x)])] if len(x.cases) > 1 else x.cases[0]


def _holds(x: Line, note: Note, env: Mapping[str, Any]) -> bool:
    """Whether a note is shown: the engine's finding for its steps; the gain's (no step of the engine) read
    from simulate's `reference_moved`."""
    if note.when is None:
        return True
    return bool(evaluate(note.when, env) if x is GAIN else env[note_key(x, note)])


class Rendering:
    """A step's formula resolved for the trace: each `where` and variant as the engine's conditions chose,
    each inline line written out, each sum over the work items as the items that add something, and the
    numbers it reads (with how they are shown) and the parameters it rests on collected on the way."""

    def __init__(self, env: Mapping[str, Any]):
        self.env = env
        self.numbers: dict[str, Number] = {}
        self.paths: list[str] = []

    def step(self, x: Line, case: Case) -> Formula:
        if case.shown_as is not None:
            self.numbers[x.name] = Number(self.env[x.name], "kr", case.shown_as)
            formula: Formula = x.name
        else:
            formula = self.formula(case.formula)
        for p in case.paths + x.paths:
            path = self.formula(p) if p in INLINE else p   # an inline line that resolves to a parameter
            if path not in self.paths:
                self.paths.append(path)
        return formula

    def formula(self, f: Formula, item: int | None = None) -> Formula:
        if type(f) is str:
            x = INLINE.get(f)
            return self.number(f, item) if x is None else self.step(x, chosen(x, self.env))
        op = f[0]
        if op == "where":
            return self.formula(f[2] if self.value(f[1], item) else f[3], item)
        if op == "sum":
            terms = [self.formula(BY_NAME[f[1]].cases[0].formula, k) for k in range(len(self.env[f[1]]))]
            kept = [t for t in terms if t != "zero"]
            return ("add", *kept) if kept else self.number("zero")
        return (op, *[self.formula(a, item) for a in f[1:]])

    def value(self, name: str, item: int | None) -> Any:
        return self.env[name][item] if item is not None and name in PER_ITEM else self.env[name]

    def number(self, name: str, item: int | None = None) -> str:
        if item is not None and name in PER_ITEM:
            key, value = f"{name}[{item}]", self.env[name][item]
        else:
            key, value = name, self.env[name]
        self.numbers[key] = Number(value, *SHOWN[name])
        return key


PER_ITEM = frozenset(ITEM_LINES) | frozenset(WORK)
INLINE = {x.name: x for x in BY_NAME.values() if x.inline}
