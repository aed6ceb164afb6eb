"""Why a US Social Security number or a UK National Insurance number of the right shape is
refused: the part of it that is never issued, named (QA s47 Q-3).

An SSN is judged by python-stdnum (stdnum.us.ssn: area 000, 666 or 9xx, group 00, serial 0000,
and the sample numbers printed on wallet inserts); python-stdnum has no NI number, so HMRC's
rules are written here: no D, F, I, Q, U or V in the prefix, no O as its second letter, seven
prefixes never used, and a suffix A–D.
"""

from __future__ import annotations

import re

from stdnum.exceptions import InvalidComponent
from stdnum.exceptions import ValidationError as NumberError
from stdnum.us import ssn

from app.errors import ValidationError

NINO_SHAPE = re.compile(r"^[A-Z]{2}\d{6}[A-Z]$")
_NINO_LETTERS = re.compile(r"^(?![DFIQUV])[A-Z](?![DFIOQUV])[A-Z]")
NINO_UNUSED = ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ")


def ssn_refusal(compact: str, shown: str) -> ValidationError | None:
    """None for a valid SSN (9 digits, compact); else why not, when it has an SSN's shape, the
    part never issued named; None also when it lacks the shape (the caller says what one is)."""
    try:
        ssn.validate(compact)
        return None
    except InvalidComponent:
        pass
    except NumberError:
        return None
    if compact[:3] in ("000", "666") or compact[0] == "9":
        msgid = (
            "{value} is not a Social Security number ever issued: the area number (its first "
            "three digits) is never 000, 666 or 900–999."
        )
    elif compact[3:5] == "00":
        msgid = (
            "{value} is not a Social Security number ever issued: the group number (its middle "
            "two digits) is never 00."
        )
    elif compact[5:] == "0000":
        msgid = (
            "{value} is not a Social Security number ever issued: the serial number (its last "
            "four digits) is never 0000."
        )
    else:  # 078-05-1120 and the like, stdnum's list of numbers printed as samples
        msgid = (
            "{value} is not a Social Security number ever issued: it is a sample number printed "
            "on wallet inserts and in advertisements, nobody's own."
        )
    return ValidationError(msgid, value=shown)


def nino_refusal(compact: str, shown: str) -> ValidationError | None:
    """Why an NI number of the shape two letters, six digits and a letter (compact, upper case)
    is refused, the part named; None when it is valid or lacks that shape."""
    if not NINO_SHAPE.match(compact):
        return None
    if not _NINO_LETTERS.match(compact):
        msgid = (
            "{value} is not a National Insurance number ever issued: its two prefix letters are "
            "never D, F, I, Q, U or V, and the second is never O."
        )
    elif compact[:2] in NINO_UNUSED:
        msgid = (
            "{value} is not a National Insurance number ever issued: its prefix is never BG, GB, "
            "KN, NK, NT, TN or ZZ."
        )
    elif compact[-1] not in "ABCD":
        msgid = (
            "{value} is not a National Insurance number: its last letter, the suffix, is always "
            "A, B, C or D."
        )
    else:
        return None
    return ValidationError(msgid, value=shown)
