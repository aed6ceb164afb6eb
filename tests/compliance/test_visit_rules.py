"""Visit rules that read the booking and the reader: visit_consent judges the booking's record of
the borrower's agreement and consent to enter; a public holiday is named in the reader's
language, its country in words, also when the finding is read back from storage."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from app.compliance import Severity, check, shipped_ruleset
from app.compliance.holidays import country_name, holiday_name
from app.compliance.model import finding_text
from app.models import VerdictKind
from tests.compliance.util import at, ctx, finding, severities, visit

CN, UK, US = (shipped_ruleset(j) for j in ("cn", "uk", "us"))
SH = "Asia/Shanghai"
AGREED = "No record that the borrower agreed to this visit."
ENTER = "No record that the borrower consents to the agents entering the home."
CLAUSE = "The loan contract has no home-visit clause."
HOLIDAY = "{date} is a public holiday in {country} ({holiday})."


@pytest.mark.parametrize(
    ("action_kw", "context_kw", "messages"),
    [
        ({}, {}, []),
        ({"visit_borrower_agreed": False}, {}, [AGREED]),
        ({"visit_consent_to_enter": False}, {}, [ENTER]),
        ({"visit_borrower_agreed": False, "visit_consent_to_enter": False}, {}, [AGREED, ENTER]),
        ({}, {"home_visit_consent": False}, [CLAUSE]),
    ],
)
def test_visit_consent_reads_the_booking_and_the_contract(action_kw, context_kw, messages) -> None:  # type: ignore[no-untyped-def]
    verdict = check(visit(at("10:00", SH), **action_kw), ctx(**context_kw), CN)
    found = [f.message for f in verdict.findings if f.rule == "visit_consent"]
    assert found == messages
    assert verdict.kind is (VerdictKind.NEEDS_OVERRIDE if messages else VerdictKind.ALLOWED)


def test_visit_consent_takes_each_rule_sets_severity() -> None:
    action = visit(at("10:00", "Europe/London"), visit_consent_to_enter=False)
    assert severities(check(action, ctx("Europe/London"), UK))["visit_consent"] == Severity.WARNING
    # The US set has no consent rule for visits.
    assert "visit_consent" not in severities(check(action, ctx("America/New_York"), US))


def test_every_consent_message_is_in_chinese() -> None:
    for message in (AGREED, ENTER, CLAUSE):
        assert finding_text(message, {}, "zh_CN") != message


def test_a_holiday_reads_in_the_readers_language_also_from_storage() -> None:
    verdict = check(visit(at("10:00", SH, dt.date(2027, 1, 1))), ctx(), CN)
    found = finding(verdict, "public_holidays")
    assert found.params["country"] == "CN"  # stored as the code, put in words when read
    assert found.text("zh_CN") == "2027-01-01 是中国的法定节假日（元旦）。"
    assert found.text("en") == "2027-01-01 is a public holiday in China (New Year's Day)."
    stored = json.loads(json.dumps(found.as_json()))
    assert finding_text(stored["key"], stored["params"], "zh_CN") == found.text("zh_CN")
    assert finding_text(stored["key"], stored["params"], "en") == found.text("en")
    national = check(visit(at("10:00", SH, dt.date(2026, 10, 1))), ctx(), CN)
    assert "（国庆节）" in finding(national, "public_holidays").text("zh_CN")


@pytest.mark.parametrize(
    ("code", "day", "zh", "en"),
    [
        ("CN", dt.date(2027, 2, 6), "春节", "Chinese New Year (Spring Festival)"),
        ("US", dt.date(2027, 11, 25), "感恩节", "Thanksgiving Day"),
        ("US", dt.date(2027, 12, 31), "元旦（补假）", "New Year's Day (observed)"),
        ("UK", dt.date(2027, 12, 28), "节礼日（补假）", "Boxing Day (observed)"),
        ("GB", dt.date(2027, 3, 26), "耶稣受难日", "Good Friday"),
    ],
)
def test_holiday_names_of_the_shipped_countries(code, day, zh, en) -> None:  # type: ignore[no-untyped-def]
    """The calendar names China's holidays in Chinese; the US and UK ones are English only in
    it, translated in the catalog."""
    assert holiday_name(code, day, "zh_CN") == zh
    assert holiday_name(code, day, "en") == en


def test_countries_in_words() -> None:
    assert [country_name(c, "zh_CN") for c in ("CN", "US", "UK", "GB")] == [
        "中国",
        "美国",
        "英国",
        "英国",
    ]
    assert country_name("US", "en") == "the United States"
    assert country_name("JP", "en") == "Japan"  # another calendar: its name, in English


def test_a_stored_holiday_finding_with_a_day_no_longer_a_holiday_keeps_its_name() -> None:
    params = {"date": "2027-03-03", "country": "CN", "holiday": "New Year's Day"}
    assert finding_text(HOLIDAY, params, "zh_CN") == "2027-03-03 是中国的法定节假日（元旦）。"
    params = {"date": "not a date", "country": "", "holiday": "Memorial Day"}
    assert finding_text(HOLIDAY, params, "zh_CN").endswith("（阵亡将士纪念日）。")
