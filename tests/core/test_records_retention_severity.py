"""The records_retention rule's severity is not the admin's to choose: the rule judges no action,
and a deletion of a record it still keeps is refused whatever a severity would say (a legal
duty). A change of its severity is refused in words naming the rule and what to do instead; the
other rules' severities change as before; the guard refuses a deletion as it did."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.compliance.rule_params import FIXED_SEVERITY
from app.compliance.ruleset import active_ruleset, change_parameters
from app.errors import ValidationError
from app.models import Case, ContactAttempt, User
from app.retention_guard import RecordRetained
from tests.core.test_records_retention import _with_contacts


def _admin(s) -> User:  # type: ignore[no-untyped-def]
    return s.scalar(select(User).where(User.username == "admin"))


@pytest.mark.parametrize("severity", ["info", "warning", "needs_override"])
def test_the_retention_rules_severity_stays_blocked(demo_db, severity: str) -> None:
    with demo_db.session() as s:
        before = active_ruleset(s)[0].label
        with pytest.raises(ValidationError) as refused:
            change_parameters(s, _admin(s), "records_retention", {"severity": severity})
        ruleset, _id = active_ruleset(s)
        assert ruleset.label == before  # no new version
        assert ruleset.rules["records_retention"].severity.name.lower() == "blocked"
    assert refused.value.translated("en") == (
        "Severity: the rule Records retention refuses the deletion of every record it still "
        "keeps, whatever its severity; it stays Blocked. Turn the rule off to stop keeping "
        "records."
    )
    assert "记录保存期限" in refused.value.translated("zh_CN")


def test_other_rules_severities_still_change(demo_db) -> None:
    assert "quiet_hours" not in FIXED_SEVERITY
    with demo_db.session() as s:
        change_parameters(s, _admin(s), "quiet_hours", {"severity": "warning"})
        assert active_ruleset(s)[0].rules["quiet_hours"].severity.name.lower() == "warning"


def test_a_kept_record_is_still_refused_deletion(demo_db) -> None:
    with demo_db.session() as s:
        case: Case = _with_contacts(s, status_closed=True)
        contact = s.scalar(select(ContactAttempt).where(ContactAttempt.case_id == case.id))
        s.delete(contact)
        with pytest.raises(RecordRetained):
            s.flush()
        s.rollback()
