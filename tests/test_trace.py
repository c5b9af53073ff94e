"""The trace as data and its one renderer (ui/trace_text.py): every language complete, the law in force on
the date cited (never RULES.md), and the renderer's arithmetic text the step's own numbers."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator import load_scenario, simulate
from simulator.i18n import LANGUAGES, translator
from simulator.result import Number, Step
from simulator.source import Cite
from simulator.trace_text import formula_text, sources, trace_text
from tests.cli_runner import in_process

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "scenarios" / "single-man-2014-commuter.yaml"


def single(date: str, **household) -> dict:
    return {"date": date, "household": {"adults": [{}], "housing": "centre_self_catering", **household},
            "options": [{"name": "Job", "work": [{"kind": "job", "hours_per_week": 20, "hourly_wage": 150,
                                                  "transport_per_month": 900}]}]}


def step(result, option: int, name: str) -> Step:
    return next(s for s in result.options[option].trace if s.name == name)


def test_the_cli_explains_in_danish_and_cites_the_law():
    proc = in_process("run", SEED, "--explain", "--lang", "da")
    assert proc.returncode == 0, proc.stderr
    why = proc.stdout[proc.stdout.index("Hvorfor"):]
    assert "UDL § 42 b, stk. 14" in why and "BEK nr. 1547/2013" in why and "KSL § 48 B, stk. 1" in why
    assert "RULES.md" not in proc.stdout
    english = translator("en")
    for key in ("trace.law", "trace.assumption", "trace.unit.days", "trace.term.allowances", "line.basic_allowance"):
        word = re.sub(r"\{\w+\}", "", english(key)).strip()
        assert word and word not in why, f"English {word!r} ({key}) in the Danish explanation"
    assert "Grundydelse: voksne 1 × 53,24 kr/dag × 365/12 dage = 1.619,38 kr" in why


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_language_renders_every_step_without_a_raw_key(lang):
    scenarios = [single("2014-11-01"), single("2025-06-01", children=5, housing="centre_canteen"),
                 single("2026-02-01", housing="own_housing", housing_cost_per_month=4000),
                 single("2020-02-01", procedure="manifestly_unfounded_urgent", children=1)]
    t = translator(lang)
    for scenario in scenarios:
        for option in simulate(scenario).options:
            text = "\n".join(trace_text(option.trace, t))
            assert not re.search(r"\b(trace|line|status|assumption)\.[a-z_.]+", text), text
            assert "RULES.md" not in text


def test_the_offset_cites_the_wording_in_force_on_the_date():
    """UDL § 42 b stk. 14 reads 'indkomst' from 2025-01-01 (lov nr. 1699 af 30.12.2024; RULES.md section 3)."""
    before = step(simulate(single("2024-12-31")), 1, "countable_income")
    after = step(simulate(single("2025-01-01")), 1, "countable_income")
    assert [c.cite for c in before.law] == ["UDL § 42 b, stk. 14 (LBK nr. 1009/2024)"] and not before.law[0].wording
    assert after.law[0].cite == ("UDL § 42 b, stk. 14 (LBK nr. 1009/2024, som ændret ved lov nr. 1699 af 30.12.2024,"
                                 " § 1, nr. 2)")
    assert after.law[0].url.endswith("/eli/lta/2024/1699") and "indkomst, fradrages denne" in after.law[0].wording
    assert "UDL § 42 b, stk. 14 (LBK nr. 1009/2024)" in sources(before)
    consolidated = step(simulate(single("2025-09-25")), 1, "countable_income")
    assert consolidated.law[0].cite == "UDL § 42 b, stk. 14 (LBK nr. 1183/2025)"
    assert consolidated.law[0].url.endswith("/eli/lta/2025/1183") and consolidated.law[0].wording


# RULES.md section 2: each consolidated Aliens Act from its date of issue until the next.
CONSOLIDATIONS = [("2013-06-25", "863/2013"), ("2014-09-19", "1021/2014"), ("2016-05-09", "412/2016"),
                  ("2017-10-02", "1117/2017"), ("2019-03-10", "239/2019"), ("2019-10-02", "1022/2019"),
                  ("2020-10-22", "1513/2020"), ("2021-09-26", "1910/2021"), ("2022-08-25", "1205/2022"),
                  ("2023-08-10", "1079/2023"), ("2024-09-02", "1009/2024"), ("2025-09-25", "1183/2025")]


@pytest.mark.parametrize("first,lbk", CONSOLIDATIONS)
def test_the_aliens_act_is_cited_as_consolidated_on_the_date(first, lbk):
    """On its first day and on the day before the next consolidation, every UDL step cites this LBK."""
    import datetime as dt
    later = [d for d, _ in CONSOLIDATIONS if d > first]
    last = (dt.date.fromisoformat(later[0]) - dt.timedelta(days=1)).isoformat() if later else "2026-12-31"
    for date in (first, last):
        trace = simulate(single(date)).options[1].trace
        udl = [c for s in trace for c in s.law if c.cite.startswith("UDL")]
        assert udl and all(f"LBK nr. {lbk}" in c.cite for c in udl), (date, [c.cite for c in udl])
        year, number = lbk.split("/")[1], lbk.split("/")[0]
        assert all(c.url.endswith(f"/{year}/{number}") for c in udl if "som ændret" not in c.cite)


@pytest.mark.parametrize("date,lbk,other", [("2025-10-01", "LBK nr. 1183/2025", "LBK nr. 1009/2024"),
                                            ("2025-06-01", "LBK nr. 1009/2024", "LBK nr. 1183/2025")])
def test_the_cli_explanation_cites_the_consolidation_in_force(tmp_path, date, lbk, other):
    """`run --explain` on 2025-10-01 cites LBK 1183/2025 (from 25.9.2025), on 2025-06-01 LBK 1009/2024."""
    import yaml
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump({"schema_version": 1, **single(date)}), encoding="utf-8")
    proc = in_process("run", path, "--explain")
    assert proc.returncode == 0, proc.stderr
    assert lbk in proc.stdout and other not in proc.stdout


def test_each_years_satsreguleringsprocent_cites_its_own_order():
    """RULES.md section 2: 2017 BEK 1135/2016 … 2026 BEK 1056/2025, each the source of its year's rates."""
    orders = {2017: "1135/2016", 2018: "1015/2017", 2019: "1058/2018", 2020: "855/2019", 2021: "1210/2020",
              2022: "1713/2021", 2023: "1204/2022", 2024: "1101/2023", 2025: "983/2024", 2026: "1056/2025"}
    from simulator.rules import rules_at
    for year, order in orders.items():
        entry = rules_at(f"{year}-06-01").entry("uprating.satsreguleringsprocent")
        number, issued = order.split("/")
        assert entry.source.title == f"BEK nr. {order}" and entry.source.href.endswith(f"/{issued}/{number}")
        assert entry.source.paragraph == "§ 1"
        if year >= 2020:
            rate = rules_at(f"{year}-06-01").entry("allowance.basic.single")
            assert rate.status == "indexed" and rate.source.title == "UDL" and rate.source.paragraph == "§ 42 b"
            assert rate.source.also[-1] == Cite(f"BEK nr. {order}", "§ 1", entry.source.href)


def test_a_withheld_allowance_cites_its_own_provision():
    own = simulate(single("2026-02-01", housing="own_housing", housing_cost_per_month=4000))
    basic = step(own, 1, "basic_allowance")
    assert basic.value == 0 and basic.note == "withheld.own_housing"
    assert [c.cite for c in basic.law] == ["UDL § 42 b, stk. 15 (LBK nr. 1183/2025)"]


def test_rates_and_assumptions_are_the_engines_choice():
    result = simulate(load_scenario(SEED))
    job = result.options[1]
    basic = step(result, 1, "basic_allowance")
    assert [p.path for p in basic.parameters] == ["allowance.basic.single"]
    assert "monthly_conversion" in basic.assumptions
    charge = step(result, 1, "accommodation_charge")
    assert "charge_mode_and_cap" in charge.assumptions and charge.value == job.lines["accommodation_charge"]


def test_formula_text_brackets_only_where_the_order_needs_them():
    t = translator("en")
    numbers = {name: Number(v, "factor") for name, v in {"a": 1, "b": 2, "c": 3}.items()}
    assert formula_text(("sub", "a", ("sub", "b", "c")), numbers, t) == "1 − (2 − 3)"
    assert formula_text(("mul", ("add", "a", "b"), "c"), numbers, t) == "(1 + 2) × 3"
    assert formula_text(("sub", ("add", "a", "b"), "c"), numbers, t) == "1 + 2 − 3"
    assert formula_text(("min", "a", ("mul", "b", "c")), numbers, t) == "min(1, 2 × 3)"


# What `--explain` cited for the 2014 commuter when the sources were free text parsed back with a regex
# (issue 20): the structured sources must cite the same provisions, and link the same pages.
COMMUTER_CITATIONS = {
    "Law: Arbejdsmarkedsbidragsloven § 1",
    "Law: KSL § 48 B, stk. 1, 2. pkt.",
    "Law: UDL § 42 a, stk. 4 (LBK nr. 1021/2014); BEK nr. 831/2009 § 5; UDL § 42 a, stk. 4",
    "Law: UDL § 42 b (LBK nr. 1021/2014)",
    "Law: UDL § 42 b (LBK nr. 1021/2014); BEK nr. 1547/2013",
    "Law: UDL § 42 b, stk. 14 (LBK nr. 1021/2014)",
    "Law: UDL § 42 b, stk. 14 (LBK nr. 1021/2014); UDL § 42 b, stk. 14",
    "allowance.basic.single = 53.24 [law] BEK nr. 1547/2013",
    "allowance.supplement.registered = 31.07 [law] BEK nr. 1547/2013",
    "charge.daily_self_catering = 303 [assumption] BEK nr. 831/2009 § 5",
    "charge.exempt_per_month = 0 [law] UDL § 42 a, stk. 4",
    "offset.deduct_transport = no [law] UDL § 42 b, stk. 14",
    "offset.disregard_per_month = 0 [law] UDL § 42 b, stk. 14",
    "offset.income_base = wage after tax (net) [assumption] UDL § 42 b, stk. 14",
    "offset.rate = 1 [law] UDL § 42 b, stk. 14",
    "offset.transport_deduction_cap_per_month = 1,000,000 [assumption] UDL § 42 b, stk. 14",
    "tax.am_rate = 0.08 [law] Arbejdsmarkedsbidragsloven § 1",
    "tax.base = wage before tax (gross) [assumption] KSL § 48 B, stk. 1",
    "tax.income_tax_rate = 0.3 [law] KSL § 48 B, stk. 1, 2. pkt.",
}
COMMUTER_PAGES = {
    "https://danskelove.dk/kildeskatteloven/48b", "https://info.skat.dk/data.aspx?oid=2169086",
    "https://www.retsinformation.dk/eli/lta/2009/831", "https://www.retsinformation.dk/eli/lta/2013/1547",
    "https://www.retsinformation.dk/eli/lta/2024/1009",
}


def test_the_commuter_explain_cites_what_it_cited_before_the_sources_were_structured():
    proc = in_process("run", SEED, "--explain")
    assert proc.returncode == 0, proc.stderr
    cited = {line.strip() for line in proc.stdout.splitlines()
             if re.match(r"\s+(Law: |[a-z_.]+ = .*\[)", line)}
    assert cited == COMMUTER_CITATIONS
    result = simulate(load_scenario(SEED))
    pages = {use.source.href for o in result.options for s in o.trace for use in s.parameters}
    assert pages == COMMUTER_PAGES
