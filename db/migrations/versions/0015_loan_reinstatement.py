"""Write-offs that were undone are kept: a reinstatement clears the loan's write-off (status back
to active, closed_on cleared), so a portfolio report of a month in which the loan was written off,
printed after it was reinstated, counted it on the book. The new table loan_reinstatement keeps
each such write-off: the day it took effect, the day it was undone, what was written off.

Filled from the audit trail: each "loan.reinstate" entry with the loan's "loan.write_off" entry
before it (its date, "on", and what was still owed, "outstanding"); the day of the reinstatement
is the entry's time in the office's zone. A reinstatement without a write-off entry before it
(never written by Casedesk) is left out. Plain statements: the same on SQLite and PostgreSQL.

Revision ID: 0015_loan_reinstatement
Revises: 0014_instalment_unpaid_by_loan
"""

import datetime as dt
import zoneinfo

import sqlalchemy as sa
from alembic import op

revision = "0015_loan_reinstatement"
down_revision = "0014_instalment_unpaid_by_loan"
branch_labels = None
depends_on = None

office = sa.table("office", sa.column("timezone", sa.String()))
loan = sa.table("loan", sa.column("id", sa.Integer()), sa.column("loan_no", sa.String()))
audit_entry = sa.table(
    "audit_entry",
    sa.column("id", sa.Integer()),
    sa.column("at", sa.DateTime()),
    sa.column("action", sa.String()),
    sa.column("entity", sa.String()),
    sa.column("entity_id", sa.String()),
    sa.column("changes", sa.JSON()),
)


def _from_audit(connection: sa.Connection) -> list[dict[str, object]]:
    """(loan_id, written_off_on, reinstated_on, owed) of every write-off undone so far."""
    name = connection.execute(sa.select(office.c.timezone).limit(1)).scalar()
    zone = zoneinfo.ZoneInfo(name or "Asia/Shanghai")
    entries = connection.execute(
        sa.select(
            audit_entry.c.entity_id, audit_entry.c.action, audit_entry.c.at, audit_entry.c.changes
        )
        .where(
            audit_entry.c.entity == "loan",
            audit_entry.c.action.in_(["loan.write_off", "loan.reinstate"]),
        )
        .order_by(audit_entry.c.id)
    ).all()
    if not entries:
        return []
    ids = dict(connection.execute(sa.select(loan.c.loan_no, loan.c.id)).all())
    written: dict[str, tuple[dt.date, int]] = {}
    rows: list[dict[str, object]] = []
    for loan_no, action, at, changes in entries:
        changes = changes or {}
        if action == "loan.write_off" and changes.get("on"):
            written[loan_no] = (
                dt.date.fromisoformat(changes["on"]),
                int(changes.get("outstanding") or 0),
            )
        elif action == "loan.reinstate" and loan_no in written and loan_no in ids:
            on, owed = written.pop(loan_no)
            back = at.replace(tzinfo=dt.UTC).astimezone(zone).date()
            rows.append(
                {
                    "loan_id": ids[loan_no],
                    "written_off_on": on,
                    "reinstated_on": max(on, back),
                    "owed": owed,
                }
            )
    return rows


def upgrade() -> None:
    table = op.create_table(
        "loan_reinstatement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("loan_id", sa.Integer(), nullable=False),
        sa.Column("written_off_on", sa.Date(), nullable=False),
        sa.Column("reinstated_on", sa.Date(), nullable=False),
        sa.Column("owed", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "written_off_on <= reinstated_on", name=op.f("ck_loan_reinstatement_reinstated_after")
        ),
        sa.CheckConstraint("owed >= 0", name=op.f("ck_loan_reinstatement_owed_nonneg")),
        sa.ForeignKeyConstraint(
            ["loan_id"],
            ["loan.id"],
            name=op.f("fk_loan_reinstatement_loan_id_loan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loan_reinstatement")),
    )
    op.create_index(
        op.f("ix_loan_reinstatement_loan_id"), "loan_reinstatement", ["loan_id"], unique=False
    )
    rows = _from_audit(op.get_bind())
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_index(op.f("ix_loan_reinstatement_loan_id"), table_name="loan_reinstatement")
    op.drop_table("loan_reinstatement")
