"""Agents with valid training, as a real office's are: calls and visits check it (the rules
contact_training and visit_training), and assignment demands it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Course, User
from app.training import record_training

TRAINED_DAYS_AGO = 90  # before any contact or visit a test logs, within every course's validity


def train(session: Session, actor: User, *agents: User, days_ago: int = TRAINED_DAYS_AGO) -> None:
    """Give each agent a pass on every active course, taken `days_ago` days before today."""
    taken_on = dt.date.today() - dt.timedelta(days=days_ago)
    courses = session.scalars(select(Course).where(Course.active)).all()
    for agent in agents:
        for course in courses:
            record_training(session, actor, agent, course, taken_on=taken_on, score=95)
