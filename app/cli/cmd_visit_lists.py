"""`casedesk visit list|show|alerts|resolve|sheet`: the visits booked, one visit's booking and
outcome, late check-outs and their resolution, and an agent's daily visit sheet as PDF."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from app.cases.agent_named import username_of
from app.cli.cmd_visit_steps import acting
from app.cli.common import out, print_json
from app.cli.output import check_output
from app.cli.table import table
from app.errors import ValidationError
from app.i18n import current_language, listed, plural, sentences, tr
from app.labels import VISIT_STATUS, duration, label
from app.models import User
from app.office_printed import missing_notice
from app.outfile import written_whole
from app.tabular import parse_date
from app.typed_number import number_key
from app.visits.no_check_in import missed as never_checked_in
from app.visits.team_gone import (
    gone_line,
    gone_team_visits,
    gone_words,
    restaff_advice,
    restaff_command,
    start_passed,
)
from app.wall_clock import end_clock, span, wall_time


def _local(at: dt.datetime | None, zone: Any) -> str:
    return wall_time(at, zone) if at else "—"


def run_list(args: argparse.Namespace) -> int:
    from app.queries.visits import list_visits, office_zone

    day = parse_date(args.date) if args.date else None
    status = None
    if args.status:
        from app.models import VisitStatus

        try:
            status = VisitStatus(args.status.strip().lower())
        except ValueError:
            raise ValidationError(
                "Unknown visit status {value}; choose one of: {choices}.",
                value=args.status,
                choices=[s.value for s in VisitStatus],
            ) from None

    def go(s: Any, u: User) -> tuple[Any, Any, str]:
        agent = username_of(s, args.agent)  # a user name or the name the lists show
        rows = list_visits(s, u, agent=agent, status=status, date_from=day, date_to=day)
        return rows, office_zone(s), missing_notice(s, u, "visits")

    rows, zone, notice = acting(args, go, write_lock=False)
    if args.json:
        print_json(
            {
                "visits": [
                    {
                        "visit_no": r.visit_no,
                        "case_no": r.case_no,
                        "borrower": r.borrower,
                        "status": r.status.value,
                        "start": r.start.isoformat() if r.start else None,
                        "end": r.end.isoformat() if r.end else None,
                        "agents": list(r.agents),
                        "agent_names": list(r.agent_names),
                        "case_agent": r.case_agent or None,
                        "approved": r.approved,
                        "awaiting_approval": r.awaiting_approval,
                        "not_checked_in": never_checked_in(r.status, r.end),
                        "paused_by": list(r.paused_by),
                        # Deactivated accounts on a booked visit's team (app/visits/team_gone.py).
                        "deactivated_agents": list(r.gone),
                    }
                    for r in rows
                ]
            }
        )
        return 0
    if not rows:
        out(tr("No visits."))
        _notice(notice)
        return 0
    cells = [
        (
            r.visit_no,
            r.case_no,
            span(_local(r.start, zone), end_clock(r.start, r.end, zone))
            if r.end and r.start
            else _local(r.start, zone),
            _status(
                r.status,
                r.paused_by,
                r.awaiting_approval,
                never_checked_in(r.status, r.end),
                bool(r.gone),
            ),
            r.borrower,
            listed(r.agent_names or r.agents),  # display names, as `visit show` (found by QA)
        )
        for r in rows
    ]
    for line in table(cells):  # padded by display width: a Chinese character takes two columns
        out(line)
    _notice(notice)
    return 0


def _notice(notice: str) -> None:
    """The office's blank details its visit sheets print, after the list (a team would go out with
    no one to call); not in --json, which scripts read."""
    if notice:
        out("")
        out(notice)


def _status(
    status: Any, paused_by: tuple[str, ...], awaiting: bool, not_in: bool, gone: bool = False
) -> str:
    """The status, that it waits for a supervisor's approval, that its time passed with no
    check-in (as the Visits page says; QA: the list read "booked"), that a deactivated account is
    on its team (QA s46), and that contact is paused on the case of a visit not yet started."""
    text = label(VISIT_STATUS, status)
    if awaiting:
        text = tr("{status}, awaiting approval", status=text)
    if not_in:
        text = tr("{status}, not checked in", status=text)
    if gone:
        text = tr("{status}, team to staff anew", status=text)
    return tr("{status} (contact paused)", status=text) if paused_by else text


def run_show(args: argparse.Namespace) -> int:
    from app.queries.visits import office_zone
    from app.visits.detail import (
        booking_lines,
        incident_lines,
        missed_text,
        outcome_lines,
        pause_text,
        visit_detail,
    )

    detail, zone = acting(
        args, lambda s, u: (visit_detail(s, u, args.visit_no), office_zone(s)), write_lock=False
    )
    if args.json:
        stamp = lambda at: at.isoformat() if at else None  # noqa: E731
        print_json(
            {
                "visit_no": detail.visit_no,
                "case_no": detail.case_no,
                "borrower": detail.borrower,
                "status": detail.status.value,
                "awaiting_approval": detail.awaiting_approval,
                "start": stamp(detail.start),
                "end": stamp(detail.end),
                "agents": list(detail.agents),
                "address": detail.address,
                "borrower_agreed": detail.borrower_agreed,
                "consent_to_enter": detail.consent_to_enter,
                "at_workplace": detail.at_workplace,
                "checked_in_at": stamp(detail.checked_in_at),
                "checked_out_at": stamp(detail.checked_out_at),
                "default_reason": detail.default_reason.value if detail.default_reason else None,
                "capacity_note": detail.capacity_note,
                "proposal": detail.proposal,
                "notes": detail.notes,
                "next_step": detail.next_step,
                "travel_cost": detail.travel_cost,
                "hours_minutes": detail.hours_minutes,
                "cancel_reason": detail.cancel_reason or None,
                "paused_by": list(detail.paused_by),
                "promise": None
                if detail.promise is None
                else {
                    "amount": detail.promise[0],
                    "due_on": detail.promise[1].isoformat(),
                    "status": detail.promise[2],
                },
                "incidents": [{"kind": k, "description": d} for k, d in detail.incidents],
                "not_checked_in": detail.not_checked_in,
                "deactivated_agents": list(detail.gone),
            }
        )
        return 0
    out(tr("Visit {number}", number=detail.visit_no))
    if detail.paused_by:
        out(pause_text(detail.paused_by))
    if detail.gone:  # no check-in until its team is changed: said before the booking (QA s46)
        what = restaff_advice(passed=start_passed(detail.start))  # the same start once passed: no
        out(sentences([gone_words(detail.visit_no, detail.gone_names), what]))
        if detail.start is not None:
            out(restaff_command(detail.visit_no, detail.start, zone))
    if detail.not_checked_in:  # its time passed with no check-in: said before the booking
        out(missed_text(detail, zone))
        cancel_only = bool(detail.paused_by) or detail.awaiting_approval  # no no-show on it
        out(_missed_commands(detail.visit_no, cancel_only=cancel_only))
    lines = booking_lines(detail, zone) + outcome_lines(detail) + incident_lines(detail)
    for name, value in lines:
        # Notes of several lines: the ones after the first indented under it.
        out(tr("{name}: {value}", name=name, value=value.replace("\n", "\n  ")))
    return 0


def _missed_commands(number: str | None = None, *, cancel_only: bool = False) -> str:
    """The commands that end a visit never checked in (`number`, else its placeholder): the
    cancel alone when no no-show can be recorded on it."""
    if cancel_only:
        return tr(
            "Command: casedesk visit cancel {number} --reason TEXT.",
            number=number or tr("VISIT_NO"),
        )
    return tr(
        "Commands: casedesk visit noshow {number} [--notes TEXT], or casedesk visit cancel "
        "{number} --reason TEXT.",
        number=number or tr("VISIT_NO"),
    )


def run_alerts(args: argparse.Namespace) -> int:
    from app.queries.visits import office_zone
    from app.visits import late_visits
    from app.visits.no_check_in import (
        advice_for_all,
        all_cancel_only,
        missed_check_ins,
        missed_line,
    )

    rows, missed, gone, zone = acting(
        args,
        lambda s, u: (
            late_visits(s, viewer=u),
            missed_check_ins(s, viewer=u),
            gone_team_visits(s, viewer=u),
            office_zone(s),
        ),
        write_lock=False,
    )
    if args.json:
        print_json(
            {
                "alerts": [
                    {
                        "visit_no": a.visit_no,
                        "case_no": a.case_no,
                        "borrower": a.borrower,
                        "agents": list(a.agents),
                        "agent_names": list(a.agent_names),
                        "scheduled_end": a.scheduled_end.isoformat(),
                        "minutes_late": a.minutes_late,
                    }
                    for a in rows
                ],
                # Booked, their time passed with no check-in (app/visits/no_check_in.py).
                "not_checked_in": [
                    {
                        "visit_no": m.visit_no,
                        "case_no": m.case_no,
                        "borrower": m.borrower,
                        "agents": list(m.agents),
                        "agent_names": list(m.agent_names),
                        "scheduled_start": m.scheduled_start.isoformat(),
                        "scheduled_end": m.scheduled_end.isoformat(),
                        "minutes_over": m.minutes_over,
                    }
                    for m in missed
                ],
                # Booked, to come, a deactivated account on the team (app/visits/team_gone.py).
                "team_deactivated": [
                    {
                        "visit_no": g.visit_no,
                        "case_no": g.case_no,
                        "borrower": g.borrower,
                        "agents": list(g.agents),
                        "agent_names": list(g.agent_names),
                        "deactivated_agents": list(g.gone),
                        "scheduled_start": g.scheduled_start.isoformat(),
                        "scheduled_end": g.scheduled_end.isoformat(),
                    }
                    for g in gone
                ],
            }
        )
        return 0
    if gone:
        out(tr("Team to staff anew ({count}):", count=len(gone)))
        passed = [start_passed(g.scheduled_start) for g in gone]  # each line says its own
        out("  " + restaff_advice(count=len(gone), passed=all(passed), some_passed=any(passed)))
        for g in gone:
            out("  " + gone_line(g, zone))
            out("    " + restaff_command(g.visit_no, g.scheduled_start, zone))
        out("")
    if missed:
        out(tr("Not checked in ({count}):", count=len(missed)))
        for m in missed:
            out("  " + missed_line(m, zone))
        out("  " + advice_for_all(missed))
        out("  " + _missed_commands(cancel_only=all_cancel_only(missed)))
        out("")
    if not rows:
        out(tr("No late check-outs."))
        return 0
    for a in rows:
        out(
            tr(
                "{number} ({case}, {borrower}): expected end {end}, {late} ago, no check-out — "
                "{agents}",
                number=a.visit_no,
                case=a.case_no,
                borrower=a.borrower,
                end=_local(a.scheduled_end, zone),
                late=duration(a.minutes_late),
                agents=listed(a.agent_names),
            )
        )
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    from app.visits import resolve_late

    acting(args, lambda s, u: resolve_late(s, u, args.visit_no, args.note))
    out(tr("Alert on visit {number} resolved.", number=number_key(args.visit_no)))
    return 0


def run_sheet(args: argparse.Namespace) -> int:
    from app.visits.sheet import gather_sheet
    from reports.visit_sheet import render_visit_sheet

    day = parse_date(args.date)
    lang = current_language()
    output = check_output(args)  # a sheet already there is kept unless --force

    def write(session: Any, user: User) -> Any:
        # Written inside the transaction: a file that cannot be written leaves no audit entry;
        # beside the output first, so a failure leaves no half file and keeps the old one.
        agent = username_of(session, args.agent) or args.agent  # or the name the lists show
        sheet = gather_sheet(session, user, agent, day, lang, output.name)
        with written_whole(output) as partial:
            render_visit_sheet(sheet, partial, lang)
        return sheet, missing_notice(session, user, "visits")

    sheet, notice = acting(args, write, write_lock=True)
    out(
        plural(
            len(sheet.visits),
            "Wrote {path} ({count} visit).",
            "Wrote {path} ({count} visits).",
            path=str(args.output),
        )
    )
    if notice:
        out(notice)
    return 0
