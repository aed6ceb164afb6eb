"""The compliance report names exactly the rule-set versions in force in its period, in order,
with the days each was in force, after the office switched cn -> us -> cn and edited its rules;
and the versions that judged the period's attempts (their stored version) are always among them."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo

from sqlalchemy import select, update

from app import audit
from app.compliance.history import timeline
from app.compliance.versions import _ensure_first, change_parameters, select_jurisdiction
from app.contacts import log_contact
from app.models import (
    BlockedAttempt,
    Borrower,
    Case,
    CaseStatus,
    ContactAttempt,
    Loan,
    RuleSetVersion,
    User,
    VerdictKind,
)
from app.office import get_office, office_timezone, office_today
from app.office_settings import SettingsChange, save_settings
from app.reporting import compliance_report
from app.reporting.period import VersionDays
from reports.compliance_report import render_compliance_report
from tests.reports.pdfcheck import pages_text, read


def _user(session, name: str) -> User:
    return session.scalar(select(User).where(User.username == name))


def _at(session, day: dt.date, hour: int = 10) -> dt.datetime:
    """`hour` o'clock on the office's `day`, as UTC."""
    zone = zoneinfo.ZoneInfo(office_timezone(session))
    return dt.datetime.combine(day, dt.time(hour), zone).astimezone(dt.UTC)


def _judged(session, version: RuleSetVersion, start: dt.datetime, end: dt.datetime | None):
    """The attempts of [start, end) were judged by `version` (as they are when made then)."""
    for model in (ContactAttempt, BlockedAttempt):
        query = update(model).where(model.at >= start)
        if end is not None:
            query = query.where(model.at < end)
        session.execute(query.values(ruleset_version_id=version.id))


def _switch(session, admin: User, code: str, at: dt.datetime) -> RuleSetVersion:
    """What `rules use CODE` writes (app.compliance.versions.select_jurisdiction), dated `at`."""
    office = get_office(session)
    old, office.jurisdiction = office.jurisdiction, code
    _ensure_first(session, code, admin)
    session.flush()
    row = session.scalars(
        select(RuleSetVersion)
        .where(RuleSetVersion.jurisdiction == code)
        .order_by(RuleSetVersion.id.desc())
    ).first()
    row.created_at = min(row.created_at.replace(tzinfo=dt.UTC), at)
    audit.record(
        session, admin, "ruleset.select", "office", office.id, {"jurisdiction": [old, code]}, at=at
    )
    return row


def _history(session, today: dt.date) -> dict[str, RuleSetVersion]:
    """CN stored 40 days ago; US from 30 days ago; CN again from 20 days ago; CN edited 10 days
    ago; each attempt judged by the version in force when it was made."""
    admin = _user(session, "admin")
    cn = session.scalar(select(RuleSetVersion).where(RuleSetVersion.jurisdiction == "cn"))
    cn.created_at = _at(session, today - dt.timedelta(days=40))
    switched, back, edited = (_at(session, today - dt.timedelta(days=n)) for n in (30, 20, 10))
    us = _switch(session, admin, "us", switched)
    _switch(session, admin, "cn", back)
    cn2 = change_parameters(session, admin, "daily_attempt_cap", {"max": 5})
    cn2.created_at = edited
    _judged(session, us, switched, back)
    _judged(session, cn2, edited, None)
    session.commit()
    return {"cn": cn, "us": us, "cn2": cn2}


def _used(session, start: dt.date, end: dt.date) -> set[str]:
    """The labels of the versions stored on the period's attempts: what judged them."""
    low, high = _at(session, start, 0), _at(session, end + dt.timedelta(days=1), 0)
    found: set[str] = set()
    for model in (ContactAttempt, BlockedAttempt):
        ids = session.scalars(
            select(model.ruleset_version_id).where(model.at >= low, model.at < high)
        )
        found |= {session.get(RuleSetVersion, i).label for i in set(ids)}
    return found


def test_a_period_under_us_rules_names_the_us_version_only(demo_db) -> None:
    """After cn -> us -> cn and a CN edit, a period wholly under the US rules named "CN 2026.3,
    US 2026.3" and judged its caps by the CN limits; it names the US version, its days, and
    the US rules (no daily caps)."""
    with demo_db.sessions() as s:
        today = office_today(s)
        v = _history(s, today)
        day = lambda n: today - dt.timedelta(days=n)  # noqa: E731
        report = compliance_report(s, _user(s, "supervisor"), day(28), day(22))
        assert report.contacts > 0
        assert report.header.ruleset_versions == (v["us"].label,)
        assert report.header.ruleset_days == (VersionDays(v["us"].label, day(28), day(22)),)
        assert _used(s, day(28), day(22)) == {v["us"].label}
        assert all(cap.limit is None for cap in report.caps)  # the US rules have no daily caps
        # Back on CN (before the edit), then after it: each period judged by its own CN version.
        back = compliance_report(s, _user(s, "supervisor"), day(18), day(12))
        assert back.header.ruleset_versions == (v["cn"].label,)
        assert next(c.limit for c in back.caps if c.rule == "daily_attempt_cap") == 6
        edited = compliance_report(s, _user(s, "supervisor"), day(8), day(1))
        assert edited.header.ruleset_versions == (v["cn2"].label,)
        assert next(c.limit for c in edited.caps if c.rule == "daily_attempt_cap") == 5


def test_a_period_across_the_switches_lists_each_stretch_in_order(demo_db) -> None:
    with demo_db.sessions() as s:
        today = office_today(s)
        v = _history(s, today)
        day = lambda n: today - dt.timedelta(days=n)  # noqa: E731
        report = compliance_report(s, _user(s, "supervisor"), day(35), day(1), "zh_CN")
        cn, us, cn2 = v["cn"].label, v["us"].label, v["cn2"].label
        assert report.header.ruleset_days == (
            VersionDays(cn, day(35), day(30)),
            VersionDays(us, day(30), day(20)),
            VersionDays(cn, day(20), day(10)),
            VersionDays(cn2, day(10), day(1)),
        )
        assert report.header.ruleset_versions == (cn, us, cn2)
        assert _used(s, day(35), day(1)) == {cn, us, cn2}
        out = io.BytesIO()
        render_compliance_report(report, out, "zh_CN")
        texts = pages_text(read(out.getvalue()))
        assert all("、".join((cn, us, cn2)) in text for text in texts)  # every footer
        last = texts[-1].replace("\n", " ")
        assert "生效自" in last and "生效至" in last
        assert f"{us} {day(30):%Y-%m-%d} {day(20):%Y-%m-%d}" in last


def test_an_attempt_recorded_later_names_the_version_that_judged_it(demo_db) -> None:
    """A call logged today with a time in the US days is judged by today's CN rules (its
    stored version): the report of those days names that version too, without days, and says
    why."""
    with demo_db.sessions() as s:
        today = office_today(s)
        v = _history(s, today)
        day = lambda n: today - dt.timedelta(days=n)  # noqa: E731
        agent = _user(s, "agent01")
        case = s.scalar(
            select(Case)
            .join(Loan, Loan.id == Case.loan_id)
            .join(Borrower, Borrower.id == Loan.borrower_id)
            .where(
                Borrower.quiet_hours_consent.is_(False),
                Case.assigned_agent_id == agent.id,
                Case.status.not_in([CaseStatus.CLOSED, CaseStatus.PAUSED, CaseStatus.LEGAL]),
                Case.opened_on < day(26),
            )
            .order_by(Case.case_no)
            .limit(1)
        )
        # 23:00 where the borrower lives (quiet hours are theirs: 21:00 in Urumqi is not quiet,
        # and on some build days agent01's first case is a borrower's there).
        borrower = s.get(Borrower, s.get(Loan, case.loan_id).borrower_id)
        late = dt.datetime.combine(day(25), dt.time(23), zoneinfo.ZoneInfo(borrower.timezone))
        result = log_contact(
            s, agent, case.case_no, channel="call", party="borrower",
            at=late.astimezone(dt.UTC), outcome="no_answer",
        )  # fmt: skip
        assert result.verdict.kind is VerdictKind.BLOCKED  # CN quiet hours, today's rules
        s.commit()
        report = compliance_report(s, _user(s, "supervisor"), day(28), day(22))
        assert report.header.ruleset_days == (
            VersionDays(v["us"].label, day(28), day(22)),
            VersionDays(v["cn2"].label),
        )
        assert set(report.header.ruleset_versions) == _used(s, day(28), day(22))
        out = io.BytesIO()
        render_compliance_report(report, out, "en")
        last = pages_text(read(out.getvalue()))[-1].replace("\n", " ")
        assert f"{v['cn2'].label} — —" in last
        assert "A version without days was not in force in the period" in last


def test_the_timeline_reads_what_the_switches_and_edits_write(demo_db) -> None:
    """`rules use`, the Settings dialog and a rule edit, made now, are read back in order, and
    today's report names each version once, in that order."""
    with demo_db.sessions() as s:
        admin = _user(s, "admin")
        cn = s.scalar(select(RuleSetVersion).where(RuleSetVersion.jurisdiction == "cn")).label
        us = select_jurisdiction(s, admin, "us").label
        save_settings(s, admin, SettingsChange(jurisdiction="cn"))
        edited = change_parameters(s, admin, "daily_attempt_cap", {"max": 5}).label
        s.commit()
        stretches = timeline(s)
        assert [stretch.label for stretch in stretches] == [cn, us, cn, edited]
        assert all(a.end == b.start for a, b in zip(stretches, stretches[1:], strict=False))
        assert stretches[-1].end is None
        today = office_today(s)
        report = compliance_report(s, _user(s, "supervisor"), today, today)
        assert report.header.ruleset_versions == (cn, us, edited)
