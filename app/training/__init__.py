"""Agent training (培训): course catalogue, records, status per agent, gating of work, import."""

from app.training.records import add_course, record_training
from app.training.status import (
    EXPIRING_DAYS,
    AgentTraining,
    CourseState,
    CourseStatus,
    WorkKind,
    agent_training,
    check_assignable,
    check_qualified,
    office_training,
    untrained_for,
)

__all__ = [
    "EXPIRING_DAYS",
    "AgentTraining",
    "CourseState",
    "CourseStatus",
    "WorkKind",
    "add_course",
    "agent_training",
    "check_assignable",
    "check_qualified",
    "office_training",
    "record_training",
    "untrained_for",
]
