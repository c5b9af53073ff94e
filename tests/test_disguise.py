"""Nothing in a name disguises a number: names from a link or a file lose every control and format character
(Unicode Cc and Cf) but the joiners Persian and Arabic need, are shown isolated, and cannot imitate the
reference "No work" in any of the four languages nor take an amount's place — on the page's cards, in the
CLI's table and JSON, and in the take-home PDF's text (issue 22)."""
from __future__ import annotations

import functools
import io
import json
import unicodedata

import pytest
from confusable_homoglyphs import confusables
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from simulator import load_scenario, simulate
from simulator.cli import format_table
from simulator.errors import ScenarioError
from simulator.i18n import LANGUAGES, catalogue, translator
from simulator.lookalike import looks_like_amount, looks_like_no_work, skeleton
from simulator.models import NO_WORK
from simulator.untrusted import clean_name, display_width, isolated, plain
from ui.page.answer import answer_html
from ui.pdf.resident import build_pdf
from ui.text import household_line, option_label

BASE = load_scenario("scenarios/single-man-2014-commuter.yaml")
JOB = BASE.options[0].work


@functools.cache
def cc_cf() -> tuple[str, ...]:
    """Every control and format character Unicode has (Cc: NUL, BEL, ESC, …; Cf: bidi embeddings, overrides
    and isolates, zero-width space and joiners, word joiner, soft hyphen, tags, …). Found on first use, not at
    import: a pass over all of Unicode takes a second or two, and the browser tests import this file too."""
    return tuple(chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) in ("Cc", "Cf"))


BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
NO_WORK_TEXTS = sorted({catalogue(lang)["result.no_work"] for lang in LANGUAGES} | {"No work", "no work"})
SPACES = ["\u00a0", "\u2009", "\u3000", "\u202f", "\u2007", "  ", ""]
AMOUNTS = ["Full-time: 9,850 kr · +7,286 kr", "5,695 kr", "+3,130 kr against no work", "−81 kr", "4.500,-",
           "3 707 kr", "kr 864", "12 %", "-inf", "+1_000"]


def _homoglyphs(c: str) -> list[str]:
    """The characters Unicode's confusables.txt lists as looking like `c` (and `c` itself)."""
    found = confusables.confusables_data.get(c, [])
    return [c] + [e["c"] for e in found if len(e["c"]) == 1]


@st.composite
def disguised_no_work(draw) -> str:
    """"No work" in one of the four languages as a forger writes it: letters swapped for look-alikes, case
    changed, spaces of other kinds, control and format characters anywhere."""
    text = draw(st.sampled_from(NO_WORK_TEXTS))
    out = []
    for c in text:
        if c == " ":
            out.append(draw(st.sampled_from([" ", *SPACES])))
            continue
        c = draw(st.sampled_from([c, c.upper(), c.lower()]))
        out.append(draw(st.sampled_from(_homoglyphs(c))))
        if draw(st.integers(0, 3)) == 0:
            out.append(draw(st.sampled_from(cc_cf())))
    return "".join(out)


@st.composite
def with_controls(draw) -> str:
    """An ordinary name (Latin, Arabic, Persian with its ZWNJ, CJK, an amount) with control and format
    characters put anywhere — above all at its end, where an override would reach the text after it."""
    name = draw(st.sampled_from(["Full-time", "Kitchen job", "عمل بدوام كامل", "می\u200cخواهم کار", "全職 job",
                                 *AMOUNTS]))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(name)))
        name = name[:at] + draw(st.sampled_from(cc_cf())) + name[at:]
    return name + draw(st.sampled_from(["", "\u202e", "\u2069\u202e", "\u200b" * 60, "\x00", "\x1b[2J"]))


NAMES = st.one_of(disguised_no_work(), with_controls(), st.sampled_from(AMOUNTS))


def scenario_with(names: list[str]):
    options = [{"name": name, "work": [w.model_dump() for w in JOB]} for name in names]
    data = BASE.model_dump(mode="json") | {"options": options}
    return load_scenario(data)


def references(labels: list[str]) -> int:
    """How many of the shown labels read as "No work" in any language."""
    return sum(looks_like_no_work(label) for label in labels)


def allowed_format(text: str) -> list[str]:
    """The format characters of `text` that are not a joiner doing a script's work: ZWNJ between two letters
    or marks (after a virama or an anusvara in Indic scripts too), ZWJ also between symbols (emoji)."""
    bad = []
    for i, c in enumerate(text):
        if unicodedata.category(c) in ("Cc", "Cf") and c not in "\n":
            kinds = ("L", "M") if c == "\u200c" else ("L", "M", "S")
            if c in "\u200c\u200d" and 0 < i < len(text) - 1 \
                    and unicodedata.category(text[i - 1])[0] in kinds and unicodedata.category(text[i + 1])[0] in kinds:
                continue
            bad.append(c)
    return bad


def test_every_control_and_format_character_is_removed_but_the_joiners_in_words():
    for c in cc_cf():
        assert clean_name(f"Job{c}") == "Job", repr(c)
        assert clean_name(f"{c}Job") == "Job", repr(c)
    # Persian needs ZWNJ inside a word ("می‌خواهم"), emoji sequences ZWJ: both are kept there, and only there
    assert clean_name("می\u200cخواهم") == "می\u200cخواهم"
    assert clean_name("\u200cمی\u200c") == "می"
    assert clean_name("No\u00a0work\u200b") == "No work"


@pytest.mark.parametrize("name", ["No\u00a0work", "No work\u200b", "No\u2060work", "No\u00adwork", "N\u043e work",
                                  "NO WORK", "Ｎｏ ｗｏｒｋ", "No w0rk", "Intet arbejde", "INTET  ARBEJDE", "بدون عمل",
                                  "بـدون عمل", "بدون کار", "بدون كار"])
def test_a_look_alike_of_no_work_is_renamed(name):
    if clean_name(name) == NO_WORK:    # "No work" once its invisible characters are gone: a repeated name
        with pytest.raises(ScenarioError, match="option names must differ"):
            scenario_with([name, "Full-time"])
        return
    result = simulate(scenario_with([name, "Full-time"]), "month")
    labels = [option_label(o.name, translator("en")) for o in result.options]
    assert references(labels) == 1 and result.options[0].name == NO_WORK
    assert "renamed" in labels[1]


def test_ordinary_names_are_not_taken_for_no_work_or_amounts():
    for name in ["Full-time", "Part-time 20 h", "Kitchen job", "No work today", "Option 1", "praktik 37 h"]:
        assert not looks_like_no_work(name), name
        assert not looks_like_amount(name) or name == "Option 1", name
    assert skeleton("No work") == skeleton("Nо wоrk")  # Cyrillic о


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(NAMES, min_size=1, max_size=4))
@example(["No w\u0c02\u200cr\x00k\x00"])   # a ZWNJ after a Telugu anusvara (a mark): kept, as the script needs
def test_no_name_reorders_the_table_or_the_json_or_imitates_the_reference(names):
    names = list({clean_name(n): n for n in names if clean_name(n)}.values())  # equal once cleaned: refused
    if not names:
        return
    if NO_WORK in map(clean_name, names):   # "No work" itself (with work) is refused as a repeated name
        with pytest.raises(ScenarioError, match="option names must differ"):
            scenario_with(names)
        return
    scenario = scenario_with(names)
    result = simulate(scenario, "month", with_effects=False)
    for lang in ("en", "ar"):
        t = translator(lang)
        labels = [option_label(o.name, t) for o in result.options]
        assert references(labels) == 1
        table = format_table(result, lang=lang)
        assert not allowed_format(table), [hex(ord(c)) for c in allowed_format(table)]
        lines = table.splitlines()
        header = next(i for i, line in enumerate(lines) if line.strip() and i > 1)
        widths = {display_width(line) for line in lines[header:header + 6]}
        assert len(widths) == 1, widths   # every column stays under its name
    document = json.loads(json.dumps(result.as_json(), ensure_ascii=False))
    for option in document["options"]:
        assert not allowed_format(option["name"]) and option["name"] == clean_name(option["name"])
    # the page's cards: each name in <bdi>, a look-alike of an amount quoted, one reference card
    html = answer_html(result, None, translator("en"), "a month")
    assert html.count("<bdi>") == len(result.options)
    assert not BIDI & set(html.replace("\u2068", "").replace("\u2069", ""))
    for o in result.options[1:]:
        if looks_like_amount(o.name):
            assert f"“{o.name}”".replace("&", "&amp;") in html.replace("&#x27;", "'").replace("&quot;", '"')


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(NAMES, min_size=1, max_size=3))
def test_the_pdf_shows_one_no_work_and_no_name_reverses_its_amounts(names):
    names = list({clean_name(n): n for n in names if clean_name(n) and clean_name(n) != NO_WORK}.values())
    if not names:
        return
    scenario = scenario_with(names)
    result = simulate(scenario, "month")
    pdf = build_pdf(scenario, result, "en", "http://localhost/?x=1")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert not (BIDI - {"\u2068", "\u2069"}) & set(text)
    t = translator("en")
    no_work = t.kr(result.options[0].disposable_income)
    assert no_work in text   # an amount reads as written, never reversed ("rk 468")
    assert no_work[::-1] not in text or no_work == no_work[::-1]


def test_plain_keeps_only_the_programs_isolates():
    assert plain("A\u2068B\u2069") == "AB"
    assert plain(isolated("Job"), isolates=True) == "\u2068Job\u2069"


def test_the_headline_names_every_input_that_moves_the_bottom_line():
    t = translator("en")
    base = BASE.model_dump(mode="json")
    base["household"]["adults"][0]["contract_kept"] = False
    base["accommodation_charge"] = {"mode": "none"}
    base["household"]["procedure"] = "dublin"
    base["reform"] = {"offset.deduct_transport": True}
    line = household_line(load_scenario(base), t)
    assert "does not keep the centre contract" in line and "no rent imposed" in line
    assert "Dublin" in line or "dublin" in line.lower()
    assert "proposal" in line
    fixed = BASE.model_dump(mode="json") | {"accommodation_charge": {"mode": "fixed", "amount_per_month": 1200}}
    assert "1,200 kr" in household_line(load_scenario(fixed), t)
    assert household_line(BASE, t).endswith(t("household.one_line", adults="", children="", housing="", phase="",
                                                date="")[-10:]) or ";" in household_line(BASE, t)
