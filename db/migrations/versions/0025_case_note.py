"""Staff write notes on a case outside any contact attempt (app/case_notes.py): the new table
case_note keeps each one's case, author, time (UTC) and text. Append-only; an erasure blanks the
text. No note stored before it.

Revision ID: 0025_case_note
Revises: 0024_phone_confirmed_at
"""

import sqlalchemy as sa
from alembic import op

revision = "0025_case_note"
down_revision = "0024_phone_confirmed_at"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], name=op.f("fk_case_note_case_id_case")),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user.id"], name=op.f("fk_case_note_author_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_note")),
    )
    op.create_index(op.f("ix_case_note_case_id"), "case_note", ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_case_note_case_id"), table_name="case_note")
    op.drop_table("case_note")
