"""Password hashes: argon2id, checked the same way at the login box and in app.auth.login.

No database here, so the start's first screen (app/first_screen.py) can check a password before
SQLAlchemy has loaded.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.errors import ValidationError

# argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): about 50 ms a check
# on an office PC, where argon2-cffi's default (64 MiB, 3 passes, 4 lanes) took 0.2-0.3 s of every
# login. Each hash carries its own parameters: an older hash still verifies, and is rehashed with
# these at its next login (`login`).
HASH_TIME_COST = 2
HASH_MEMORY_KIB = 19456
HASH_LANES = 1


@cache
def hasher() -> PasswordHasher:
    return PasswordHasher(
        time_cost=HASH_TIME_COST, memory_cost=HASH_MEMORY_KIB, parallelism=HASH_LANES
    )


def check_typed_twice(password: str, repeat: str) -> None:
    """A new password typed twice alike: one wording for a mismatch wherever a password is chosen
    in two fields (the first-run wizard, Add account)."""
    if password != repeat:
        raise ValidationError("The two passwords differ.")


def check_new_password(password: str, username: str = "") -> None:
    """The one rule for a password a person chooses, on every route (the first-run wizard,
    `casedesk init`, adding an account, an admin's reset, changing one's own): the wizard's rule in
    app.setup (at least 8 characters, not the user name, not too simple), and never only spaces."""
    from app.setup import check_admin_password  # app.setup loads the database layer: not at start

    check_admin_password(password, password, username)
    if not password.strip():  # twelve spaces of four kinds would pass the strength score
        raise ValidationError(
            "The password is too simple: mix letters with digits or other characters."
        )


def hash_password(password: str) -> str:
    """An argon2id hash. The 4-character floor is not the rule (check_new_password is): the demo's
    password, and an older one rehashed at login, still hash."""
    if len(password) < 4:
        raise ValidationError("A password needs at least 4 characters.")
    return hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False
