"""Text that cannot be kept, refused before anything is written, whichever use case writes it.

What a person pastes into a note, a name or a reason may carry characters no one typed: a NUL
(PostgreSQL refuses it with a DataError, SQLite keeps it and a PDF drops it), other control
characters (an escape, a delete), half of a broken character pair from a bad paste (the database
driver could not even encode it: a traceback), a text-direction override that shows a name
backwards, an invisible zero-width space that keeps a name from being found. Every session the
app opens (db.engine.session_factory) refuses such a flush with the character, where it is, and
what to do, so an office on a file and one on a server refuse the same text in the same words.
Tabs and line breaks stay; emoji and rare characters (CJK Extension B) are kept, and the PDFs
print a visible stand-in for what their fonts cannot draw (reports.fonts).

A flush also refuses text longer than its column holds: PostgreSQL refuses it with a DataError,
SQLite kept it whole.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import chain
from typing import Any

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from app.errors import ValidationError
from app.i18n import Words

# C0 and C1 controls but tab, line feed and carriage return; DEL; surrogates (a lone half of a
# pair); zero-width space and no-break space (BOM); bidirectional embeddings, overrides and
# isolates; the two noncharacters at the end of the first plane.
_UNSAVABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff"
    "\ud800-\udfff]"
)
_AROUND = 20  # characters shown either side of the one refused

KINDS = {
    "control": "a control character",
    "surrogate": "half of a broken character pair",
    "invisible": "an invisible character",
    "direction": "a text-direction control",
    "noncharacter": "a code that is not a character",
}


class UnsavableText(ValidationError):
    """Text with a character that cannot be kept; nothing was saved."""


def _kind(char: str) -> str:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return KINDS["surrogate"]
    if code in (0x200B, 0xFEFF):
        return KINDS["invisible"]
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return KINDS["direction"]
    if code in (0xFFFE, 0xFFFF):
        return KINDS["noncharacter"]
    return KINDS["control"]


def _shown(text: str) -> str:
    """`text` as a message can show it: each unsavable character as its code, in brackets."""
    return _UNSAVABLE.sub(lambda m: f"[U+{ord(m.group()):04X}]", text).replace("\n", " ")


def unsavable(text: str) -> UnsavableText | None:
    """Why `text` cannot be kept, or None when it can."""
    found = _UNSAVABLE.search(text)
    if found is None:
        return None
    at = found.start()
    before = text[max(0, at - _AROUND) : at]
    after = text[at + 1 : at + 1 + _AROUND]
    excerpt = (
        ("…" if at > _AROUND else "")
        + _shown(before + text[at] + after)
        + ("…" if at + 1 + _AROUND < len(text) else "")
    )
    char = text[at]
    return UnsavableText(
        "The text “{excerpt}” holds {kind} (U+{code}{name}), character {position} of {count}, "
        "which cannot be saved; it often comes with pasted text. Delete it and try again: "
        "nothing was saved.",
        excerpt=excerpt,
        kind=Words(_kind(char)),
        code=f"{ord(char):04X}",
        name=f" {unicodedata.name(char)}" if unicodedata.name(char, "") else "",
        position=f"{at + 1:,}",
        count=f"{len(text):,}",
    )


def check_text(text: str | None) -> str | None:
    """`text` unchanged, or UnsavableText raised when it cannot be kept."""
    if text is not None:
        error = unsavable(text)
        if error is not None:
            raise error
    return text


def _strings(value: Any) -> list[str]:
    """Every string in a JSON value (keys too)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def _check(obj: Any) -> None:
    state = inspect(obj)
    changed = None if state.pending or state.transient else set(state.committed_state)
    for attr in state.mapper.column_attrs:
        if changed is not None and attr.key not in changed:
            continue
        value = state.dict.get(attr.key)
        if value is None or isinstance(value, int | float):
            continue
        for text in _strings(value):
            check_text(text)
        column = attr.columns[0]
        most = getattr(column.type, "length", None)
        if isinstance(column.type, String) and most and isinstance(value, str):
            if len(value) > most:
                raise ValidationError(
                    "The text “{excerpt}” is too long: {count} characters, at most {max}. "
                    "Nothing was saved.",
                    excerpt=value[: _AROUND * 2] + "…",
                    count=f"{len(value):,}",
                    max=f"{most:,}",
                )


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    for obj in chain(session.new, session.dirty):
        _check(obj)


def install(factory: sessionmaker[Session]) -> None:
    """Make every session of `factory` refuse a flush of text that cannot be kept."""
    event.listen(factory, "before_flush", _before_flush)
