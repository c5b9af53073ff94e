"""The message catalogues: English is the reference; every other language holds every key of every English
file, with the same placeholders and a real translation, and Arabic and Farsi keep the Danish legal terms
beside their translation so a counsellor can point at them."""
from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from simulator.i18n import CATALOGUE_DIR, DEFAULT, LANGUAGES, placeholders, translator

ROOT = Path(__file__).resolve().parents[1]

OTHERS = [lang for lang in LANGUAGES if lang != DEFAULT]
EN_FILES = sorted(p.name for p in (CATALOGUE_DIR / DEFAULT).glob("*.po"))
# Danish legal terms a resident's text must keep beside its translation wherever the English names them.
LEGAL_TERMS = ("grundydelse", "tillægsydelse", "forsørgertillæg", "kontante ydelser", "modregning",
               "betaling for ophold", "rådighedsbeløb", "bruttoløn", "nettoløn", "A-skat", "AM-bidrag",
               "husleje", "særlig bolig", "selvstændig bolig", "privat indkvartering", "egen bolig",
               "center med kantine", "center med selvforplejning", "ÅGH", "Udlændingestyrelsen")


def messages(path: Path) -> dict[str, str]:
    with open(path, "rb") as fh:
        return {m.id: m.string for m in read_po(fh) if m.id}


def test_there_is_an_english_reference():
    assert "results.po" in EN_FILES and "pdf.po" in EN_FILES


@pytest.mark.parametrize("filename", EN_FILES)
@pytest.mark.parametrize("lang", OTHERS)
def test_every_english_key_is_translated_with_the_same_placeholders(filename, lang):
    reference = messages(CATALOGUE_DIR / DEFAULT / filename)
    path = CATALOGUE_DIR / lang / filename
    assert path.exists(), f"{lang}/{filename} is missing"
    translated = messages(path)
    missing = sorted(set(reference) - set(translated))
    assert not missing, f"{lang}/{filename} lacks {missing}"
    stale = sorted(set(translated) - set(reference))
    assert not stale, f"{lang}/{filename} has keys the English reference does not: {stale}"
    for key, english in reference.items():
        assert translated[key].strip(), f"{lang}/{filename}: {key} is empty"
        assert placeholders(translated[key]) == placeholders(english), (
            f"{lang}/{filename}: {key} has {sorted(placeholders(translated[key]))}, "
            f"English has {sorted(placeholders(english))}")


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_no_empty_message_and_every_message_formats(lang):
    for path in sorted((CATALOGUE_DIR / lang).glob("*.po")):
        for key, text in messages(path).items():
            assert text.strip(), f"{lang}/{path.name}: {key} is empty"
            text.format(**{name: "X" for name in placeholders(text)})   # a broken brace raises here


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang not in ("en", "da")])
def test_every_residents_language_keeps_the_danish_legal_term(lang):
    for filename in EN_FILES:
        if not (CATALOGUE_DIR / lang / filename).exists():
            continue
        reference = messages(CATALOGUE_DIR / DEFAULT / filename)
        translated = messages(CATALOGUE_DIR / lang / filename)
        for key, english in reference.items():
            for term in LEGAL_TERMS:
                if term.lower() in english.lower() and key in translated:
                    assert term.lower() in translated[key].lower(), f"{lang}/{filename}: {key} lost '{term}'"


def test_danish_number_style():
    da = translator("da")
    assert da.number(1234.5, 2) == "1.234,50"
    assert da.kr(1234.5, 2) == "1.234,50 kr"
    assert da.number(1936) == "1.936"
    assert da.number(-900) == "−900"


def test_english_arabic_and_farsi_number_style():
    assert translator("en").number(1234.5, 2) == "1,234.50"
    # One digit system per language, CLDR's default (Babel): Western digits for Arabic, Persian for Farsi
    # with Persian separators; the same in dates.
    assert translator("ar").number(1936) == "1,936"
    assert translator("fa").kr(1936) == "۱٬۹۳۶ کرون"
    assert translator("fa").number(-1234.5, 2) == "−۱٬۲۳۴٫۵۰"


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_one_digit_system_per_language(lang):
    """Numbers, dates and chart numerals of a language use one set of digits: the one Babel's locale data
    gives as the language's default numbering system."""
    import datetime as dt

    from babel import Locale

    from ui.page.charts import _number_locale
    from ui.text import date_text
    t = translator(lang)
    system = Locale.parse(t.locale).default_numbering_system
    digits = {"latn": "0123456789", "arab": "٠١٢٣٤٥٦٧٨٩", "arabext": "۰۱۲۳۴۵۶۷۸۹"}[system]
    text = t.number(1234567890.5, 1) + date_text(dt.date(2014, 11, 1), t)
    used = {c for c in text if c.isdigit()}
    assert used <= set(digits), (lang, text)
    assert _number_locale(lang).get("numerals", list("0123456789")) == list(digits)


def test_review_status_is_shown_where_no_native_speaker_has_read_it():
    from simulator.i18n import language_label, review_status
    assert review_status("en") == "source" and language_label("en") == "English"
    for lang in LANGUAGES:
        if review_status(lang) == "machine":
            assert translator(lang)("lang.machine") in language_label(lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_gain_shows_its_sign_and_no_gain_none(lang):
    """A change or a gain: '+1,936 kr', '−900 kr', and no sign where it rounds to nothing ('0 kr', never
    '+0 kr' or '−0 kr')."""
    t = translator(lang)
    for nothing in (0.0, -0.0, 0.4, -0.4):
        assert t.signed_kr(nothing) == t.kr(0), (lang, nothing)
    assert t.signed_kr(1936) == "+" + t.kr(1936)
    assert t.signed_kr(0.6) == "+" + t.kr(1)
    assert t.signed_kr(-900) == t.kr(-900) and t.kr(-900).count("−") == 1


def test_directions():
    assert translator("ar").rtl and translator("fa").rtl
    assert not translator("da").rtl and not translator("en").rtl


def test_translations_are_used():
    assert translator("da")("line.basic_allowance") == "Grundydelse"
    assert "(grundydelse)" in translator("ar")("line.basic_allowance")
    assert "(grundydelse)" in translator("fa")("line.basic_allowance")
    assert translator("fa")("pdf.scan") != translator("en")("pdf.scan")


def test_every_public_parameter_has_a_label_and_a_unit():
    """The reform editor names each public parameter (RULES.md section 9) in the page's language: a label and
    a unit per path in params.po, and nothing else there but the editor's own words."""
    import datetime as dt

    from simulator.rules import rules_at
    public = {path for path, e in rules_at(dt.date(2014, 11, 1)).entries.items() if e.parameter.public}
    english = messages(CATALOGUE_DIR / DEFAULT / "params.po")
    wanted = {f"param.{path}.{part}" for path in public for part in ("label", "unit")}
    assert wanted <= set(english), sorted(wanted - set(english))
    editor = ("param.column.", "param.option", "param.help", "param.problem", "param.must_", "param.tax_sum",
              "param.yes", "param.no")
    others = {key for key in english if not key.startswith(editor)}
    assert others == wanted, sorted(others - wanted)


def test_the_reform_editor_speaks_the_language():
    import datetime as dt

    from ui.workbench import reform_editor
    t = translator("da")
    table = reform_editor.parameter_table(dt.date(2014, 11, 1), t)
    row = table.set_index("parameter").loc["allowance.basic.single"]
    assert row["label"] == t("param.allowance.basic.single.label") and "Grundydelse" in row["label"]
    assert row["unit"] == "kr. pr. dag" and row["status"] == t("status.law") and row["source"] == "UDL § 42 b"
    shown = reform_editor.shown_table(table, t)
    assert list(shown.columns)[:2] == [t("param.column.label"), t("param.column.path")]
    # English keeps the value's own source note
    english = reform_editor.parameter_table(dt.date(2014, 11, 1)).set_index("parameter")
    assert english.loc["allowance.basic.single", "source"] == "BEK nr. 1547/2013: satser 2014"  # Source.text


def test_the_reform_editor_says_what_a_value_must_be_in_the_language():
    import datetime as dt

    import pandas as pd

    from ui.workbench import reform_editor
    date = dt.date(2014, 11, 1)

    def problems(values, lang):
        table = reform_editor.parameter_table(date).assign(
            new_value=lambda f: [values.get(p, "") for p in f["parameter"]])
        return reform_editor.reform_from_table(pd.DataFrame(table), date, translator(lang))

    reform, said = problems({"offset.rate": "2", "tax.am_rate": "abc", "offset.income_base": "x",
                             "offset.deduct_transport": "ja", "allowance.child.max_full": "2.5"}, "en")
    assert reform == {}
    assert sorted(said) == sorted([
        f"{translator('en')('param.offset.rate.label')} (offset.rate): must be between 0 and 1 (got 2)",
        f"{translator('en')('param.tax.am_rate.label')} (tax.am_rate): type a number (got abc)",
        f"{translator('en')('param.offset.income_base.label')} (offset.income_base): type one of net, gross (got x)",
        f"{translator('en')('param.offset.deduct_transport.label')} (offset.deduct_transport): type true or false "
        "(got ja)",
        f"{translator('en')('param.allowance.child.max_full.label')} (allowance.child.max_full): must be a whole "
        "number (got 2.5)"])
    da = translator("da")
    reform, said = problems({"offset.rate": "2"}, "da")
    assert said == [da("param.problem", label=da("param.offset.rate.label"), path="offset.rate",
                       problem=da("param.must_range", low="0", high="1", value="2"))]
    reform, said = problems({"tax.income_tax_rate": "0,95"}, "da")
    assert reform == {} and said == [da("param.problem", label=da("param.tax.income_tax_rate.label"),
                                        path="tax.income_tax_rate", problem=da("param.tax_sum"))]
    assert problems({"offset.rate": "0,5"}, "da") == ({"offset.rate": 0.5}, [])
    en = translator("en")
    assert reform_editor.value_problem("offset.rate", 0.5, en) is None
    assert reform_editor.value_problem("offset.deduct_transport", True, en) is None
    assert reform_editor.value_problem("offset.income_base", "gross", en) is None
    assert reform_editor.value_problem("offset.rate", 2.0, da) == da(
        "param.problem", label=da("param.offset.rate.label"), path="offset.rate",
        problem=da("param.must_range", low="0", high="1", value="2"))


def test_every_problem_code_of_the_core_has_its_message():
    """Issue 17/20: each problem code the core raises (`ScenarioError.of`, `Invalid`, `said`) is a key
    `error.<code>` of the English errors.po, the one source of the English too; an unknown code fails loudly;
    errors.po holds no key the source never names."""
    import re

    from simulator.errors import ScenarioError, codes
    source = "\n".join(p.read_text(encoding="utf-8") for folder in ("simulator", "ui")
                       for p in (ROOT / folder).rglob("*.py"))
    raised = set(re.findall(r"""(?:ScenarioError\.of\([^,()]+,|Invalid\(|said\()\s*["']([\w.]+)["']""", source))
    assert len(raised) > 60 and raised <= codes(), sorted(raised - codes())
    english = messages(CATALOGUE_DIR / DEFAULT / "errors.po")
    # a header's problem with several names is `<code>_many` (caseload/reader.py `_header_problem`)
    quoted = set(re.findall(r'"([\w.]+)"', source))
    unnamed = [key for key in english if not {key, key[6:], key[6:].removesuffix("_many")} & quoted]
    assert unnamed == [], unnamed
    with pytest.raises(KeyError):
        ScenarioError.of("x", "no.such.code")


@pytest.mark.parametrize("lang", OTHERS)
def test_a_core_error_is_said_in_every_language_with_its_field_as_the_file_names_it(lang):
    from simulator.errors import ScenarioError, quoted
    t = translator(lang)
    error = ScenarioError.of("household.children", "between", low=0, high=12, got=quoted(14))
    assert str(error) == "household.children: must be between 0 and 12 (got 14)"
    said = error.message_in(t)
    assert said.startswith("household.children: ") and "must be" not in said and "{" not in said
    assert t.number(12) in said and "14" in said
    # a value described, not quoted, is described in the language too
    listed = ScenarioError.of("household.children", "whole", got=quoted([1, 2]))
    assert str(listed).endswith("(got a list of 2 items)")
    assert "a list of" not in listed.problem_in(t) and t.number(2) in listed.problem_in(t)


def test_a_caseload_header_is_said_in_the_language():
    from simulator.caseload import read_caseload
    from simulator.caseload.schema import CaseloadError
    with pytest.raises(CaseloadError) as caught:
        read_caseload(b"household_id,adults,castle\n1,1,x\n", name="bad.csv")
    english = str(caught.value)
    assert english.startswith("bad.csv: header (line 1): missing columns ") and "unknown column 'castle'" in english
    said = caught.value.message_in(translator("da"))
    assert said.startswith("bad.csv: overskriften (linje 1): kolonnerne ") and "ukendt kolonne 'castle'" in said


def test_the_reform_editor_shows_values_in_the_language():
    """Issue 17: a switch as the language's yes or no, a number in its number style and digits, in the table,
    in the field a picked point fills, and read back from either form."""
    import datetime as dt

    from ui.workbench import reform_editor
    da, fa, en = translator("da"), translator("fa"), translator("en")
    rows = reform_editor.parameter_table(dt.date(2014, 11, 1), da).set_index("parameter")["in_force"]
    assert (rows["offset.deduct_transport"], rows["praktik.transport_covered"]) == ("nej", "ja")
    assert (rows["tax.am_rate"], rows["allowance.basic.single"]) == ("0,08", "53,24")
    assert rows["offset.transport_deduction_cap_per_month"] == "1.000.000" and rows["offset.income_base"] == "net"
    farsi = reform_editor.parameter_table(dt.date(2014, 11, 1), fa).set_index("parameter")["in_force"]
    assert farsi["tax.am_rate"] == fa.number(0.08, 2) and "۰" in farsi["tax.am_rate"]
    assert farsi["offset.deduct_transport"] == fa("param.no")
    for t in (da, fa, en):
        for value in (0.08, 1500.5, 2, True, False, "gross", 1_000_000.0):
            assert reform_editor._parse(reform_editor.value_text(value, t), t) == value, (t.lang, value)
    assert reform_editor.value_text(0.08, da) == "0,08" and reform_editor.value_text(True, da) == "ja"
    assert reform_editor.value_text(0.08) == "0.08" and reform_editor.value_text(True) == "true"
    # typed as the page's language writes it, or as a file does
    assert reform_editor._parse("JA", da) is True and reform_editor._parse("false", da) is False
    assert reform_editor._parse("۰٫۵", fa) == 0.5 and reform_editor._parse("0.5", fa) == 0.5


def test_the_catalogue_check_finds_english_left_and_a_foreign_krone():
    """`make i18n-check` (tools/i18n_check.py): a message left as the English text, and a 'kr' in a language
    whose amounts say the krone in its own word."""
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    from i18n_check import krone_word, left_in_english
    assert left_in_english("Single adult", "Single adult")
    assert not left_in_english("Reform", "Reform") and not left_in_english("AM-bidrag", "AM-bidrag")
    assert not left_in_english("Enlig voksen", "Single adult")
    assert krone_word({"fmt.kr": "{amount} کرۆن"}) == "کرۆن" and krone_word({"fmt.kr": "{amount} kr"}) == "kr"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_problem_whose_value_is_named_key_is_said_in_every_language(lang):
    """A value named `key` (a YAML key given twice) reached the translator as its own argument `key`: the
    command line in Farsi said "the simulator failed (TypeError)" for a duplicated key."""
    from simulator.errors import ScenarioError
    error = ScenarioError.of("file.yaml", "yaml.key_twice", key="'a'")
    assert str(error) == "file.yaml: the key 'a' appears twice"
    said = error.message_in(translator(lang))
    assert said.startswith("file.yaml: ") and "'a'" in said and "{" not in said
