"""Meta-tests over every parameter file (simulator/parameters/**/*.yaml) and over reforms.

They protect what a reader of a result relies on: every number has a description, a unit, a period and a
legal reference; every dated value says where it comes from and whether it is law, indexed or an
assumption; the public paths of RULES.md section 9 exist; a reform of any public parameter changes some
result (a parameter the engine ignores fails here); bad reform paths, values and dates are refused with
the field named; and no rate or period factor hides as a literal in the code.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import tokenize
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from simulator import ScenarioError, simulate
from simulator.rules import PARAMETER_DIR, parameters, public_paths, rules_at
from simulator.source import FIELDS as SOURCE_FIELDS
from simulator.source import Cite, Source
from tests.reference.oracle import CHARGE_TABLE, RATE_TABLE

SIMULATOR_DIR = Path(__file__).resolve().parents[1] / "simulator"
FILES = sorted(PARAMETER_DIR.rglob("*.yaml"))
STATUSES = {"law", "indexed", "assumption"}


def dotted(path: Path) -> str:
    return ".".join(path.relative_to(PARAMETER_DIR).with_suffix("").parts)


def raw(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_there_are_parameter_files_and_the_loader_reads_them_all():
    assert len(FILES) >= 20
    assert sorted(parameters()) == sorted(dotted(f) for f in FILES)


# --------------------------------------------------------------------------------------------------
# every file: metadata, sources, dates


@pytest.mark.parametrize("path", FILES, ids=dotted)
def test_file_has_description_unit_period_and_reference(path):
    doc = raw(path)
    for key in ("description", "unit", "period", "reference"):
        assert isinstance(doc.get(key), str) and doc[key].strip(), f"{dotted(path)}: `{key}` missing or empty"
    assert doc["period"] in {"day", "week", "month", "none"}, f"{dotted(path)}: period {doc['period']!r}"
    assert isinstance(doc.get("values"), dict) and doc["values"], f"{dotted(path)}: no values"


# Where a source may link: the law's own site and the tax authority's guide. A few addresses are not
# official; each is named here with its parameter, so that no new one comes in unseen.
OFFICIAL_HOSTS = {"www.retsinformation.dk", "info.skat.dk"}
UNOFFICIAL = {
    # KSL § 48 B on a private mirror of the act (also simulator/citations.yaml): to be replaced by the
    # retsinformation address of the consolidated Kildeskattelov
    "tax.income_tax_rate": "danskelove.dk", "tax.base": "danskelove.dk",
    # no law sets it: the collective agreement it reads (source `law: false`)
    "work.usual_hourly_wage": "www.3f.dk",
}


def _check_source(source, where: str, path: str) -> None:
    assert isinstance(source, dict), f"{where}: source must be a mapping with title and href, not {source!r}"
    assert set(source) <= SOURCE_FIELDS, f"{where}: unknown source fields {set(source) - SOURCE_FIELDS}"
    assert isinstance(source.get("title"), str) and source["title"].strip(), f"{where}: source has no title"
    href = source.get("href")
    assert isinstance(href, str) and href.startswith("https://"), f"{where}: href {href!r}"
    host = urlsplit(href).hostname
    assert host in OFFICIAL_HOSTS or UNOFFICIAL.get(path) == host, f"{where}: {host} is no official address"
    for key in ("paragraph", "quote", "note"):
        assert isinstance(source.get(key, ""), str), f"{where}: source {key} must be text"
    for cite in source.get("also", []):
        assert set(cite) <= {"title", "paragraph", "href"} and cite.get("title"), f"{where}: also {cite!r}"
        assert cite.get("href", "https://").startswith("https://"), f"{where}: also {cite!r}"
    # a citation is its fields, never a sentence the code would have to take apart
    assert "§" not in source["title"], f"{where}: the paragraph belongs in `paragraph`, not the title"


@pytest.mark.parametrize("path", FILES, ids=dotted)
def test_every_value_has_status_and_a_structured_source(path):
    doc = raw(path)
    for since, entry in doc["values"].items():
        where = f"{dotted(path)} @ {since}"
        assert isinstance(entry, dict), f"{where}: a value must be a mapping with value, status, source"
        assert "value" in entry, f"{where}: no value"
        assert entry.get("status") in STATUSES, f"{where}: status {entry.get('status')!r}"
        assert "url" not in entry, f"{where}: the address is the source's `href`"
        _check_source(entry.get("source"), where, dotted(path))
    if "indexed" in doc:
        _check_source(doc["indexed"].get("source"), f"{dotted(path)} indexed", dotted(path))


def test_every_loaded_value_has_a_typed_source_with_title_and_href():
    """What the code reads: a Source (title, href, paragraph …) for every value, the computed ones too,
    which cite the base provision and the year's satsreguleringsprocent order with its own address."""
    for path, p in parameters().items():
        for v in p.values:
            assert isinstance(v.source, Source) and v.source.title and v.source.href.startswith("https://"), path
            assert v.status in STATUSES, (path, v.since)
            if v.status == "indexed":
                order = parameters()["uprating.satsreguleringsprocent"].at(v.since).source
                assert v.source.cites[-1] == Cite(order.title, order.paragraph, order.href), (path, v.since)


@pytest.mark.parametrize("path", FILES, ids=dotted)
def test_dates_are_real_and_strictly_ascending(path):
    dates = [dt.date.fromisoformat(str(k)) for k in raw(path)["values"]]
    assert all(a < b for a, b in zip(dates, dates[1:])), f"{dotted(path)}: dates not strictly ascending: {dates}"
    loaded = [v.since for v in parameters()[dotted(path)].values]
    # the file's own dates, then (for rates with an `indexed:` block) one computed date a year after them
    assert loaded[:len(dates)] == dates and all(a < b for a, b in zip(loaded, loaded[1:]))


@pytest.mark.parametrize("path", FILES, ids=dotted)
def test_reform_block_is_well_formed(path):
    spec = raw(path).get("reform")
    if spec is None:
        return
    assert spec["type"] in {"float", "int", "bool", "choice"}, dotted(path)
    values = [v["value"] for v in raw(path)["values"].values()]
    if spec["type"] == "choice":
        assert spec["choices"] and all(v in spec["choices"] for v in values), dotted(path)
    elif spec["type"] == "bool":
        assert all(isinstance(v, bool) for v in values), dotted(path)
    else:
        assert spec["min"] < spec["max"], dotted(path)
        assert all(spec["min"] <= v <= spec["max"] for v in values), f"{dotted(path)}: a law value is out of range"


ALLOWANCE_RATES = [
    "allowance.basic.single", "allowance.basic.couple", "allowance.child.self_catering",
    "allowance.child.canteen", "allowance.child.phase1_self_catering", "allowance.child.phase1_canteen",
    "allowance.child.reduced", "allowance.supplement.registered", "allowance.supplement.phase1",
]


@pytest.mark.parametrize("path", ALLOWANCE_RATES)
def test_allowance_rates_2020_on_are_indexed_and_earlier_rows_law(path):
    """RULES.md section 2: no rate order after 2019, so the rows from 2020 are computed (`indexed`)."""
    values = parameters()[path].values
    assert values, path
    for v in values:
        expected = "indexed" if 2020 <= v.since.year else "law"
        assert v.status == expected, f"{path} @ {v.since}: status {v.status!r}, expected {expected!r}"
    assert {v.since.year for v in values} >= set(range(2013, 2027)), f"{path}: a year 2013-2026 is missing"


@pytest.mark.parametrize("column", range(len(ALLOWANCE_RATES)), ids=lambda i: ALLOWANCE_RATES[i])
def test_allowance_rates_are_the_rules_table(column):
    """Each dated rate is the one of the RULES.md section 2 table (as tests/reference/oracle.py copies it)."""
    path = ALLOWANCE_RATES[column]
    expected = {dt.date.fromisoformat(row[0]): row[1 + column] for row in RATE_TABLE}
    actual = {v.since: v.value for v in parameters()[path].values}
    assert set(actual) >= set(expected), path
    assert {day: actual[day] for day in expected} == pytest.approx(expected, abs=1e-9), path


def test_charge_tariffs_are_the_rules_values():
    for day, self_catering, canteen in CHARGE_TABLE:
        rules = rules_at(day)
        assert rules["charge.daily_self_catering"] == self_catering, day
        assert rules["charge.daily_canteen"] == canteen, day
    assert rules_at("2016-02-04")["charge.daily_canteen"] == 303.0
    assert rules_at("2026-12-31")["charge.daily_canteen"] == 380.0


# --------------------------------------------------------------------------------------------------
# public paths (RULES.md section 9)

# RULES.md section 9, copied here on purpose: a renamed or dropped path must fail a test.
SECTION_9 = {
    "offset.rate": 1.0,
    "offset.deduct_transport": False,
    "offset.disregard_per_month": 0.0,
    "offset.income_base": "net",
    "tax.income_tax_rate": 0.30,
    "tax.am_rate": 0.08,
    "tax.base": "gross",
    "charge.daily_self_catering": None,   # table: 303 (2013-), 323 (2016-02-05-)
    "charge.daily_canteen": None,         # table: 303 (2013-), 380 (2016-02-05-)
    "praktik.transport_covered": True,
    "allowance.basic.single": None,
    "allowance.basic.couple": None,
    "allowance.child.self_catering": None,
    "allowance.child.canteen": None,
    "allowance.child.reduced": None,
    "allowance.child.phase1_self_catering": None,
    "allowance.child.phase1_canteen": None,
    "allowance.supplement.registered": None,
    "allowance.supplement.phase1": None,
    "allowance.child.max_full": 2,
    "allowance.child.max_reduced": 2,
}
# Public beyond section 9: the charge-free amount of the project's interpretation 6 (0 under the law).
EXTRA_PUBLIC = {"charge.exempt_per_month": 0.0, "offset.transport_deduction_cap_per_month": 1_000_000.0}


@pytest.mark.parametrize("path", sorted(SECTION_9))
def test_section_9_path_is_public(path):
    assert path in public_paths(), f"{path} (RULES.md section 9) is not a public parameter"
    assert parameters()[path].public


def test_public_paths_are_section_9_and_documented_extras_only():
    assert set(public_paths()) == set(SECTION_9) | set(EXTRA_PUBLIC)


@pytest.mark.parametrize("path,value", [(p, v) for p, v in {**SECTION_9, **EXTRA_PUBLIC}.items() if v is not None])
def test_law_value_of_scalar_public_parameters(path, value):
    for day in ("2013-06-01", "2016-06-01", "2026-12-31"):
        assert rules_at(day)[path] == value, f"{path} on {day}"


# --------------------------------------------------------------------------------------------------
# every public parameter bites


def scenario(*, date="2014-11-01", adults=1, children=0, phase=2, housing="centre_self_catering",
             hours=20.0, wage=115.38, transport=0.0, kind="job", **household) -> dict:
    """One household with one option: adult 0 works `hours` at `wage` (no option when hours is 0)."""
    options = [] if not hours else [{"name": "Work", "work": [
        {"adult": 0, "kind": kind, "hours_per_week": hours, "hourly_wage": wage,
         "transport_per_month": transport}]}]
    return {"schema_version": 1, "date": date,
            "household": {"adults": [{} for _ in range(adults)], "children": children, "phase": phase,
                          "housing": housing, **household},
            "options": options}


SEED = scenario(transport=1700)  # RULES.md section 5: the seed's single man, 10,000 kr gross, 1,700 kr card

# path -> (a value other than the law's, a scenario in which that change must show)
BITES = {
    "offset.rate": (0.5, scenario(hours=10)),
    "offset.deduct_transport": (True, SEED),
    "offset.disregard_per_month": (1000.0, SEED),
    "offset.income_base": ("gross", scenario(hours=5)),
    "tax.income_tax_rate": (0.2, SEED),
    "tax.am_rate": (0.05, SEED),
    "tax.base": ("after_am", SEED),
    "charge.daily_self_catering": (50.0, SEED),
    "charge.daily_canteen": (50.0, scenario(housing="centre_canteen", hours=37)),
    "charge.exempt_per_month": (1000.0, SEED),
    # the cap bites only where transport is deducted: the case deducts it, the reform caps it at 500 kr
    "offset.transport_deduction_cap_per_month": (500.0, {**SEED, "reform": {"offset.deduct_transport": True}}),
    "praktik.transport_covered": (False, scenario(kind="unpaid_praktik", wage=0, transport=500)),
    "allowance.basic.single": (70.0, scenario(hours=0)),
    "allowance.basic.couple": (70.0, scenario(hours=0, adults=2)),
    "allowance.child.self_catering": (120.0, scenario(hours=0, children=1)),
    "allowance.child.canteen": (50.0, scenario(hours=0, children=1, housing="centre_canteen")),
    "allowance.child.reduced": (60.0, scenario(hours=0, children=3)),
    "allowance.child.phase1_self_catering": (90.0, scenario(hours=0, children=1, phase=1)),
    "allowance.child.phase1_canteen": (20.0, scenario(hours=0, children=1, phase=1, housing="centre_canteen")),
    "allowance.supplement.registered": (40.0, scenario(hours=0)),
    "allowance.supplement.phase1": (20.0, scenario(hours=0, phase=1)),
    "allowance.child.max_full": (3, scenario(hours=0, children=3)),
    "allowance.child.max_reduced": (3, scenario(hours=0, children=5)),
}


def test_every_public_parameter_has_a_biting_case():
    assert set(BITES) == set(public_paths())


@pytest.mark.parametrize("path", sorted(BITES))
@pytest.mark.parametrize("period", ["month", "14d"])
def test_reforming_a_public_parameter_changes_a_result(path, period):
    value, case = BITES[path]
    assert value != rules_at(case["date"])[path], f"{path}: the table's value is the law's"
    law = simulate(case, period).as_json()
    base = case.get("reform", {})
    reformed = simulate({**copy.deepcopy(case), "reform": {**base, path: value}}, period).as_json()
    assert reformed["reform"] == {**base, path: value}
    assert reformed["options"] != law["options"], f"reform {path} = {value!r} changes no result: the engine ignores it"


# --------------------------------------------------------------------------------------------------
# refused reforms and dates


def out_of_range(path: str) -> list:
    spec = parameters()[path].reform_spec
    kind = spec["type"]
    if kind == "bool":
        return ["yes", 1, None]
    if kind == "choice":
        return ["something_else", 1, None]
    bad = [spec["max"] + 1, spec["min"] - 1, "a lot", True, None, float("nan"), float("inf"), float("-inf")]
    if spec.get("min_exclusive"):
        bad.append(spec["min"])
    if kind == "int":
        bad.append(spec["min"] + 0.5)
    return bad


REFUSED = [(p, v) for p in sorted(public_paths()) for v in out_of_range(p)]


@pytest.mark.parametrize("path,value", REFUSED, ids=[f"{p}={v!r}" for p, v in REFUSED])
def test_out_of_range_reform_value_names_the_path(path, value):
    with pytest.raises(ScenarioError) as exc:
        simulate({**SEED, "reform": {path: value}})
    assert exc.value.field == f"reform.{path}"
    assert str(exc.value).startswith(f"reform.{path}: ")
    with pytest.raises(ScenarioError) as exc:
        rules_at("2020-01-01", {path: value})
    assert exc.value.field == f"reform.{path}"


UNKNOWN = ["offset.rat", "offset", "tax", "allowance.basic", "work.permitted", "work.full_time_hours",
           "housing.special_housing_available", "work.min_months_since_application", "", "offset.rate.x"]


@pytest.mark.parametrize("path", UNKNOWN)
def test_unknown_or_private_reform_path_names_the_path(path):
    with pytest.raises(ScenarioError) as exc:
        simulate({**SEED, "reform": {path: 1.0}})
    assert exc.value.field == f"reform.{path}"
    assert str(exc.value).startswith(f"reform.{path}: ")


@pytest.mark.parametrize("reform", [{"tax.income_tax_rate": 0.95}, {"tax.am_rate": 0.75},
                                    {"tax.income_tax_rate": 0.6, "tax.am_rate": 0.6}])
def test_tax_shares_that_take_more_than_the_wage_are_refused(reform):
    """Income tax and AM-bidrag together above 100 % would make the wage after tax negative; the engine
    refuses that sum, and must refuse it whether the reform sets one share or both."""
    with pytest.raises(ScenarioError) as exc:
        simulate({**SEED, "reform": reform})
    assert exc.value.field.startswith("reform.tax.")


@pytest.mark.parametrize("day", ["2012-12-31", "2000-01-01", "1999-06-30"])
def test_date_before_2013_is_refused_on_date(day):
    with pytest.raises(ScenarioError) as exc:
        simulate({**SEED, "date": day})
    assert exc.value.field == "date"
    with pytest.raises(ScenarioError) as exc:
        rules_at(day)
    assert exc.value.field == "date"


@pytest.mark.parametrize("day", ["2013-01-01", "2013-03-01", "2013-05-01", "2013-05-02", "2026-12-31"])
def test_every_date_from_2013_has_rules(day):
    """Interpretation 9: only dates before 2013-01-01 are refused; before 2 May 2013 work is computed and
    warned about (`work_not_yet_allowed`), not refused."""
    result = simulate({**SEED, "date": day}).as_json()
    codes = {w["code"] for w in result["options"][1]["warnings"]}
    assert ("work_not_yet_allowed" in codes) == (day < "2013-05-02")


# --------------------------------------------------------------------------------------------------
# no rates or period factors as literals in the code

# RULES.md section 2 (every rate of the table), section 4 (30 %, 8 %, 38 %, 35.6 %) and section 5 (303,
# 323, 380 kr a day), and the period factors of section 8 written out (30.4, 30.42, 4.33).
FORBIDDEN_NUMBERS = ({v for row in RATE_TABLE for v in row[1:]}
                     | {303.0, 323.0, 380.0, 0.3, 0.08, 0.38, 0.356, 0.62, 30.4, 30.42, 30.41, 30.417,
                        4.33, 4.333, 4.3333})
FACTOR_TEXT = re.compile(r"\b365\s*/\s*12\b|\b52\s*/\s*12\b|\b30\.4\d*|\b4\.33\d*")
PY_FILES = sorted(p for p in SIMULATOR_DIR.rglob("*.py"))


def _value(token: str) -> float | None:
    try:
        return float(token.replace("_", ""))
    except ValueError:  # hex, octal, complex: never a rate
        return None


def number_tokens(path: Path) -> list[tuple[int, str]]:
    with path.open("rb") as fh:
        return [(t.start[0], t.string) for t in tokenize.tokenize(fh.readline) if t.type == tokenize.NUMBER]


def code_text(path: Path) -> str:
    """The source without comments and docstrings/strings (what runs, not what explains)."""
    out = []
    with path.open("rb") as fh:
        for t in tokenize.tokenize(fh.readline):
            if t.type not in (tokenize.COMMENT, tokenize.STRING, tokenize.ENCODING):
                out.append(t.string)
    return " ".join(out)


@pytest.mark.parametrize("path", PY_FILES, ids=lambda p: str(p.relative_to(SIMULATOR_DIR)))
def test_no_rate_is_a_literal_in_the_code(path):
    found = [(line, s) for line, s in number_tokens(path) if _value(s) in FORBIDDEN_NUMBERS]
    assert not found, f"{path.name}: rates written as literals at {found} (keep them in parameters/*.yaml)"


@pytest.mark.parametrize("path", [p for p in PY_FILES if p.name != "periods.py"],
                         ids=lambda p: str(p.relative_to(SIMULATOR_DIR)))
def test_period_factors_only_in_periods_py(path):
    text = code_text(path)
    assert not FACTOR_TEXT.search(text), f"{path.name}: a period factor outside periods.py: {FACTOR_TEXT.search(text)}"
    numbers = {s for _, s in number_tokens(path)}
    assert not numbers & {"365", "52", "365.0", "52.0"}, (
        f"{path.name}: days or weeks per year written out ({numbers & {'365', '52', '365.0', '52.0'}}); use periods.py")


def test_the_literal_scan_would_catch_a_rate():
    """The scan itself works: a rate and a factor written into code are found."""
    sample = "rate = 53.24\nmonth = daily * 365 / 12\n"
    tokens = [t.string for t in tokenize.tokenize(io.BytesIO(sample.encode()).readline) if t.type == tokenize.NUMBER]
    assert "53.24" in tokens and float("53.24") in FORBIDDEN_NUMBERS
    assert FACTOR_TEXT.search(sample)


# --------------------------------------------------------------------------------------------------
# uprating as data: the indexed rates follow from the 2016-beløb and the satsreguleringsprocent


@pytest.fixture
def parameter_copy(tmp_path, monkeypatch):
    """A copy of simulator/parameters the rules loader reads instead (caches cleared before and after)."""
    import shutil

    from simulator import rules as rules_module

    copy_dir = tmp_path / "parameters"
    shutil.copytree(PARAMETER_DIR, copy_dir)
    monkeypatch.setattr(rules_module, "PARAMETER_DIR", copy_dir)
    rules_module.clear_caches()
    yield copy_dir
    monkeypatch.undo()
    rules_module.clear_caches()


def test_a_new_year_of_rates_is_one_line_of_data(parameter_copy):
    """Adding the 2027 satsreguleringsprocent (a made-up 3 % here) to a copy of the parameters raises every
    allowance rate of 2027 with no code edit, and the 2027 result no longer says the rates are stale."""
    scenario = {"date": "2027-03-01", "household": {"adults": [{}], "housing": "centre_self_catering"},
                "options": []}
    before = simulate(scenario, with_trace=False, with_effects=False)
    assert "rates_not_published" in [w.code for w in before.options[0].warnings]
    old = {path: rules_at("2027-03-01")[path] for path in ALLOWANCE_RATES}
    assert old == {path: rules_at("2026-06-01")[path] for path in ALLOWANCE_RATES}

    percent_file = parameter_copy / "uprating" / "satsreguleringsprocent.yaml"
    percent_file.write_text(percent_file.read_text(encoding="utf-8") + (
        "  '2027-01-01':\n    value: 3.0\n    status: law\n    source:\n      title: made up for the test\n"
        "      href: https://example.org/2027\n"), encoding="utf-8")
    from simulator import rules as rules_module
    rules_module.clear_caches()

    new = rules_at("2027-03-01")
    for path in ALLOWANCE_RATES:
        assert new.entry(path).status == "indexed" and new.entry(path).since == dt.date(2027, 1, 1), path
        assert new[path] == pytest.approx(old[path] * 1.03, abs=0.011), path   # rounded once, from the 2016-beløb
    assert new["allowance.basic.single"] == 65.13       # 49.32 × 1.02^5 × 1.012 × 1.027 × 1.032 × 1.036 × 1.045 × 1.03
    after = simulate(scenario, with_trace=False, with_effects=False)
    assert "rates_not_published" not in [w.code for w in after.options[0].warnings]
    assert after.options[0].disposable_income > before.options[0].disposable_income


def test_a_date_past_the_last_rates_says_so():
    scenario = {"date": "2028-01-15", "household": {"adults": [{}], "housing": "centre_self_catering"},
                "options": [{"name": "Job", "work": [{"kind": "job", "hours_per_week": 10, "hourly_wage": 150}]}]}
    result = simulate(scenario, with_trace=False, with_effects=False)
    for option in result.options:
        stale = [w for w in option.warnings if w.code == "rates_not_published"]
        assert stale and "2028" in stale[0].message and "2026" in stale[0].message
    last = simulate({**scenario, "date": "2026-12-31"}, with_trace=False, with_effects=False)
    assert result.options[0].disposable_income == last.options[0].disposable_income


def test_a_percentage_dated_on_the_base_day_is_already_in_the_base(parameter_copy):
    """The 2016-beløb (base 2016-02-05) already holds every satsreguleringsprocent up to its own date: a
    percentage dated on the base day itself raises nothing (RULES.md section 2), only later ones do."""
    before = {path: rules_at("2021-06-01")[path] for path in ALLOWANCE_RATES}
    percent_file = parameter_copy / "uprating" / "satsreguleringsprocent.yaml"
    text = percent_file.read_text(encoding="utf-8")
    on_base_day = ("  '2016-02-05':\n    value: 50.0\n    status: law\n    source:\n"
                   "      title: made up for the test\n      href: https://example.org/2016\n")
    percent_file.write_text(text.replace("values:\n", "values:\n" + on_base_day, 1), encoding="utf-8")
    from simulator import rules as rules_module
    rules_module.clear_caches()
    assert {path: rules_at("2021-06-01")[path] for path in ALLOWANCE_RATES} == before
