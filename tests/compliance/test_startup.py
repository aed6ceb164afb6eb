"""At start the app validates the rule sets and keeps working on the last good version."""

from __future__ import annotations

from sqlalchemy import select

from app.compliance import active_ruleset, startup_check
from app.models import RuleSetVersion
from app.office import create_office


def test_startup_stores_the_first_version_and_reports_nothing(db):
    with db.session() as s:
        create_office(s, name="Office", admin_username="admin", admin_password="pw-admin")
        assert startup_check(s) == []
        rows = s.scalars(select(RuleSetVersion)).all()
        assert len(rows) == 1 and rows[0].active and rows[0].jurisdiction == "cn"


def test_a_broken_active_version_is_reported_and_the_last_good_one_used(db):
    with db.session() as s:
        create_office(s, name="Office", admin_username="admin", admin_password="pw-admin")
        startup_check(s)
        good, _ = active_ruleset(s)
        row = s.scalar(select(RuleSetVersion).where(RuleSetVersion.active))
        broken = RuleSetVersion(
            jurisdiction="cn",
            version="2026.1-r2",
            active=True,
            effective_on=row.effective_on,
            content=row.content.replace("[rules.quiet_hours]", "[rules.quiet", 1),
        )
        row.active = False
        s.add(broken)
        s.flush()
        problems = startup_check(s)
        assert problems and "cannot be read" in problems[0]
        assert active_ruleset(s)[0].label == good.label
