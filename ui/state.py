"""The page's inputs as a flat dict of widget values, and the scenario they describe (both ways, pure).

The page edits each option as the work of adult 1, of adult 2, or of both, each adult with a job of their
own (kind, hours, pay, commuter card) — what a scenario file holds. Only an option with two work items for
the same adult cannot be edited; `unshown` names it, and the page says what it changes.
An option's name follows its inputs ("Part-time (20 h)", in the page's language) until the counsellor
types a name of their own (`opt{i}_auto`).
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

from simulator.i18n import LANGUAGES, Translator
from simulator.models import NO_WORK, AccommodationCharge, Adult, Household, Scenario, Work, field_range, parse_scenario
from simulator.periods import WEEKS_PER_MONTH, round_money
from simulator.reforms import featured
from simulator.scenario_files import load_scenario
from ui.notes import Amount, LinkText, Note, note
from ui.text import hours_text

MAX_OPTIONS = 6
# The widgets' ranges. Streamlit silently resets a widget whose value lies outside its range to the minimum,
# so a link or file with a larger value must be refused (share.decode) or clamped with a note (to_state).
DATE_RANGE = (dt.date(2013, 1, 1), dt.date(2030, 12, 31))


def _floats(bounds: tuple[float, float]) -> tuple[float, float]:
    """A float widget needs float bounds (Streamlit refuses to mix 0 with a step of 0.5)."""
    return float(bounds[0]), float(bounds[1])


LIMITS: dict[str, tuple[float, float]] = {   # the widgets' ranges are the models' (simulator/models.py)
    "children": field_range(Household, "children"),
    "months": field_range(Adult, "months_since_application"),
    "housing_cost": _floats(field_range(Household, "housing_cost_per_month")),
    "charge_amount": _floats(field_range(AccommodationCharge, "amount_per_month")),
    "hours": _floats(field_range(Work, "hours_per_week")),
    "wage": _floats(field_range(Work, "hourly_wage")),
    "monthly": _floats(field_range(Work, "monthly_wage")),
    "transport": _floats(field_range(Work, "transport_per_month")),
}
FEATURED = featured()  # the reform the page offers as one switch (the Red Cross transport deduction)
DEFAULT_FILE = Path(__file__).parent / "default_scenario.yaml"
WHO = ("adult_1", "adult_2", "both")
STATE_KEYS = ("date", "adults", "couple", "children", "phase", "procedure", "housing", "housing_cost",
              "has_housing_cost", "charge_mode", "charge_amount", "featured_reform", "reform_other", "n_options",
              "title", "months_0", "months_1", "kept_0", "kept_1")
JOB_FIELDS = ("kind", "hours", "wage", "pay_mode", "monthly", "transport")
# Slot 1 is the job of the first adult who works, slot 2 (fields ending in "_2") adult 2's when both work.
OPTION_FIELDS = ("name", "auto", "who") + JOB_FIELDS + tuple(f"{f}_2" for f in JOB_FIELDS)
# Naming only, not a rule: a week of 37 hours is full time under Danish collective agreements.
FULL_TIME_HOURS = 37.0


@lru_cache(maxsize=1)
def _default_file() -> Scenario:
    return load_scenario(DEFAULT_FILE)


def default_scenario(today: dt.date | None = None) -> Scenario:
    """The scenario a fresh page opens with, dated today."""
    return _default_file().model_copy(update={"date": today or dt.date.today()})


def _clamp(field: str, value: float, what: Note, notes: list[Note]) -> float:
    """`value` inside the widget's range; a note says when it had to be moved."""
    low, high = LIMITS[field]
    if low <= value <= high:
        return value
    notes.append(note("notes.clamped", what=what, value=Amount(value, 2), low=Amount(low), high=Amount(high),
                      used=Amount(high if value > high else low)))
    return min(max(value, low), high)


def split_reform(reform: dict[str, Any]) -> tuple[bool, dict[str, Any]]:
    """A reform as the page holds it: is the featured reform's switch on (all its values present), and the
    other changes."""
    on = FEATURED is not None and all(reform.get(k) == v for k, v in FEATURED.values.items())
    return on, {k: v for k, v in reform.items() if not (on and k in FEATURED.values)}


def to_state(scenario: Scenario) -> tuple[dict[str, Any], list[Note]]:
    """Widget values for a scenario, and notes on anything the page had to simplify (message keys and values,
    said in the page's language when shown: ui/notes.py)."""
    hh = scenario.household
    notes: list[Note] = []
    date = min(max(scenario.date, DATE_RANGE[0]), DATE_RANGE[1])
    if date != scenario.date:
        notes.append(note("notes.date", date=scenario.date.isoformat(), used=date.isoformat()))
    s: dict[str, Any] = {
        "date": date,
        "adults": len(hh.adults),
        # Two adults are a couple unless said otherwise (SCENARIO_FORMAT.md): a single adult's page keeps the
        # tick on, so adding the second adult makes a couple.
        "couple": bool(hh.couple) if len(hh.adults) == 2 else True,
        "children": hh.children,
        "phase": hh.phase,
        "procedure": hh.procedure,
        "housing": hh.housing,
        "housing_cost": _clamp("housing_cost", float(hh.housing_cost_per_month or 0.0),
                               Note("household.housing_cost"), notes),
        "has_housing_cost": hh.housing_cost_per_month is not None,
        "charge_mode": scenario.accommodation_charge.mode,
        "charge_amount": _clamp("charge_amount", float(scenario.accommodation_charge.amount_per_month),
                                Note("charge.amount"), notes),
        "featured_reform": split_reform(scenario.reform)[0],
        "reform_other": split_reform(scenario.reform)[1],
        "n_options": 0,
        "title": scenario.title or "",
    }
    for i, adult in enumerate(hh.adults):
        s[f"months_{i}"] = adult.months_since_application
        s[f"kept_{i}"] = adult.contract_kept
    if len(hh.adults) == 1:
        s["months_1"], s["kept_1"] = hh.adults[0].months_since_application, True
    # A listed, empty "No work" is the reference every page shows first: as an option it would be a duplicate.
    options = [o for o in scenario.options if not (o.name == NO_WORK and not o.work)]
    if len(options) > MAX_OPTIONS:
        notes.append(note("notes.options_cut", shown=MAX_OPTIONS, total=len(options)))
    s["n_options"] = min(len(options), MAX_OPTIONS)
    for i, option in enumerate(options[:MAX_OPTIONS]):
        by_adult: dict[int, Any] = {}
        for w in option.work:
            by_adult.setdefault(w.adult, w)
        adults = sorted(by_adult)
        s[f"opt{i}_who"] = "both" if adults == [0, 1] else ("adult_2" if adults == [1] else "adult_1")
        jobs = [by_adult[a] for a in adults] or [None]
        for suffix, work in zip(("", "_2"), jobs + [jobs[0]] * (2 - len(jobs)), strict=True):
            s.update(_job_state(i, suffix, work, option.name, notes))
        s[f"opt{i}_name"] = option.name
    # A name that its inputs give in some language (numbered or not: "Full-time (37 h) (2)") follows them.
    automatic = [set(names) for names in zip(*(_all_auto_names(s, lang) for lang in LANGUAGES))]
    for i, option in enumerate(options[:MAX_OPTIONS]):
        s[f"opt{i}_auto"] = option.name in automatic[i]
    return s, notes


def _all_auto_names(s: dict[str, Any], lang: str) -> list[str]:
    """Every option's name as its inputs give it in `lang`, numbered as `option_names` numbers them."""
    return option_names(s | {"lang": lang} | {f"opt{i}_auto": True for i in range(int(s["n_options"]))})


def names_in(scenario: Scenario, lang: str) -> dict[str, str]:
    """The scenario's option names → the same options' names in `lang`: an option named by its inputs (in
    any language) gets the name they give in `lang`; a typed name stays as typed (absent here)."""
    s, _ = to_state(scenario)
    shown = _all_auto_names(s, lang)
    options = [o for o in scenario.options if not (o.name == NO_WORK and not o.work)][:MAX_OPTIONS]
    return {o.name: shown[i] for i, o in enumerate(options) if s[f"opt{i}_auto"]}


def _job_state(i: int, suffix: str, work, option_name: str, notes: list[Note]) -> dict[str, Any]:
    """The widget values of one adult's job in option `i` (slot "" or "_2")."""
    key = f"opt{i}_{{}}{suffix}".format
    if work is None:
        return {key("kind"): "job", key("hours"): 0.0, key("wage"): 0.0, key("pay_mode"): "hourly",
                key("monthly"): 0.0, key("transport"): 0.0}
    # The wage exactly as given, and the kind of wage with it (SCENARIO_FORMAT.md): a monthly wage stays
    # monthly. The other field is shown only if the counsellor switches the kind of pay: kept inside its
    # widget's range, no note.
    if work.monthly_wage is not None:
        monthly = _clamp("monthly", float(work.monthly_wage), _option_field(option_name, "option.monthly"), notes)
        wage = min(max(float(work.hourly_wage), LIMITS["wage"][0]), LIMITS["wage"][1])
    else:
        wage = _clamp("wage", float(work.hourly_wage), _option_field(option_name, "option.wage"), notes)
        monthly = min(round_money(wage * work.hours_per_week * WEEKS_PER_MONTH), LIMITS["monthly"][1])
    return {key("kind"): work.kind, key("hours"): float(work.hours_per_week), key("wage"): wage,
            key("pay_mode"): "hourly" if work.monthly_wage is None else "monthly", key("monthly"): monthly,
            key("transport"): float(work.transport_per_month)}


def _option_field(name: str, field: str) -> Note:
    """“<option's name>”, <the field's label>: the name as it came (a file's, a link's), the label translated."""
    return note("notes.option_field", name=LinkText(name), field=Note(field))


def unshown(scenario: Scenario) -> list[str]:
    """The options the editor cannot hold as they are: more than one work item for the same adult."""
    return [o.name for o in scenario.options[:MAX_OPTIONS + 1]
            if len({w.adult for w in o.work}) < len(o.work)]


def _job_name(s: dict[str, Any], i: int, suffix: str, t: Translator) -> str:
    kind, hours = s[f"opt{i}_kind{suffix}"], float(s[f"opt{i}_hours{suffix}"])
    if kind == "job":
        kind = "job_full" if hours >= FULL_TIME_HOURS else "job_part"
    return t(f"autoname.{kind}", hours=hours_text(hours, t))


def auto_name(s: dict[str, Any], i: int, t: Translator) -> str:
    """The name option `i` gets from its inputs: 'Part-time (20 h)', 'Both work: … + …', in `t`'s language."""
    who = s[f"opt{i}_who"] if int(s["adults"]) == 2 else "adult_1"
    first = _job_name(s, i, "", t)
    if who == "both":
        return t("autoname.both", first=first, second=_job_name(s, i, "_2", t))
    return t("autoname.adult_2", name=first) if who == "adult_2" else first


def _work_item(s: dict[str, Any], i: int, suffix: str, adult: int) -> dict[str, Any]:
    """One adult's job in option `i` as a scenario work item, its wage of the kind it was given in: monthly
    pay stays `monthly_wage` (the model derives the hourly wage), so a file, a link and the page keep it
    exactly. Unpaid praktik keeps the wage it was given too (hidden on the page; it pays nothing)."""
    key = f"opt{i}_{{}}{suffix}".format
    kind, hours = s[key("kind")], float(s[key("hours")])
    item: dict[str, Any] = {"adult": adult, "kind": kind, "hours_per_week": hours,
                            "transport_per_month": float(s[key("transport")])}
    if s.get(key("pay_mode")) == "monthly" and hours > 0:
        item["monthly_wage"] = float(s[key("monthly")])
    else:
        item["hourly_wage"] = float(s[key("wage")])
    return item


def option_names(s: dict[str, Any]) -> list[str]:
    """Each option's name: typed by the counsellor, or (`opt{i}_auto`) from its inputs in the page's language;
    two options with the same inputs are numbered, so their names stay apart."""
    t = Translator(s.get("lang") or "en")
    names: list[str] = []
    for i in range(int(s["n_options"])):
        if s.get(f"opt{i}_auto"):
            name, n = auto_name(s, i, t), 2
            base = name
            while name in names:
                name, n = t("autoname.numbered", name=base, n=t.number(n)), n + 1
        else:
            typed = s[f"opt{i}_name"]
            name = typed if typed.strip() else f"Option {i + 1}"   # as typed (or as a file or link gave it)
        names.append(name)
    return names


def from_state(s: dict[str, Any]) -> Scenario:
    """The scenario the widget values describe (raises ScenarioError when they do not make one)."""
    adults = int(s["adults"])
    options = []
    for i, name in enumerate(option_names(s)):
        who = s[f"opt{i}_who"] if adults == 2 else "adult_1"
        if who == "both":
            work = [_work_item(s, i, "", 0), _work_item(s, i, "_2", 1)]
        else:
            work = [_work_item(s, i, "", 1 if who == "adult_2" else 0)]
        options.append({"name": name, "work": work})
    reform = dict(s.get("reform_other") or {})
    if s.get("featured_reform") and FEATURED is not None:
        reform.update(FEATURED.values)
    data = {
        "schema_version": 1,
        "title": s.get("title") or None,
        "date": s["date"],
        "household": {
            "adults": [{"months_since_application": int(s[f"months_{i}"]),
                        "contract_kept": bool(s[f"kept_{i}"])} for i in range(adults)],
            "couple": bool(s["couple"]) and adults == 2,
            "children": int(s["children"]),
            "phase": int(s["phase"]),
            "procedure": s["procedure"],
            "housing": s["housing"],
            "housing_cost_per_month": float(s["housing_cost"]) if (s.get("has_housing_cost") or
                                                                     s["housing"] == "own_housing") else None,
        },
        "accommodation_charge": {"mode": s["charge_mode"], "amount_per_month": float(s["charge_amount"])},
        "reform": reform,
        "options": options,
    }
    return parse_scenario(data)


def new_option(i: int) -> dict[str, Any]:
    """Widget values of an added option: a copy of the default part-time job, named by its inputs."""
    base, _ = to_state(default_scenario())
    return {f"opt{i}_{k}": base[f"opt0_{k}"] for k in OPTION_FIELDS if k not in ("name", "auto")} | {
        f"opt{i}_name": "", f"opt{i}_auto": True}
