"""Free text people type with a record (a contact's notes, a visit's notes, proposal and
capacity): trimmed, and at most MAX_NOTES characters, refused before anything is written."""

from __future__ import annotations

from app.errors import ValidationError

MAX_NOTES = 2000  # characters, as a closure's or an agreement's reasons


def clean_notes(notes: str | None) -> str:
    """Typed notes, trimmed; refused (nothing saved) past MAX_NOTES characters."""
    text = (notes or "").strip()
    if len(text) > MAX_NOTES:
        raise ValidationError(
            "The notes are too long: {count} characters, at most {max}.",
            count=f"{len(text):,}",
            max=f"{MAX_NOTES:,}",
        )
    return text
