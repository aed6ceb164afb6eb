"""People who log in: agents, supervisors, admins."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Enum, String, false
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, intpk, utcnow
from app.roles import Role


class User(Base):
    __tablename__ = "user"
    __table_args__ = (CheckConstraint("failed_logins >= 0", name="failed_logins_nonneg"),)

    id: Mapped[intpk]
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    field_capacity: Mapped[int] = mapped_column(default=0)
    language: Mapped[str | None] = mapped_column(String(10))
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None]
    last_login_at: Mapped[dt.datetime | None]
    # The password was set by someone else (an admin's add or reset): its owner must choose their
    # own before they work (the window asks at login, the CLI refuses until `user password`).
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
