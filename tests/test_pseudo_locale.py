"""Nothing English where the user chose another language: with the pseudo-language `qps` (every catalogue
message wrapped in ⸨ ⸩, simulator.i18n.enable_pseudo) each view is rendered and every text a user sees
must come from the catalogue — what is left once the wrapped messages are taken out may only be numbers,
punctuation, the names the user typed (or a link carried) and what the page quotes from outside (the
link, file names)."""
from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from simulator import i18n, load_scenario, simulate
from simulator.i18n import PSEUDO
from tests.cli_runner import in_process
from ui import share

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
SEED = ROOT / "scenarios" / "single-man-2014-commuter.yaml"
EXAMPLES = tuple(p.name for p in (ROOT / "scenarios").glob("*.yaml"))   # file names, as they are
WRAPPED = re.compile("⸨[^⸨⸩]*⸩")
# What may stand outside a message: numbers in any digits, signs, brackets, punctuation, the kr symbol
# the charts' number format carries, and an emoji the page puts before its privacy note.
ALLOWED = re.compile(r"^[\u2066-\u2069\s\d.,:;!?()\[\]{}+\-−–—=×÷/%'\"“”«»·…↳|#*_⚠️🔒️]*$")


@pytest.fixture(scope="module", autouse=True)
def pseudo():
    i18n.enable_pseudo()
    yield
    i18n.LANGUAGES.pop(PSEUDO, None)


def leftover(text: str, typed: tuple[str, ...] = ()) -> str:
    """`text` without the catalogue's messages (innermost first, as messages hold messages) and without the
    names a user typed; what remains must be ALLOWED. Markdown's escapes are undone first."""
    text = text.replace("\\", "")
    for name in typed + tuple(map(i18n.language_label, i18n.LANGUAGES)) + tuple(i18n.LANGUAGES.values()):
        text = text.replace(name, " ")
    while True:
        stripped = WRAPPED.sub(" ", text)
        if stripped == text:
            return re.sub(r"\b(?:min|max)\(", "(", text)   # a formula's functions, as mathematics writes them
        text = stripped


def foreign(texts, typed: tuple[str, ...] = ()) -> list[str]:
    return sorted({t for t in texts if t and not ALLOWED.match(leftover(t, typed))})


def page_texts(at: AppTest) -> list[str]:
    """Every text the page shows: headings, paragraphs, captions, alerts, labels, options, tabs, expanders,
    buttons and the answer's HTML (tags taken out)."""
    out = []
    for kind in ("markdown", "caption", "header", "subheader", "title", "info", "warning", "error", "success"):
        out += [e.value for e in getattr(at, kind)]
    for kind in ("radio", "selectbox", "toggle", "checkbox", "number_input", "text_input", "date_input",
                 "button", "multiselect", "slider"):
        for widget in getattr(at, kind):
            out.append(widget.label)
            if getattr(widget, "help", None):
                out.append(widget.help)
            if kind in ("radio", "selectbox", "multiselect"):
                out += [str(o) for o in widget.options]
    out += [t.label for t in at.tabs] + [e.label for e in at.expander]
    for h in at.html:
        body = re.sub(r"<style>.*?</style>", " ", h.proto.body, flags=re.S)
        body = re.sub(r'<div class="kfk-link".*?</div>', " ", body, flags=re.S)   # a share link: an address, not words
        out.append(html.unescape(re.sub(r"<[^>]+>", " ", body)))
    return out


def test_the_pseudo_language_wraps_every_message():
    t = i18n.translator(PSEUDO)
    assert t("result.no_work") == "⸨No work⸩"
    assert leftover(t("results.vs_no_work", amount=t.signed_kr(-1700))) == " "


def test_the_counsellors_page_is_all_from_the_catalogue():
    seed = load_scenario(SEED)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({k: v for k, v in share.encode(seed, "month", PSEUDO).items()})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    typed = tuple(o.name for o in seed.options) + ("Krone for Krone",) + EXAMPLES
    assert foreign(page_texts(at), typed) == []
    # the proposal on: its notices and the second column of every card
    at.toggle[0].set_value(True).run()
    assert not at.exception
    assert foreign(page_texts(at), typed) == []


def test_what_a_tampered_link_ignored_is_all_from_the_catalogue():
    """Issue 17: the notes on a link read in part are the catalogue's messages, each wrapped; only the link's
    own text (between bidi isolates) stands inside them as it came."""
    link = {"a": "7", "c": "x", "hc": "-5", "o": ["broken", "Y|j:3:20:150:0", "Z|j:0:20:9e9:0"], "zz": "1",
            "r.offset.rate": "5", "r.unknown.path": "1", "v": "9", "p": "year", "lang": PSEUDO}
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(link)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    notes = [line for w in at.warning for line in w.value.split("\n") if line.startswith("- ")]
    assert len(notes) == 11, notes
    for line in notes:
        # what came from the link, taken out: the rest is messages only, and the note itself is one
        text = re.sub("\u2068[^\u2068\u2069]*\u2069", " ", line.replace("\\", ""))
        assert re.fullmatch(r"- ⸨.*⸩", text), line
        assert ALLOWED.match(leftover(text)), line
    assert foreign(page_texts(at), ("Krone for Krone",) + EXAMPLES) == []


def test_what_the_page_simplified_is_all_from_the_catalogue():
    """The page's own notes on a scenario it simplifies (ui/state.py, app.py) are wrapped messages too."""
    scenario = load_scenario(ROOT / "scenarios" / "family-own-housing.yaml")
    doubled = scenario.options[0].model_copy(update={"work": scenario.options[0].work * 2})
    scenario = scenario.model_copy(update={"options": [doubled]})
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(share.encode(scenario, "month", PSEUDO))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.info and all(line.startswith("⸨") or line.startswith("- ⸨") for line in at.info[0].value.split("\n")
                           if line)
    assert foreign([e.value for e in at.info], (doubled.name,)) == []


def test_the_pdf_and_the_csv_are_all_from_the_catalogue():
    from pypdf import PdfReader

    from ui.page import charts
    from ui.pdf.resident import build_pdf
    seed = load_scenario(SEED)
    law = simulate(seed, reform={})
    t = i18n.translator(PSEUDO)
    pdf = build_pdf(seed, law, PSEUDO, "https://example.org/?v=1", reform=simulate(seed, reform={
        "offset.deduct_transport": True}))
    front = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    typed = tuple(o.name for o in seed.options) + ("https://example.org/?v=1",)
    # the legal sources are Danish citations and addresses, printed as they are: up to the next message
    front = re.sub(re.escape(t("pdf.sources")) + ":.*?(?=⸨)", " ", front)
    assert foreign([front], typed) == []
    table = charts.results_table({"law": law}, t)
    assert foreign(list(table.columns), typed) == []
    assert foreign([str(v) for v in table.iloc[:, :2].to_numpy().ravel()], typed) == []


def test_the_cli_says_everything_from_the_catalogue():
    run = in_process("run", SEED, "--lang", PSEUDO)   # the pseudo-language is on in this process (`pseudo`)
    assert run.returncode == 0, run.stderr
    seed = load_scenario(SEED)
    typed = tuple(o.name for o in seed.options) + (seed.title,)
    assert foreign(run.stdout.splitlines(), typed) == [], run.stdout


# The command's own names, which the user types as they are: the program, its commands, its options and the
# choices they take (argparse lists them in braces).
_COMMAND_WORDS = re.compile(r"python -m simulator|(?<![\w-])--?[a-z][\w-]*|\{[^{}⸨⸩]*\}"
                            r"|\b(?:run|sweep|caseload|schema)\b")


def cli_text(text: str) -> str:
    """What the command printed, on one line (argparse wraps its help inside a message), without the command's
    own names."""
    return _COMMAND_WORDS.sub(" ", " ".join(text.split()))


def test_the_cli_explains_and_sweeps_from_the_catalogue():
    """Issue 17: the table with every step explained, and a sweep (its JSON keys are the contract, in
    English), with nothing on stderr."""
    from tests.cli_runner import in_process

    seed = load_scenario(SEED)
    typed = tuple(o.name for o in seed.options) + (seed.title,)
    explained = in_process("run", SEED, "--explain", "--lang", PSEUDO)
    assert explained.returncode == 0 and explained.stderr == "", explained.stderr
    assert foreign(explained.stdout.splitlines(), typed) == [], explained.stdout
    swept = in_process("sweep", SEED, "--lang", PSEUDO)
    assert swept.returncode == 0 and swept.stderr == "" and json.loads(swept.stdout)["rows"]


CASELOAD = ROOT / "scenarios" / "caseload" / "caseload-2014.csv"


def _weighted(tmp_path: Path) -> Path:
    """The default caseload with every household standing for 2.5 (its weight): the report says what they
    stand for."""
    import csv

    rows = list(csv.DictReader(io.StringIO(CASELOAD.read_text(encoding="utf-8"))))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows({**row, "weight": "2.5"} for row in rows)
    path = tmp_path / "weighted.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@pytest.mark.parametrize("args", [
    ("{caseload}", "--reform", "taper-50", "--reform", "transport-deduction"),
    ("{bad}", "--reform", "disregard-1000", "--period", "14d"),
    ("{weighted}", "--reform", "taper-50"),
    ("{caseload}", "--frontier", "offset.transport_deduction_cap_per_month=0:2000:3", "--reform", "taper-50"),
    ("{caseload}", "--frontier", "offset.rate=0.1:1:4"),
], ids=lambda a: " ".join(a[1:]))
def test_the_caseload_report_and_frontier_are_all_from_the_catalogue(tmp_path, args):
    """Issue 17: `caseload --reform` and `caseload --frontier` without --json/--csv: every heading, label,
    sentence and unit from the catalogue. What stands as it came: the reform names typed on the command
    line, the parameters' paths (as --frontier takes them), the legal sources (citations), and what the
    skipped rows quote from the file."""
    from simulator import eligibility
    from simulator.rules import parameters
    from tests.cli_runner import in_process

    paths = {"caseload": str(CASELOAD), "bad": str(_bad_caseload(tmp_path)), "weighted": str(_weighted(tmp_path))}
    proc = in_process("caseload", *(a.format(**paths) for a in args), "--lang", PSEUDO)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) > 5 and lines[0].startswith("⸨"), proc.stdout
    if "{weighted}" in args:
        assert lines[1] == i18n.translator(PSEUDO)("cli.caseload.weighted", n="3,945"), lines[:3]
    names = ("taper-50", "transport-deduction", "disregard-1000")
    identifiers = tuple(sorted(parameters(), key=len, reverse=True))        # longest first
    citations = tuple(sorted({w["source"] for w in eligibility.catalogue().values()}, key=len, reverse=True))
    typed = names + identifiers + citations + _FROM_FILE + (paths["bad"],)
    assert foreign(lines, typed) == [], "\n".join(leftover(line, typed) for line in lines)


@pytest.mark.parametrize("args", [("--help",), ("run", "--help"), ("sweep", "--help"), ("caseload", "--help"),
                                  ("schema", "--help")], ids=" ".join)
def test_the_cli_help_is_all_from_the_catalogue(args):
    from tests.cli_runner import in_process

    proc = in_process(*args, "--lang", PSEUDO)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    text = cli_text(proc.stdout)
    assert "⸨" in text and foreign([text]) == [], leftover(text)


@pytest.mark.parametrize("args,field", [
    (("run", "{children}"), "household.children"),
    (("run", "{children}", "--explain"), "household.children"),
    (("sweep", "{seed}", "--points", "1"), "--points"),
    (("run", "{seed}", "--reform", "no-such-reform"), "--reform"),
    (("run", "{missing}"), "{missing}"),
    (("sweep", "{missing}", "--csv"), "{missing}"),
    (("run", "{seed}", "--period", "year"), "--period"),
    (("caseload", "{seed}", "--frontier", "offset.rate"), "--frontier"),
    (("run",), None),
], ids=lambda v: " ".join(v) if isinstance(v, tuple) else str(v))
def test_the_cli_refuses_in_words_of_the_catalogue(tmp_path, args, field):
    """Issue 17: a bad field, a bad --points, an unknown reform, a missing file, a usage error: one line on
    stderr, the field as the file or the command names it, the rest from the catalogue."""
    from tests.cli_runner import in_process

    children = tmp_path / "children.yaml"
    children.write_text(SEED.read_text(encoding="utf-8").replace("children: 0", "children: 14"), encoding="utf-8")
    paths = {"children": str(children), "seed": str(SEED), "missing": str(tmp_path / "no-such.yaml")}
    proc = in_process(*(a.format(**paths) for a in args), "--lang", PSEUDO)
    assert proc.returncode == 2 and proc.stdout == "" and proc.stderr.count("\n") == 1, proc
    line = proc.stderr.rstrip("\n")
    if field is not None:
        field = field.format(**paths)
        assert line.startswith(f"{field}: ⸨"), line
        line = line[len(field) + 1:]
    assert foreign([cli_text(line)]) == [], leftover(line)


def test_the_workbench_is_all_from_the_catalogue():
    """The reform editor too: each parameter's label, unit and status come from the catalogue; its path (the
    technical name a share link carries) and its legal source (a Danish citation, `UDL § 42 b stk. 14`)
    stand beside them as they are."""
    from simulator.rules import rules_at
    from ui.workbench import reform_editor
    seed = load_scenario(SEED)
    public = {path: e.parameter for path, e in rules_at(seed.date).entries.items() if e.parameter.public}
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({k: v for k, v in share.encode(seed, "month", PSEUDO).items()})
    at.run()
    at.radio(key="view").set_value("policy").run()
    assert not at.exception, [e.value for e in at.exception]
    typed = tuple(o.name for o in seed.options) + ("Krone for Krone",) + EXAMPLES
    identifiers = tuple(sorted(public, key=len, reverse=True))        # longest first: no path eats another
    citations = tuple(sorted({p.reference for p in public.values()}, key=len, reverse=True))
    assert foreign(page_texts(at), typed + identifiers) == []
    # parameters picked: their fields' labels and help (status and source)
    at.multiselect(key="wb_params").set_value(["offset.rate", "tax.am_rate", "offset.income_base"]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.text_input) >= 3
    assert foreign(page_texts(at), typed + identifiers + citations) == []
    # values it cannot use: each message in words of the catalogue (what was typed is quoted as it is)
    at.text_input(key="wb_value_offset.rate").set_value("2").run()
    at.text_input(key="wb_value_tax.am_rate").set_value("abc").run()
    at.text_input(key="wb_value_offset.income_base").set_value("x").run()
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert len(errors) == 3, errors
    assert foreign(errors, typed + identifiers) == []
    # a message fills in other messages, so a core's English text filled in would hide inside it: each part
    # is looked for as the catalogue's own
    t = i18n.translator(PSEUDO)
    said = " ".join(errors).replace("\\", "")
    for inner in (t("param.must_range", low="0", high="1", value="2"), t("param.must_number", value="abc"),
                  t("param.must_choice", choices="net, gross", value="x"), t("param.offset.rate.label")):
        assert inner in said, (inner, said)
    # a frontier range its parameter cannot take: said from the catalogue too
    at.selectbox(key="wb_frontier_param").set_value("offset.rate").run()
    at.number_input(key="wb_frontier_to").set_value(2.0).run()
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert len(errors) == 4, errors
    assert foreign(errors, typed + identifiers) == []
    frontier_error = [e for e in errors if t("wb.frontier_bad", problem="")[:-1] in e.replace("\\", "")]
    assert len(frontier_error) == 1 and t("param.must_range", low="0", high="1", value="2") in \
        frontier_error[0].replace("\\", ""), errors
    # the editor's table: its headings and every label, unit, status and source
    table = reform_editor.shown_table(reform_editor.parameter_table(seed.date, t), t)
    assert foreign(list(table.columns)) == []
    cells = [str(v) for c in ("label", "unit", "status", "source") for v in table[t(f"param.column.{c}")]]
    assert foreign(cells, citations) == []


def _bad_caseload(tmp_path: Path) -> Path:
    """The default caseload with a bad code on line 4, a bad number on line 5 and line 6's id again on line 7."""
    lines = (ROOT / "scenarios" / "caseload" / "caseload-2014.csv").read_bytes().splitlines(keepends=True)
    lines[3] = lines[3].replace(b",job,", b",castle,")
    cells = lines[4].split(b",")
    cells[14] = b"lots"                       # hours_per_week
    lines[4] = b",".join(cells)
    lines[6] = lines[5].split(b",", 1)[0] + b"," + lines[6].split(b",", 1)[1]
    path = tmp_path / "bad-rows.csv"
    path.write_bytes(b"".join(lines))
    return path


# What a skipped row's message quotes and names from the file, as the file must hold it: the column names,
# the codes a column takes, and the bad cells (quoted).
_FROM_FILE = ("'castle'", "'lots'", "'hh-0005'", "household_id", "hours_per_week", "kind",
              "job, paid_praktik, unpaid_praktik")


def test_the_workbenchs_skipped_rows_are_all_from_the_catalogue(tmp_path, monkeypatch):
    """Issue 17: the skipped rows' count, their problems on the page and in the PDF come from the catalogue."""
    from pypdf import PdfReader

    from simulator.caseload import caseload_impact, read_caseload
    from simulator.reforms import named
    from ui.pdf.caseload import build_caseload_pdf
    from ui.workbench import answer as workbench_answer
    from ui.workbench import caseload_view
    from ui.workbench import view as workbench

    path = _bad_caseload(tmp_path)
    monkeypatch.setattr(workbench, "DEFAULT_CASELOAD", path)
    seed = load_scenario(SEED)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update({k: v for k, v in share.encode(seed, "month", PSEUDO).items()})
    at.run()
    at.radio(key="view").set_value("policy").run()
    assert not at.exception, [e.value for e in at.exception]
    rows = [line for x in at.text for line in x.value.splitlines()]
    assert len(rows) == 3 and all(r.startswith("⸨") and r.count("⸨") == 2 for r in rows), rows
    assert foreign(rows, _FROM_FILE) == [], rows
    skipped = [w.value for w in at.warning if "3" in w.value]
    assert skipped and foreign(skipped) == [], skipped
    # the whole PDF: the count, the tables, the assumptions (issue 17: they were English) and the skipped rows
    t = i18n.translator(PSEUDO)
    reforms = named()
    result = caseload_impact(read_caseload(path), "2014-11-01", {"taper-50": reforms["taper-50"]})
    titles = {"law": t("chart.law"), "taper-50": reforms["taper-50"].title_in(PSEUDO)}
    result = caseload_view.with_titles(result, titles)
    pdf = build_caseload_pdf(result, caseload_view.labels_from(t), t("wb.heading"), t("wb.help"), t.number, PSEUDO,
                             workbench_answer.warning_lines(result, t))
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "⸨line 4, kind: ⸨must be one of" in text
    assert foreign([text], _FROM_FILE) == [], leftover(text, _FROM_FILE)
