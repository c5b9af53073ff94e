"""The workbench's answer first: per chosen reform one card with the net cost to the state per year, the
households for whom work pays before and after, those for whom work no longer costs money, and one plain
sentence; under the cards the legal warnings the caseload draws (phase 3 and the others).

Pure: a typed caseload `Impact` and a translator in, HTML and text out. Reform titles come from files and
links, so every text is escaped. The cards reuse the counsellor page's card style (ui/cards.py, `kfk-`).
"""
from __future__ import annotations

from html import escape

from simulator import eligibility
from simulator.caseload import Impact, ReformImpact
from simulator.caseload import warning_lines as warning_lines  # the CLI's report says them too
from simulator.i18n import Translator
from simulator.periods import whole_kroner
from ui.cards import CARD_CSS, kr_html

# A reform's card is wider than an option's: its sentence is long.
WB_CSS = "<style>.wb-answer {grid-template-columns: repeat(auto-fill, minmax(min(100%, 24rem), 1fr));}</style>"


def _n(t: Translator, x: float | None) -> str:
    return "—" if x is None else t.number(x)


def _kr(t: Translator, x: float | None) -> str:
    return "—" if x is None else t("fmt.kr", amount=t.number(x))


def sentence(r: ReformImpact, households: float, t: Translator) -> str:
    """One plain sentence: what the reform costs (or saves) a year and for how many work pays and no longer
    costs money."""
    cost = r.net_cost_per_year.value or 0.0
    shown = whole_kroner(cost)
    key = ("wb.answer_sentence_cost" if shown > 0 else "wb.answer_sentence_saves" if shown < 0
           else "wb.answer_sentence_free")
    return t(key, reform=r.title, amount=_kr(t, abs(cost)), before=_n(t, r.work_pays_law.value),
             after=_n(t, r.work_pays_reform.value), no_longer=_n(t, r.no_longer_costs.value),
             total=_n(t, households))


def card_html(r: ReformImpact, households: float, t: Translator) -> str:
    """One reform's card: its title, the net cost per year (big), work pays before → after, no longer costs
    money, and the sentence. The raw figures ride along as data attributes (for tests and scripts)."""
    cost = r.net_cost_per_year.value
    data = (f' data-reform="{escape(r.name)}" data-net-cost-per-year="{cost}"'
            f' data-work-pays-law="{r.work_pays_law.value}" data-work-pays-reform="{r.work_pays_reform.value}"'
            f' data-no-longer-costs="{r.no_longer_costs.value}"')
    return (f'<div class="kfk-card wb-card"{data}>'
            f"<h3>{escape(r.title)}</h3>"
            f'<p class="kfk-period">{escape(t("wb.answer_cost"))}</p>'
            f'<p class="kfk-amount">{"—" if cost is None else kr_html(t, cost)}</p>'
            f'<p class="kfk-delta">{escape(t("wb.answer_work_pays", before=_n(t, r.work_pays_law.value), after=_n(t, r.work_pays_reform.value)))}</p>'  # noqa: E501
            f'<p class="kfk-delta">{escape(t("wb.answer_no_longer", n=_n(t, r.no_longer_costs.value)))}</p>'
            f"<p>{escape(sentence(r, households, t))}</p>"
            "</div>")


def answer_html(result: Impact, t: Translator) -> str:
    """The cards of every reform of `result`, on the counsellor page's card grid."""
    cards = "".join(card_html(r, result.weighted_households, t) for r in result.reforms)
    direction = "rtl" if t.rtl else "ltr"
    return (f'{CARD_CSS}{WB_CSS}<section class="kfk-answer wb-answer" dir="{direction}" lang="{t.lang}">'
            f"{cards}</section>")


def warnings_rows(result: Impact, t: Translator | None = None) -> list[dict]:
    """The warnings as raw rows for the exports: code, households, of, message (in the language), source."""
    cat = eligibility.catalogue()
    rows = []
    for code, households in result.warnings.items():
        message = cat.get(code, {}).get("message", code)
        if t is not None and t(f"warning.{code}") != f"warning.{code}":
            message = t(f"warning.{code}")
        rows.append({"code": code, "households": households, "of": result.weighted_households,
                     "message": message, "source": cat.get(code, {}).get("source", "")})
    return rows


def losers_text(r: ReformImpact, result: Impact, t: Translator) -> str:
    """Who loses under the reform and by how much (the mean and the median loss, in the view's period)."""
    everyone = next((g for g in r.groups if g.by == "all"), None)
    losers = r.losers.value or 0.0
    if everyone is None or round(losers) == 0:
        return t("wb.no_losers", reform=r.title)
    period = t(f"period.{result.period}")
    return t("wb.losers", reform=r.title, n=_n(t, losers), total=_n(t, result.weighted_households),
             mean=_kr(t, abs(everyone.mean_change_losers or 0.0)),
             median=_kr(t, abs(everyone.median_change_losers or 0.0)), period=period)
