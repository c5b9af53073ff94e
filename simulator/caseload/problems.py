"""What is wrong with a skipped caseload row, as data: a problem code and its values (`RowError.code`,
`RowError.values`), said in English for the CLI (`english`, the text `RowError.problem` keeps, byte for
byte what the CLI always printed) and in any language of the catalogues for the page, its PDF and its
exports (`row_text`, `problem_text`: keys `rows.<code>` in simulator/i18n/<lang>/rows.po).

Values are of three kinds, as in a scenario's errors (simulator/errors.py, `values_in`): numbers (limits,
counts: formatted in the reader's language), line numbers (`line`, `first`: the language's digits, no
separators, as the file's line) and text that came from the file (`got`, already quoted and cut short by
`untrusted.quote`; `codes`, the schema's own code names, which the file must hold literally): text is
filled in as it is, never translated or interpreted.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import Translate, values_in

# code -> the English problem, exactly as the CLI prints it (format specs give its number style)
ENGLISH: Mapping[str, str] = {
    "required": "is required",
    "cell_too_long": "is longer than {limit:,} characters",
    "text_too_long": "is too long (at most {limit} characters)",
    "not_bool": "must be 0 or 1 (got {got})",
    "not_code": "must be one of {codes} (got {got})",
    "not_number": "must be a number (got {got})",
    "not_number_comma": "must be a number (got {got}); use a decimal point",
    "not_whole": "must be a whole number (got {got})",
    "not_whole_comma": "must be a whole number (got {got}); use a decimal point",
    "not_finite": "must be a finite number (got {got})",
    "range_above": "must be above {low:g} and at most {high:,.0f} (got {got})",
    "range_either": "must be {low:g} or {high:g} (got {got})",
    "range_between": "must be between {low:,.0f} and {high:,.0f} (got {got})",
    "id_twice": "{got} appears twice (first on line {first})",
    "couple_one_adult": "a couple needs two adults (adults is 1)",
    "above_adults": "must be at most adults ({adults:g}) (got {value:g})",
    "own_housing_cost": "is required for own_housing (the rent the household pays)",
    "cells": "has {cells} values; the header names {columns} columns",
    "row_too_long": "is longer than any valid row ({limit:,} characters); not read",
}


def english(code: str, values: Mapping[str, Any]) -> str:
    """The problem in English, as the CLI prints it."""
    return ENGLISH[code].format(**values)


def problem_text(code: str, values: Mapping[str, Any], t: Translate) -> str:
    """The problem in `t`'s language (English where its catalogue lacks it)."""
    return t(f"rows.{code}", **values_in(values, t))


def problem_of(error: Any, t: Translate | None) -> str:
    """A row error's problem in `t`'s language (English without `t`, or for a row error made without a
    code)."""
    return problem_text(error.code, error.params, t) if t is not None and error.code else error.problem


def row_text(error: Any, t: Translate) -> str:
    """'line 7, adults: must be 1 or 2 (got '3')' in `t`'s language; a row error without a code (made
    elsewhere) keeps its English problem."""
    problem = problem_of(error, t)
    line = t.digits(str(error.line))
    if error.field:
        return t("rows.line_column", line=line, column=error.field, problem=problem)
    return t("rows.line", line=line, problem=problem)


def no_valid_row_text(error: Any, t: Translate) -> str:
    """'bad.csv has no valid row (3 bad; first: line 2, adults: …)' in `t`'s language, for a CaseloadError
    raised because every row is bad (it holds `errors`); the file's name is untrusted text, cut short."""
    from ..untrusted import one_line
    return t("rows.no_valid_row", file=error.field, n=t.number(error.bad_rows),
             first=one_line(row_text(error.errors[0], t)))
