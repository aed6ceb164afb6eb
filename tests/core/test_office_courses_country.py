"""A new office's legal-compliance course names its own country's law: a UK office's the FCA's
CONC 7 and UK GDPR, a US office's the FDCPA and Regulation F, in English and Chinese; a Chinese
office's keeps the Civil Code and personal information protection."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import Course
from app.office import create_office


def _law_course(db, jurisdiction: str, zone: str, currency: str) -> tuple[str, str]:
    with db.session() as s:
        create_office(
            s,
            name="Office",
            admin_username="admin",
            admin_password="pw-admin-1",
            jurisdiction=jurisdiction,
            timezone=zone,
            currency=currency,
        )
    with db.sessions() as s:
        law = s.scalar(select(Course).where(Course.code == "LAW"))
        return law.name_en, law.name_zh


@pytest.mark.parametrize(
    ("jurisdiction", "zone", "currency", "en_law", "zh_law"),
    [
        ("uk", "Europe/London", "GBP", "FCA CONC 7", "FCA CONC 第 7 章"),
        ("us", "America/New_York", "USD", "FDCPA", "FDCPA"),
    ],
)
def test_a_uk_or_us_office_trains_in_its_own_law(
    db, jurisdiction, zone, currency, en_law, zh_law
) -> None:
    name_en, name_zh = _law_course(db, jurisdiction, zone, currency)
    assert en_law in name_en and "Civil Code" not in name_en
    assert zh_law in name_zh and "民法典" not in name_zh


def test_a_chinese_office_keeps_the_civil_code_course(db) -> None:
    name_en, name_zh = _law_course(db, "cn", "Asia/Shanghai", "CNY")
    assert name_en == "Legal compliance (Civil Code, personal information protection)"
    assert name_zh == "法律合规（含民法典与个人信息保护）"
