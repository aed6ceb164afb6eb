"""Records retention (the records_retention rule): each case's records are kept while it is open
and then for the rule's years, counted from its last collection activity (CN, US) or its closure
(UK); a deletion within that period is refused by the core, naming the rule and the date; the
closed cases past it are listed, and nothing is purged."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import delete, func, select

from app.compliance.ruleset import change_parameters
from app.compliance.versions import select_jurisdiction
from app.errors import ValidationError
from app.models import Borrower, Case, CaseStatus, ContactAttempt, User
from app.retention import add_years, case_retention, past_retention, retention_rule
from app.retention_guard import RecordRetained, refuse_retained
from tests.office_day import office_today


def _admin(s) -> User:  # type: ignore[no-untyped-def]
    return s.scalar(select(User).where(User.username == "admin"))


def _with_contacts(s, status_closed: bool) -> Case:  # type: ignore[no-untyped-def]
    """The demo's first case (open or closed) that has contact attempts."""
    closed = Case.status == CaseStatus.CLOSED
    query = (
        select(Case)
        .join(ContactAttempt, ContactAttempt.case_id == Case.id)
        .where(closed if status_closed else ~closed)
        .order_by(Case.id)
        .limit(1)
    )
    case = s.scalar(query)
    assert case is not None
    return case


def _last_contact_day(s, case: Case) -> dt.date:  # type: ignore[no-untyped-def]
    at = s.scalar(select(func.max(ContactAttempt.at)).where(ContactAttempt.case_id == case.id))
    zone = zoneinfo.ZoneInfo("Asia/Shanghai")
    return (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).astimezone(zone).date()


def test_a_year_on_from_29_february_is_28_february() -> None:
    assert add_years(dt.date(2024, 2, 29), 2) == dt.date(2026, 2, 28)
    assert add_years(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)
    assert add_years(dt.date(2025, 12, 31), 3) == dt.date(2028, 12, 31)


@pytest.mark.parametrize(
    ("jurisdiction", "years", "counted_from"),
    [("cn", 2, "last_activity"), ("us", 3, "last_activity"), ("uk", 6, "closure")],
)
def test_each_rule_set_keeps_a_closed_cases_records_for_its_years(
    demo_db, jurisdiction: str, years: int, counted_from: str
) -> None:
    with demo_db.session() as s:
        if jurisdiction != "cn":
            select_jurisdiction(s, _admin(s), jurisdiction)
        rule = retention_rule(s)
        assert rule is not None
        assert (rule.years, rule.counted_from) == (years, counted_from)
        assert rule.ruleset == f"{jurisdiction.upper()} 2026.7"
        case = _with_contacts(s, status_closed=True)
        kept = case_retention(s, [case.id], rule)[case.id]
        last = max(case.closed_on, _last_contact_day(s, case))
        assert kept.closed_on == case.closed_on and kept.last_activity >= last
        anchor = case.closed_on if counted_from == "closure" else kept.last_activity
        assert kept.kept_until == add_years(anchor, years)


def test_the_date_counts_from_the_last_activity_not_the_closure(demo_db) -> None:
    """A CN case whose last contact came after its closure is kept 2 years from that contact."""
    with demo_db.session() as s:
        case = _with_contacts(s, status_closed=True)
        contact = s.scalar(select(ContactAttempt).where(ContactAttempt.case_id == case.id))
        # The record's date moved after the closure (test data): a follow-up call.
        later = dt.datetime.combine(case.closed_on + dt.timedelta(days=40), dt.time(3, 0), dt.UTC)
        contact.at = later
        s.flush()
        rule = retention_rule(s)
        kept = case_retention(s, [case.id], rule)[case.id]
        assert kept.last_activity == case.closed_on + dt.timedelta(days=40)
        assert kept.kept_until == add_years(case.closed_on + dt.timedelta(days=40), 2)


def test_deleting_a_contact_of_a_closed_case_is_refused_until_its_date(demo_db) -> None:
    with demo_db.session() as s:
        case = _with_contacts(s, status_closed=True)
        case_no = case.case_no
        until = case_retention(s, [case.id], retention_rule(s))[case.id].kept_until
        assert until is not None and until >= office_today()
        contact = s.scalar(select(ContactAttempt).where(ContactAttempt.case_id == case.id))
        contact_id = contact.id
        s.delete(contact)
        with pytest.raises(RecordRetained) as refused:
            s.flush()
        s.rollback()
    words = refused.value.translated("en")
    assert words == (
        f"Contact attempt {contact_id} cannot be deleted before {until + dt.timedelta(days=1)}: "
        f"it is a record of case "
        f"{case_no}, whose records the rule Records retention (CN 2026.7) keeps until "
        f"{until} (2 years from the case's last collection activity)."
    )
    zh = refused.value.translated("zh_CN")
    assert "记录保存" in zh and until.isoformat() in zh and case_no in zh
    with demo_db.session() as s:
        assert s.get(ContactAttempt, contact_id) is not None


def test_an_open_cases_records_and_its_borrower_are_kept(demo_db) -> None:
    with demo_db.session() as s:
        case = _with_contacts(s, status_closed=False)
        case_id, borrower = case.id, case.loan.borrower
        borrower_id, borrower_no = borrower.id, borrower.borrower_no
        s.delete(case)
        with pytest.raises(RecordRetained, match=r"which is open; the rule Records retention"):
            s.flush()
        s.rollback()
    with demo_db.session() as s:
        with pytest.raises(RecordRetained, match=f"Borrower {borrower_no} cannot"):
            refuse_retained(s, Borrower, [borrower_id])
        # A statement that deletes rows is judged as well, by the rows it would delete.
        with pytest.raises(RecordRetained, match="Contact attempt"):
            s.execute(delete(ContactAttempt).where(ContactAttempt.case_id == case_id))
        s.rollback()
    with demo_db.session() as s:
        assert s.get(Case, case_id) is not None


def test_a_case_past_its_period_is_listed_and_no_longer_guarded(demo_db) -> None:
    """A UK office (6 years from closure): a case closed 7 years ago is past; one closed last
    month is not; the listing counts it and the guard lets its records go (nothing is purged)."""
    today = office_today()
    with demo_db.session() as s:
        select_jurisdiction(s, _admin(s), "uk")
        assert past_retention(s).cases == []
        case = _with_contacts(s, status_closed=True)
        case.closed_on = add_years(today, -7)  # test data: an old closure
        s.flush()
        found = past_retention(s)
        assert [c.case_no for c in found.cases] == [case.case_no]
        assert found.cases[0].kept_until == add_years(case.closed_on, 6)
        assert found.text("en") == (
            "1 closed case is past its records retention (6 years from the case's closure; "
            "Records retention (UK 2026.7)); Casedesk deletes nothing on its own (an admin may "
            "erase the borrower's personal data)."
        )
        contact_id = s.scalar(select(ContactAttempt.id).where(ContactAttempt.case_id == case.id))
        refuse_retained(s, ContactAttempt, [contact_id])  # no longer kept: not refused


def test_an_admin_edits_the_years_and_from_when_and_bad_values_are_refused(demo_db) -> None:
    with demo_db.session() as s:
        admin = _admin(s)
        with pytest.raises(ValidationError, match="at least 1"):
            change_parameters(s, admin, "records_retention", {"years": 0})
        with pytest.raises(ValidationError, match="not last_activity or closure"):
            change_parameters(s, admin, "records_retention", {"counted_from": "opening"})
        row = change_parameters(
            s, admin, "records_retention", {"years": 5, "counted_from": "closure"}
        )
        assert row.label == "CN 2026.7-r2"
        rule = retention_rule(s)
        assert (rule.years, rule.counted_from, rule.ruleset) == (5, "closure", "CN 2026.7-r2")
        change_parameters(s, admin, "records_retention", {"enabled": False})
        assert retention_rule(s) is None
        case = _with_contacts(s, status_closed=False)
        refuse_retained(s, Case, [case.id])  # switched off: no period applies


def test_an_existing_office_keeps_its_edits_and_gets_the_rule(demo_db) -> None:
    """An office whose rule set was stored before the rule shipped: the shipped rule holds until
    the admin decides; adding it keeps the office's own edit; keeping it out leaves no period."""
    from app.compliance import active_ruleset
    from app.compliance.shipped_rules import (
        add_shipped_rules,
        missing_shipped_rules,
        undecided_shipped_rules,
    )
    from tests.compliance.util import store_old_ruleset

    with demo_db.session() as s:
        admin = _admin(s)
        store_old_ruleset(s, "records_retention")
        change_parameters(s, admin, "daily_conversation_cap", {"max": 2})
        assert [r.id for r in undecided_shipped_rules(s)] == ["records_retention"]
        shipped = retention_rule(s)  # not yet decided: the law's default is not dropped
        assert (shipped.years, shipped.ruleset) == (2, "CN 2026.7")
        row = add_shipped_rules(s, admin, ["records_retention"])
        assert row.label == "CN 2026.1-r3"
        ruleset, _id = active_ruleset(s)
        assert ruleset.param("daily_conversation_cap", "max") == 2  # the office's edit kept
        assert ruleset.rule("records_retention").params == {
            "years": 2,
            "counted_from": "last_activity",
        }
        assert retention_rule(s).ruleset == "CN 2026.1-r3" and missing_shipped_rules(s) == []


def test_an_existing_office_that_keeps_the_rule_out_has_no_period(demo_db) -> None:
    from app.compliance.shipped_rules import decline_shipped_rules
    from tests.compliance.util import store_old_ruleset

    with demo_db.session() as s:
        store_old_ruleset(s, "records_retention")
        decline_shipped_rules(s, _admin(s), ["records_retention"])
        assert retention_rule(s) is None  # kept out by the admin: no period applies
        refuse_retained(s, Case, [_with_contacts(s, status_closed=False).id])
