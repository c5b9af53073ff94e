"""The share link (ui/share.py): a scenario survives the trip through the URL, a tampered or truncated link
never breaks the page, and no adult's label or name is ever part of a link."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote_plus, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator import load_scenario, simulate
from simulator.i18n import LANGUAGES, translator
from simulator.models import NO_WORK, Scenario, parse_scenario
from simulator.untrusted import clean_name
from tests import strategies as gen
from ui import notes, share, state

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = state.default_scenario(dt.date(2026, 1, 1))
PRIVATE = "Private-label-"  # every drawn adult label starts with this, so a leak is easy to spot


def option_names() -> st.SearchStrategy[str]:
    """Names a counsellor could type: any text without '|', as the core keeps it (no control or format
    characters, one space at a time, trimmed: untrusted.clean_name), not 'No work', at most 80 characters."""
    text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="|"), min_size=1,
                   max_size=80)
    return text.map(clean_name).filter(lambda n: n and n != NO_WORK)


@st.composite
def shareable(draw) -> Scenario:
    """A valid scenario as a link can carry it: up to 6 options with distinct names, any public reform,
    adults sometimes labelled (labels never travel), sometimes a listed, empty 'No work'."""
    data = draw(gen.scenarios(reform=gen.reforms()))
    n_adults = len(data["household"]["adults"])
    for adult in data["household"]["adults"]:
        if draw(st.booleans()):
            adult["label"] = PRIVATE + draw(st.text(max_size=20))
        else:
            adult.pop("label", None)
    names = draw(st.lists(option_names(), unique=True, max_size=6))
    options = [{"name": name, "work": draw(st.lists(gen.work_items(n_adults), max_size=3))} for name in names]
    if draw(st.booleans()):
        options.insert(0, {"name": NO_WORK, "work": []})
    data["options"] = options
    return parse_scenario(data)


def comparable(scenario: Scenario) -> dict[str, Any]:
    """What a link must restore: everything but the title and labels (never shared), the implied 'No work',
    and wages to the øre (encode rounds them: monthly pay gives wages with long decimals)."""
    data = scenario.model_dump()
    data.pop("title")
    for adult in data["household"]["adults"]:
        adult.pop("label")
    data["options"] = [o for o in data["options"] if not (o["name"] == NO_WORK and not o["work"])]
    for option in data["options"]:
        for work in option["work"]:
            work["hourly_wage"] = round(work["hourly_wage"], 2)
            work["monthly_wage"] = None
    return data


def query_string(scenario: Scenario, period: str = "month", lang: str = "en") -> str:
    return share.to_query_string(scenario, period, lang)


# --------------------------------------------------------------------------------------------------
# round trip


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shareable(), st.sampled_from(share.PERIODS), st.sampled_from(list(LANGUAGES)))
def test_a_link_restores_the_scenario_it_was_made_from(scenario, period, lang):
    decoded = share.decode(share.encode(scenario, period, lang), DEFAULT)
    assert decoded.ignored == []
    assert comparable(decoded.scenario) == comparable(scenario)
    assert (decoded.period, decoded.lang) == (period, lang)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shareable())
def test_a_link_survives_the_address_bar(scenario):
    """What the browser hands back (a query string parsed by urllib) decodes to the same scenario."""
    link = query_string(scenario)
    decoded = share.decode(parse_qs(link, keep_blank_values=True), DEFAULT)
    assert decoded.ignored == []
    assert comparable(decoded.scenario) == comparable(scenario)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shareable())
def test_no_adult_label_ever_appears_in_a_link(scenario):
    link = query_string(scenario)
    readable = unquote_plus(link)
    assert PRIVATE not in link and PRIVATE not in readable
    for adult in scenario.household.adults:
        if adult.label:
            assert adult.label not in readable


def test_the_seed_case_reads_as_its_parameters():
    """The single man of the seed report (RULES.md section 4.1.3): every field is its own readable parameter."""
    scenario = load_scenario(ROOT / "scenarios" / "single-man-2014-commuter.yaml")
    assert share.encode(scenario) == {
        "v": "1", "d": "2014-11-01", "a": "1", "cp": "0", "c": "0", "ph": "2", "pr": "normal",
        "h": "centre_self_catering", "m": "14", "k": "1", "cm": "income_tested",
        "o": ["Part-time kitchen job in Copenhagen (20 h)|j:0:20:115.38:1700"], "p": "month", "lang": "en",
    }


def test_reform_values_keep_every_decimal():
    scenario = DEFAULT.model_copy(update={"reform": {"tax.income_tax_rate": 0.3755, "offset.rate": 0.125}})
    decoded = share.decode(share.encode(scenario), DEFAULT)
    assert decoded.scenario.reform == {"tax.income_tax_rate": 0.3755, "offset.rate": 0.125}


# --------------------------------------------------------------------------------------------------
# tampered links

GARBAGE = {
    "a": "7", "c": "-1", "h": "castle", "d": "2099-99-99", "o": "broken", "r.offset.rate": "5",
    "r.unknown.path": "1", "v": "9", "p": "year", "lang": "xx",
}
MORE_GARBAGE = {
    "cp": "maybe", "ph": "4", "pr": "fast", "hc": "-5", "m": "1,2,3", "k": "yes", "cm": "sometimes",
    "ca": "nan", "d": "2099-01-01", "r.tax.am_rate": "abc", "r.offset.deduct_transport": "2",
    "r.offset.income_base": "both", "r.allowance.child.max_full": "2.5",
}


def named(key: str, ignored: list[str]) -> bool:
    """Whether a line of `ignored` names the link's parameter `key`."""
    text = "\n".join(ignored)
    if key.startswith("r."):
        return re.search(rf"reform {re.escape(key[2:])}[ :]", text) is not None
    return f"{key}=" in text or f"{key}:" in text


def assert_valid(decoded: share.Decoded) -> None:
    assert isinstance(decoded.scenario, Scenario)
    assert parse_scenario(decoded.scenario.model_dump()) == decoded.scenario
    assert decoded.period in share.PERIODS
    assert decoded.lang in LANGUAGES


@pytest.mark.parametrize("key,value", sorted(GARBAGE.items()) + sorted(MORE_GARBAGE.items()))
def test_a_garbage_value_is_ignored_and_named(key, value):
    decoded = share.decode({key: value}, DEFAULT)
    assert_valid(decoded)
    assert named(key, decoded.ignored), decoded.ignored
    if key not in ("v", "o"):  # the version is a notice only; a broken option leaves no options
        assert comparable(decoded.scenario) == comparable(DEFAULT)


def test_a_link_of_nothing_but_garbage_gives_the_default_page():
    decoded = share.decode(GARBAGE, DEFAULT)
    assert_valid(decoded)
    for key in GARBAGE:
        assert named(key, decoded.ignored), (key, decoded.ignored)
    assert (decoded.period, decoded.lang) == ("month", "en")
    assert decoded.scenario.household == DEFAULT.household
    assert decoded.scenario.reform == {}
    assert decoded.scenario.options == []  # the one option in the link was unreadable


def test_what_can_be_read_is_used():
    link = dict(GARBAGE, c="3", h="centre_canteen", o=["Broken", "Kitchen|j:0:30:140:0"])
    decoded = share.decode(link, DEFAULT)
    assert decoded.scenario.household.children == 3
    assert decoded.scenario.household.housing == "centre_canteen"
    assert [o.name for o in decoded.scenario.options] == ["Kitchen"]
    assert named("c", decoded.ignored) is False


@pytest.mark.parametrize("options,kept", [
    (["A|j:0:20:150:0", "A|j:0:30:150:0"], ["A"]),               # a duplicate name
    (["No work|j:0:20:150:0", "B|up:0:20:0:0"], ["B"]),           # the reference's name
    (["A|j:1:20:150:0", "B|pp:0:20:50:0"], ["B"]),                # names adult 2 of 1
    (["A|x:0:20:150:0", "B|j:0:20:200000:0"], []),                # unknown kind; wage above the model's limit
    (["A|j:0:20:150", "B|j:0:nan:150:0", "C|j:0:20:150:0"], ["C"]),
    ([f"O{i}|j:0:{i}:150:0" for i in range(8)], [f"O{i}" for i in range(6)]),
])
def test_unreadable_options_are_dropped_one_by_one(options, kept):
    decoded = share.decode({"o": options}, DEFAULT)
    assert_valid(decoded)
    assert [o.name for o in decoded.scenario.options] == kept
    # each unreadable option is named on its own line; options past the sixth, on one line together
    assert len(decoded.ignored) == len(options[:6]) - len(kept) + (len(options) > 6)
    assert all(named("o", [line]) for line in decoded.ignored if not line.startswith("options:"))


def test_tax_shares_above_the_whole_wage_are_refused_together():
    """Each share alone is within its range; together they would take more than the whole wage."""
    decoded = share.decode({"r.tax.income_tax_rate": "0.95", "r.tax.am_rate": "0.2"}, DEFAULT)
    reform = decoded.scenario.reform
    assert len(reform) <= 1
    dropped = {"tax.income_tax_rate", "tax.am_rate"} - set(reform)
    assert all(named(f"r.{path}", decoded.ignored) for path in dropped), decoded.ignored
    simulate(decoded.scenario)  # the rules that remain can be computed


def test_own_housing_without_its_rent_falls_back():
    decoded = share.decode({"h": "own_housing"}, DEFAULT)
    assert decoded.scenario.household.housing == DEFAULT.household.housing
    assert named("h", decoded.ignored)


def test_repeated_and_empty_values_do_not_break_the_link():
    decoded = share.decode({"c": ["1", "2"], "a": [], "d": "", "o": [""], "p": ""}, DEFAULT)
    assert_valid(decoded)
    assert decoded.scenario.household.children == 2


def assert_cut_anywhere_still_opens(scenario: Scenario) -> None:
    """Cut the link at every character: decode never fails; each parameter that arrived whole is restored
    or named among the ignored (a value the cut shortened may still read as a different valid value)."""
    link = query_string(scenario)
    full = parse_qs(link, keep_blank_values=True)
    for cut in range(len(link) + 1):
        for keep_blank in (False, True):
            params = parse_qs(link[:cut], keep_blank_values=keep_blank)
            decoded = share.decode(params, DEFAULT)
            assert_valid(decoded)
            again = share.encode(decoded.scenario, decoded.period, decoded.lang)
            for key, values in params.items():
                if key == "o":
                    kept = again["o"]
                    for v in (v for v in values if v in full["o"]):
                        assert v in kept or f"(o={v[:40]!r})" in "\n".join(decoded.ignored), (cut, v)
                elif values == full.get(key):
                    assert again.get(key) == values[-1] or named(key, decoded.ignored), (cut, key, values)


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.yaml")), ids=lambda p: p.name)
def test_an_example_link_cut_anywhere_still_opens(path):
    assert_cut_anywhere_still_opens(load_scenario(path))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shareable())
def test_a_random_link_cut_anywhere_still_opens(scenario):
    assert_cut_anywhere_still_opens(scenario)


def test_an_encoded_link_is_a_plain_query_string():
    link = query_string(DEFAULT)
    assert link == urlencode(share.encode(DEFAULT), doseq=True)
    assert all(ch not in link for ch in " \n#")


# --------------------------------------------------------------------------------------------------
# hostile links (issue 8): bounded, field by field, never an exception


def test_a_400_digit_number_is_an_ignored_field():
    decoded = share.decode({"r.allowance.child.max_full": "9" * 400, "c": "9" * 400}, DEFAULT)
    assert_valid(decoded)
    assert decoded.scenario.reform == {} and decoded.scenario.household == DEFAULT.household
    assert named("r.allowance.child.max_full", decoded.ignored) and named("c", decoded.ignored)
    assert all(len(line) <= 200 for line in decoded.ignored)


@pytest.mark.parametrize("text", ["1_000", "١٢", " 12 ", "0x10", "nan", "inf", "1e999", "+-1", "9" * 33])
def test_only_plain_decimal_numbers_are_read(text):
    decoded = share.decode({"hc": text}, DEFAULT)
    assert decoded.scenario.household == DEFAULT.household
    assert named("hc", decoded.ignored)


def test_what_is_ignored_is_listed_once_and_briefly():
    link = {f"{i}[Your allowance is stopped, call us](https://evil.example/)" + "x" * 5_000: "1" for i in range(50)}
    link.update({"p": "year", "lang": "xx"})
    decoded = share.decode(link, DEFAULT)
    assert_valid(decoded)
    assert len(decoded.ignored) == share.MAX_IGNORED
    assert decoded.ignored[-1].startswith("… and ")
    assert all(len(line) <= 200 and "\n" not in line for line in decoded.ignored)
    repeated = share.decode({"o": ["Broken"] * 6}, DEFAULT)
    assert repeated.ignored == ["option (o='Broken'): needs its name, '|' and its work"]


def test_a_link_is_read_within_its_bounds():
    too_many = {f"x{i}": "1" for i in range(share.MAX_KEYS + 10)}
    assert any(line.startswith(f"link: only the first {share.MAX_KEYS}") for line in
               share.decode(too_many, DEFAULT).ignored)
    long_value = share.decode({"o": "A|" + "j:0:20:150:0;" * 100}, DEFAULT)
    assert long_value.scenario.options == DEFAULT.options and named("o", long_value.ignored)
    too_long = {f"r.x{i}": "y" * 500 for i in range(20)}
    assert any(line.startswith("link: longer than") for line in share.decode(too_long, DEFAULT).ignored)


def test_work_below_the_least_hours_or_wage_is_dropped_alone():
    decoded = share.decode({"o": ["Tiny|j:0:5e-324:115:0", "Cheap|j:0:20:0.001:0", "Real|j:0:20:115:0"]}, DEFAULT)
    assert [o.name for o in decoded.scenario.options] == ["Real"]
    assert len(decoded.ignored) == 2 and all(named("o", [line]) for line in decoded.ignored)


# --------------------------------------------------------------------------------------------------
# what was ignored, in the page's language (issue 17)

TAMPERED = {"a": "7", "hc": "abc", "o": ["broken", "X" * 100 + "|j:0:20:150:0", "Y|j:3:20:150:0"],
            "r.offset.rate": "5", "r.offset.deduct_transport": "2", "zz": "1", "p": "year", "v": "9"}


def test_what_was_ignored_is_kept_as_message_keys_and_values():
    decoded = share.decode(TAMPERED, DEFAULT)
    assert decoded.notes and all(isinstance(n, notes.Note) for n in decoded.notes)
    assert all(n.key.startswith("link.") for n in decoded.notes)
    # the English lines are the notes said in English
    en = translator("en")
    assert decoded.ignored == [n.render(en, isolates=False) for n in decoded.notes]


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_every_note_is_said_from_the_languages_catalogue(lang):
    """Each note and every message inside it is a key of the language's catalogue (never the key itself,
    never English where the language has its own words)."""
    from simulator.i18n import catalogue
    decoded = share.decode(TAMPERED | {"lang": "xx", "m": "1,2", "d": "2099-99-99",
                                       **{f"k{i}": "1" for i in range(share.MAX_KEYS)}}, DEFAULT)

    def keys(n):
        yield n.key
        for _, v in n.values:
            if isinstance(v, notes.Note):
                yield from keys(v)

    used = {k for n in decoded.notes for k in keys(n)}
    assert used <= set(catalogue(lang)), used - set(catalogue(lang))
    t = translator(lang)
    for n in decoded.notes:
        text = notes.say(n, t)
        assert "link." not in text and "\n" not in text


def test_a_note_in_danish_and_in_arabic_keeps_the_links_text_as_it_came():
    decoded = share.decode({"o": ["broken"], "zz[click](https://evil.example)": "1"}, DEFAULT)
    da = [notes.say(n, translator("da")) for n in decoded.notes]
    assert da[0] == "mulighed (\u2068o='broken'\u2069): kræver sit navn, '|' og sit arbejde"
    assert da[1] == "\u2068'zz[click](https://evil.example)'\u2069: ikke et felt på denne side"
    ar = [notes.say(n, translator("ar")) for n in decoded.notes]
    assert ar[0] == "الخيار (\u2068o='broken'\u2069): يحتاج إلى اسمه و'|' وعمله"
    assert "not a field" not in ar[1] and "\u2068'zz[click](https://evil.example)'\u2069" in ar[1]


def test_numbers_in_a_note_are_the_languages():
    decoded = share.decode({"o": ["Z|j:0:20:9e9:0"]}, DEFAULT)
    assert decoded.ignored == ["option (o='Z|j:0:20:9e9:0'): wage must be between 0 and 100,000"]
    fa = notes.say(decoded.notes[0], translator("fa"))
    assert "۱۰۰٬۰۰۰" in fa and "o='Z|j:0:20:9e9:0'" in fa   # the link's text keeps its own digits


def test_text_from_the_link_cannot_reorder_a_note():
    """A link's text is isolated: a right-to-left override in it is shown escaped, never obeyed."""
    decoded = share.decode({"x\u202eyz": "1"}, DEFAULT)
    text = notes.say(decoded.notes[0], translator("ar"))
    assert "\u202e" not in text and "\\u202e" in text
    assert text.startswith("\u2068") and text.count("\u2068") == text.count("\u2069") == 1
    for key in ("x\u2069\u202ey", "o"):   # a key over the bounds is named too, with no isolate of its own
        repeated = share.decode({key: ["1"] * (share.MAX_VALUES + 1)}, DEFAULT)
        for n in repeated.notes:
            text = notes.say(n, translator("fa"))
            assert "\u202e" not in text and text.count("\u2068") == text.count("\u2069")


def test_the_least_hours_and_pay_and_the_tax_shares_are_said_in_the_languages_words():
    """The core's checks a link most often fails are the catalogue's reasons too, not the core's English."""
    decoded = share.decode({"o": ["A|j:0:5e-324:115:0", "B|j:0:0:m500:0"], "r.tax.income_tax_rate": "0.95",
                            "r.tax.am_rate": "0.2"}, DEFAULT)
    assert decoded.ignored == ["option (o='A|j:0:5e-324:115:0'): hours must be 0 or at least 0.1",
                               "option (o='B|j:0:0:m500:0'): a monthly wage needs hours above 0",
                               "reform tax.income_tax_rate: income tax and AM-bidrag together must not exceed 1"]
    assert decoded.scenario.reform == {"tax.am_rate": 0.2}
    assert not any(isinstance(v, notes.Detail) for n in decoded.notes for _, v in n.values)
    da = [notes.say(n, translator("da")) for n in decoded.notes]
    assert da[0].endswith("timer skal være 0 eller mindst 0,1")
    assert da[2] == "reform \u2068tax.income_tax_rate\u2069: indkomstskat og AM-bidrag må tilsammen højst være 1"


def test_a_core_error_on_a_link_is_said_in_the_pages_language():
    """Issue 17: what the core refuses in a link (the link reads most values itself first) is said in the
    page's language, with or without the field as the scenario names it, and in English for the logs."""
    from simulator.errors import ScenarioError
    error = ScenarioError.of("options.0.work.0.hours_per_week", "hours_minimum", least=0.1, got="0.05")
    for with_field, start in ((True, "options.0.work.0.hours_per_week: "), (False, "")):
        said = notes.note("link.reform", path=notes.LinkText("offset.rate"), value=notes.LinkText("'x'"),
                          reason=share._reason(error, with_field))
        danish = notes.say(said, translator("da"))
        assert f"{start}skal være 0 eller mindst 0,1 timer om ugen (fik 0.05)" in danish, danish
        english = said.render(translator("en"), isolates=False)
        assert english.endswith(f": {start}must be 0 or at least 0.1 hours a week (got 0.05)"), english
