"""The command line: `python -m simulator run FILE`, `sweep FILE`, and the exit codes of SCENARIO_FORMAT.md."""
from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from collections.abc import Sequence

from . import reforms
from .cli_language import argparse_in, chosen_language
from .errors import ScenarioError
from .i18n import LANGUAGES, Translator, translator
from .periods import round_money
from .result import Result
from .rules import rules_at
from .scenario_files import load_scenario
from .simulate import simulate
from .sweep import POINTS_RANGE, sweep
from .untrusted import display_width, one_line, pad, quote, spreadsheet_cell

# The budget lines of the table, in order, and how each is shown: added (+), taken (−) or a total (=).
ROWS = [
    ("gross_wage", ""), ("labour_market_contribution", "−"), ("income_tax", "−"), ("net_wage", "="),
    ("basic_allowance", ""), ("supplementary_allowance", ""), ("child_supplement", ""),
    ("allowances_before_offset", "="), ("offset", "−"), ("allowances_paid", "="), ("accommodation_charge", "−"),
    ("transport", "−"), ("housing_cost", "−"), ("disposable_income", "="), ("gain_vs_no_work", ""),
]
OPTIONAL = ("child_supplement", "housing_cost", "supplementary_allowance")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors: exit 2, one line naming the option, nothing on stdout
        named = re.match(r"argument ([^:]{1,60}): (.*)", message, re.DOTALL)
        # "usage: " is argparse's own word, in the command's language (cli_language.argparse_in)
        line = f"{named[1]}: {named[2]}" if named else argparse._("usage: ") + message  # type: ignore[attr-defined]
        print(one_line(line, 300), file=sys.stderr)
        sys.exit(2)


def _points(t: Translator):
    """`--points`: a whole number in POINTS_RANGE, its digits checked before any conversion; refused in `t`'s
    language."""
    def points(text: str) -> int:
        low, high = POINTS_RANGE
        if re.fullmatch(r"[0-9]{1,6}", text) and low <= int(text) <= high:
            return int(text)
        error = ScenarioError.of("--points", "sweep.points", low=low, high=high, got=quote(text, 20))
        raise argparse.ArgumentTypeError(error.problem_in(t))
    return points


def _json(document: dict, indent: int | None = 2) -> str:
    """Strict JSON (no NaN or Infinity, which JSON does not have): a non-finite number is an error, never
    printed."""
    try:
        return json.dumps(document, ensure_ascii=False, indent=indent, allow_nan=False)
    except ValueError:
        raise ScenarioError.of("result", "result.not_finite") from None


def format_table(result: Result, explain: bool = False, lang: str = "en") -> str:
    """The options side by side, one row per budget line, whole kroner (øre are kept inside), in English or
    Danish (the message catalogues of simulator/i18n)."""
    from .i18n import translator  # the catalogues are shared with the page and the PDF
    from .trace_text import trace_text  # one renderer of the trace for the CLI, the page and the PDF

    t = translator(lang)
    # Option names and the title come from the file: one line each, no control or format characters (the
    # core has removed them), padded by the columns they take on a terminal (wide letters two, marks none).
    names = [t("result.no_work") if o.name == "No work" else one_line(o.name, 80) for o in result.options]
    width = max(12, *(display_width(n) for n in names))

    def label(key: str, sign: str) -> str:
        text = t(f"line.{key}")
        return t("cli.minus", label=text) if sign == "−" else t("cli.equals", label=text) if sign == "=" else text

    rows = [(label(key, sign), [o.lines[key] for o in result.options]) for key, sign in ROWS
            if key not in OPTIONAL or any(o.lines[key] for o in result.options)]
    label_w = max(len(lbl) for lbl, _ in rows) + 2
    lines = [one_line(result.title)] if result.title else []
    reform = f"; {t('cli.reform', reform=json.dumps(result.reform, ensure_ascii=False))}" if result.reform else ""
    # the ISO date in the language's digits, as every number of the table (Persian, Arabic)
    rules_on = t("cli.rules_on", date=t.digits(str(result.rules_date)), period=t(f"period.{result.period}"))
    lines.append(rules_on + reform)
    lines.append("")
    lines.append(" " * label_w + "".join(pad(n, width + 2) for n in names))
    for text, values in rows:
        lines.append(text.ljust(label_w) + "".join(t.number(v).rjust(width + 2) for v in values))
    ptr = ["—" if o.participation_tax_rate is None else t.percent(o.participation_tax_rate) for o in result.options]
    gph = ["—" if o.gain_per_hour is None else t.kr(o.gain_per_hour, 2) for o in result.options]
    be = ["—" if o.break_even.reason_wage == "no_pay" else t("cli.never") if o.break_even.hourly_wage is None
          else t("cli.per_hour", amount=t.kr(o.break_even.hourly_wage, 2)) for o in result.options]
    for title, cells in ((t("cli.ptr"), ptr), (t("cli.kept_per_hour"), gph), (t("cli.pays_from"), be)):
        lines.append(title.ljust(label_w) + "".join(c.rjust(width + 2) for c in cells))
    lines.append("")
    for name, o in zip(names, result.options):
        for w in o.warnings:
            lines.append(f"! {name}: {t('warning.' + w.code)} [{w.source}]")
    if result.assumptions:
        lines.append(t("cli.assumptions", codes=", ".join(result.assumptions)))
    if explain:
        for name, o in zip(names, result.options):
            lines.append("")
            lines.append(t("cli.why", option=name))
            lines += trace_text(o.trace, t)
    return "\n".join(lines)


def _run(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.file)
    reform = None
    if args.reform:
        reform = {**scenario.reform, **reforms.resolve(args.reform).values}
    result = simulate(scenario, args.period, reform=reform, with_effects=False, with_trace=args.explain)
    if args.json:
        print(_json(result.as_json()))
    else:
        print(format_table(result, explain=args.explain, lang=args.lang))
    return 0


def _sweep(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.file)
    reform = None
    if args.reform:
        reform = {**scenario.reform, **reforms.resolve(args.reform).values}
    result = sweep(scenario, over=args.over, period=args.period, reform=reform, points=args.points)
    rows = result.rows()
    for row in rows:
        for k, v in row.items():
            if isinstance(v, float) and k not in ("hours_per_week", "hourly_wage"):
                row[k] = round_money(v)
    if args.csv:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
        writer.writeheader()
        # An option named "=HYPERLINK(…)" is text in a spreadsheet, never a formula; numbers stay numbers.
        writer.writerows({k: spreadsheet_cell(v) for k, v in row.items()} for row in rows)
        sys.stdout.write(buf.getvalue())
    else:
        print(_json({"schema_version": 1, "over": result.over, "period": result.period,
                     "rules": result.rule_sets, "rows": rows}, indent=None))
    return 0


def _caseload(args: argparse.Namespace) -> int:
    """A caseload CSV under the law and each reform: bad rows listed on stderr, the good rows run."""
    from .caseload import LAW, caseload_impact, csv_text, error_lines, format_text, frontier, json_text, read_caseload
    from .memory import keep_freed_memory

    keep_freed_memory()   # this process is ours: the caseload's temporaries reuse freed memory (memory.py)

    chosen: dict[str, reforms.Reform] = {}
    for ref in args.reform:
        loaded = reforms.resolve(ref)
        if loaded.key in chosen:
            raise ScenarioError.of("--reform", "reform.twice", got=quote(loaded.key))
        chosen[loaded.key] = loaded
    try:  # the date is checked before the file is read: a bad date is the one line said, not after the rows
        rules_at(args.date)
    except ScenarioError as exc:
        raise exc.at("--date") from None
    spec = frontier.parse_spec(args.frontier) if args.frontier is not None else None
    cases = read_caseload(args.file)
    t = translator(args.lang)
    for line in error_lines(cases, t=t):
        print(line, file=sys.stderr)
    if spec is not None:
        return _frontier(args, cases, spec, chosen)
    result = caseload_impact(cases, args.date, chosen, args.period)
    if args.json:
        print(json_text(result))
    elif args.csv:
        sys.stdout.write(csv_text(result))
    else:   # the reforms' own titles in the language where their file gives one; the law by its word
        titles = {LAW: t("chart.law"), **{key: r.title_in(t.lang) for key, r in chosen.items()}}
        print(format_text(result.titled(titles), t))
    return 0


def _frontier(args: argparse.Namespace, cases, spec: tuple[str, float, float, int],
              chosen: dict[str, reforms.Reform]) -> int:
    """`caseload FILE --frontier PARAM=FROM:TO:STEPS`: one stacked run, one point per value; the reforms
    given with --reform are the base every point shares."""
    from .caseload import format_frontier, frontier

    parameter, low, high, steps = spec
    base: dict = {}
    for loaded in chosen.values():
        base.update(loaded.values)
    result = frontier.caseload_frontier(cases, args.date, parameter, frontier.values(low, high, steps), base)
    rows = result.rows()
    if args.json:
        print(_json(result.as_json(), indent=1))
    elif args.csv:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: spreadsheet_cell(_plain_number(v)) for k, v in row.items()} for row in rows)
        sys.stdout.write(buf.getvalue())
    else:
        print(format_frontier(result, translator(args.lang)))
    return 0


def _plain_number(v):
    """A whole float as an integer (158, not 158.0), so that a spreadsheet reads it as the number it is."""
    return int(v) if isinstance(v, float) and v.is_integer() else v


def _schema(args: argparse.Namespace) -> int:
    from .schema import scenario_schema

    print(json.dumps(scenario_schema(), ensure_ascii=False, indent=2))
    return 0


def build_parser(t: Translator | None = None) -> argparse.ArgumentParser:
    """The commands and their options, their help in `t`'s language (English by default); `--lang` defaults
    to that language."""
    t = t or translator("en")
    parser = _Parser(prog="python -m simulator", description=t("cli.help.description"))
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(name: str, func) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=t(f"cli.help.{name}"), description=t(f"cli.help.{name}"))
        p.add_argument("--lang", choices=list(LANGUAGES), default=t.lang, help=t("cli.help.lang", default=t.lang))
        p.set_defaults(func=func)
        return p

    run = command("run", _run)
    run.add_argument("file", metavar=t("cli.metavar.file"), help=t("cli.help.scenario_file"))
    run.add_argument("--json", action="store_true", help=t("cli.help.json"))
    run.add_argument("--period", choices=["month", "14d"], default="month", help=t("cli.help.period"))
    run.add_argument("--explain", action="store_true", help=t("cli.help.explain"))
    run.add_argument("--reform", metavar=t("cli.metavar.reform"), help=t("cli.help.reform_run"))
    sw = command("sweep", _sweep)
    sw.add_argument("file", metavar=t("cli.metavar.file"), help=t("cli.help.scenario_file"))
    sw.add_argument("--over", choices=["hours", "wage"], default="hours", help=t("cli.help.over"))
    fmt = sw.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", default=True, help=t("cli.help.sweep_json"))
    fmt.add_argument("--csv", action="store_true", help=t("cli.help.sweep_csv"))
    sw.add_argument("--period", choices=["month", "14d"], default="month", help=t("cli.help.period"))
    sw.add_argument("--points", type=_points(t), default=None, metavar=t("cli.metavar.points"),
                    help=t("cli.help.points", low=POINTS_RANGE[0], high=t.number(POINTS_RANGE[1])))
    sw.add_argument("--reform", metavar=t("cli.metavar.reform"), help=t("cli.help.reform_sweep"))
    cl = command("caseload", _caseload)
    cl.add_argument("file", metavar=t("cli.metavar.file"), help=t("cli.help.caseload_file"))
    cl.add_argument("--reform", action="append", default=[], metavar=t("cli.metavar.reform"),
                    help=t("cli.help.reform_caseload"))
    cl.add_argument("--date", default="2014-11-01", metavar=t("cli.metavar.date"), help=t("cli.help.date"))
    cl.add_argument("--period", choices=["month", "14d"], default="month", help=t("cli.help.period"))
    cl.add_argument("--frontier", metavar=t("cli.metavar.frontier"), help=t("cli.help.frontier"))
    cl_fmt = cl.add_mutually_exclusive_group()
    cl_fmt.add_argument("--json", action="store_true", help=t("cli.help.caseload_json"))
    cl_fmt.add_argument("--csv", action="store_true", help=t("cli.help.caseload_csv"))
    command("schema", _schema)
    return parser


# What a hostile or broken input can still provoke below the checks, said in a line about the file (the
# messages `cli.fail.*`).
_INPUT_FAILURES = {
    RecursionError: "nested",
    MemoryError: "memory",
    OverflowError: "overflow",
    UnicodeDecodeError: "not_utf8",
    UnicodeEncodeError: "terminal",
    FloatingPointError: "not_computable",
}
_INPUT_FAILURE_KINDS = tuple(_INPUT_FAILURES)


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command: exit 0 with the result on stdout, or exit 2 with one line on stderr naming the field
    (1 for a fault of the simulator itself). Never a traceback. Help, usage errors and every line on stderr
    are in the language of `--lang` (or KRONE_LANG; English by default: cli_language)."""
    argv = sys.argv[1:] if argv is None else [str(a) for a in argv]
    lang, problem = chosen_language(argv)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    t = translator(lang)
    with argparse_in(t):
        args = build_parser(t).parse_args(argv)
    t = translator(args.lang)
    file = one_line(str(getattr(args, "file", "input")), 200)
    try:
        return args.func(args)
    except ScenarioError as exc:
        print(exc.message_in(t), file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader stopped early (`| head`): nothing is wrong, and nothing more to say
        sys.stderr.close()
        return 0
    except _INPUT_FAILURE_KINDS as exc:
        problem = next(code for kind, code in _INPUT_FAILURES.items() if isinstance(exc, kind))
        print(f"{file}: {t('cli.fail.' + problem)}", file=sys.stderr)
        return 2
    except ValueError as exc:  # the caseload's own errors name their field; any other is said of the file
        message = one_line(str(exc), 240)
        print(message if re.match(r"[^\s:]+: \S", message) else f"{file}: {t('cli.fail.cannot_use', detail=message)}",
              file=sys.stderr)
        return 2
    except Exception as exc:  # a fault of the simulator, not of the input: said in one line, not a traceback
        print(f"{file}: {t('cli.fail.simulator', kind=type(exc).__name__)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
