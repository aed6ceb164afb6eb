"""The documented columns of each import kind, in Chinese and English, and the template files.

The first name of each column is the English header, the second the Chinese one; the rest are
other spellings lenders use. Headers match ignoring case, spaces, '_', '-' and brackets, and a
unit in brackets after the name (交易金额（元）, 分数（分）: app.tabular.norm_header).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from app.errors import ValidationError
from app.i18n import SUPPORTED, tr
from app.tabular import BOOK_UNITS, SCORE_UNITS, norm_header


@dataclass(frozen=True)
class Column:
    key: str
    en: str
    zh: str
    aliases: tuple[str, ...] = ()
    required: bool = True
    example: str = ""
    # Names that say the column more precisely than its others: a file naming the column twice
    # is read from the header giving one of these (app.tabular.preferred_places).
    preferred: tuple[str, ...] = ()

    def header(self, lang: str) -> str:
        return self.zh if lang == "zh_CN" else self.en

    def names(self) -> tuple[str, ...]:
        return (self.key, self.en, self.zh, *self.aliases)


BORROWERS = (
    Column(
        "borrower_no", "borrower_no", "借款人编号", ("客户编号", "客户号"), example="B2026000001"
    ),
    Column("name", "name", "姓名", ("借款人姓名", "客户姓名", "借款人"), example="张伟"),
    Column(
        "id_number",
        "id_number",
        "身份证号",
        (
            "身份证号码",
            "证件号码",
            "证件号",
            "national_id",
            "id_no",
            "resident_id",
            "ssn",
            "ni_number",
            "nino",
        ),
        example="11010519491231002X",
    ),
    Column(
        "mobile",
        "mobile",
        "手机号",
        ("手机号码", "手机", "联系电话", "phone"),
        example="13812345678",
    ),
    Column("segment", "segment", "客群", ("客户类型", "客户群"), False, "young"),
    Column(
        "address", "address", "地址", ("家庭住址", "居住地址", "住址"), False, "朝阳区建国路88号"
    ),
    Column("city", "city", "城市", ("市",), False, "北京市"),
    # A UK lender's county and a US lender's state are where a Chinese one writes the province.
    Column("province", "province", "省份", ("省", "county", "state"), False, "北京市"),
    Column(
        "postcode",
        "postcode",
        "邮编",
        ("post code", "postal code", "zip", "zip code", "邮政编码"),
        False,
        "100020",
    ),
    Column("employer", "employer", "工作单位", ("单位", "公司"), False, "北京某某科技有限公司"),
    # Where the borrower lives, for their quiet hours (IANA Area/City); empty: the office's
    # zone (US, UK) or the one the resident ID's region keeps (China).
    Column(
        "timezone",
        "timezone",
        "时区",
        ("time_zone", "time zone", "tz", "所在时区"),
        False,
        "Asia/Shanghai",
    ),
    # One person related to the borrower (app/importer/related.py): a guarantor, a relative …
    Column(
        "related_name",
        "related_name",
        "联系人姓名",
        ("related person", "contact name", "紧急联系人", "紧急联系人姓名", "关联人姓名", "联系人"),
        False,
        "李强",
    ),
    Column(
        "relation",
        "relation",
        "联系人关系",
        ("relationship", "与借款人关系", "紧急联系人关系", "关联人关系", "关系"),
        False,
        "担保人",
    ),
    Column(
        "related_phone",
        "related_phone",
        "联系人电话",
        ("contact phone", "联系人手机", "联系人手机号", "紧急联系人电话", "关联人电话"),
        False,
        "13987654321",
    ),
)

LOANS = (
    Column(
        "loan_no", "loan_no", "贷款编号", ("借据号", "合同编号", "贷款号"), example="L2026000001"
    ),
    Column(
        "borrower_no", "borrower_no", "借款人编号", ("客户编号", "客户号"), example="B2026000001"
    ),
    Column("product", "product", "产品", ("贷款产品", "产品代码"), example="PCL"),
    Column("principal", "principal", "本金", ("贷款金额", "放款金额", "金额"), example="12,000.00"),
    Column("annual_rate", "annual_rate", "年利率", ("年化利率", "利率", "rate"), False, "12.5%"),
    Column("term_months", "term_months", "期数", ("贷款期限", "期限", "term"), False, "12"),
    Column("disbursed_on", "disbursed_on", "放款日期", ("放款日", "起息日"), example="2026-01-15"),
    Column("first_due_on", "first_due_on", "首期还款日", ("首次还款日",), False, "2026-02-15"),
    Column(
        "schedule_type",
        "schedule_type",
        "还款方式",
        ("repayment", "还款类型"),
        False,
        "equal_instalment",
    ),
    Column(
        "home_visit_consent",
        "home_visit_consent",
        "同意上门",
        ("上门", "同意上门催收", "上门催收"),
        False,
        "是",
    ),
    Column(
        "third_party_consent", "third_party_consent", "同意联系第三方", ("第三方",), False, "否"
    ),
)

SCHEDULE = (
    Column(
        "loan_no", "loan_no", "贷款编号", ("借据号", "合同编号", "贷款号"), example="L2026000001"
    ),
    Column("seq", "seq", "期次", ("期号", "第几期", "instalment"), example="1"),
    Column("due_on", "due_on", "应还日期", ("还款日", "到期日"), example="2026-02-15"),
    Column("principal", "principal", "应还本金", ("本金",), example="945.60"),
    Column("interest", "interest", "应还利息", ("利息",), example="125.00"),
    Column("fee", "fee", "费用", ("手续费", "应还费用"), False, "0.00"),
)

PAYMENTS = (
    Column(
        "loan_no", "loan_no", "贷款编号", ("借据号", "合同编号", "贷款号"), example="L2026000001"
    ),
    Column(
        "paid_on", "paid_on", "还款日期", ("交易日期", "入账日期", "日期"), example="2026-02-14"
    ),
    Column("amount", "amount", "还款金额", ("金额", "交易金额"), example="1,070.60"),
    Column(
        "reference", "reference", "流水号", ("交易流水号", "参考号", "ref"), example="TX20260214001"
    ),
    Column("method", "method", "还款方式", ("支付方式", "渠道"), False, "transfer"),
)

TRAINING = (
    Column(
        "agent",
        "agent",
        "用户名",
        ("催收员", "员工", "username"),
        example="agent01",
        preferred=("用户名", "username"),  # the training export's, beside the agent's name
    ),
    Column("course", "course", "课程", ("课程代码", "course code"), example="LAW"),
    Column(
        "date",
        "date",
        "日期",
        # 最近培训日期 / Last taken: the training export's (app/export_kinds.py)
        ("培训日期", "最近培训日期", "taken on", "taken_on", "last taken"),
        example="2026-03-01",
    ),
    Column("score", "score", "分数", ("成绩", "得分"), example="86"),
    Column("trainer", "trainer", "培训师", ("讲师",), False, "王老师"),
    Column(
        "evidence", "evidence", "证明", ("备注", "evidence note", "notes"), False, "证书 2026-017"
    ),
)

KINDS: dict[str, tuple[Column, ...]] = {
    "borrowers": BORROWERS,
    "loans": LOANS,
    "schedule": SCHEDULE,
    "payments": PAYMENTS,
    "training": TRAINING,
}


# The example row of a US or a UK office's template: its own ID number, mobile, currency and
# place (the columns' examples above are a Chinese office's). Keys missing here keep those.
_ENGLISH_WORDS = {"home_visit_consent": "yes", "third_party_consent": "no"}
EXAMPLES: dict[str, dict[str, dict[str, str]]] = {
    "US": {
        "borrowers": {
            "name": "John Smith",
            "id_number": "123-45-6789",
            "mobile": "(212) 555-0134",
            "address": "12 Main St",
            "city": "New York",
            "province": "NY",
            "postcode": "10001",
            "employer": "Acme Corp",
            "timezone": "America/New_York",
            "related_name": "Mary Smith",
            "relation": "guarantor",
            "related_phone": "(212) 555-0187",
        },
        "loans": {"principal": "$12,000.00", **_ENGLISH_WORDS},
        "payments": {"amount": "$1,070.60"},
        "training": {"trainer": "J. Brown", "evidence": "Certificate 2026-017"},
    },
    "GB": {
        "borrowers": {
            "name": "Oliver Brown",
            "id_number": "AB 12 34 56 C",
            "mobile": "07911 123456",
            "address": "3 London Road",
            "city": "Leeds",
            "province": "West Yorkshire",
            "postcode": "LS6 2AB",
            "employer": "Acme Ltd",
            "timezone": "Europe/London",
            "related_name": "Emma Brown",
            "relation": "guarantor",
            "related_phone": "07912 345678",
        },
        "loans": {"principal": "£12,000.00", **_ENGLISH_WORDS},
        "payments": {"amount": "£1,070.60"},
        "training": {"trainer": "J. Brown", "evidence": "Certificate 2026-017"},
    },
}


# A US or UK borrower's number may be a landline, or missing (app/importer/phone_cell.py): the
# template heads that column "phone", a name the import reads as its own, with a note in a
# workbook saying so. A Chinese office's borrowers each have a mobile.
_PHONE = {"mobile": ("phone", "联系电话")}
HEADERS: dict[str, dict[str, dict[str, tuple[str, str]]]] = {
    "US": {"borrowers": _PHONE},
    "GB": {"borrowers": _PHONE},
}


def column_note(country: str, kind: str, key: str, lang: str) -> str:
    """The note a template's header cell carries in a workbook, or ''."""
    if country in ("US", "GB") and kind == "borrowers" and key == "mobile":
        return tr(
            "A mobile or a landline number (a landline is kept as a home number, which cannot "
            "receive SMS); leave the cell empty if the borrower has no number.",
            lang,
        )
    return ""


def header_unit(kind: str) -> re.Pattern[str]:
    """The units a header of `kind` may carry in brackets: the training list's score in 分
    (points); the loan book's 元, % and months, where 分 would be fen (app.tabular)."""
    return SCORE_UNITS if kind == "training" else BOOK_UNITS


def own_export_names(kind: str) -> frozenset[str]:
    """The headers of Casedesk's own export of `kind`'s list, in either language, as norm_header
    reads them: a column of it the import does not read (the training export's Overall, Status,
    Valid until, the agent's name beside the user name) is derived from what it does read, so it
    is passed over without a "Not read" note (QA s47 O #3). Empty for the other kinds."""
    if kind != "training":
        return frozenset()
    from app.export_office_lists import TRAINING_HEADERS

    unit = header_unit(kind)
    return frozenset(norm_header(tr(h, lang), unit) for h in TRAINING_HEADERS for lang in SUPPORTED)


def columns(kind: str) -> tuple[Column, ...]:
    try:
        return KINDS[kind]
    except KeyError:
        raise ValidationError(
            "Unknown import kind {kind}; choose one of: {choices}.",
            kind=kind,
            choices=list(KINDS),
        ) from None


# A template's sheet, named in its language as the import dialog names the kind (QA s47: the
# Chinese templates' sheets were "borrowers", "loans"…). The import reads whichever sheet's
# header names the most columns, whatever its name (app/importer/sheet.py best_sheet).
SHEET_TITLES = {
    "borrowers": "Borrowers",
    "loans": "Loans",
    "schedule": "Schedule",
    "payments": "Payments",
    "training": "Training records",
}


def sheet_title(kind: str, lang: str) -> str:
    """The template's sheet name: the kind in English (as before), in Chinese its own word."""
    return tr(SHEET_TITLES[kind], "zh_CN") if lang == "zh_CN" else kind


def write_template(kind: str, path: Path, lang: str = "en", country: str = "CN") -> Path:
    """An import file with the header row in `lang` and one example row (.xlsx or .csv), as an
    office of `country` (CN, US, GB: app.country_data.office_country) writes it."""
    cols = columns(kind)
    own_headers = HEADERS.get(country, {}).get(kind, {})
    header = [
        own_headers[c.key][lang == "zh_CN"] if c.key in own_headers else c.header(lang)
        for c in cols
    ]
    own = EXAMPLES.get(country, {}).get(kind, {})
    example = [own.get(c.key, c.example) for c in cols]
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        import openpyxl
        from openpyxl.comments import Comment
        from openpyxl.styles import Font

        from app.xlsx_save import save_book

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = sheet_title(kind, lang)
        sheet.append(header)
        for col, cell in zip(cols, sheet[1], strict=True):
            cell.font = Font(bold=True)
            note = column_note(country, kind, col.key, lang)
            if note:
                cell.comment = Comment(note, "Casedesk", 90, 320)
        for i, value in enumerate(example, start=1):
            cell = sheet.cell(row=2, column=i, value=value)
            cell.number_format = "@"  # text: ID numbers and numbers keep every digit
            letter = cell.column_letter
            sheet.column_dimensions[letter].width = max(12, len(header[i - 1]) * 2 + 4)
        save_book(book, path)
    elif suffix == ".csv":
        # utf-8-sig: Excel opens it as UTF-8 (Chinese headers intact) because of the BOM.
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerow(example)
    else:
        raise ValidationError("A template is a .csv or .xlsx file, not {file}.", file=path.name)
    return path
