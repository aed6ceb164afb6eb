"""One complaint as the Complaints page's detail pane shows it (who may act on it is
app.complaint_access's) — what was complained of, whom it is against,
who investigates, every investigation note (who, when, what) in order, the outcome, the pause."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit_seal import Opener
from app.auth import Permission, can, require
from app.complaint_access import OPEN, case_of, find_complaint, handle_refusal, note_refusal, person
from app.complaint_list import days_late
from app.errors import PermissionDenied
from app.i18n import plural, tr
from app.labels import (
    COMPLAINT_CATEGORY,
    COMPLAINT_CHANNEL,
    COMPLAINT_SOURCE,
    COMPLAINT_STATUS,
    capital,
    label,
)
from app.models import (
    AuditEntry,
    Borrower,
    ComplaintCategory,
    ComplaintStatus,
    Loan,
    User,
)
from app.office import office_timezone, office_today

# A line of the notes as app.complaints writes it: "[2026-05-03 08:15 UTC] agent02: text".
STAMPED = re.compile(r"\[(\d{4}-\d{2}-\d{2} \d{2}:\d{2}) UTC\] (\S+?): (.*)")
# A line of a note's text that would read as a stamp of its own is kept behind this mark, so
# that a note cannot pass for another one, by someone else, at another time.
ESCAPE = " "
NOTE, INVESTIGATOR, PAUSE_LIFTED = "note", "investigator", "pause_lifted"
# What the core writes in the notes when it names an investigator or lifts the pause.
PREFIXES = {INVESTIGATOR: "investigator: ", PAUSE_LIFTED: "pause lifted: "}
AUDITED = {"complaint.assign": INVESTIGATOR, "complaint.lift_pause": PAUSE_LIFTED}


def unstamped(text: str) -> str:
    """A note's text as stored: each following line that reads as a stamped line, once any
    spaces before it are off, behind one more ESCAPE; parse_notes takes that one off again."""
    lines = text.splitlines() or [""]  # as parse_notes splits them (\r, \u2028 … too)
    kept = [ESCAPE + line if STAMPED.fullmatch(line.lstrip(ESCAPE)) else line for line in lines[1:]]
    return "\n".join([lines[0], *kept])


NONE = "—"


def office_time(when: dt.datetime | None, zone: zoneinfo.ZoneInfo) -> dt.datetime | None:
    """A stored time (UTC, naive or aware) in the office's time zone."""
    if when is None:
        return None
    return (when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when).astimezone(zone)


def minute(when: dt.datetime | None) -> str:
    return when.strftime("%Y-%m-%d %H:%M") if when is not None else NONE


def days_left_words(days: int) -> str:
    """An open complaint's days to its deadline: "3 days left", "due today", or "2 days overdue"
    once past (found by QA: "21 overdue" said no unit, "0 days left" no deadline)."""
    if days < 0:
        return plural(-days, "{count} day overdue", "{count} days overdue")
    if days == 0:
        return tr("due today")
    return plural(days, "{count} day left", "{count} days left")


def late_words(days: int) -> str:
    """A closed complaint answered after its deadline (found by QA: the audit, the case story and
    the compliance report said so, the list and `complaint show` did not)."""
    return plural(
        days,
        "Answered late ({count} day after the deadline)",
        "Answered late ({count} days after the deadline)",
    )


@dataclass(frozen=True)
class ComplaintNote:
    """One investigation note; `kind` NOTE, or what the core wrote when it named an
    INVESTIGATOR (`text`: who) or lifted the pause (PAUSE_LIFTED, `text`: the reason)."""

    at: dt.datetime | None  # in the office's time zone; None for a note kept without a stamp
    author: str | None  # the writer's display name
    text: str
    kind: str = NOTE

    def words(self) -> str:
        """The note as the reader reads it, in their language."""
        if self.kind == INVESTIGATOR:
            return tr("Named {name} to investigate.", name=self.text)
        if self.kind == PAUSE_LIFTED:
            return tr("Lifted the pause: {reason}", reason=self.text)
        return self.text


@dataclass(frozen=True)
class ComplaintDetail:
    complaint_no: str
    case_no: str | None
    borrower: str | None
    source: str
    channel: str
    category: ComplaintCategory
    complex: bool
    received_on: dt.date
    deadline_on: dt.date
    days_left: int | None  # deadline − today, negative when overdue; None once closed
    status: ComplaintStatus
    against: str | None  # the agent it is against: "李明 (agent01)"
    investigator: str | None  # the one named last; None before anyone is
    description: str
    notes: tuple[ComplaintNote, ...]
    outcome: str
    closed_on: dt.date | None
    pausing: bool  # it pauses contact on its case now
    pause_lifted_by: str | None
    pause_lifted_at: dt.datetime | None  # in the office's time zone
    cannot_note: str | None = None  # why the viewer may not add a note (their language)
    cannot_handle: str | None = None  # why they may not assign, resolve or lift (the subject)
    notes_withheld: bool = False  # the viewer is the one it is against: the notes are not theirs
    version: int | None = None  # as read: resolving or lifting sends it back (stale: refused)

    @property
    def days_late(self) -> int | None:
        """Days after the deadline it was answered; None while open or answered in time."""
        return days_late(self.deadline_on, self.closed_on)

    def no_notes_words(self) -> str:
        """What the pane says where there are no notes to show."""
        if self.notes_withheld:
            return tr(
                "The investigation notes are not shown to the person the complaint is against."
            )
        return tr("No investigation notes yet.")

    def deadline_words(self) -> str:
        """ "2026-05-16 · 3 days left · Complex complaint", in the reader's language; once
        closed after its deadline, "Answered late (2 days after the deadline)" for the days
        left."""
        parts = [self.deadline_on.isoformat()]
        if self.days_left is not None:
            parts.append(days_left_words(self.days_left))
        elif self.days_late is not None:
            parts.append(late_words(self.days_late))
        if self.complex:
            parts.append(tr("Complex complaint"))
        return " · ".join(parts)

    def field_values(self, day: Callable[[dt.date], str]) -> dict[str, str | None]:
        """Its fields by their names (msgids), as the Complaints page and `complaint show` list
        them; `day` writes a date as the reader's medium does."""
        return {
            "Case no.": self.case_no,
            "Borrower": self.borrower,
            "Source": label(COMPLAINT_SOURCE, self.source),
            "Channel": label(COMPLAINT_CHANNEL, self.channel),
            "Category": capital(label(COMPLAINT_CATEGORY, self.category)),
            "Received": day(self.received_on),
            "Status": capital(label(COMPLAINT_STATUS, self.status)),
            "Answer by": self.deadline_words(),
            "Against agent": self.against,
            "Investigator": self.investigator or tr("Not named yet"),
            "Contact paused": self.pause_words(),
        }

    def pause_words(self) -> str:
        """Whether it pauses contact on its case now, and if not why."""
        if self.pausing:
            return tr("Yes")
        if self.case_no is None:
            return tr("No — the complaint is not about a case")
        if self.pause_lifted_at is not None:
            return tr(
                "No — lifted by {name} on {when}",
                name=self.pause_lifted_by or NONE,
                when=minute(self.pause_lifted_at),
            )
        return tr("No")


def parse_notes(
    text: str,
    names: dict[str, str],
    audited: set[tuple[str, str | None, str | None]],
    zone: zoneinfo.ZoneInfo,
) -> tuple[ComplaintNote, ...]:
    """The notes, one per stamped line (the lines after it that carry no stamp belong to it);
    a line is the core's naming of an investigator or lifting of the pause only when the audit
    trail holds that (kind, user, text)."""
    raw: list[list[str | None]] = []  # [stamp, user name, text]
    for line in (text or "").splitlines():
        head = STAMPED.fullmatch(line)
        if head is not None:
            raw.append([head[1], head[2], head[3]])
        elif raw:
            if line.startswith(ESCAPE) and STAMPED.fullmatch(line.lstrip(ESCAPE)):
                line = line.removeprefix(ESCAPE)  # the note's own text (unstamped)
            raw[-1][2] = f"{raw[-1][2]}\n{line}"
        elif line.strip():
            raw.append([None, None, line])
    notes = []
    for stamp, who, body in raw:
        assert body is not None
        at = office_time(dt.datetime.strptime(stamp, "%Y-%m-%d %H:%M"), zone) if stamp else None
        kind, shown = NOTE, body.rstrip()
        for what, prefix in PREFIXES.items():
            rest = shown.removeprefix(prefix)
            if who and rest != shown and (what, who, rest) in audited:
                kind, shown = what, names.get(rest, rest) if what == INVESTIGATOR else rest
                break
        notes.append(ComplaintNote(at, names.get(who, who) if who else None, shown, kind))
    return tuple(notes)


def complaint_detail(
    session: Session, user: User, complaint_no: str, *, as_of: dt.date | None = None
) -> ComplaintDetail:
    """One complaint as its detail pane shows it; an agent sees those on the cases assigned to
    them or against themselves (as complaints_list lists them). The one it is against, agent or
    supervisor, sees it without its investigation notes: the investigation of their conduct is
    not theirs to read while it runs nor after."""
    require(user, Permission.RECORD_COMPLAINTS)
    complaint = find_complaint(session, complaint_no)
    case = case_of(session, complaint)
    if not (
        can(user, Permission.VIEW_ALL_CASES)
        or (case is not None and case.assigned_agent_id == user.id)
        or complaint.agent_id == user.id
    ):
        raise PermissionDenied(
            "{user} may see only the complaints about the cases assigned to them or against "
            "themselves; {number} is neither.",
            user=user.username,
            number=complaint.complaint_no,
        )
    users = {u.id: u for u in session.scalars(select(User))}
    names = {u.username: person(u.display_name, u.username) for u in users.values()}
    authors = {u.username: u.display_name or u.username for u in users.values()}
    entries = session.execute(
        select(AuditEntry.action, AuditEntry.changes, User.username)
        .outerjoin(User, User.id == AuditEntry.user_id)
        .where(
            AuditEntry.entity == "complaint",
            AuditEntry.entity_id == complaint.complaint_no,
            AuditEntry.action.in_(AUDITED),
        )
        .order_by(AuditEntry.id)
    ).all()
    audited: set[tuple[str, str | None, str | None]] = set()
    investigator = None
    opener = Opener(session)  # a lifted pause's reason is sealed with the borrower's key
    for action, changes, actor in entries:
        changes = opener.open(changes) or {}
        said = (
            changes.get("investigator") if action == "complaint.assign" else changes.get("reason")
        )
        audited.add((AUDITED[action], actor, said))
        if action == "complaint.assign":
            investigator = said
    borrower = None
    if case is not None:
        borrower = session.scalar(
            select(Borrower.name)
            .join(Loan, Loan.borrower_id == Borrower.id)
            .where(Loan.id == case.loan_id)
        )
    zone = zoneinfo.ZoneInfo(office_timezone(session))
    status = ComplaintStatus(complaint.status)
    is_open = status in OPEN
    lifter = users.get(complaint.pause_lifted_by_id) if complaint.pause_lifted_by_id else None
    subject = users.get(complaint.agent_id) if complaint.agent_id else None
    refusal = note_refusal(session, user, complaint)
    barred = handle_refusal(user, complaint)
    as_of = as_of or office_today(session)  # a regulatory deadline: today, not a queue date
    withheld = subject is not None and subject.id == user.id
    return ComplaintDetail(
        complaint_no=complaint.complaint_no,
        case_no=case.case_no if case is not None else None,
        borrower=borrower,
        source=complaint.source,
        channel=complaint.channel,
        category=ComplaintCategory(complaint.category),
        complex=complaint.complex,
        received_on=complaint.received_on,
        deadline_on=complaint.deadline_on,
        days_left=(complaint.deadline_on - as_of).days if is_open else None,
        status=status,
        against=person(subject.display_name, subject.username) if subject else None,
        investigator=names.get(investigator, investigator) if investigator else None,
        description=complaint.description,
        notes=()
        if withheld
        else parse_notes(complaint.investigation_notes, authors, audited, zone),
        outcome=complaint.outcome,
        closed_on=complaint.closed_on,
        pausing=is_open and complaint.pauses_contact and complaint.pause_lifted_at is None,
        pause_lifted_by=person(lifter.display_name, lifter.username) if lifter else None,
        pause_lifted_at=office_time(complaint.pause_lifted_at, zone),
        cannot_note=refusal.translated() if refusal is not None else None,
        cannot_handle=barred.translated() if barred is not None else None,
        notes_withheld=withheld,
        version=complaint.version,
    )
