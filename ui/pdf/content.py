"""What the take-home PDF says, picked from a Result: the option the chart shows, its bars, the legal
sources behind the numbers, and option names made safe to print."""
from __future__ import annotations

import re

from simulator.i18n import Translator
from simulator.untrusted import one_line
from ui.pdf.chart import Bar
from ui.text import option_label

NAME_CHARS = 80   # an option's or a person's name is printed on one line, at most this long
_NUMBER_AND_UNIT = re.compile(r"(\d) (?=\w{1,3}\b)")   # '37 h': kept together by a no-break space


def literal(text: str, limit: int = NAME_CHARS) -> str:
    """Text from outside (a typed name, a link, a file) as printed: on one line, cut to `limit` characters,
    and isolated (U+2068 … U+2069) so that its own direction, taken from its first letter, neither
    reorders the sentence around it nor is reordered by it: 'Job (20 h)' and '[x](https://…)' read as typed
    on an Arabic page. The document prints it as plain text (no Markdown, no links)."""
    return "\u2068" + one_line(text, limit) + "\u2069"


def shown_name(name: str, t: Translator) -> str:
    """An option's name as printed: translated if it is the core's 'No work', else the counsellor's words
    (from a link or a file), printed literally; a number keeps its short unit on its line ('(37 h)')."""
    return literal(_NUMBER_AND_UNIT.sub("\\1\u00a0", option_label(name, t)))


def parameter_sources(result) -> list[tuple[list[str], str]]:
    """The legal citations (title and paragraph of each source) behind the parameters of every option's
    trace, grouped by the page they link to: a citation under its own address where it has one, else under
    its source's."""
    by_url: dict[str, list[str]] = {}
    for option in result.options:
        for step in option.trace:
            for use in step.parameters:
                if not use.source.href:
                    continue
                by_url.setdefault(use.source.href, [])
                for cite in use.source.cites:
                    cites = by_url.setdefault(cite.href or use.source.href, [])
                    text = cite.text.replace(" ", "\u00a0")   # a citation is never cut over two lines
                    if text not in cites:
                        cites.append(text)
    return list((cites, url) for url, cites in by_url.items())


def sources_line(result) -> str:
    """'UDL § 42 b stk. 14 – retsinformation.dk/…; …': every source, its citations before its address."""
    def short(url: str) -> str:
        return re.sub(r"^https?://(www\.)?", "", url)
    return "; ".join(f"{', '.join(cites)} – {short(url)}" if cites else short(url)
                     for cites, url in parameter_sources(result))


def chosen(result, name: str | None = None):
    """The option the chart shows: the one asked for, else the paid option leaving the most, else the last."""
    if name is not None:
        for option in result.options:
            if option.name == name:
                return option
    paid = [o for o in result.options if o.lines["gross_wage"] > 0]
    if paid:
        return max(paid, key=lambda o: o.disposable_income)
    return result.options[-1]


def bars(option, t: Translator, proposal=None) -> list[Bar]:
    """The option's budget as waterfall bars: allowances and wage in, tax, offset, rent and transport out,
    what is left; with `proposal` (the same option under a reform) a last bar for what it would leave."""
    lines = option.lines
    out, running = [], 0.0
    steps = [("pdf.chart.allowances", lines["allowances_before_offset"], "in")]
    if lines["gross_wage"] > 0:
        steps.append(("pdf.chart.wage", lines["gross_wage"], "in"))
    for key, amount in (("pdf.chart.tax", lines["labour_market_contribution"] + lines["income_tax"]),
                        ("pdf.chart.offset", lines["offset"]),
                        ("pdf.chart.charge", lines["accommodation_charge"]),
                        ("pdf.chart.housing", lines["housing_cost"]),
                        ("pdf.chart.transport", lines["transport"])):
        if amount > 0.005:
            steps.append((key, -amount, "out"))
    for key, amount, kind in steps:
        value = t.kr(amount) if key == "pdf.chart.allowances" else t.signed_kr(amount)
        out.append(Bar(t(key), running, running + amount, kind, value))
        running += amount
    out.append(Bar(t("pdf.chart.left"), 0.0, lines["disposable_income"], "left", t.kr(lines["disposable_income"])))
    if proposal is not None:
        out.append(Bar(t("pdf.chart.left_proposal"), 0.0, proposal.disposable_income, "proposal",
                       t.kr(proposal.disposable_income)))
    return out
