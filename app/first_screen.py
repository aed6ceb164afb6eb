"""The office read without SQLAlchemy, for the first screen of a start: the login check and the
work queue's first page, on one plain SQLCipher connection.

SQLAlchemy and the mapped classes take about a second to load on an office PC. A user who presses
Log in before they have loaded sees their queue from this module meanwhile (ui/first_screen.py);
everything else, writes included, waits for the core. Only a successful login goes this way: a
wrong password, a locked or inactive account, an account whose password an admin set (its owner
chooses their own first), an office that needs a migration or a key that has to be asked for all
take the core's path, which counts failures and explains itself.

The SQL here is the SQL that app/queries/cases.py builds for the queue's default view (open cases
in QUEUE_ORDER, an agent's own or, for a supervisor, the office's). tests/core/test_first_screen.py
checks that both give the same rows, value for value, for an agent and a supervisor.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.id_labels import jurisdiction_country
from app.masking import mask_id
from app.passwords import verify_password
from app.queue_row import QueueRow
from app.roles import Permission, Role, role_may
from app.user_names import login_name
from db.migrations import HEAD
from db.sqlcipher import raw_connect

_OPEN = '"case".status != \'CLOSED\' AND "case".dpd >= 0'  # as IS_OPEN: ix_case_queue applies
_MINE = ' AND "case".assigned_agent_id = ?'
_ORDER = (
    '"case".waiting ASC, "case".score DESC, "case".dpd DESC, "case".amount_overdue DESC, '
    '"case".id ASC'
)
_IDS = (
    'SELECT "case".id FROM "case" JOIN loan ON loan.id = "case".loan_id '
    "JOIN borrower ON borrower.id = loan.borrower_id WHERE " + _OPEN + "{mine} ORDER BY " + _ORDER
)
_COUNT = 'SELECT count(*) FROM "case" WHERE ' + _OPEN + "{mine}"
_ROWS = (
    'SELECT "case".id, "case".case_no, loan.loan_no, borrower.name, borrower.national_id, '
    '"case".dpd, "case".bucket, "case".amount_overdue, "case".score, "case".score_breakdown, '
    'user.display_name, "case".status, "case".next_action_on, coalesce("case".last_contact_at, '
    "(SELECT max(contact_attempt.at) FROM contact_attempt "
    'WHERE contact_attempt.case_id = "case".id)), "case".waiting '
    'FROM "case" JOIN loan ON loan.id = "case".loan_id '
    "JOIN borrower ON borrower.id = loan.borrower_id "
    'LEFT OUTER JOIN user ON user.id = "case".assigned_agent_id WHERE "case".id IN ({marks})'
)
_USER = (
    "SELECT id, username, display_name, role, active, locked_until, password_hash, language, "
    "must_change_password FROM user WHERE username = ?"
)


@dataclass(frozen=True)
class FirstUser:
    """Who logged in, as far as the first screen needs: the core loads the User itself."""

    id: int
    username: str
    display_name: str
    role: Role
    language: str | None

    @property
    def sees_office(self) -> bool:
        """A supervisor's queue is the office's; an agent's, their own cases."""
        return role_may(self.role.value, Permission.VIEW_ALL_CASES)


def _utc(text: str | None) -> dt.datetime | None:
    """SQLite's stored UTC text ('2026-11-29 05:23:00.000000') as an aware datetime."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC) if text else None


class FirstScreenOffice:
    """One read-only connection on the office file while the core loads; close() when done."""

    def __init__(self, path: Path, key: str) -> None:
        self.path = path
        self.connection = raw_connect(path, key)

    def close(self) -> None:
        self.connection.close()

    def _all(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return list(self.connection.execute(sql, params))

    def at_head(self) -> bool:
        """True when the schema is this Casedesk's newest (else the core migrates it first)."""
        try:
            found = self._all("SELECT version_num FROM alembic_version")
        except Exception:  # no such table: a new or foreign file, for the core to explain
            return False
        return bool(found) and found[0][0] == HEAD

    def check_login(self, username: str, password: str, now: dt.datetime) -> FirstUser | None:
        """The user when the password is right, the account active and not locked and its password
        their own; else None (the core then checks again, counts the failure and says why)."""
        found = self._all(_USER, (login_name(username),)) or self._all(_USER, (username.strip(),))
        if not found:
            return None
        user_id, name, display, role, active, locked_until, stored_hash, language, must = found[0]
        locked = _utc(locked_until)
        if not active or (locked is not None and locked > now):
            return None
        if must:  # an admin set the password: the core's login asks for the user's own first
            return None
        if not verify_password(stored_hash, password):
            return None
        return FirstUser(user_id, name, display, Role[role], language)

    def office_timezone(self) -> str:
        found = self._all("SELECT timezone FROM office LIMIT 1")
        return (found[0][0] if found else None) or "Asia/Shanghai"

    def office_country(self) -> str:
        """The office's country (CN, US, GB), as app.country_data.office_country."""
        found = self._all("SELECT jurisdiction FROM office ORDER BY id LIMIT 1")
        return jurisdiction_country(found[0][0] if found else None)

    def _mine(self, user: FirstUser) -> tuple[str, tuple[Any, ...]]:
        return ("", ()) if user.sees_office else (_MINE, (user.id,))

    def queue_head(self, user: FirstUser, n: int) -> list[int]:
        """The first `n` case ids in queue order (as app.queries.cases.queue_head)."""
        mine, params = self._mine(user)
        return [r[0] for r in self._all(_IDS.format(mine=mine) + " LIMIT ?", (*params, n))]

    def queue_count(self, user: FirstUser) -> int:
        """How many open cases the user sees (as queue_count); asked after the first paint."""
        mine, params = self._mine(user)
        return int(self._all(_COUNT.format(mine=mine), params)[0][0])

    def queue_ids(self, user: FirstUser) -> list[int]:
        """Every open case id the user sees, in queue order (scrolling past the first page)."""
        mine, params = self._mine(user)
        return [r[0] for r in self._all(_IDS.format(mine=mine), params)]

    def queue_rows(self, ids: list[int] | tuple[int, ...]) -> dict[int, QueueRow]:
        """Display rows for one page of case ids (as app.queries.cases.queue_rows)."""
        if not ids:
            return {}
        sql = _ROWS.format(marks=", ".join("?" * len(ids)))
        return {
            r[0]: QueueRow(
                r[0],
                r[1],
                r[2],
                r[3],
                mask_id(r[4]),
                r[5],
                r[6],
                r[7],
                r[8],
                dict(json.loads(r[9]) or {}) if r[9] else {},
                r[10] or "",
                r[11].lower(),  # the enum's name as stored; CaseStatus values are the names
                dt.date.fromisoformat(r[12]) if r[12] else None,
                _utc(r[13]),
                bool(r[14]),
            )
            for r in self._all(sql, tuple(ids))
        }
