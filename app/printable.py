"""Text typed or pasted by a user, made safe to echo on a terminal: a control character or an
invisible format character (an ANSI escape "\\x1b[2J" that clears the screen, a right-to-left
override U+202E that reverses what follows) is shown as its escape, not obeyed."""

from __future__ import annotations

import unicodedata
from typing import Any

# Control, format, surrogate, private-use and unassigned characters, and the line and paragraph
# separators: what a terminal may act on or show as nothing. Spaces (Zs) are kept as written.
_HIDDEN = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def escaped(char: str) -> str:
    """One character as Python writes it in a string: \\x1b, \\u202e, \\U000e0001."""
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str, *, keep: str = "") -> str:
    """`text` with each character a terminal would act on (but those in `keep`) escaped."""
    if text.isprintable():  # the common case: nothing to do
        return text
    return "".join(
        c if c in keep or unicodedata.category(c) not in _HIDDEN else escaped(c) for c in text
    )


def visible_params(params: dict[str, Any], msgid: str = "") -> dict[str, Any]:
    """A message's values with text in them made visible (lists and tuples item by item); a
    value `msgid` shows as {value!r} is left alone, its repr escapes it already."""
    shown: dict[str, Any] = {}
    for key, value in params.items():
        if "{" + key + "!r}" in msgid:
            pass
        elif value.__class__ is str:
            value = visible(value)
        elif isinstance(value, list | tuple):
            value = type(value)(visible(v) if v.__class__ is str else v for v in value)
        shown[key] = value
    return shown
