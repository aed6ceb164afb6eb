"""The repayment agreement (还款协议) as a bilingual PDF: Chinese first, English under it.

The status decides the copy: a draft carries a DRAFT watermark and heading, a cancelled one a
CANCELLED watermark, a breached one a notice that its waiver has lapsed, an approved one prints
clean for signing with empty date lines, and only terms that were signed show their signing date
(a cancelled or superseded copy of signed terms too). Nothing here can make a draft print as
signed.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from app.agreements.document import AgreementDocument, refuse_signed_copy
from app.i18n import listed, tr
from app.id_labels import id_label
from app.labels import AGREEMENT_STATUS
from app.models import AgreementStatus
from app.money import fmt
from reports.agreement_plan import plan_tables
from reports.agreement_words import EN, ZH, both, heading
from reports.base import (
    BOTH,
    FONT,
    PageInfo,
    build_pdf,
    styles,
)
from reports.cjk import Paragraph
from reports.kit import kept_on
from reports.watermark import RED, watermark

BLANK = "_" * 44  # a line to write on by hand
WATERMARK = {AgreementStatus.DRAFT: "DRAFT", AgreementStatus.CANCELLED: "CANCELLED"}  # msgids


def _borrower(doc: AgreementDocument) -> str:
    """Party B's name, or (their personal data erased) when they were erased, in both languages."""
    if doc.borrower_erased_on is None:
        return doc.borrower_name
    zh, en = both("Personal data erased on {date}", date=doc.borrower_erased_on.isoformat())
    return f"{zh}<br/>{en}"


def _money(doc: AgreementDocument, minor: int) -> tuple[str, str]:
    amount = fmt(minor)
    if doc.currency == "CNY":
        return f"{amount} 元", f"CNY {amount}"
    return f"{doc.currency} {amount}", f"{doc.currency} {amount}"


def _pair(zh: str, en: str) -> str:
    """A value in both languages, written once when the two are the same (USD 12,000.00)."""
    return zh if zh == en else f"{zh} / {en}"


def _id_label(doc: AgreementDocument) -> str:
    """The borrower's ID number as the office's country names it (the number is masked)."""
    return heading(id_label(doc.id_country, "masked"))


def _status(doc: AgreementDocument) -> tuple[str, str]:
    if doc.status is AgreementStatus.APPROVED and doc.ready:  # its drafter's step, no approval
        return both("ready for signing")
    return both(AGREEMENT_STATUS[doc.status.value])


def _facts_table(rows: list[tuple[str, str]], widths: tuple[float, float]) -> Table:
    cell = styles()["cell"]
    table = Table(
        [[Paragraph(k, cell), Paragraph(v, cell)] for k, v in rows],
        colWidths=list(widths),
    )
    table.hAlign = "LEFT"  # under its heading at the left margin, on US Letter too (wider)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eef2f6")),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1")),
            ]
        )
    )
    return table


def _terms(doc: AgreementDocument) -> list[tuple[str, str]]:
    money = {
        "debt": _money(doc, doc.debt),
        "settled": _money(doc, doc.settled),
        "waiver": _money(doc, doc.waiver),
    }
    first, last = doc.rows[0].due_on, doc.rows[-1].due_on
    terms = [
        both(
            "Party B acknowledges owing Party A {debt} under loan contract {loan} as of {date}.",
            debt=money["debt"],
            loan=doc.loan_no,
            date=f"{doc.debt_on or doc.drafted_on:%Y-%m-%d}",
        )
    ]
    if doc.kind == "settlement":
        terms.append(
            both(
                "Party B will pay {settled} in one payment by {date}.",
                settled=money["settled"],
                date=f"{last:%Y-%m-%d}",
            )
        )
    else:
        terms.append(
            both(
                "Party B will pay {settled} in {count} instalments, from {first} to {last}, "
                "as the payment plan above sets out.",
                settled=money["settled"],
                count=len(doc.rows),
                first=f"{first:%Y-%m-%d}",
                last=f"{last:%Y-%m-%d}",
            )
        )
    if doc.waiver > 0:
        terms.append(
            both(
                "When every payment is made in full and on time, Party A waives the remaining "
                "{waiver} and the loan is settled.",
                waiver=money["waiver"],
            )
        )
    else:
        terms.append(both("When every payment is made in full and on time, the loan is paid off."))
    terms += [
        both(
            "A payment counts on the day Party A receives it; payments go to the instalments in "
            "order, and paying early is allowed."
        ),
        both(
            "If an instalment is not paid in full by its due date, this agreement is breached: "
            "any waiver lapses and Party A may collect the whole debt under the loan contract, "
            "counting every payment made."
        ),
        both(
            "Party A collects lawfully and respects Party B's privacy and personal safety; "
            "Party B may raise any complaint with Party A or the regulator."
        ),
        both(
            "This agreement is made in two copies, one for each party, and takes effect when "
            "both parties have signed."
        ),
    ]
    if doc.supersedes:
        terms.append(both("This agreement replaces agreement {number}.", number=doc.supersedes))
    return terms


def _lender_contact(doc: AgreementDocument) -> list[str]:
    """Party A's address and phone; one the office left blank is a line to fill in by hand, not
    an empty line (the office is told where it prints: app.office_printed.missing_notice)."""
    lines = []
    for msgid, value in (("Address", doc.lender_address), ("Phone", doc.lender_phone)):
        if value.strip():
            lines.append(value)
        else:
            zh, en = both(msgid)
            lines.append(f"{zh} <font size=7 color='#555555'>{en}</font>：{BLANK}")
    return lines


def _signature_block(doc: AgreementDocument) -> Table:
    cell = styles()["cell"]
    date = f"{doc.signed_on:%Y-%m-%d}" if doc.was_signed and doc.signed_on else "______________"

    def party(title: str, name: str, extra: list[str], sign: str) -> list[Paragraph]:
        """Who (one row), then where they sign (the next): the two parties' signature lines
        level, however many lines each names them in."""
        who = [f"<b>{title}</b>", name, *(line for line in extra if line)]
        where = [sign, "<br/>______________________________", f"{heading('Date')}  {date}"]
        return [Paragraph("<br/>".join(who), cell), Paragraph("<br/>".join(where), cell)]

    lender = party(
        heading("Party A (lender)"),
        doc.lender_name,
        [doc.lender_address],
        heading("Seal and signature"),
    )
    borrower = party(
        heading("Party B (borrower)"),
        _borrower(doc),
        [f"{_id_label(doc)} {doc.borrower_id_masked}"],
        heading("Signature"),
    )
    rows = [[lender[0], borrower[0]], [lender[1], borrower[1]]]
    table = Table(rows, colWidths=[90 * mm, 90 * mm])
    table.hAlign = "LEFT"
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("BOX", (0, 0), (0, 1), 0.6, colors.HexColor("#444444")),
                ("BOX", (1, 0), (1, 1), 0.6, colors.HexColor("#444444")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 1), (-1, 1), 14),  # room between who and where to sign
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return table


def render_agreement(
    doc: AgreementDocument, out: Path | IO[bytes], *, as_signed: bool = False
) -> None:
    """Write the agreement's PDF; `as_signed` is refused for anything not signed."""
    if as_signed and not doc.is_signed:
        raise refuse_signed_copy(doc)
    s = styles()
    title_en = ParagraphStyle("title_en", parent=s["h2"], spaceBefore=0, textColor="#333333")
    warn = ParagraphStyle("warn", parent=s["h2"], textColor=RED, spaceBefore=2)
    status_zh, status_en = _status(doc)
    story: list[Flowable] = [
        Paragraph(tr("Repayment agreement", lang=ZH), s["title"]),
        Paragraph(tr("Repayment agreement", lang=EN), title_en),
        Paragraph(
            "  ·  ".join(
                (
                    f"{tr('Agreement number', lang=ZH)} {tr('Agreement number', lang=EN)}: "
                    f"<b>{doc.agreement_no}</b>",
                    f"{tr('Status', lang=ZH)} {tr('Status', lang=EN)}: {status_zh} {status_en}",
                )
            ),
            s["body"],
        ),
    ]
    if doc.is_draft:
        zh, en = both("DRAFT — not valid for signature")
        story.append(Paragraph(f"{zh}<br/>{en}", warn))
    elif doc.status is AgreementStatus.CANCELLED:
        zh, en = both("CANCELLED — no longer in force")
        said = []  # when, and what replaced it: what the reader asks next
        if doc.cancelled_on is not None:
            said.append(both("Cancelled on {date}.", date=f"{doc.cancelled_on:%Y-%m-%d}"))
        if doc.superseded_by:
            said.append(both("Replaced by agreement {number}.", number=doc.superseded_by))
        if said:
            zh += "<br/>" + "".join(z for z, _e in said)
            en += ". " + " ".join(e for _z, e in said)
        story.append(Paragraph(f"{zh}<br/>{en}", warn))
    elif doc.status is AgreementStatus.BREACHED:
        zh, en = both("BREACHED — an instalment was not paid in full; any waiver has lapsed")
        story.append(Paragraph(f"{zh}<br/>{en}", warn))
    story.append(Spacer(1, 3 * mm))

    story.append(kept_on(Paragraph(heading("The parties"), s["h2"])))
    story.append(
        _facts_table(
            [
                (
                    heading("Party A (lender)"),
                    "<br/>".join([doc.lender_name, *_lender_contact(doc)]),
                ),
                (heading("Party B (borrower)"), _borrower(doc)),
                (_id_label(doc), doc.borrower_id_masked),
            ],  # fmt: skip
            (45 * mm, 135 * mm),
        )
    )
    story.append(kept_on(Paragraph(heading("The loan and the debt"), s["h2"])))
    product = _pair(doc.product_zh, doc.product_en)
    debt, settled, waiver = (_pair(*_money(doc, x)) for x in (doc.debt, doc.settled, doc.waiver))
    principal = _pair(*_money(doc, doc.principal))
    story.append(
        _facts_table(
            [
                (heading("Loan contract"), f"{doc.loan_no} · {product}"),
                (
                    heading("Principal and disbursement"),
                    f"{principal} · {doc.disbursed_on:%Y-%m-%d}",
                ),
                (heading("Debt being settled"), debt),
                (heading("Agreed amount"), f"<b>{settled}</b>"),
                (heading("Waiver"), waiver),
            ],  # fmt: skip
            (45 * mm, 135 * mm),
        )
    )

    story.append(kept_on(Paragraph(heading("Payment plan"), s["h2"])))
    story += plan_tables(doc)

    # English wraps at spaces: the CJK line breaker is slow on long Latin text.
    english = ParagraphStyle(
        "terms_en", parent=s["small"], leftIndent=9, spaceAfter=4, wordWrap=None,
        textColor="#444444",
    )  # fmt: skip
    for n, (zh, en) in enumerate(_terms(doc), start=1):
        # A term and its translation on one page: a reader compares them line by line. The
        # heading goes with the first (on US Letter it was left alone at the foot of a page).
        term = [Paragraph(f"{n}. {zh}", s["body"]), Paragraph(en, english)]
        head = [Paragraph(heading("Terms"), s["h2"])] if n == 1 else []
        story.append(KeepTogether([*head, *term]))
    story.append(Spacer(1, 6 * mm))
    signatures: list[Flowable] = [Paragraph(heading("Signatures"), s["h2"])]
    if doc.was_signed and doc.signed_on:  # a cancelled copy of signed terms too
        zh, en = both("Signed by both parties on {date}.", date=f"{doc.signed_on:%Y-%m-%d}")
        signatures.append(Paragraph(f"{zh} {en}", s["body"]))
        signatures.append(Spacer(1, 2 * mm))
    signatures.append(_signature_block(doc))
    story.append(KeepTogether(signatures))

    info = PageInfo(
        f"{tr('Repayment agreement', lang=ZH)} {tr('Repayment agreement', lang=EN)}",
        doc.office_name,
        f"{doc.agreement_no} · {status_zh} {status_en}",
        doc.generated_at,
        BOTH,
        # One list for both languages' footers: the labels are Latin ("CN 2026.1").
        listed(doc.ruleset_versions, EN) or None,
    )
    mark = WATERMARK.get(doc.status)
    build_pdf(out, story, info, paper=doc.paper, over_page=watermark(both(mark)) if mark else None)
