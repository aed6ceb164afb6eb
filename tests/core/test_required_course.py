"""unqualified_by: who a course would leave untrained for work if saved as required, as the
Courses dialog asks before saving. Checked against the records queried here."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.models import Course, Role, TrainingRecord, User
from app.training.records import unqualified_by


def _agents(s) -> list[User]:  # type: ignore[no-untyped-def]
    return list(
        s.scalars(select(User).where(User.active, User.role == Role.AGENT).order_by(User.username))
    )


def test_who_a_required_course_leaves_untrained(demo_db) -> None:
    today = dt.date.today()
    with demo_db.sessions() as s:
        everyone = [a.display_name or a.username for a in _agents(s)]
        assert len(everyone) >= 2
        # A new course: nobody has passed it.
        assert unqualified_by(s, None, "none", True) == ([], set())
        assert unqualified_by(s, None, "phone", False) == ([], set())  # inactive: requires nothing
        assert unqualified_by(s, None, "all", True) == (everyone, {"phone", "field"})
        # A course required for field work, widened to all work: only phone work is new, and
        # only the agents without a valid pass of it lose anything.
        field = s.scalar(select(Course).where(Course.active, Course.required_for == "field"))
        assert field is not None
        assert unqualified_by(s, field.code, "field", True) == ([], set())  # no more than now
        assert unqualified_by(s, field.code, "none", True) == ([], set())
        valid = set(
            s.scalars(
                select(TrainingRecord.agent_id).where(
                    TrainingRecord.course_id == field.id,
                    TrainingRecord.passed,
                    TrainingRecord.expires_on >= today,
                )
            )
        )
        expected = [a.display_name or a.username for a in _agents(s) if a.id not in valid]
        names, added = unqualified_by(s, field.code.lower(), "all", True)
        assert added == {"phone"} and names == expected
        assert len(expected) < len(everyone)  # some agents hold a valid pass in the demo
