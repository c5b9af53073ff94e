"""The take-home PDF: rendered for three households in every language, its text extracted and checked, its
pages counted, its size and speed measured; and the right-to-left machinery it rests on."""
from __future__ import annotations

import io
import re
import time
from functools import cache

import pytest
from pypdf import PdfReader

import simulator
from ui.i18n import LANGUAGES, catalogue, translator
from ui.pdf import _logical, _runs, _shape, _visual, _wrap, build_pdf, chosen
from ui.text import household_line, option_label

SCENARIOS = {
    "single": "scenarios/single-man-2014-commuter.yaml",
    "couple": "scenarios/couple-two-children-self-catering.yaml",
    "own": "scenarios/family-own-housing.yaml",
}
URL = "https://krone.example/?v=1&s=eJyrVkrLz1eyUkpKLFKqBQAc5gRS-household-a2c1p2&lang="
TIMES: dict[tuple[str, str], float] = {}
GUARD_SECONDS = 5.0   # a generous guard; the measured times are reported by test_report_timing


@pytest.fixture(scope="module")
def computed():
    out = {}
    for key, path in SCENARIOS.items():
        scenario = simulator.load_scenario(path)
        out[key] = (scenario, simulator.simulate(scenario))
    return out


@pytest.fixture(scope="module")
def pdfs(computed):
    """Every scenario in every language, each generation timed."""
    out = {}
    for key, (scenario, result) in computed.items():
        for lang in LANGUAGES:
            start = time.perf_counter()
            data = build_pdf(scenario, result, lang, URL + lang)
            TIMES[(key, lang)] = time.perf_counter() - start
            out[(key, lang)] = data
    return out


@cache
def pages_text(data: bytes) -> tuple[str, ...]:
    return tuple(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    """Extracted text with line breaks undone: wrapping breaks lines where the source had a space."""
    return re.sub(r"\s+", " ", text)


def squeezed(text: str) -> str:
    """Extracted text without any white space: a URL cut over two lines reads whole again."""
    return re.sub(r"\s+", "", text)


def shaped_words_present(text: str, words: str) -> bool:
    """Every word of an Arabic or Farsi string is on the page in its joined (shaped) letter forms, in
    either letter order (extractors differ in how they undo right-to-left order)."""
    return all(w in text or w[::-1] in text for w in _shape(words).split())


@pytest.mark.parametrize("key", list(SCENARIOS))
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_pages_size_and_link(pdfs, key, lang):
    data = pdfs[(key, lang)]
    assert data.startswith(b"%PDF-")
    assert 10_000 < len(data) < 600_000, len(data)
    pages = pages_text(data)
    # One page in Danish; otherwise the resident's language in front and Danish for staff on the back.
    assert len(pages) == (1 if lang == "da" else 2)
    for text in pages:
        assert squeezed(URL + lang) in squeezed(text)
    assert TIMES[(key, lang)] < GUARD_SECONDS


@pytest.mark.parametrize("key", list(SCENARIOS))
@pytest.mark.parametrize("lang", ["en", "da"])
def test_latin_front_holds_household_options_and_amounts(pdfs, computed, key, lang):
    scenario, result = computed[key]
    t = translator(lang)
    text = flat(pages_text(pdfs[(key, lang)])[0])
    assert t("pdf.title") in text
    assert household_line(scenario, t) in text
    for option in result.options:
        assert option_label(option.name, t) in text
        assert t.kr(option.disposable_income) in text
    assert t("pdf.rules_date", date="").strip() in text
    assert t("pdf.scan") in text
    assert "retsinformation.dk" in text   # a parameter source from the trace


@pytest.mark.parametrize("key", list(SCENARIOS))
@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_right_to_left_front_holds_household_options_and_amounts(pdfs, computed, key, lang):
    scenario, result = computed[key]
    t = translator(lang)
    text = pages_text(pdfs[(key, lang)])[0]
    assert shaped_words_present(text, t("pdf.title"))
    assert shaped_words_present(text, t(f"housing.{scenario.household.housing}"))
    # The Danish term stays beside the translation, in Latin letters.
    danish = re.search(r"\(([^)]*)\)", t(f"housing.{scenario.household.housing}")).group(1)
    assert danish in flat(text)
    for option in result.options:
        if option.name == simulator.models.NO_WORK:
            assert shaped_words_present(text, t("result.no_work"))
        else:
            assert option.name in flat(text)
        # Western digits, English grouping: 11,381 beside the currency word.
        assert t.number(option.disposable_income) in text
        assert shaped_words_present(text, t.kr(option.disposable_income))


@pytest.mark.parametrize("key", list(SCENARIOS))
@pytest.mark.parametrize("lang", ["en", "ar", "fa"])
def test_the_back_is_danish_for_the_staff(pdfs, computed, key, lang):
    scenario, result = computed[key]
    da = translator("da")
    back = flat(pages_text(pdfs[(key, lang)])[1])
    assert da("pdf.staff_side") in back
    assert household_line(scenario, da) in back
    for option in result.options:
        assert da.kr(option.disposable_income) in back
    front = flat(pages_text(pdfs[(key, lang)])[0])
    if lang == "en":
        assert translator("en")("pdf.other_side") in front


def test_warnings_are_printed_with_their_source(pdfs, computed):
    scenario, result = computed["own"]
    text = flat(pages_text(pdfs[("own", "en")])[0])
    assert translator("en")("warning.not_self_supporting") in text
    assert "UDL § 42 b stk. 15" in text


def test_assumptions_are_printed_with_their_effect(pdfs):
    text = flat(pages_text(pdfs[("single", "en")])[0])
    assert "If no rent is imposed: +1,935 kr per month compared with no work" in text
    da_text = flat(pages_text(pdfs[("single", "da")])[0])
    assert "Hvis der ikke pålægges husleje: +1.935 kr om måneden i forhold til ikke at arbejde" in da_text


def test_the_chart_shows_the_chosen_option(computed):
    scenario, result = computed["couple"]
    default = chosen(result)
    assert default.lines["gross_wage"] > 0   # the best paid option, not 'No work'
    name = "Part-time kitchen job (20 h)"
    text = flat(pages_text(build_pdf(scenario, result, "en", URL, chosen_option=name))[0])
    assert translator("en")("pdf.chart.title", option=name, period="per month") in text
    assert translator("en")("pdf.chart.title", option=default.name, period="per month") not in text


def test_no_name_unless_given(computed, pdfs):
    scenario, result = computed["couple"]
    for lang in LANGUAGES:
        t = translator(lang)
        prefix = t("pdf.prepared_for", name="").strip(" :")
        for text in pages_text(pdfs[("couple", lang)]):
            assert "Amal Haddad" not in text and "Prepared for" not in text
            if lang in ("en", "da"):
                assert prefix not in text
        named = pages_text(build_pdf(scenario, result, lang, URL, name="Amal Haddad"))
        assert all("Amal Haddad" in flat(text) for text in named)
    assert "Amal" not in URL


def test_a_long_share_link_and_many_options_still_make_one_page_a_side(computed):
    scenario, _ = computed["couple"]
    options = [{"name": f"Job {i} ({10 + 3 * i} h)", "work": [
        {"adult": 0, "kind": "job", "hours_per_week": 10 + 3 * i, "hourly_wage": 120 + 5 * i,
         "transport_per_month": 500}]} for i in range(7)]
    many = scenario.model_copy(update={"options": [simulator.models.Option(**o) for o in options]})
    result = simulator.simulate(many)
    url = "https://krone.example/?s=" + "x" * 1500
    reader = PdfReader(io.BytesIO(build_pdf(many, result, "ar", url)))
    assert len(reader.pages) == 2
    text = flat(reader.pages[0].extract_text())
    for option in options:
        assert option["name"] in text


# --- the right-to-left machinery ----------------------------------------------------------------------

def test_a_negative_amount_keeps_its_sign_in_front_of_the_digits():
    visual = _visual(_logical("−1,700 كرونة", True), rtl=True)
    assert "–1,700" in visual and "1,700–" not in visual
    assert visual.startswith(_shape("كرونة")[::-1])   # the currency word is read after the number


def test_brackets_face_the_right_way_in_right_to_left_text():
    visual = _visual(_logical("المساعدة الأساسية (grundydelse)", True), rtl=True)
    assert "(grundydelse)" in visual
    visual = _visual(_logical("الخيار Part-time kitchen job (20 h) يعطي", True), rtl=True)
    assert "Part-time kitchen job (20 h)" in visual


def test_a_number_inside_right_to_left_brackets_leaves_the_brackets_to_the_sentence():
    # "(in all 35.6%): +5,077": the brackets hold Farsi words, so they are right-to-left, and the
    # amount after them is a stretch of its own.
    visual = _visual(_logical("اگر (روی هم 35.6%): +5,077 کرون", True), rtl=True)
    assert visual.startswith(_shape("کرون")[::-1] + " +5,077 :(")
    assert visual.endswith("35.6% " + _shape("روی هم")[::-1] + ") " + _shape("اگر")[::-1])


def test_a_latin_name_wrapped_in_a_right_to_left_cell_stays_in_reading_order():
    lines = _wrap("Both work - cleaning (37 h) and kitchen (20 h)", 90, 8.5, True, True)
    assert len(lines) > 1
    shown = " ".join(_visual(line, True) for line in lines)
    assert shown == "Both work - cleaning (37 h) and kitchen (20 h)"


def test_right_to_left_words_come_out_reversed_for_drawing():
    logical = _shape("بدون عمل")
    assert _visual(_logical("بدون عمل", True), rtl=True) == logical[::-1]


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_catalogue_character_has_a_glyph(lang):
    """No boxes: every character of every message is drawn from a font that has it."""
    rtl = translator(lang).rtl
    for text in catalogue(lang).values():
        for bold in (False, True):
            drawn = "".join(s for _, s in _runs(_visual(_logical(text, rtl), rtl), bold))
            assert drawn.count("?") == text.count("?"), (lang, text)


def test_report_timing(pdfs, capsys):
    worst = max(TIMES.values())
    with capsys.disabled():
        print("\nPDF generation (s): " + ", ".join(f"{k}/{lang} {v:.2f}" for (k, lang), v in sorted(TIMES.items())))
        print(f"PDF generation: slowest {worst:.2f} s, mean {sum(TIMES.values()) / len(TIMES):.2f} s "
              f"over {len(TIMES)} PDFs (first includes font loading)")
    assert worst < GUARD_SECONDS
