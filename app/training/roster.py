"""The training roster's figures, gathered as plain data for reports/roster.py."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.auth import Permission, require
from app.models import User
from app.office import get_office, office_now
from app.paper import office_paper
from app.reporting.compliance_more import staff_on_day
from app.reporting.period import not_after_today, versions_on_day
from app.training.status import AgentTraining, CourseStatus, office_training


@dataclass(frozen=True)
class RosterCourse:
    code: str
    name: str
    required_for: str


@dataclass
class Roster:
    office_name: str
    as_of: dt.date
    generated_at: dt.datetime
    courses: list[RosterCourse]
    agents: list[AgentTraining]
    totals: dict[str, Counter[CourseStatus]] = field(default_factory=dict)  # course code → counts
    ruleset_versions: tuple[str, ...] = ()  # in force on the as-of day ("CN 2026.1")
    paper: str = "a4"  # what the roster is laid out on (app/paper.py)

    @property
    def overall(self) -> Counter[CourseStatus]:
        return Counter(a.status for a in self.agents)


def roster_data(session: Session, actor: User, as_of: dt.date, lang: str = "en") -> Roster:
    require(actor, Permission.PRINT_TRAINING_ROSTER)
    # A roster dated ahead would print as lapsed a course that has not lapsed yet (found by QA at
    # a month end): it states what is, as the portfolio's as-of date does.
    not_after_today(session, as_of, "The as-of date {day} is after today ({today}).")
    # The agents on the staff that day, as the compliance report for it counts them: not one
    # whose account was made later (every course "missing"), nor one who had left by then.
    agents = office_training(session, as_of, staff_on_day(session, as_of))
    office = get_office(session)
    courses: list[RosterCourse] = []
    totals: dict[str, Counter[CourseStatus]] = {}
    if agents:
        for state in agents[0].courses:
            courses.append(
                RosterCourse(
                    state.code,
                    state.name_zh if lang == "zh_CN" else state.name_en,
                    state.required_for,
                )
            )
            totals[state.code] = Counter()
        for agent in agents:
            for state in agent.courses:
                totals[state.code][state.status] += 1
    return Roster(
        office.name if office else "",
        as_of,
        office_now(session),
        courses,
        agents,
        totals,
        versions_on_day(session, as_of),
        office_paper(session),
    )
