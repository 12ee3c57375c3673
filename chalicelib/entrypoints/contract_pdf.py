"""The contract as a PDF, in the reader's language: Arabic shaped and right to left.

fpdf2 lays the text out and shapes it with HarfBuzz (``uharfbuzz``), its own Unicode bidi
algorithm orders mixed runs (a Latin name or a phone number inside an Arabic line). The font is
Amiri (Arabic and Latin), vendored under the SIL Open Font License in ``chalicelib/fonts``.
fpdf2 is imported on the first PDF only, so no other request pays for it at a cold start.
The delivery code is never in the PDF: the document may be shown to others.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from chalicelib import i18n
from chalicelib.domain.catalog import Language
from chalicelib.entrypoints.render import delivery_said, label, where
from chalicelib.services.contracts import Deal, cancellation_terms

FONTS = Path(__file__).resolve().parents[1] / "fonts"
FAMILY = "Amiri"
MARGIN_MM = 18
LINE_MM = 7
LRM = "\u200e"


class _Writer:
    """Lines and headings in one direction, in the reader's words."""

    def __init__(self, language: Language) -> None:
        from fpdf import FPDF

        self.language = language
        self.rtl = language is Language.AR
        pdf = FPDF(format="A4")
        pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        pdf.set_auto_page_break(auto=True, margin=MARGIN_MM)
        pdf.add_font(FAMILY, "", str(FONTS / "Amiri-Regular.ttf"))
        pdf.add_font(FAMILY, "B", str(FONTS / "Amiri-Bold.ttf"))
        # The page's direction is the reader's; each run's script is found by the bidi pass,
        # so Arabic written into a French contract (a name, a dish) is shaped too.
        pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if self.rtl else None)
        pdf.set_lang(language.value)
        pdf.add_page()
        self.pdf = pdf

    def t(self, message: str, **values: Any) -> str:
        return i18n.say(self.language, message, **values)

    def money(self, amount: Decimal) -> str:
        return i18n.money(amount, self.language)

    def label(self, kind: str, code: str) -> str:
        return label(self.language, kind, code)

    def heading(self, text: str, size: int = 14) -> None:
        self.pdf.ln(2)
        self.pdf.set_font(FAMILY, "B", size)
        self._cell(text, LINE_MM + 2)

    def line(self, text: str) -> None:
        self.pdf.set_font(FAMILY, "", 11)
        self._cell(text, LINE_MM)

    def fact(self, name: str, value: str) -> None:
        self.line(f"{name}: {value}")

    def contacts(self, phone: str, email: str) -> str:
        """A left-to-right mark before the phone keeps its ``+`` in front in an Arabic line."""
        return f"{LRM}{phone} · {email}"

    def _cell(self, text: str, height: float) -> None:
        self.pdf.multi_cell(0, height, text, align="R" if self.rtl else "L", new_x="LMARGIN")

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def contract_pdf(deal: Deal, language: Language) -> bytes:
    """The contract both parties keep: the terms, the price and its milestones, both parties."""
    c, terms, w = deal.contract, deal.contract.terms, _Writer(language)
    title = w.t("Contract: %(title)s", title=terms.title)
    w.pdf.set_title(title)
    w.pdf.set_creator("Walima")
    w.heading(title, 18)
    w.line(w.t("Agreed %(when)s", when=i18n.moment(c.created_at, language)))

    w.heading(w.t("Price and payments"))
    w.fact(w.t("Price for the whole event"), w.money(c.amount))
    if c.per_guest is not None:
        w.fact(w.t("Per guest"), w.money(c.per_guest))
    w.fact(w.t("Deposit"), w.t("%(num)s percent of the price", num=c.deposit_percent))
    for milestone in c.milestones:
        state = w.t("Due")
        if milestone.method is not None and milestone.paid_at is not None:
            state = w.t(
                "Paid (%(method)s), %(when)s",
                method=w.label("payment_method", milestone.method),
                when=i18n.moment(milestone.paid_at, language),
            )
        name = w.label("milestone", milestone.kind)
        w.fact(name, f"{w.money(milestone.amount)} · {state}")

    w.heading(w.t("Organizer"))
    w.line(c.organizer.name)
    w.line(w.contacts(c.organizer.phone, c.organizer.email))
    w.heading(w.t("Caterer"))
    w.line(c.caterer.business_name or c.caterer.name)
    w.line(w.contacts(c.caterer.phone, c.caterer.email))

    w.heading(w.t("What was agreed"))
    w.fact(w.t("Event"), w.label("event_type", terms.event_type))
    w.fact(w.t("Date"), i18n.day(terms.event_date, language))
    w.fact(w.t("Province"), where(w.language, terms))
    w.fact(w.t("Venue"), terms.venue)
    if terms.lot is None:
        w.fact(w.t("Guests"), i18n.number(terms.guests, language))
    if terms.delivery is not None:
        w.fact(w.t("Delivery"), delivery_said(language, terms.delivery))
    w.fact(w.t("Service"), w.label("service_style", terms.service_style))
    if terms.dietary:
        dietary = ", ".join(w.label("dietary", d) for d in terms.dietary)
        w.fact(w.t("Dietary needs"), dietary)
    if terms.lot is not None:
        w.heading(terms.lot.title, 12)
        prices = terms.unit_prices or (None,) * len(terms.lot.items)
        for item, price in zip(terms.lot.items, prices, strict=True):
            each = f" · {w.money(price)}" if price is not None else ""
            w.line(f"• {item.name}: {item.quantity} {w.label('unit', item.unit)}{each}")
    elif terms.menu:
        w.heading(w.t("Menu"), 12)
        for dish in terms.menu:
            w.line(f"• {dish}")
    if terms.proposal:
        w.heading(w.t("The caterer's proposal"), 12)
        w.line(terms.proposal)
    w.heading(w.t("Cancellation"))
    w.line(cancellation_terms(language))
    return w.output()
