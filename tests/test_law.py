"""The law as in force (issue 18, part 1): assumption 8 — the accommodation tariffs held at their 2016
amounts although BEK 107/2016 § 5 stk. 2 regulates them every year — shown wherever the cap binds, with
its effect computed with the tariff indexed by the satsreguleringsprocent as a stand-in; the ÅGH child
amount a dated parameter of its own. Expected values are written as arithmetic (RULES.md sections 2, 5)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from simulator import simulate
from simulator.i18n import LANGUAGES, translator
from simulator.rules import indexed_stand_in, parameters, rules_at
from simulator.source import Cite
from simulator.trace_text import trace_text
from tests.cli_runner import in_process

ROOT = Path(__file__).resolve().parents[1]
DAYS = 365 / 12
# RULES.md section 2: the satsreguleringsprocent 2017-2026.
PERCENT = {2017: 2.0, 2018: 2.0, 2019: 2.0, 2020: 2.0, 2021: 2.0, 2022: 1.2, 2023: 2.7, 2024: 3.2, 2025: 3.6,
           2026: 4.5}


def factor(year: int) -> float:
    out = 1.0
    for y in range(2017, year + 1):
        out *= 1 + PERCENT[y] / 100
    return out


def single(date: str, wage: float = 200.0, **household) -> dict:
    return {"date": date, "household": {"adults": [{}], "housing": "centre_self_catering", **household},
            "options": [{"name": "Full time", "work": [{"kind": "job", "hours_per_week": 37, "hourly_wage": wage}]}]}


@pytest.mark.parametrize("year", [2017, 2020, 2024, 2026])
@pytest.mark.parametrize("path,amount", [("charge.daily_self_catering", 323.0), ("charge.daily_canteen", 380.0)])
def test_the_stand_in_is_the_2016_tariff_raised_by_the_satsreguleringsprocent(year, path, amount):
    import datetime as dt
    got = indexed_stand_in(path, dt.date(2016, 2, 5), dt.date(year, 6, 1))
    assert got == round(amount * factor(year), 2)


def test_every_amending_order_is_a_dated_line_carrying_the_2016_amount():
    """BEK 218/2017, 820/2018, 118/2019, 357/2021, 93/2022, 689/2023, 54/2024, 84/2025, 44/2026 (RULES.md
    section 5): each a line of its own, status assumption, so a found amount is one dated line."""
    orders = ["218/2017", "820/2018", "118/2019", "357/2021", "93/2022", "689/2023", "54/2024", "84/2025", "44/2026"]
    for path, amount in (("charge.daily_self_catering", 323.0), ("charge.daily_canteen", 380.0)):
        later = [v for v in parameters()[path].values if v.since.year >= 2017]
        assert [v.source.title for v in later] == [f"BEK nr. {o}" for o in orders]
        assert all(v.source.href.endswith(f"/{o.split('/')[1]}/{o.split('/')[0]}") for v, o in zip(later, orders))
        assert all(v.source.also == (Cite("BEK nr. 107/2016"),) for v in later)   # the order each amends
        assert {(v.value, v.status) for v in later} == {(amount, "assumption")}


def test_where_the_cap_binds_assumption_8_is_shown_with_its_stand_in_effect():
    """2024, single, self-catering, 37 h at 200 kr: the charge takes the whole cap, 323 × 365/12; with the
    tariff indexed, 323 × 1.02^5 × 1.012 × 1.027 × 1.032 = 382.50 kr a day, the charge is higher by
    (382.50 − 323) × 365/12 and what is left lower by as much."""
    result = simulate(single("2024-06-01"))
    job = result.options[1]
    assert job.lines["accommodation_charge"] == pytest.approx(323 * DAYS, abs=0.005)
    assert "charge_tariff_held" in result.assumptions
    effect = next(e for e in result.effects if e.code == "charge_tariff_held")
    assert effect.number == 8
    assert effect.change["Full time"] == pytest.approx(-(382.50 - 323) * DAYS, abs=0.005)
    assert effect.change["No work"] == 0
    charge = next(s for s in job.trace if s.name == "accommodation_charge")
    assert "charge_tariff_held" in charge.assumptions


def test_in_a_canteen_centre_the_canteen_tariff_is_the_one_indexed():
    """2026, canteen: 380 × 1.02^5 × 1.012 × 1.027 × 1.032 × 1.036 × 1.045 = 487.18 kr a day."""
    result = simulate(single("2026-03-01", wage=250, housing="centre_canteen"))
    effect = next(e for e in result.effects if e.code == "charge_tariff_held")
    assert round(380 * factor(2026), 2) == 487.18
    assert effect.change["Full time"] == pytest.approx(-(487.18 - 380) * DAYS, abs=0.005)


@pytest.mark.parametrize("scenario", [
    single("2024-06-01", wage=120),                                        # the charge stays below the cap
    single("2016-06-01"),                                                  # 323 is the order's own 2016 amount
    single("2024-06-01", housing_cost_per_month=2000),                     # the cap is a stated rent
    single("2024-06-01", housing="private_accommodation"),                 # no tariff in private accommodation
    {**single("2024-06-01"), "accommodation_charge": {"mode": "none"}},    # no charge
    {**single("2024-06-01"), "reform": {"charge.daily_self_catering": 400.0}},   # a tariff a reform sets
])
def test_assumption_8_is_not_shown_where_the_cap_does_not_bind_on_a_held_tariff(scenario):
    result = simulate(scenario)
    assert "charge_tariff_held" not in result.assumptions
    assert all(e.code != "charge_tariff_held" for e in result.effects)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_explanation_names_assumption_8_in_every_language(lang):
    t = translator(lang)
    text = "\n".join(trace_text(simulate(single("2024-06-01")).options[1].trace, t))
    assert t("assumption.charge_tariff_held.title") in text
    assert t("assumption.charge_tariff_held.alternative") != "assumption.charge_tariff_held.alternative"


def test_the_cli_explanation_shows_assumption_8_where_the_cap_binds(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump({"schema_version": 1, **single("2024-06-01")}), encoding="utf-8")
    proc = in_process("run", path, "--explain")
    assert proc.returncode == 0, proc.stderr
    assert "The daily cost of a place is held at its 2016 amount" in proc.stdout
    assert "charge_tariff_held" in proc.stdout     # the assumptions line lists the code


def test_the_agh_child_amount_is_its_own_dated_parameter_equal_to_the_single_basic_rate():
    """RULES.md section 2: 52.30 (2013) … 49.32 (2016-02-05) … 58.41 (2024), 60.51 (2025), 63.23 (2026)."""
    expected = {"2013-06-01": 52.30, "2014-06-01": 53.24, "2015-06-01": 54.04, "2016-01-15": 54.80,
                "2016-06-01": 49.32, "2024-06-01": 58.41, "2025-06-01": 60.51, "2026-06-01": 63.23}
    for date, amount in expected.items():
        rules = rules_at(date)
        assert rules["allowance.child.agh"] == amount == rules["allowance.basic.single"]
    assert rules_at("2026-06-01").entry("allowance.child.agh").status == "indexed"
    assert not parameters()["allowance.child.agh"].public
    assert round(49.32 * factor(2026), 2) == 63.23


def test_a_reform_of_the_basic_rate_does_not_move_the_agh_child_amount():
    """The stk. 12 amount is its own amount in the law, not a reference to the grundydelse."""
    agh = {"date": "2015-06-01", "household": {"adults": [{}, {}], "children": 2,
                                               "procedure": "manifestly_unfounded_urgent",
                                               "housing": "centre_self_catering"}}
    plain = simulate(agh, "14d").options[0].lines["child_supplement"]
    reformed = simulate({**agh, "reform": {"allowance.basic.single": 10.0}}, "14d").options[0].lines["child_supplement"]
    assert plain == reformed == pytest.approx(14 * 2 * 54.04)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_pages_assumption_section_shows_assumption_8_with_its_effect(lang):
    """The page's and the PDF's assumption lines (ui/text.assumption_lines) and the page's table of what
    changes (ui/charts.assumptions_table) carry assumption 8 with the stand-in's gain against no work."""
    from ui.page import charts
    from ui.text import assumption_lines
    t = translator(lang)
    result = simulate(single("2024-06-01"))
    job = result.options[1]
    line = next(x for x in assumption_lines(result.effects, job.name, t, current_gain=job.gain)
                if x.code == "charge_tariff_held")
    gain = job.gain - (382.50 - 323) * DAYS
    assert line.number == 8 and line.effect and t.signed_kr(gain) in line.effect
    assert t("assumption.charge_tariff_held.alternative") in line.effect
    table = charts.assumptions_table(result.effects, t)
    row = table[table[t("table.assumption")] == t("assumption.charge_tariff_held.alternative")]
    assert list(row["Full time"]) == [t.number(-(382.50 - 323) * DAYS)]
