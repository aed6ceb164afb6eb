"""Alembic environment: always runs on a connection handed in by db.migrate (no URLs, no ini)."""

from alembic import context

from app.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable by running the alembic CLI by hand
    raise SystemExit("Run migrations through `casedesk db upgrade`.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # batch rebuilds are SQLite-only
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
