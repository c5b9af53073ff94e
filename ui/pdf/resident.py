"""The resident's take-home PDF: one A4 page in their language, and on the back the same page in Danish for
the centre's staff (a Danish PDF is the one page).

The page holds the household in one line, the options side by side (left to live on, compared with no
work, from when the job pays), the waterfall of the chosen option as a chart, the eligibility warnings, the
assumptions with their effect, the date of the rules and the sources, and the share link as a QR code.
With a proposal (a reform) each option shows what the law in force leaves, what the proposal would leave
and the difference, and the proposal is named in plain words. It prints in black and white.

Every word comes from the catalogues (simulator/i18n/<lang>/pdf.po and results.po); fpdf2 shapes and orders the
Arabic and Farsi text (ui/pdf/document.py). Names typed by a user or carried by a link are printed as
literal text on one line.
"""
from __future__ import annotations

from simulator.i18n import Translator, review_status, translator
from simulator.models import NO_WORK
from simulator.result import Result
from ui.pdf.chart import GREY_LEFT, qr_code, qr_matrix, qr_size, waterfall
from ui.pdf.content import bars, chosen, literal, shown_name, sources_line
from ui.pdf.document import Cell, Document
from ui.reform_text import reform_description
from ui.sentences import adults_of, short_sentences, transport_covered
from ui.state import names_in
from ui.text import assumption_lines, date_text, household_line, warning_lines

__all__ = ["build_pdf", "chosen"]

STAFF_LANG = "da"
OPTIONS_PER_TABLE = 4   # more options continue in a second table below
LABEL_WIDTH = 96.0      # the row labels' column, points
TITLE_CHARS = 200       # a proposal's title is printed on one line, at most this long
MIN_SCALE = 0.5         # a page's type is never shrunk below half its size
FILL = 0.98             # how much of the page a side that had to shrink aims to fill


class _Side:
    """One side of the sheet in one language."""

    def __init__(self, doc: Document, scenario, law: Result, t: Translator, share_url: str, chart_option,
                 name: str | None, reform: Result | None, reform_title: str | None, back: bool):
        self.doc, self.scenario, self.law, self.t = doc, scenario, law, t
        self.share_url, self.chart_option, self.name, self.back = share_url, chart_option, name, back
        self.reform, self.reform_title = reform, reform_title
        self.period = t(f"period.{law.period}")
        self.adults = dict(zip((o.name for o in law.options), adults_of(scenario, law), strict=True))
        self.covered = transport_covered(law)
        # Options named by their inputs are named in this side's language (the staff read Danish names);
        # a name the counsellor typed is printed as typed.
        self.names = names_in(scenario, t.lang)

    def shown(self, option_name: str) -> str:
        return shown_name(self.names.get(option_name, option_name), self.t)

    def proposal(self, option_name: str):
        """The option under the proposal, or None without one."""
        if self.reform is None:
            return None
        return next((o for o in self.reform.options if o.name == option_name), None)

    def heading(self, text: str) -> None:
        self.doc.paragraph(text, 10.5, True, before=7, after=2)

    def draw(self) -> None:
        doc, t = self.doc, self.t
        doc.paragraph(t("pdf.title"), 15, True, after=1)
        if self.name:
            doc.paragraph(t("pdf.prepared_for", name=literal(self.name)), 10, True, after=1)
        doc.paragraph(t("pdf.intro", period=self.period, date=date_text(self.law.rules_date, t)))
        if not self.back and t.lang != STAFF_LANG:
            doc.paragraph(t("pdf.other_side"), 7.5, grey=GREY_LEFT)
        if self.back:
            doc.paragraph(t("pdf.staff_side"), 7.5, grey=GREY_LEFT)
        if review_status(t.lang) == "machine":   # no native speaker has read this language's words yet
            doc.paragraph(t("lang.machine").capitalize() + ".", 7.5, grey=GREY_LEFT)
        doc.paragraph(f"{t('pdf.household')}: {household_line(self.scenario, t)}", 9.5, True, before=5)
        if self.reform is not None:
            self.proposal_notice()
        self.heading(t("pdf.options"))
        self.option_tables()
        key = "pdf.chart.title_law" if self.reform is not None else "pdf.chart.title"
        self.heading(t(key, option=self.shown(self.chart_option.name), period=self.period))
        reference = self.law.options[0].disposable_income
        legend = [("in", t("pdf.chart.legend_in")), ("out", t("pdf.chart.legend_out")),
                  ("left", t("pdf.chart.legend_left"))]
        if self.reform is not None:
            legend.append(("proposal", t("pdf.chart.legend_proposal")))
        waterfall(doc, bars(self.chart_option, t, self.proposal(self.chart_option.name)), reference,
                  t("pdf.chart.no_work", amount=t.kr(reference)), legend, size=7.8)
        self.warnings()
        self.assumptions()
        self.footer()

    def proposal_notice(self) -> None:
        """The proposal in plain words, and that it is not the law."""
        doc, t = self.doc, self.t
        # The caller's title is in the resident's language; the staff's side names the changes in Danish.
        if self.reform_title and not self.back:
            title = literal(self.reform_title, TITLE_CHARS)
        else:
            title = reform_description(self.reform.reform, t)
        doc.paragraph(t("pdf.reform.notice", title=title), 9, True, before=4)
        doc.paragraph(t("pdf.reform.explain"), 8)

    def option_tables(self) -> None:
        doc, t, options = self.doc, self.t, self.law.options
        col_w = (doc.width - LABEL_WIDTH) / OPTIONS_PER_TABLE
        with_reform = self.reform is not None
        for start in range(0, len(options), OPTIONS_PER_TABLE):
            group = options[start:start + OPTIONS_PER_TABLE]
            labels = [t("pdf.row.option"), t("pdf.row.wage")]
            if with_reform:
                labels += [t("pdf.row.law", period=self.period), t("pdf.row.proposal"), t("pdf.row.difference"),
                           t("pdf.row.gain_law"), t("pdf.row.gain_proposal"), t("pdf.row.breakeven_law")]
            else:
                labels += [t("pdf.row.disposable", period=self.period), t("pdf.row.gain"), t("pdf.row.breakeven")]
            rows = [[Cell(label, 7.5, True, GREY_LEFT)] for label in labels]
            for o in group:
                proposal = self.proposal(o.name)
                cells = [Cell(self.shown(o.name), 8.5, True), Cell(t.kr(o.lines["gross_wage"]))]
                cells.append(Cell(t.kr(o.disposable_income), 12, True))
                if with_reform:
                    cells += [Cell(t.kr(proposal.disposable_income) if proposal else "", 12, True),
                              Cell(t.signed_kr(proposal.disposable_income - o.disposable_income)
                                   if proposal else "", 9.5, True)]
                cells.append(Cell("" if o.name == NO_WORK else t.signed_kr(o.gain), 9.5, True))
                if with_reform:
                    cells.append(Cell("" if o.name == NO_WORK or proposal is None
                                      else t.signed_kr(proposal.gain), 9.5, True))
                cells.append(Cell(" ".join(short_sentences(o, self.adults[o.name], t, self.covered, self.period)), 7.3))
                for row, cell in zip(rows, cells):
                    row.append(cell)
            marked = [i + 1 for i, o in enumerate(group) if o.name == self.chart_option.name]
            doc.table(rows, [LABEL_WIDTH] + [col_w] * len(group), marked=marked)
            doc.space(3)
        doc.paragraph(t("pdf.chosen_note"), 7, grey=GREY_LEFT)

    def warnings(self) -> None:
        doc, t = self.doc, self.t
        self.heading(t("pdf.warnings"))
        lines = [(o, w) for o in self.law.options for w in warning_lines(o, t)]
        if not lines:
            doc.paragraph(t("pdf.no_warnings"), 8)
        for o, w in lines:
            doc.paragraph(f"{self.shown(o.name)}: {w.text}", 8, after=1.5)

    def assumptions(self) -> None:
        doc, t, o = self.doc, self.t, self.chart_option
        items = assumption_lines(self.law.effects, o.name, t, current_gain=o.gain, period=self.law.period)
        if not items:
            return
        self.heading(t("pdf.assumptions"))
        doc.paragraph(t("pdf.assumptions_intro", option=self.shown(o.name)), 7.5, grey=GREY_LEFT, after=2)
        for item in items:
            doc.paragraph(f"{item.number}. {item.title}", 8, True)
            doc.paragraph(item.text, 7.3, after=0 if item.effect else 2.5)
            if item.effect:
                doc.paragraph(item.effect, 7.8, True, after=2.5)

    def footer(self) -> None:
        """The share link as a QR code beside the link, the date of the rules, the sources and the notice."""
        doc, t = self.doc, self.t
        doc.space(6)
        top = doc.y
        doc.rule(top)
        matrix = qr_matrix(self.share_url)
        size = qr_size(matrix)
        text_w = doc.width - size - 14
        x = doc.l_margin + (size + 14 if doc.rtl else 0)
        qr_x = doc.l_margin if doc.rtl else doc.l_margin + doc.width - size
        if matrix is not None:
            qr_code(doc, matrix, qr_x, top + 5, size)
        doc.y = top + 5
        doc.paragraph(t("pdf.scan"), 8.5, True, x=x, width=text_w)
        doc.paragraph(f"{t('pdf.link')}:", 7.3, x=x, width=text_w, before=1)
        doc.paragraph(self.share_url, 7, x=x, width=text_w, rtl=False, align="start")
        doc.paragraph(t("pdf.rules_date", date=date_text(self.law.rules_date, t)), 8, True, x=x, width=text_w,
                      before=3)
        doc.paragraph(f"{t('pdf.sources')}:", 7.3, True, x=x, width=text_w, before=2)
        # Legal citations are Danish: always left to right, aligned with the page.
        doc.paragraph(sources_line(self.law), 6.8, x=x, width=text_w, rtl=False, align="start")
        doc.paragraph(t("pdf.disclaimer"), 7.3, True, x=x, width=text_w, before=3)
        doc.y = max(doc.y, top + 5 + size)


def build_pdf(scenario, law: Result, lang: str, share_url: str, chosen_option: str | None = None,
              name: str | None = None, reform: Result | None = None, reform_title: str | None = None) -> bytes:
    """The take-home PDF: page 1 in `lang`, page 2 the same in Danish for staff (one page if `lang` is Danish).

    `law` is the result under the law in force. `chosen_option` names the option whose waterfall is drawn
    (default: the paid option leaving the most). `name` is printed only when given; it is never part of
    the link. With `reform` (the same scenario under a proposal) every option shows both results and their
    difference; `reform_title` names the proposal in `lang` (default: its changes in plain words).
    """
    option = chosen(law, chosen_option)
    front = translator(lang)
    sides = [front] + ([translator(STAFF_LANG)] if front.lang != STAFF_LANG else [])
    doc = Document(front.lang, front("pdf.title"))
    for k, t in enumerate(sides):
        scale = 1.0
        while True:
            doc.add_page()
            doc.use_language(t.lang)
            doc.scale = scale
            _Side(doc, scenario, law, t, share_url, option, name, reform, reform_title, back=k > 0).draw()
            used = (doc.y - doc.t_margin) / (doc.bottom - doc.t_margin)
            if used <= 1.0 or scale <= MIN_SCALE:
                break
            # Shrink, never spill: a side that ran over is laid out again smaller, until it fits its page.
            # Measured on the example households, the height goes with about scale ** 1.2 (fewer lines
            # wrap as the type shrinks; the widths stay): aim at 98 % of the page.
            doc.discard_page()
            scale = max(MIN_SCALE, scale * min(0.97, (FILL / used) ** (1 / 1.2)))
    return bytes(doc.output())
