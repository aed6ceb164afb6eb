"""The compliance log's queries seek the flagged contacts through an index (the verdict's), never a
pass over every contact attempt: on the 100,000-loan office such a pass cost the Compliance log
page ~0.4 s a query, twice on opening it (EXPLAIN QUERY PLAN)."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select

from app.models import User
from app.queries.compliance_log import ComplianceFilter, log_ids, rule_choices


def _plans(database, run) -> list[tuple[str, str]]:  # noqa: ANN001
    """(statement, its query plan) for each SELECT that `run(session, supervisor)` issues."""
    seen: list[tuple[str, str]] = []

    def explain(conn, cursor, statement, params, context, executemany) -> None:  # noqa: ANN001
        if executemany or not statement.lstrip().startswith("SELECT"):
            return
        plan = conn.connection.dbapi_connection.cursor()
        plan.execute("EXPLAIN QUERY PLAN " + statement, params)
        seen.append((statement, "\n".join(str(r[-1]) for r in plan.fetchall())))

    with database.sessions() as s:
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        engine = s.get_bind()
        event.listen(engine, "before_cursor_execute", explain)
        try:
            run(s, supervisor)
        finally:
            event.remove(engine, "before_cursor_execute", explain)
    return [(st, plan) for st, plan in seen if "FROM contact_attempt" in st]


@pytest.mark.sqlite_only  # SQLite's query plans
@pytest.mark.parametrize(
    "run",
    [
        lambda s, user: rule_choices(s),
        lambda s, user: log_ids(s, user),
        lambda s, user: log_ids(s, user, sort="agent", descending=False),
        lambda s, user: log_ids(s, user, ComplianceFilter(agent_id=user.id)),
    ],
    ids=["rule choices", "newest first", "by agent", "one agent"],
)
def test_the_log_seeks_the_flagged_contacts_by_index(demo_db, run) -> None:
    plans = _plans(demo_db, run)
    assert plans, "the log read no contact attempts"
    for statement, plan in plans:
        assert "SCAN contact_attempt" not in plan, (statement, plan)
        assert "SEARCH contact_attempt USING" in plan, (statement, plan)
