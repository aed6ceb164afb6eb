"""The repayment agreement PDF, parsed back with pypdf: the borrower's Chinese name, the number,
the plan rows and totals to the minor unit, an embedded font, a draft that never prints as
signed, a watermark over every page's content, and each term's two languages on one page."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import math
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from sqlalchemy import select

from app.agreements import approve, draft_plan, gather_document, sign
from app.agreements.document import AgreementDocument, DocumentRow
from app.errors import ValidationError
from app.models import Agreement, AgreementStatus, Case, CaseStatus, User
from app.money import fmt
from reports.agreement import _terms, render_agreement
from reports.base import FONT
from tests.office_day import office_today

START = dt.date(2027, 1, 15)


def _doc(status: AgreementStatus, count: int = 3, **changes) -> AgreementDocument:
    amounts = [123_456] * (count - 1) + [123_459]
    doc = AgreementDocument(
        agreement_no="AG-2026-000042",
        status=status,
        kind="instalment_plan",
        office_name="惠普金融 · 示范营业部",
        lender_name="惠普金融信息服务有限公司",
        lender_address="北京市东城区东长安街 1 号",
        lender_phone="010-12345678",
        currency="CNY",
        borrower_name="张伟",
        borrower_id_masked="110105********8020",
        loan_no="LN00000016",
        product_zh="信用贷款",
        product_en="Credit loan",
        principal=5_000_000,
        disbursed_on=dt.date(2025, 5, 5),
        case_no="C2026-000003",
        debt=sum(amounts) + 50_000,
        settled=sum(amounts),
        waiver=50_000,
        drafted_on=dt.date(2026, 11, 30),
        signed_on=dt.date(2026, 12, 1) if status is AgreementStatus.ACTIVE else None,
        rows=tuple(
            DocumentRow(k, dt.date(2027 + (k - 1) // 12, (k - 1) % 12 + 1, 15), a)
            for k, a in enumerate(amounts, start=1)
        ),
        generated_at=dt.datetime(2026, 11, 30, 6, tzinfo=dt.UTC),
        supersedes="AG-2026-000007",
    )
    return dataclasses.replace(doc, **changes)


def _pdf(doc: AgreementDocument, **kw) -> tuple[bytes, PdfReader, str]:
    buf = io.BytesIO()
    render_agreement(doc, buf, **kw)
    reader = PdfReader(io.BytesIO(buf.getvalue()))
    return buf.getvalue(), reader, "\n".join(p.extract_text() for p in reader.pages)


def _fonts(reader: PdfReader) -> list[tuple[str, bool]]:
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = descendant.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile2", "/FontFile3")
            )
            found.append((str(font["/BaseFont"]), embedded))
    return found


def _plan_rows(text: str) -> list[tuple[int, str, int]]:
    """(seq, due date, minor units) of every plan row printed."""
    rows = []
    for seq, day, amount in re.findall(r"^(\d+)\s+(\d{4}-\d\d-\d\d)\s+([\d,]+\.\d\d)$", text, re.M):
        rows.append((int(seq), day, int(amount.replace(",", "").replace(".", ""))))
    return rows


def _total(text: str) -> int:
    match = re.search(r"Total\s*([\d,]+\.\d\d)", text)
    assert match, text
    return int(match[1].replace(",", "").replace(".", ""))


def test_signed_agreement_holds_the_parties_plan_and_totals(tmp_path: Path) -> None:
    doc = _doc(AgreementStatus.ACTIVE, count=45)  # two plan tables: the header repeats
    data, reader, text = _pdf(doc, as_signed=True)
    assert "张伟" in text and "110105********8020" in text
    assert "AG-2026-000042" in text and "惠普金融信息服务有限公司" in text
    assert "还款协议" in text and "Repayment agreement" in text
    rows = _plan_rows(text)
    assert rows == [(r.seq, f"{r.due_on:%Y-%m-%d}", r.amount) for r in doc.rows]
    assert _total(text) == doc.settled == sum(r.amount for r in doc.rows)
    assert "双方已于 2026-12-01 签署" in text and "Signed by both parties on 2026-12-01" in text
    assert "AG-2026-000007" in text  # what it replaces
    assert "DRAFT" not in text and "草稿" not in text and "BREACHED" not in text
    assert "as the payment plan above sets out" in text and "乙方将按上列还款计划" in text
    # The footer, as the rest of the document, in both languages.
    last = len(reader.pages)
    assert f"第 {last} 页，共 {last} 页 Page {last} of {last}" in reader.pages[-1].extract_text()
    fonts = _fonts(reader)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    (tmp_path / "signed.pdf").write_bytes(data)


@pytest.mark.parametrize("status", [AgreementStatus.DRAFT, AgreementStatus.APPROVED])
def test_an_unsigned_agreement_never_prints_as_signed(status: AgreementStatus) -> None:
    doc = _doc(status, signed_on=dt.date(2026, 12, 1))  # even with a date somehow set
    with pytest.raises(ValidationError, match="only a signed agreement"):
        _pdf(doc, as_signed=True)
    _, _, text = _pdf(doc)
    assert "Signed by both parties" not in text and "2026-12-01" not in text
    if status is AgreementStatus.DRAFT:
        assert "DRAFT — not valid for signature" in text and "草稿 — 不可用于签署" in text
    else:
        assert "DRAFT" not in text


def test_a_breached_agreement_says_so_and_that_its_waiver_lapsed() -> None:
    _, _, text = _pdf(_doc(AgreementStatus.BREACHED, signed_on=dt.date(2026, 12, 1)))
    assert "BREACHED — an instalment was not paid in full; any waiver has lapsed" in text
    assert "已违约 — 有一期未足额还款；减免不再适用" in text


def test_a_settlement_prints_its_single_payment_and_the_waiver() -> None:
    doc = _doc(
        AgreementStatus.APPROVED,
        kind="settlement",
        rows=(DocumentRow(1, dt.date(2026, 12, 14), 900_000),),
        settled=900_000,
        debt=1_200_000,
        waiver=300_000,
        supersedes=None,
    )
    _, _, text = _pdf(doc)
    assert _plan_rows(text) == [(1, "2026-12-14", 900_000)]
    assert "3,000.00" in text and "in one payment by 2026-12-14" in text


def test_the_printed_plan_matches_the_database(demo_db, tmp_path: Path) -> None:
    with demo_db.session(write_lock=True) as s:
        sup = s.scalar(select(User).where(User.username == "supervisor"))
        busy = select(Agreement.case_id).where(
            Agreement.status.in_([AgreementStatus.DRAFT, AgreementStatus.APPROVED])
        )
        case = s.scalars(
            select(Case)
            .where(Case.status != CaseStatus.CLOSED, Case.id.not_in(busy))
            .order_by(Case.id)
        ).first()
        today = office_today()  # the office's (Shanghai's), not this computer's
        a = draft_plan(
            s, sup, case.case_no, count=7, start=today + dt.timedelta(days=9), today=today
        )
        number = a.agreement_no
        with pytest.raises(ValidationError, match="only a signed agreement"):
            gather_document(s, sup, number, as_signed=True)
        draft_doc = gather_document(s, sup, number)
        approve(s, sup, number, today=today)
        sign(s, sup, number, today, today=today)
        doc = gather_document(s, sup, number, as_signed=True)
        db_rows = [
            (i.seq, f"{i.due_on:%Y-%m-%d}", i.amount)
            for i in s.scalar(select(Agreement).where(Agreement.agreement_no == number)).instalments
        ]
        name = case.loan.borrower.name
    data, reader, text = _pdf(doc, as_signed=True)
    assert name in text and number in text
    # Every page's footer names the rule set in force (the office's, CN by default).
    assert doc.ruleset_versions and all(v.startswith("CN ") for v in doc.ruleset_versions)
    for page in reader.pages:
        assert f"规则集 {', '.join(doc.ruleset_versions)}" in page.extract_text()
    assert _plan_rows(text) == db_rows
    assert _total(text) == sum(r[2] for r in db_rows) == doc.settled
    assert fmt(doc.debt) in text
    path = tmp_path / "agreement.pdf"
    path.write_bytes(data)
    draft_data, _, draft_text = _pdf(draft_doc)
    assert "DRAFT" in draft_text
    if shutil.which("pdftoppm"):  # every page renders
        subprocess.run(["pdftoppm", "-png", "-r", "40", str(path), str(tmp_path / "p")], check=True)
        assert len(list(tmp_path.glob("p-*.png"))) == len(reader.pages)


# Operators that paint an area: a table's row shading, a filled box, an image or a form.
AREA_PAINT = {b"re", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"sh", b"Do"}


def _after_the_watermark(reader: PdfReader, number: int) -> list[bytes] | None:
    """The operators of page `number` after its translucent watermark starts (None: no
    watermark on that page)."""
    page = reader.pages[number]
    states = page["/Resources"].get("/ExtGState", {})
    faint = {name for name, state in states.items() if state.get_object().get("/ca", 1) < 1}
    ops = ContentStream(page.get_contents(), reader).operations
    for index, (operands, operator) in enumerate(ops):
        if operator == b"gs" and operands[0] in faint:
            assert all(states[n].get_object()["/ca"] <= 0.3 for n in faint)  # text shows through
            return [op for _, op in ops[index + 1 :]]
    return None


@pytest.mark.parametrize(
    ("status", "count"), [(AgreementStatus.DRAFT, 60), (AgreementStatus.CANCELLED, 12)]
)
def test_the_watermark_is_drawn_over_every_page(status: AgreementStatus, count: int) -> None:
    """A draft's or a cancelled agreement's mark is drawn after the page's tables, so no row
    shading covers it (a 60-row draft's second page, all plan rows, had none visible, and the
    C of CANCELLED was hidden under the plan); nothing but the header and footer follows it."""
    _, reader, _ = _pdf(_doc(status, count=count))
    assert len(reader.pages) >= 2
    for number in range(len(reader.pages)):
        after = _after_the_watermark(reader, number)
        assert after is not None, f"page {number + 1} has no watermark"
        assert after.count(b"Tj") >= 2  # its two lines (then the header and the footer)
        assert not AREA_PAINT & set(after), (number + 1, sorted(AREA_PAINT & set(after)))


def test_a_signed_agreement_has_no_watermark() -> None:
    _, reader, _ = _pdf(_doc(AgreementStatus.ACTIVE), as_signed=True)
    assert all(_after_the_watermark(reader, n) is None for n in range(len(reader.pages)))


@pytest.mark.parametrize("pagesize", [A4, landscape(A4)])
@pytest.mark.parametrize(
    "lines",
    [("草稿", "DRAFT"), ("已取消", "CANCELLED"), ("已被取代并取消", "SUPERSEDED AND CANCELLED")],
)
def test_the_watermark_fits_the_page_in_either_language(lines, pagesize) -> None:
    """Both lines, turned 45°, stay inside the page with a margin: a long word is set smaller."""
    from reports.watermark import MARK_LEADING, MARK_SIZE, watermark_size

    size = watermark_size(lines, pagesize)
    widest = max(stringWidth(line, FONT, size) for line in lines)
    span = (widest + len(lines) * size * MARK_LEADING) / math.sqrt(2)
    assert span <= min(pagesize) - 2 * 20 * mm + 0.01
    assert 30 <= size <= MARK_SIZE
    if lines[1] == "CANCELLED":
        assert size == MARK_SIZE  # a short word is not shrunk


@pytest.mark.parametrize("count", [1, 4, 6, 10, 41, 49])
def test_a_term_and_its_translation_are_on_one_page(count: int) -> None:
    """Each term's Chinese line and its English are kept together: with these plan lengths the
    page used to end between them (the demo's AG-2026-000043: term 2's English on page 2)."""
    doc = _doc(AgreementStatus.DRAFT, count=count)
    _, reader, _ = _pdf(doc)
    pages = [page.extract_text().replace("\n", "") for page in reader.pages]
    assert len(pages) >= 2
    for n, (zh, en) in enumerate(_terms(doc), start=1):
        on_zh = [k for k, text in enumerate(pages) if f"{n}. {zh[:6]}" in text]
        on_en = [k for k, text in enumerate(pages) if en[:30] in text]
        assert len(on_zh) == 1 and on_zh == on_en, (n, on_zh, on_en)


@pytest.mark.parametrize("address", ["", "北京市东城区东长安街 1 号"])
def test_both_parties_sign_on_one_level(address: str) -> None:
    """Found by QA: with no lender address, Party A's signature and date lines sat a line above
    Party B's (whose masked ID takes a line more)."""
    _bytes, reader, _text = _pdf(_doc(AgreementStatus.ACTIVE, lender_address=address))
    found: list[tuple[str, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: object) -> None:
        if text.strip() in ("Seal and signature", "Signature", "Date"):  # where on the page
            found.append((text.strip(), round(cm[4] + tm[4]), round(cm[5] + tm[5])))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    seal = [y for t, _x, y in found if t == "Seal and signature"]
    sign_ = [y for t, _x, y in found if t == "Signature"]
    dates = sorted({(x, y) for t, x, y in found if t == "Date"})
    assert len(seal) == len(sign_) == 1 and seal == sign_
    assert len(dates) == 2 and dates[0][1] == dates[1][1] and dates[0][0] < dates[1][0]


def test_a_long_office_name_gives_way_in_the_page_header(tmp_path) -> None:
    """QA: a 100-character office name ran over the header's right-hand text and off the page;
    now it is cut with "…" where it would, and the title stays whole."""
    from reports.base import fitted

    name = "惠普金融信息服务有限公司北京市东城区东长安街示范营业部" * 4
    _, reader, text = _pdf(_doc(AgreementStatus.ACTIVE, office_name=name))
    heads = [
        line for line in text.splitlines() if line.endswith("… · 还款协议 Repayment agreement")
    ]
    assert len(heads) == len(reader.pages) and name not in text
    room = 100 * mm
    cut = fitted(name, " · 还款协议", room)
    assert cut.endswith("… · 还款协议") and stringWidth(cut, FONT, 8) <= room
    assert fitted("营业部", " · 还款协议", room) == "营业部 · 还款协议"  # room enough: whole
