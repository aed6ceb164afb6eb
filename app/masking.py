"""Masks for what a screen or a list may show of a borrower: ID number, phone, address.

No database or phone-number library here: the start's first screen masks ID numbers before they
have loaded (app/first_screen.py). app.privacy re-exports these.
"""

from __future__ import annotations

import re
import unicodedata


def mask_id(national_id: str) -> str:
    """A Chinese resident ID: first 6 and last 4 characters, 110101********1234.

    A US Social Security number shows its last four digits, as US practice does (***-**-6789);
    a UK National Insurance number its last two digits and the suffix letter, in HMRC's groups
    (** ** ** 56 C) — the prefix letters and the first four digits, which narrow down who it is,
    stay hidden. Both are known by their shape (as app/country_data.py stores them, compact), so
    a screen masks them without asking the office's country. Anything else of 10 characters or
    fewer is hidden whole.
    """
    text = national_id.strip()
    if _SSN.match(text):
        return "***-**-" + text[-4:]
    if _NINO.match(text.upper()):
        return "** ** ** " + text[-3:-1] + " " + text[-1:].upper()
    if len(text) <= 10:
        return "*" * len(text)
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


def written_id(national_id: str) -> str:
    """An ID number in full as it is written: a US SSN in its groups (512-34-7788), a UK NI
    number in HMRC's (QQ 12 34 56 C), as their masks group them; a Chinese one as stored."""
    text = national_id.strip()
    if _SSN.match(text):
        return f"{text[:3]}-{text[3:5]}-{text[5:]}"
    if _NINO.match(text.upper()):
        up = text.upper()
        return f"{up[:2]} {up[2:4]} {up[4:6]} {up[6:8]} {up[8]}"
    return text


def is_us_uk_id(compact: str) -> bool:
    """Whether `compact` (no spaces or dashes) has a US SSN's or a UK NI number's shape."""
    return bool(_SSN.match(compact) or _NINO.match(compact.upper()))


# Shapes only (the checks are app/country_data.py's): nine digits; two letters, six digits, A–D.
_SSN = re.compile(r"^[0-9]{9}$")
_NINO = re.compile(r"^[A-Z]{2}[0-9]{6}[A-D]$")


def mask_phone(number: str) -> str:
    """+86 138****5678 — the country code apart, then the number's first digits and its last
    four: a US number +1 31****0134 and a UK one +44 79****3456, so the code +1 no longer runs
    into the area code (+12*****0134 read as country code +12); of a number shorter than ten
    digits after its code, only the last four (+852 ****4567). A number without a code keeps
    its first three characters and its last four."""
    digits = number.strip()
    if digits.startswith("+86") and len(digits) == 14:
        return f"+86 {digits[3:6]}****{digits[-4:]}"
    code = _calling_code(digits)
    if code and len(digits) - 1 - len(code) > 6:
        national = digits[1 + len(code) :]
        shown = national[:2] if len(national) >= 10 else ""  # a short number: the last 4 only
        return f"+{code} {shown}" + "*" * (len(national) - len(shown) - 4) + national[-4:]
    if len(digits) <= 4:
        return "*" * len(digits)
    if len(digits) <= 7:
        return "****" + digits[-4:]
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


# The E.164 country calling codes of one and two digits (ITU-T E.164 annex); every other code
# has three. Enough to set a code apart without a phone-number library (see the module's note).
_ONE_DIGIT = {"1", "7"}
_TWO_DIGITS = set(
    "20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 "
    "63 64 65 66 81 82 84 86 90 91 92 93 94 95 98".split()
)


def _calling_code(number: str) -> str:
    """The country calling code of an E.164 number (+13105550134 → "1"); "" for another form."""
    if not re.fullmatch(r"\+[0-9]{8,15}", number):
        return ""
    if number[1] in _ONE_DIGIT:
        return number[1]
    return number[1:3] if number[1:3] in _TWO_DIGITS else number[1:4]


def mask_address(line: str) -> str:
    """What a screen shows of an address line: the area it is in, never the door.

    A Chinese line runs from the largest place to the smallest (上海市徐汇区漕溪北路88号…): its
    first six characters — province, city, district — stay and the street and number are hidden.
    A line mostly in Latin script (the US and UK offices) runs the other way, door first
    ("Flat 3, 12 London Road, Headingley, Leeds LS6 2AB"), so cutting it after six characters
    showed the house number. For such a line, see `mask_latin_address`.
    """
    line = line.strip()
    if _mostly_latin(line):
        return mask_latin_address(line)
    return line[:6] + "…" if len(line) > 6 else line


def mask_latin_address(line: str) -> str:
    """Hide the premises and the street; keep the town and the postcode district.

    "Flat 3, 12 London Road, Headingley, Leeds LS6 2AB" → "… Headingley, Leeds LS6";
    "742 Evergreen Terrace, Springfield, IL 62704" → "… Springfield, IL 627**";
    "12 London Road, Flat 3" → "…" (nothing in it names only an area).

    Why the street goes too, not only the numbers: the line is shown beside the borrower's name,
    and a name with a street finds the house (the electoral roll, a directory, a walk down the
    road) — a compliance officer would not call that masked. It is also where the Chinese mask
    stops: at the district, before the street. What stays is what UK and US practice treats as
    an area rather than an address: the locality and town, the UK postcode's outward code (the
    district, some 10,000 addresses; the full postcode is a dozen or so) and, for a US ZIP code,
    its first three digits (as HIPAA's de-identification standard keeps) with the state.

    Parts are read from the end, split at commas: everything up to the last part that carries a
    number (other than the postcode), a street word (Road, Street, Ave…) or a premises word
    (Flat, Apt, Unit, Suite…) is hidden; a US ZIP code counts only after its state (NY 10118),
    so a bare five-digit number is never shown. A street named with none of these (Piccadilly,
    without a number) would read as an area: the list of words is where to add one.
    """
    parts = [p.strip() for p in line.split(",") if p.strip()]
    kept: list[str] = []
    for part in reversed(parts):
        area, postcode = _area_of(part)
        if area is None:  # the door or the street: hidden, but its postcode's district stays
            kept[:0] = [postcode] if postcode else []
            break
        kept[:0] = [area] if area else []
    if len(kept) == len(parts) and ", ".join(kept) == ", ".join(parts):
        return line
    return "… " + ", ".join(kept) if kept else "…"


def mask_postcode(code: str) -> str:
    """A postcode as a masked address shows it: the area, never the street.

    A UK postcode keeps its outward code (LS6 2AB → LS6), as `mask_latin_address` does; a US
    ZIP code its first three digits (10118-0110 → 101**); a Chinese 邮编 its first four, the
    county or district as the masked Chinese line keeps it (100020 → 1000**). Anything else is
    hidden whole.
    """
    text = code.strip().upper()
    uk = _UK_POSTCODE.fullmatch(text)
    if uk:
        return uk.group(1)
    if re.fullmatch(r"\d{5}(?:-\d{4})?", text):
        return text[:3] + "**"
    if re.fullmatch(r"\d{6}", text):
        return text[:4] + "**"
    return "*" * len(text)


_UK_POSTCODE = re.compile(r"(?i)\b([A-Z]{1,2}\d[A-Z\d]?)\s*\d[A-Z]{2}$")
_US_ZIP = re.compile(r"\b([A-Z]{2})\s+(\d{3})\d{2}(?:-\d{4})?$")
_STREET_WORDS = frozenset(
    """road rd street st avenue ave av lane ln drive dr close way court ct place pl crescent
    cres terrace ter terr gardens gdns grove gr square sq row walk mews parade boulevard blvd
    highway hwy parkway pkwy circle cir trail trl broadway embankment wharf quay esplanade
    flat flats apartment apartments apt unit suite ste floor fl room rm building bldg block
    house cottage farm lodge hall tower mansions po box p.o. #""".split()
)


def _area_of(part: str) -> tuple[str | None, str]:
    """The part as an area ("" for nothing to show, None when it locates premises or a street)
    and its postcode cut to the district ("" if none)."""
    postcode = ""
    uk = _UK_POSTCODE.search(part)
    us = None if uk else _US_ZIP.search(part)
    if uk:
        postcode, part = uk.group(1).upper(), part[: uk.start()].strip()
    elif us:
        postcode = f"{us.group(1)} {us.group(2)}**"
        part = part[: us.start()].strip()
    words = re.findall(r"[\w.#']+|#", part.lower())
    if (
        any(c.isdigit() for c in part)
        or any(w.strip(".") in _STREET_WORDS or w in _STREET_WORDS for w in words)
        or words[:1] == ["the"]  # The Strand, The Crescent: a street named alone
    ):
        return None, postcode
    return " ".join(x for x in (part, postcode) if x), postcode


def _mostly_latin(line: str) -> bool:
    """More Latin letters than letters of any other script (a line with no letters counts: it
    is only numbers, and the six-character cut would show them)."""
    latin = other = 0
    for c in line:
        if c.isalpha():
            if c.isascii() or unicodedata.name(c, "").startswith("LATIN"):
                latin += 1
            else:
                other += 1
    return latin >= other
