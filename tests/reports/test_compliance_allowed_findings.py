"""A finding that only allowed the action (severity info: "within quiet hours, allowed because
the borrower agreed") is no rule broken (QA s45 finding 2): the compliance report's flags by rule
and its blocked attempts, and the compliance log's rules, count only the rules that refused,
warned or needed an override. The borrower's consent does not cover a relative (finding 1)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from sqlalchemy import select, update

from app.contacts import log_contact
from app.labels import rule_names
from app.models import Borrower, Case, CaseStatus, Loan, RelatedPerson, Relationship, User
from app.queries.compliance_log import ComplianceFilter, log_ids, log_rows, rule_choices
from tests.office_day import office_today
from tests.reports.pdfcheck import pages_text, read, render_png
from tests.reports.test_compliance_report import gather, render

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def _night(day: dt.date, minute: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(1, minute), SHANGHAI)


def _two_blocks(demo_db, day: dt.date) -> str:  # type: ignore[no-untyped-def]
    """On `day` at 01:31 a call to the spouse of a borrower who agreed to contact in quiet hours
    (refused for quiet hours), at 01:34 a call to the borrower, who has since refused contact
    (refused for that alone; quiet hours only said it was allowed). The case's number."""
    with demo_db.session(write_lock=True) as s:
        case_no, borrower_id, person = s.execute(
            select(Case.case_no, Borrower.id, RelatedPerson.id)
            .join(Loan, Loan.id == Case.loan_id)
            .join(Borrower, Borrower.id == Loan.borrower_id)
            .join(RelatedPerson, RelatedPerson.borrower_id == Loan.borrower_id)
            .where(
                Case.status.in_([CaseStatus.NEW, CaseStatus.CONTACTED]),
                RelatedPerson.relation == Relationship.SPOUSE,
            )
            .order_by(Case.id)
        ).first()
        # Agreed before the audit trail began (as an import brings it): in force that night.
        s.execute(
            update(Borrower).where(Borrower.id == borrower_id).values(quiet_hours_consent=True)
        )
    with demo_db.session(write_lock=True) as s:
        user = s.scalar(select(User).where(User.username == "supervisor"))
        call = {"channel": "call", "outcome": "connected"}
        result = log_contact(
            s, user, case_no, party="relative", related_person_id=person, at=_night(day, 31),
            **call,
        )  # fmt: skip
        assert result.attempt is None
    with demo_db.session(write_lock=True) as s:
        s.execute(update(Borrower).where(Borrower.id == borrower_id).values(contact_refused=True))
    with demo_db.session(write_lock=True) as s:
        user = s.scalar(select(User).where(User.username == "supervisor"))
        result = log_contact(s, user, case_no, party="borrower", at=_night(day, 34), **call)
        assert result.attempt is None
        quiet = [f for f in result.verdict.findings if f.rule == "quiet_hours"]
        assert [f.severity.name for f in quiet] == ["INFO"]
    return case_no


def _ours(rows, case_no: str, day: dt.date) -> list:  # type: ignore[no-untyped-def]
    """The two blocks `_two_blocks` made, 01:31 first (the demo's own rows left out)."""
    times = [_night(day, 31), _night(day, 34)]
    found = {r.when: r for r in rows if r.case_no == case_no and r.when in times}
    assert sorted(found) == times
    return [found[t] for t in times]


def _counts(report, rule: str) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    rows = [x for x in report.by_rule if x.rule == rule]
    return (
        sum(x.blocked for x in rows),
        sum(x.warnings for x in rows),
        sum(x.overrides for x in rows),
    )


def test_the_report_counts_only_the_rules_that_refused(demo_db, screenshot_dir) -> None:
    day = office_today() - dt.timedelta(days=1)
    before = gather(demo_db, day, day)
    case_no = _two_blocks(demo_db, day)
    after = gather(demo_db, day, day)
    blocked, warnings, overrides = _counts(before, "quiet_hours")
    assert _counts(after, "quiet_hours") == (blocked + 1, warnings, overrides)
    refused = _counts(after, "stop_contact_refused")
    assert refused[0] == _counts(before, "stop_contact_refused")[0] + 1
    by_time = _ours(after.blocked, case_no, day)
    assert "quiet_hours" in by_time[0].rules.split(", ")
    assert by_time[1].rules == "stop_contact_refused"
    for lang in ("en", "zh_CN"):
        report = gather(demo_db, day, day, lang)
        data = render(report, lang)
        text = "".join("".join(pages_text(read(data))).split())
        for row in report.blocked:
            assert rule_names(row.rules, lang).replace(" ", "") in text
        refused_only = rule_names("stop_contact_refused", lang).replace(" ", "")
        both = rule_names(by_time[0].rules, lang).replace(" ", "")
        assert refused_only in text and both in text
        render_png(data, screenshot_dir / "reports", f"compliance-allowed-finding-{lang}")


def test_the_compliance_log_lists_only_the_rules_that_refused(demo_db) -> None:
    day = office_today() - dt.timedelta(days=1)
    case_no = _two_blocks(demo_db, day)
    with demo_db.session() as s:
        user = s.scalar(select(User).where(User.username == "supervisor"))
        flt = ComplianceFilter(verdict="blocked", date_from=day, date_to=day)
        rows = log_rows(s, log_ids(s, user, flt), "en")
        ours = _ours(rows.values(), case_no, day)
        assert ours[1].rules == "stop_contact_refused"
        # Its reasons are those of the rules that refused, as the rules (QA s45 finding 4).
        assert "allowed because the borrower agreed" not in ours[1].reasons
        assert "refused further contact" in ours[1].reasons
        assert "quiet_hours" in ours[0].rules
        # Filtered by quiet hours, the log leaves out the call quiet hours allowed.
        quiet = ComplianceFilter(rule="quiet_hours", date_from=day, date_to=day)
        listed = log_rows(s, log_ids(s, user, quiet), "en")
        mine = [r.when for r in listed.values() if r.case_no == case_no]
        assert ours[0].when in mine and ours[1].when not in mine
        assert "quiet_hours" in rule_choices(s)
