"""The trace in words: one pure renderer for the CLI (`--explain`), the page's "why?" and the PDF.

A step (simulator.result.Step) is data: a formula over named numbers, a note key, parameters and the law in
force. This module turns it into text in the reader's language with the reader's number style; it imports
no Streamlit, so the CLI and the PDF use it as they are.
"""
from __future__ import annotations

import math

from .i18n import Translator
from .periods import DAYS_PER_MONTH, MONTH, WEEKS_PER_MONTH, decimals_needed
from .result import Formula, Number, ParameterUse, Step

PRECEDENCE = {"add": 1, "sub": 1, "mul": 2, "div": 2}
SYMBOL = {"add": " + ", "sub": " − ", "mul": " × ", "div": " / "}


def plain_number(x: float, t: Translator) -> str:
    """A number with as few decimals as it needs (at most 4), in the reader's style."""
    return t.number(x, decimals_needed(x, 4))


def number_text(n: Number, t: Translator) -> str:
    """A number with its unit, and its name when it has one ('gross wage 9,999.60 kr')."""
    v = n.value
    if n.unit == "kr":
        text = t.kr(v, 2)
    elif n.unit in ("kr_day", "kr_hour"):
        text = t(f"trace.unit.{n.unit}", amount=t.number(v, 2))
    elif n.unit == "share":
        text = t("fmt.percent", value=plain_number(v * 100, t))
    elif n.unit in ("days", "weeks"):
        month = DAYS_PER_MONTH if n.unit == "days" else WEEKS_PER_MONTH
        fraction = MONTH.days_text if n.unit == "days" else MONTH.weeks_text   # "365/12": periods.py says how
        count = fraction if math.isclose(v, month) else plain_number(v, t)
        text = t(f"trace.unit.{n.unit}", value=count)
    elif n.unit == "hours":
        text = t("trace.unit.hours", value=plain_number(v, t))
    else:
        text = plain_number(v, t)
    return t("trace.named", term=t(f"trace.term.{n.term}"), value=text) if n.term else text


def formula_text(formula: Formula, numbers, t: Translator, parent: str = "", first: bool = True) -> str:
    """The formula written out with the numbers filled in, brackets only where the order needs them."""
    if isinstance(formula, str):
        return number_text(numbers[formula], t)
    op, *args = formula
    if op in ("min", "max"):
        return f"{op}({', '.join(formula_text(a, numbers, t) for a in args)})"
    parts = [formula_text(a, numbers, t, op, i == 0) for i, a in enumerate(args)]
    text = SYMBOL[op].join(parts)
    inner, outer = PRECEDENCE[op], PRECEDENCE.get(parent, 0)
    if inner < outer or (inner == outer and parent in ("sub", "div") and not first):
        text = f"({text})"
    return text


def _same(text: str) -> str:
    return text


def ltr_isolate(text: str) -> str:
    """Text that reads left to right (a formula, a citation, a number) kept in its own order inside a
    right-to-left sentence: LRI … PDI."""
    return "\u2066" + text + "\u2069"


def step_line(step: Step, t: Translator, isolate=_same) -> str:
    """'Label: formula = value; note' — the step in one line (`isolate`: how the formula and its value are
    kept left to right, `ltr_isolate` on a right-to-left page)."""
    label = t(f"line.{step.name}")
    value = t.kr(step.value, 2)
    text = f"{label}: {isolate(value)}" if isinstance(step.formula, str) else (
        f"{label}: {isolate(formula_text(step.formula, step.numbers, t) + ' = ' + value)}")
    if step.note:
        text += "; " + t(f"trace.note.{step.note}", **step.note_values)
    return text


def citations_of(use: ParameterUse) -> list[str]:
    """The provisions a parameter's source cites (title and paragraph), or the provision the parameter
    belongs to when its source names none (a convention, a collective agreement, a reform): what the reader
    sees, never our own notes."""
    found = [c.text for c in use.source.cites]
    return found or ([use.reference] if use.reference else [])


def sources(step: Step) -> list[str]:
    """The provisions a step rests on, in order: the step's own law, then its parameters' sources."""
    cites: list[str] = []
    for cite in [c.cite for c in step.law] + [c for p in step.parameters for c in citations_of(p)]:
        if cite not in cites:
            cites.append(cite)
    # 'KSL § 48 B, stk. 1' says less than 'KSL § 48 B, stk. 1, 2. pkt.' beside it: keep the more precise
    return [c for c in cites if not any(o != c and o.startswith(c + ",") for o in cites)]


def value_text(value, t: Translator) -> str:
    if isinstance(value, bool):
        return t("trace.yes" if value else "trace.no")
    if isinstance(value, (int, float)):
        return plain_number(float(value), t)
    return t(f"trace.choice.{value}")


def parameter_line(use: ParameterUse, t: Translator, isolate=_same) -> str:
    """'allowance.basic.single = <value> [law] <order>': in English the public path, in the other
    languages the Danish name of the parameter."""
    name = use.path if t.lang == "en" or not use.danish else use.danish
    return t("trace.parameter", name=isolate(name), value=isolate(value_text(use.value, t)),
             status=t(f"status.{use.status}"), cites=isolate("; ".join(citations_of(use))))


def detail_lines(step: Step, t: Translator, isolate=_same) -> list[str]:
    """What stands under a step: the law (with its words where quoted), the assumptions, the parameters.
    `isolate` wraps what reads left to right (citations, parameter names and values; `ltr_isolate` on a
    right-to-left page)."""
    lines = []
    cites = sources(step)
    if cites:
        lines.append(t("trace.law", cites=isolate("; ".join(cites))))
    lines += [t("trace.wording", wording=c.wording) for c in step.law if c.wording]
    lines += [t("trace.assumption", title=t(f"assumption.{code}.title")) for code in step.assumptions]
    lines += [parameter_line(p, t, isolate) for p in step.parameters]
    return lines


def trace_text(trace: list[Step], t: Translator, indent: str = "  ") -> list[str]:
    """The trace as plain-text lines (the CLI's `--explain`)."""
    out = []
    for step in trace:
        out.append(indent + step_line(step, t))
        out += [indent * 3 + line for line in detail_lines(step, t)]
    return out
