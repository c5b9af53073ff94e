"""The page's text as HTML (ui/page/prose.py): whatever a text holds, it is shown as the letters it is; the
isolates around names stay, so a name cannot reorder its sentence; the style touches only the block's own
lines, never the cards and tables inside it."""
from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from simulator import load_scenario
from simulator.untrusted import isolated, one_line
from tests.test_app import SEED, open_page, untag
from tests.test_app import prose as page_text
from ui import share
from ui.page import prose

HOSTILE = '**bold** [click](https://evil.example) <img src=x onerror=alert(1)> &amp; <script>x</script>'


def test_a_hostile_text_is_shown_as_its_letters_in_every_part():
    made = [prose.heading(HOSTILE), prose.heading(HOSTILE, 3), prose.paragraphs([HOSTILE]),
            prose.paragraphs([HOSTILE], small=True), prose.paragraphs([HOSTILE], strong=True),
            prose.titled_list([(HOSTILE, HOSTILE)])]
    for fragment in made:
        assert "<img" not in fragment and "<script" not in fragment and "href" not in fragment
        assert HOSTILE in untag(fragment), fragment   # the reader sees exactly what was typed, '&amp;' included


@given(st.text(max_size=80))
def test_any_text_comes_back_as_the_letters_it_shows(value):
    """Every tag the module writes is its own: the text between them unescapes to the text given, without
    the characters that steer display (untrusted.one_line)."""
    fragment = prose.paragraphs([value])
    tags = re.findall(r"<[^>]+>", fragment)
    assert set(tags) <= {"<p>", "</p>"}
    assert html.unescape(re.sub(r"<[^>]+>", "", fragment)) == (one_line(value, 10_000, isolates=True)
                                                               if value else "")


def test_a_names_isolates_are_kept_and_other_steering_characters_dropped():
    name = isolated("عمل") + " \u202eevil\u202c"
    text = untag(prose.paragraphs([f"Job {name} pays"]))
    assert "\u2068عمل\u2069" in text and "\u202e" not in text and "\u202c" not in text


def test_empty_lines_make_no_paragraph_and_an_empty_list_no_list():
    assert prose.paragraphs(["", "one", ""]) == "<p>one</p>"
    assert prose.titled_list([]) == ""
    assert prose.block(prose.heading("A"), "") == '<div class="kfk-prose"><h2>A</h2></div>'


def test_the_style_touches_only_the_blocks_own_lines():
    """The answer's cards and the tables sit inside a block: their headings and paragraphs keep their own
    style (a descendant selector made a card's name as big as a section's heading)."""
    rules = [rule.strip() for rule in prose.PROSE_CSS.split("}") if rule.strip()]
    selectors = [s.strip() for rule in rules for s in rule.split("{")[0].split(",")]
    assert selectors and all(s.startswith(".kfk-prose > ") for s in selectors), selectors


def test_the_answer_is_one_element_with_the_household_its_heading_and_the_promise():
    """The household's line, the heading, the cards and what the tool keeps (nothing) are one element: each
    element a change sends delays the browser's update of the answer (issue 20)."""
    at = open_page()
    blocks = [text for text in page_text(at) if "Left to live on" in text or "per month" in text]
    answer = next(text for text in blocks if "What each choice leaves" in text)
    assert "One adult" in answer or "couple" in answer.lower()
    assert "Nothing you type is stored" in answer


def test_each_sections_heading_and_its_line_are_one_element():
    at = open_page()
    texts = page_text(at)
    for heading, line in [("Each choice in detail", "Shown: the law in force on"),
                          ("From when does work pay?", "What is left each"),
                          ("What this rests on", "Where the law does not settle"),
                          ("Share this scenario", "A page to take home")]:
        assert any(heading in text and line in text for text in texts), (heading, texts)


def test_one_paid_options_curve_is_named_under_its_heading_without_a_tab():
    """The seed has one paid option: its curve comes without a tab, so its name is said under the heading."""
    at = open_page(share.encode(load_scenario(SEED)))
    block = next(text for text in page_text(at) if "From when does work pay?" in text)
    assert "Part-time kitchen job in Copenhagen (20 h)" in block
    assert len(at.tabs) == 2   # the details' two tabs (no work, the job), none for the curve
