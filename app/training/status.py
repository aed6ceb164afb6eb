"""Where each agent stands on each required course as of a date, and what work that allows.

A pass on `taken_on` for a course valid N months is good through the day before the same date
N months later: `expires_on` holds that last valid day. A failed attempt renews nothing.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import BindParameter, Date, Integer, Select, and_, bindparam, exists, or_, select
from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.loans.schedule import add_months
from app.models import Course, Role, TrainingRecord, User
from app.names import by_name

EXPIRING_DAYS = 30


class CourseStatus(enum.StrEnum):
    VALID = "valid"
    EXPIRING = "expiring"  # valid, but its last valid day is at most EXPIRING_DAYS away
    LAPSED = "lapsed"  # passed once, expired since
    MISSING = "missing"  # never passed


class WorkKind(enum.StrEnum):
    PHONE = "phone"
    FIELD = "field"


_REQUIRED_FOR = {WorkKind.PHONE: {"all", "phone"}, WorkKind.FIELD: {"all", "field"}}
_RANK = {
    CourseStatus.VALID: 0,
    CourseStatus.EXPIRING: 1,
    CourseStatus.LAPSED: 2,
    CourseStatus.MISSING: 3,
}


def expiry_for(taken_on: dt.date, validity_months: int) -> dt.date:
    """The last day a pass taken on `taken_on` is valid."""
    return add_months(taken_on, validity_months) - dt.timedelta(days=1)


@dataclass(frozen=True)
class CourseState:
    course_id: int
    code: str
    name_zh: str
    name_en: str
    required_for: str
    status: CourseStatus
    last_taken_on: dt.date | None = None  # the latest attempt, passed or not
    last_score: int | None = None
    last_passed: bool | None = None
    expires_on: dt.date | None = None  # of the latest pass

    def required(self, work: WorkKind) -> bool:
        return self.required_for in _REQUIRED_FOR[work]


@dataclass
class AgentTraining:
    agent_id: int
    username: str
    display_name: str
    courses: list[CourseState] = field(default_factory=list)

    def missing_for(self, work: WorkKind) -> list[CourseState]:
        """Required courses that are lapsed or missing for this kind of work."""
        return [
            c
            for c in self.courses
            if c.required(work) and c.status in (CourseStatus.LAPSED, CourseStatus.MISSING)
        ]

    def qualified(self, work: WorkKind) -> bool:
        return not self.missing_for(work)

    @property
    def status(self) -> CourseStatus:
        """The worst status over the courses required for any work."""
        required = [c for c in self.courses if c.required_for != "none"]
        return max((c.status for c in required), key=_RANK.__getitem__, default=CourseStatus.VALID)

    @property
    def expiring(self) -> list[CourseState]:
        """Required courses still valid whose last valid day is at most EXPIRING_DAYS away, the
        agent's other courses whatever they are (one lapsed does not hide these)."""
        return [
            c
            for c in self.courses
            if c.required_for != "none" and c.status is CourseStatus.EXPIRING
        ]


# The Agents & training page's filters (its menu, the export, the dashboard's tiles). An agent
# with one course lapsed and another expiring is under both "lapsed" and "expiring".
TRAINING_FILTERS = ("all", "lapsed", "expiring", "valid")


def in_filter(agent: AgentTraining, key: str) -> bool:
    """Whether an agent is listed under a training filter: "lapsed" a required course lapsed or
    missing, "expiring" a required course expiring within EXPIRING_DAYS, "valid" every required
    course valid and none expiring, "all" everyone."""
    if key == "lapsed":
        return agent.status in (CourseStatus.LAPSED, CourseStatus.MISSING)
    if key == "expiring":
        return bool(agent.expiring)
    if key == "valid":
        return agent.status is CourseStatus.VALID
    return True


def _state(course: Course, records: list[TrainingRecord], as_of: dt.date) -> CourseState:
    taken = [r for r in records if r.taken_on <= as_of]
    latest = max(taken, key=lambda r: (r.taken_on, r.id), default=None)
    passes = [r for r in taken if r.passed and r.expires_on is not None]
    best = max(passes, key=lambda r: r.expires_on or as_of, default=None)
    if best is None:
        status = CourseStatus.MISSING
    elif best.expires_on is not None and best.expires_on < as_of:
        status = CourseStatus.LAPSED
    elif best.expires_on is not None and (best.expires_on - as_of).days <= EXPIRING_DAYS:
        status = CourseStatus.EXPIRING
    else:
        status = CourseStatus.VALID
    return CourseState(
        course.id,
        course.code,
        course.name_zh,
        course.name_en,
        course.required_for,
        status,
        latest.taken_on if latest else None,
        latest.score if latest else None,
        latest.passed if latest else None,
        best.expires_on if best else None,
    )


def office_training(
    session: Session, as_of: dt.date, agent_ids: Iterable[int] | None = None
) -> list[AgentTraining]:
    """Training state of every active agent (or of `agent_ids`) on every active course, the
    agents in pinyin order of their names."""
    users_q = select(User).where(User.active, User.role == Role.AGENT)
    if agent_ids is not None:
        users_q = select(User).where(User.id.in_(list(agent_ids)))
    users = by_name(session.scalars(users_q.order_by(User.id)), lambda u: u.display_name)
    courses = session.scalars(select(Course).where(Course.active).order_by(Course.id)).all()
    records: dict[tuple[int, int], list[TrainingRecord]] = defaultdict(list)
    ids = [u.id for u in users]
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        for rec in session.scalars(
            select(TrainingRecord).where(TrainingRecord.agent_id.in_(chunk))
        ):
            records[(rec.agent_id, rec.course_id)].append(rec)
    return [
        AgentTraining(
            u.id,
            u.username,
            u.display_name,
            [_state(c, records[(u.id, c.id)], as_of) for c in courses],
        )
        for u in users
    ]


def agent_training(session: Session, agent_id: int, as_of: dt.date) -> AgentTraining:
    found = office_training(session, as_of, [agent_id])
    if not found:
        raise ValidationError("Unknown agent.")
    return found[0]


def work_gaps(session: Session, agent_id: int, as_of: dt.date) -> dict[WorkKind, list[CourseState]]:
    """The kinds of work an agent's lapsed or missing training keeps them from, each with the
    courses to pass again (nothing when they are fit for all work)."""
    state = agent_training(session, agent_id, as_of)
    return {work: gaps for work in WorkKind if (gaps := state.missing_for(work))}


def gap_kind(courses: Iterable[CourseState]) -> str:
    """What keeps an agent from a kind of work, of its courses they lack (`missing_for`): "missing"
    when one was never passed, else "lapsed" (passed once, expired since), "" for none. The Assign
    dialog ("training missing" / "training lapsed") and the notice on an agent's cases
    (app/training/agent_notice.py) tell them apart by it."""
    statuses = {c.status for c in courses}
    if CourseStatus.MISSING in statuses:
        return "missing"
    return "lapsed" if statuses else ""


def _course_names(courses: list[CourseState]) -> str:
    """Courses by name in the current language: 甲、乙 / a, b."""
    from app.i18n import current_language

    if current_language() == "zh_CN":
        return "、".join(c.name_zh for c in courses)
    return ", ".join(c.name_en for c in courses)


def check_qualified(session: Session, agent_id: int, work: WorkKind, as_of: dt.date) -> None:
    """Refuse (ValidationError naming the courses) an agent whose required training has lapsed."""
    state = agent_training(session, agent_id, as_of)
    missing = state.missing_for(work)
    if missing:
        message = (
            "{agent} cannot do field work: required training lapsed or missing ({courses})."
            if work is WorkKind.FIELD
            else "{agent} cannot do phone work: required training lapsed or missing ({courses})."
        )
        raise ValidationError(message, agent=state.display_name, courses=_course_names(missing))


def check_assignable(
    session: Session,
    agent_id: int,
    field_stage: int | None,
    as_of: dt.date,
    field_cases: Sequence[str] = (),
    chosen: int = 0,
) -> None:
    """Refuse an agent cases need: phone work always, field work too when some are at the field
    stage (`field_stage`: its first day past due; None when none is; `field_cases`: their
    numbers, of `chosen` cases). Each gap is named apart, as the window's training page names
    them: the phone-work courses, then what field work needs besides (QA: a field-stage case
    refused for phone work named only those, and the field course came up on the next try)."""
    state = agent_training(session, agent_id, as_of)
    phone = state.missing_for(WorkKind.PHONE)
    field = state.missing_for(WorkKind.FIELD) if field_stage is not None else []
    besides = [c for c in field if c not in phone]
    if phone and besides:
        raise ValidationError(
            "{agent} cannot do phone work: required training lapsed or missing ({courses}). "
            "Field work also needs: {field_courses}.",
            agent=state.display_name,
            courses=_course_names(phone),
            field_courses=_course_names(besides),
        )
    check_qualified(session, agent_id, WorkKind.PHONE, as_of)
    if field and chosen == 1:
        raise ValidationError(
            "{agent} cannot take this case: it is at the field stage ({days}+ days past due), "
            "and their field training lapsed or is missing ({courses}). Choose an agent "
            "trained for field work, or record their training first.",
            agent=state.display_name,
            days=field_stage,
            courses=_course_names(field),
        )
    if field:
        # Said as the choice the supervisor made (cases), not as work they did not ask for (QA:
        # "cannot do field work" of a supervisor assigning cases to a phone-only agent); the
        # cases named, so that 30 chosen need not be searched by their days past due.
        raise ValidationError(
            "{agent} cannot take cases at the field stage ({days}+ days past due), and "
            "{count} of those chosen are ({numbers}): field training lapsed or missing "
            "({courses}). Choose an agent trained for field work, or record their training "
            "first.",
            agent=state.display_name,
            days=field_stage,
            count=f"{len(field_cases):,}",
            numbers=some_numbers(field_cases),
            courses=_course_names(field),
        )


FIRST_NAMED = 5  # case numbers named in a refusal before "and N more"


def some_numbers(numbers: Sequence[str]) -> str:
    """The first few numbers in a row, then how many more: "C1, C2 and 3 more"."""
    from app.i18n import listed, tr

    if len(numbers) <= FIRST_NAMED:
        return listed(list(numbers))
    return tr(
        "{numbers} and {count} more",
        numbers=listed(list(numbers[:FIRST_NAMED])),
        count=f"{len(numbers) - FIRST_NAMED:,}",
    )


@cache
def untrained_statement(work: WorkKind) -> Select[str]:
    """The agent's name (`user_id`) when a course required for `work` had no valid pass on
    `day` (lapsed or missing); no row for a supervisor or an admin, whom training records do
    not cover. One statement with no IN list, so the compliance check of every contact runs it
    prepared (app.compliance.prepared): the same test as `missing_for`, a pass taken by the day
    whose last valid day is not before it."""
    user_id: BindParameter[int] = bindparam("user_id", type_=Integer)
    day: BindParameter[dt.date] = bindparam("day", type_=Date)
    valid_pass = exists().where(
        TrainingRecord.agent_id == user_id,
        TrainingRecord.course_id == Course.id,
        TrainingRecord.passed,
        TrainingRecord.taken_on <= day,
        TrainingRecord.expires_on >= day,
    )
    needed = or_(*(Course.required_for == kind for kind in sorted(_REQUIRED_FOR[work])))
    lacking = exists().where(and_(Course.active, needed, ~valid_pass))
    return select(User.display_name).where(User.id == user_id, User.role == Role.AGENT, lacking)


def untrained_for(session: Session, user_id: int, work: WorkKind, day: dt.date) -> str | None:
    """The agent's name when their training for `work` had lapsed or was missing on `day`, else
    None (None for a supervisor or an admin). Run prepared: the live check of every contact
    asks it."""
    from app.compliance.prepared import fetch  # app.compliance imports this package

    found = fetch(session, untrained_statement(work), {"user_id": user_id, "day": day})
    return found[0][0] if found else None


def own_training_notice(session: Session, agent_id: int, as_of: dt.date) -> str | None:
    """What an agent is told of their own lapsed or missing training where they work (the top of
    the window's queue, `casedesk queue`), in the current language; None when fit for all work."""
    from app.i18n import current_language, listed, sentences, tr

    gaps = work_gaps(session, agent_id, as_of)
    zh = current_language() == "zh_CN"
    phone, field = gaps.get(WorkKind.PHONE, []), gaps.get(WorkKind.FIELD, [])
    courses = listed(
        [c.name_zh if zh else c.name_en for c in phone + [c for c in field if c not in phone]]
    )
    if phone:
        told = tr(
            "Your training for phone and field work has lapsed or is missing "
            "({courses}): no case or visit can be given to you until you pass it again.",
            courses=courses,
        )
        return sentences([told, _contacts_meanwhile(session)])
    if field:
        return tr(
            "Your training for field work has lapsed or is missing ({courses}): you "
            "cannot be put on a visit until you pass it again.",
            courses=courses,
        )
    return None


# What the rule set in force does meanwhile to the calls of an agent untrained for phone work.
MEANWHILE = {
    "warning": "Until then, each call, SMS or letter you make is flagged in the compliance report.",
    "needs_override": "Until then, each call, SMS or letter you make needs a supervisor's "
    "override.",
    "blocked": "Until then, you cannot call, text or write to borrowers.",
}


def _contacts_meanwhile(session: Session) -> str:
    """The rule `contact_training` of the rule set in force, said to the agent it holds back
    ("" when it is off or absent)."""
    from app.compliance.versions import active_ruleset  # app.compliance imports this package
    from app.i18n import tr

    rule = active_ruleset(session)[0].rule("contact_training")
    if rule is None or not rule.enabled or rule.severity.name.lower() not in MEANWHILE:
        return ""
    return tr(MEANWHILE[rule.severity.name.lower()])
