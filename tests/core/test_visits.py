"""The visit lifecycle through the core: allowed steps only, each timestamped and audited; bad
input refused with nothing saved; the late check-out alert and its resolution."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from app.audit_seal import is_sealed, open_changes
from app.errors import NotFound, PermissionDenied, ValidationError
from app.models import (
    AuditEntry,
    Case,
    CaseStatus,
    ContactAttempt,
    DefaultReason,
    Promise,
    User,
    Visit,
    VisitIncident,
    VisitStatus,
)
from app.queries.audit_log import audit_rows
from app.queries.case_page import case_detail
from app.visits import (
    add_incident,
    approve_visit,
    cancel_visit,
    check_in,
    check_in_refusal,
    check_out,
    late_visits,
    no_show,
    request_visit,
    resolve_late,
    verify_visit,
)
from tests.core.visit_office import (
    book,
    build_visit_office,
    case_nos,
    login,
    slot,
    verified_visit,
)
from tests.core.zone_now import move_visits_borrower, zone_where_it_is


@pytest.fixture
def office(db):
    build_visit_office(db)
    return db


def _visit(db, visit_no: str) -> Visit:
    with db.session() as s:
        visit = s.scalar(select(Visit).where(Visit.visit_no == visit_no))
        s.expunge(visit)
        return visit


def _actions(db, visit_no: str) -> list[str]:
    with db.session() as s:
        return list(
            s.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.entity == "visit", AuditEntry.entity_id == visit_no)
                .order_by(AuditEntry.id)
            )
        )


def _run(db, who: str, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    user = login(db, who)
    with db.session(write_lock=True) as s:
        return fn(s, s.get(User, user.id), *args, **kwargs)


def come_due(db, visit_no: str, started: dt.timedelta = dt.timedelta(minutes=10)) -> None:
    """The clock reaches a booked visit: its slot (same length) moved to have begun `started`
    ago (a negative `started`: it begins that long from now). A check-in is taken only from two
    hours before the booked start to its end, and a visit can be booked only in the future.
    The borrower moves to a zone where it is midday now, so that a check-in now is outside the
    rule set's quiet hours for visits at every hour of the run."""
    with db.session() as s:
        visit = s.scalar(select(Visit).where(Visit.visit_no == visit_no))
        length = visit.scheduled_end - visit.scheduled_start
        visit.scheduled_start = dt.datetime.now(dt.UTC) - started
        visit.scheduled_end = visit.scheduled_start + length
        move_visits_borrower(s, visit_no, zone_where_it_is(12))


def _booked_and_in(db) -> str:
    visit_no = verified_visit(db, case_nos(db)[0])
    assert book(db, visit_no).saved
    come_due(db, visit_no)
    _run(db, "agent02", check_in, visit_no)
    return visit_no


def test_the_whole_lifecycle_is_timestamped_attributed_and_audited(office):
    case_no = case_nos(office)[0]
    visit_no = verified_visit(office, case_no)
    assert visit_no.startswith("V") and len(visit_no) == len("V2026-000001")
    result = book(office, visit_no, start=slot(10), minutes=90)
    assert result.saved and result.verdict.saved
    with office.session() as s:
        case = s.scalar(select(Case).where(Case.case_no == case_no))
        assert case.status is CaseStatus.VISIT_BOOKED  # the queue sees the booking at once
    visit = _visit(office, visit_no)
    assert visit.status is VisitStatus.BOOKED
    assert visit.identity_verified and visit.address_verified and visit.phone_verified
    assert visit.verified_at is not None and visit.booked_at is not None
    assert visit.scheduled_end - visit.scheduled_start == dt.timedelta(minutes=90)
    assert visit.address.startswith("北京市")
    come_due(office, visit_no)
    _run(office, "agent02", check_in, visit_no)
    visit, promise = _run(
        office,
        "agent01",
        check_out,
        visit_no,
        default_reason="job_loss",
        capacity_note="月收入约 4000 元",
        proposal="分 6 期偿还",
        notes="借款人在家",
        next_step="起草还款协议",
        promise=(150_000, dt.date.today() + dt.timedelta(days=10)),
    )
    visit = _visit(office, visit_no)
    assert visit.status is VisitStatus.COMPLETED
    assert visit.default_reason is DefaultReason.JOB_LOSS
    assert visit.checked_out_at >= visit.checked_in_at
    assert visit.travel_cost == 5000 and visit.hours_minutes == 120  # the office's defaults
    with office.session() as s:
        saved = s.scalar(select(Promise).where(Promise.visit_id == visit.id))
        assert saved is not None and saved.amount == 150_000
        line = s.scalar(select(ContactAttempt).where(ContactAttempt.case_id == visit.case_id))
        assert line is not None and line.channel.value == "visit"
    assert _actions(office, visit_no) == [
        "visit.request",
        "visit.verify",
        "visit.book",
        "visit.check_in",
        "visit.check_out",
    ]


def test_costs_entered_at_check_out_are_kept(office):
    visit_no = _booked_and_in(office)
    _run(
        office,
        "agent01",
        check_out,
        visit_no,
        default_reason=DefaultReason.ILLNESS,
        travel_cost=12_345,
        hours_minutes=200,
    )
    visit = _visit(office, visit_no)
    assert (visit.travel_cost, visit.hours_minutes) == (12_345, 200)


def test_the_case_history_keeps_the_visits_notes_whole(office):
    """The visit's contact line in the case history holds the notes as written (they were cut
    to 500 characters there, with nothing to say so, while the visit kept them whole)."""
    visit_no = _booked_and_in(office)
    notes = "借款人称下月复工，" * 80  # 720 characters, within a contact's notes
    _run(office, "agent01", check_out, visit_no, default_reason="job_loss", notes=notes)
    visit = _visit(office, visit_no)
    with office.session() as s:
        line = s.scalar(select(ContactAttempt).where(ContactAttempt.case_id == visit.case_id))
        assert visit.notes == notes and line is not None and line.notes == notes


def test_only_allowed_transitions(office):
    visit_no = verified_visit(office, case_nos(office)[0])
    with pytest.raises(ValidationError, match="verified; this step needs it to be booked"):
        _run(office, "agent01", check_in, visit_no)
    with pytest.raises(ValidationError, match="needs it to be requested"):
        _run(office, "agent01", verify_visit, visit_no, identity=True, address=True, phone=True)
    assert book(office, visit_no).saved
    with pytest.raises(ValidationError, match="needs it to be verified"):
        book(office, visit_no, start=slot(15))
    come_due(office, visit_no)
    _run(office, "agent01", check_in, visit_no)
    with pytest.raises(ValidationError, match="is in progress; this step needs it to be"):
        _run(office, "agent01", cancel_visit, visit_no, "改约")
    _run(office, "agent01", no_show, visit_no, notes="无人应门")
    assert _visit(office, visit_no).status is VisitStatus.NO_SHOW
    with pytest.raises(ValidationError, match="is no show"):
        _run(office, "agent01", check_out, visit_no, default_reason="other")


def test_cancel_needs_a_reason_and_frees_the_case(office):
    case_no = case_nos(office)[0]
    visit_no = verified_visit(office, case_no)
    assert book(office, visit_no).saved
    with pytest.raises(ValidationError, match="needs a reason"):
        _run(office, "agent01", cancel_visit, visit_no, "  ")
    assert _visit(office, visit_no).status is VisitStatus.BOOKED
    # A decision kept in the audit trail says why in full, as cancelling an agreement does.
    for short in ("改约", "moved"):
        with pytest.raises(ValidationError, match="at least 10 characters"):
            _run(office, "agent01", cancel_visit, visit_no, short)
    assert _visit(office, visit_no).status is VisitStatus.BOOKED
    _run(office, "agent01", cancel_visit, visit_no, "借款人临时改约")
    visit = _visit(office, visit_no)
    assert visit.status is VisitStatus.CANCELLED and visit.cancel_reason == "借款人临时改约"
    with office.session() as s:
        assert s.scalar(select(Case.status).where(Case.case_no == case_no)) != (
            CaseStatus.VISIT_BOOKED
        )
    # A new visit can be requested once the old one is cancelled.
    assert verified_visit(office, case_no) != visit_no


def test_check_out_before_check_in_is_refused_and_nothing_saved(office):
    visit_no = verified_visit(office, case_nos(office)[0])
    assert book(office, visit_no).saved
    with pytest.raises(ValidationError, match="check in before checking out"):
        _run(office, "agent01", check_out, visit_no, default_reason="other")
    come_due(office, visit_no)
    _run(office, "agent01", check_in, visit_no)
    earlier = _visit(office, visit_no).checked_in_at.replace(tzinfo=dt.UTC) - dt.timedelta(hours=1)
    with pytest.raises(ValidationError, match="cannot be before the check-in"):
        _run(office, "agent01", check_out, visit_no, default_reason="other", at=earlier)
    visit = _visit(office, visit_no)
    assert visit.status is VisitStatus.IN_PROGRESS and visit.checked_out_at is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": "past"}, "cannot be booked in the past"),
        ({"agents": ("agent01", "agent01")}, "named twice"),
        ({"agents": ("agent01", "nobody")}, "Unknown user nobody"),
        ({"agents": ()}, "Name the agents"),
        ({"minutes": 5}, "15 to 480 minutes"),
        ({"start": "naive"}, "time zone"),
    ],
)
def test_bad_bookings_are_refused_and_nothing_saved(office, kwargs, message):
    visit_no = verified_visit(office, case_nos(office)[0])
    if kwargs.get("start") == "past":
        kwargs["start"] = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    elif kwargs.get("start") == "naive":
        kwargs["start"] = slot(10).replace(tzinfo=None)
    error = NotFound if "Unknown" in message else ValidationError
    with pytest.raises(error, match=message):
        book(office, visit_no, **kwargs)
    visit = _visit(office, visit_no)
    assert visit.status is VisitStatus.VERIFIED and visit.scheduled_start is None
    assert "visit.book" not in _actions(office, visit_no)


def test_fewer_than_two_agents_is_a_blocked_verdict_recorded_as_a_block(office):
    visit_no = verified_visit(office, case_nos(office)[0])
    result = book(office, visit_no, agents=("agent01",))
    assert not result.saved and result.verdict.kind.value == "blocked"
    assert [f.rule for f in result.verdict.findings] == ["visit_staffing"]
    assert _visit(office, visit_no).status is VisitStatus.VERIFIED
    assert _actions(office, visit_no)[-1] == "visit.blocked"
    with office.session() as s:
        entry = s.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_id == visit_no)
            .order_by(AuditEntry.id.desc())
        ).first()
        assert entry is not None and entry.changes["attempt"] == "visit_book"
        row = audit_rows(s, [entry.id], "en")[entry.id]
        assert row.action_words("en") == "Visit booking blocked by a rule"
        assert row.action_words("zh_CN") == "上门预约被规则拦截"
        # An entry written before its details said which was tried keeps the booking's words.
        old = replace(row, raw_changes={"start": entry.changes["start"], "rules": ["x"]})
        assert old.action_words("en") == "Visit booking blocked by a rule"
        moved = replace(row, raw_changes={**entry.changes, "attempt": "visit_reschedule"})
        assert moved.action_words("en") == "Visit move blocked by a rule"


def test_request_needs_the_contract_clause_and_one_open_visit_per_case(office):
    first, _, no_clause = case_nos(office)[:3]
    with pytest.raises(ValidationError, match="no home-visit clause"):
        _run(office, "agent01", request_visit, no_clause)
    verified_visit(office, first)
    with pytest.raises(ValidationError, match="already has visit"):
        _run(office, "agent01", request_visit, first)


def test_verify_needs_identity_and_address(office):
    visit_no = _run(office, "agent01", request_visit, case_nos(office)[0]).visit_no
    with pytest.raises(ValidationError, match="identity and address"):
        _run(office, "agent01", verify_visit, visit_no, identity=True, address=False, phone=True)
    assert _visit(office, visit_no).status is VisitStatus.REQUESTED


def test_agents_see_only_their_cases_and_visits(office):
    visit_no = verified_visit(office, case_nos(office)[0])
    with pytest.raises(PermissionDenied):
        _run(office, "agent03", cancel_visit, visit_no, "不是我的")
    with pytest.raises(PermissionDenied):
        _run(office, "agent03", request_visit, case_nos(office)[1])


def test_approval_setting_holds_check_in_until_a_supervisor_approves(office):
    from app import settings

    with office.session() as s:
        settings.put(
            s, s.scalar(select(User).where(User.username == "admin")), "visit.approval_required", 1
        )
    visit_no = verified_visit(office, case_nos(office)[0])
    assert book(office, visit_no).saved
    come_due(office, visit_no)
    with pytest.raises(ValidationError, match="waits for a supervisor"):
        _run(office, "agent01", check_in, visit_no)
    with pytest.raises(ValidationError, match="waits for a supervisor"):  # nor went, unapproved
        _run(office, "agent01", no_show, visit_no, notes="无人应门")
    with pytest.raises(PermissionDenied):
        _run(office, "agent01", approve_visit, visit_no)
    _run(office, "supervisor", approve_visit, visit_no, "已核实")
    _run(office, "agent01", check_in, visit_no)
    assert "visit.approve" in _actions(office, visit_no)


def test_incidents_are_typed_and_described(office):
    visit_no = _booked_and_in(office)
    with pytest.raises(ValidationError, match="Unknown incident type"):
        _run(office, "agent01", add_incident, visit_no, "ufo", "看到不明飞行物")
    with pytest.raises(ValidationError, match="needs a description"):
        _run(office, "agent01", add_incident, visit_no, "aggressive_dog", " ")
    _run(office, "agent02", add_incident, visit_no, "aggressive_dog", "院内有犬只，未拴绳")
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(VisitIncident)) == 1
    assert _actions(office, visit_no)[-1] == "visit.incident"
    # The case's story tells it in words, in either language.
    case_no = case_nos(office)[0]  # where _booked_and_in booked it
    for lang, words in (
        ("en", "incident: aggressive dog (院内有犬只，未拴绳)"),
        ("zh_CN", "事件：恶犬"),
    ):
        with office.sessions() as s:
            story = case_detail(s, s.get(User, login(office, "agent01").id), case_no, lang).timeline
        assert any(words in item.detail for item in story), [i.detail for i in story]


def test_every_incident_kind_has_words_in_both_languages() -> None:
    from app.i18n import tr
    from app.labels import INCIDENT_KIND
    from app.visits import INCIDENT_KINDS

    assert set(INCIDENT_KIND) == set(INCIDENT_KINDS)
    chinese = {kind: tr(INCIDENT_KIND[kind], "zh_CN") for kind in INCIDENT_KINDS}
    assert all(text != INCIDENT_KIND[kind] for kind, text in chinese.items()), chinese


def test_late_check_out_alert_appears_after_end_plus_grace_and_resolving_clears_it(office):
    visit_no = _booked_and_in(office)
    end = _visit(office, visit_no).scheduled_end.replace(tzinfo=dt.UTC)
    with office.session() as s:
        assert late_visits(s, end + dt.timedelta(minutes=29)) == []  # still within the grace
        (alert,) = late_visits(s, end + dt.timedelta(minutes=31))
    assert alert.visit_no == visit_no and alert.minutes_late == 31
    assert alert.agents == ("agent01", "agent02")
    with office.session() as s:
        names = {u.username: u.display_name for u in s.scalars(select(User))}
    assert alert.agent_names == (names["agent01"], names["agent02"])  # the banner names them
    later = end + dt.timedelta(minutes=45)
    with pytest.raises(PermissionDenied):
        _run(office, "agent01", resolve_late, visit_no, "已电话联系", now=later)
    with pytest.raises(ValidationError, match="needs a note"):
        _run(office, "supervisor", resolve_late, visit_no, "", now=later)
    _run(office, "supervisor", resolve_late, visit_no, "已电话联系，两人平安，忘记签退", now=later)
    with office.session() as s:
        assert late_visits(s, later) == []
        entry = s.scalar(
            select(AuditEntry).where(
                AuditEntry.action == "visit.resolve_late", AuditEntry.entity_id == visit_no
            )
        )
        assert entry is not None and is_sealed(entry.changes["note"])
        assert "平安" in open_changes(s, entry.changes)["note"]
    with pytest.raises(ValidationError, match="no late check-out alert"):
        _run(office, "supervisor", resolve_late, visit_no, "again", now=later)


def test_a_checked_out_visit_never_alerts(office):
    visit_no = _booked_and_in(office)
    _run(office, "agent01", check_out, visit_no, default_reason="dispute")
    end = _visit(office, visit_no).scheduled_end.replace(tzinfo=dt.UTC)
    with office.session() as s:
        assert late_visits(s, end + dt.timedelta(days=1)) == []


def test_check_in_is_taken_from_two_hours_before_the_start_until_the_booked_end(office):
    """QA: a visit booked days ahead was checked in that evening, so it completed days before its
    slot and the late check-out alert could not fire until the booked end."""
    visit_no = verified_visit(office, case_nos(office)[0])
    assert book(office, visit_no, start=slot(10), minutes=60).saved  # two weeks ahead
    with pytest.raises(ValidationError, match="no earlier than 2 hours before it starts"):
        _run(office, "agent02", check_in, visit_no)
    come_due(office, visit_no, -dt.timedelta(hours=2, minutes=10))
    with pytest.raises(ValidationError, match="no earlier than 2 hours"):
        _run(office, "agent02", check_in, visit_no)
    visit = _visit(office, visit_no)
    assert visit.status is VisitStatus.BOOKED and visit.checked_in_at is None
    assert "visit.check_in" not in _actions(office, visit_no)
    refused = _run(office, "agent02", check_in_refusal, visit_no)  # what the page's button says
    assert refused is not None and "no earlier than 2 hours" in str(refused)
    come_due(office, visit_no, -dt.timedelta(hours=1, minutes=50))  # the team is early
    assert _run(office, "agent02", check_in_refusal, visit_no) is None
    assert _visit(office, visit_no).status is VisitStatus.BOOKED  # asking wrote nothing
    elsewhere = _run(office, "agent03", check_in_refusal, visit_no)
    assert "only visits on their own cases" in str(elsewhere)
    _run(office, "agent02", check_in, visit_no)
    assert _visit(office, visit_no).status is VisitStatus.IN_PROGRESS


def test_after_the_booked_end_a_visit_is_a_no_show_or_rebooked_not_checked_in(office):
    visit_no = verified_visit(office, case_nos(office)[0])
    assert book(office, visit_no, minutes=60).saved
    with pytest.raises(ValidationError, match="a no-show is recorded once that time has come"):
        _run(office, "agent01", no_show, visit_no)
    come_due(office, visit_no, dt.timedelta(minutes=65))  # the slot ended five minutes ago
    with pytest.raises(ValidationError, match="Record the visit as a no-show") as refused:
        _run(office, "agent02", check_in, visit_no)
    assert "cancel it and book a new one" in str(refused.value)
    assert "上门" in refused.value.translated("zh_CN")
    assert _visit(office, visit_no).checked_in_at is None
    with pytest.raises(PermissionDenied):  # only the team (or a supervisor) says what happened
        _run(office, "agent03", no_show, visit_no)
    _run(office, "agent01", no_show, visit_no, notes="无人应门", travel_cost=3000)
    visit = _visit(office, visit_no)
    assert visit.status is VisitStatus.NO_SHOW and visit.checked_in_at is None
    assert visit.travel_cost == 3000 and visit.checked_out_at is not None
    with office.session() as s:
        line = s.scalar(select(ContactAttempt).where(ContactAttempt.case_id == visit.case_id))
        assert line is not None and line.at == visit.scheduled_start  # at the booked start
    assert _actions(office, visit_no)[-1] == "visit.no_show"


def test_no_check_in_on_a_case_paused_by_an_open_complaint(office):
    from app.complaints import lift_pause, record_complaint

    case_no = case_nos(office)[0]
    visit_no = verified_visit(office, case_no)
    assert book(office, visit_no).saved
    come_due(office, visit_no)
    complaint = _run(
        office,
        "supervisor",
        lambda s, u: record_complaint(
            s,
            u,
            case_no=case_no,
            agent_username=None,
            received_on=dt.date.today(),
            source="borrower",
            channel="phone",
            category="harassment",
            description="上门前投诉",
        ),
    )
    with pytest.raises(ValidationError, match="paused while a complaint is open") as refused:
        _run(office, "agent02", check_in, visit_no)
    assert case_no in str(refused.value)
    assert _visit(office, visit_no).status is VisitStatus.BOOKED
    _run(office, "supervisor", lift_pause, complaint.complaint_no, "借款人同意按约上门")
    _run(office, "agent02", check_in, visit_no)
    assert _visit(office, visit_no).status is VisitStatus.IN_PROGRESS


@pytest.mark.parametrize(
    ("agreed", "enter", "missing"),
    [
        (True, True, set()),
        (False, True, {"No record that the borrower agreed to this visit."}),
        (True, False, {"No record that the borrower consents to the agents entering the home."}),
        (
            False,
            False,
            {
                "No record that the borrower agreed to this visit.",
                "No record that the borrower consents to the agents entering the home.",
            },
        ),
    ],
)
def test_the_consent_rule_reads_the_bookings_agreement_and_consent_to_enter(
    office, agreed, enter, missing
):
    """QA: `--no-entry --not-agreed` (both boxes unticked) was booked as Allowed."""
    from app.models import VerdictKind
    from app.visits import book_visit, check_booking

    visit_no = verified_visit(office, case_nos(office)[0])
    fields = {"agents": ("agent01", "agent02"), "start": slot(10), "minutes": 60}
    flags = {"borrower_agreed": agreed, "consent_to_enter": enter}
    user = login(office, "agent01")
    with office.session() as s:
        live = check_booking(s, s.get(User, user.id), visit_no, **fields, **flags)
    with office.session(write_lock=True) as s:
        result = book_visit(s, s.get(User, user.id), visit_no, **fields, **flags)
    for verdict in (live, result.verdict):
        consent = {f.message for f in verdict.findings if f.rule == "visit_consent"}
        assert consent == missing
        # The CN rule set: without them a supervisor's override is needed.
        assert verdict.kind is (VerdictKind.NEEDS_OVERRIDE if missing else VerdictKind.ALLOWED)
    assert result.saved is not missing
    if missing:
        with office.session(write_lock=True) as s:
            sup = s.scalar(select(User).where(User.username == "supervisor"))
            result = book_visit(
                s,
                s.get(User, user.id),
                visit_no,
                **fields,
                **flags,
                override_by=sup,
                override_reason="借款人电话同意，到场再确认",
            )
        assert result.saved
    visit = _visit(office, visit_no)
    assert (visit.borrower_agreed, visit.consent_to_enter) == (agreed, enter)
