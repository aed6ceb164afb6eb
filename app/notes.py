"""Free text people type with a record (a contact's notes, a visit's notes, proposal and
capacity): trimmed, and at most MAX_NOTES characters, refused before anything is written."""

from __future__ import annotations

from app.errors import ValidationError

MAX_NOTES = 2000  # characters, as a closure's or an agreement's reasons


def limited(value: str | None, most: int, msgid: str) -> str:
    """Typed text, trimmed; refused with `msgid` ({count} and {max} characters) past `most`
    characters, never cut short to fit (nothing is saved)."""
    text = (value or "").strip()
    if len(text) > most:
        raise ValidationError(msgid, count=f"{len(text):,}", max=f"{most:,}")
    return text


def clean_text(text: str | None) -> str:
    """Any other text typed with a record (a complaint's description, a note on it, its outcome,
    a visit's cancellation, an incident, a training's evidence), trimmed; refused (nothing saved)
    past MAX_NOTES characters."""
    return limited(text, MAX_NOTES, "The text is too long: {count} characters, at most {max}.")


def clean_notes(notes: str | None) -> str:
    """Typed notes, trimmed; refused (nothing saved) past MAX_NOTES characters."""
    return limited(notes, MAX_NOTES, "The notes are too long: {count} characters, at most {max}.")
