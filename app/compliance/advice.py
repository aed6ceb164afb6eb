"""What to do next, under a finding that blocks a contact: the words the rules give say which
limit was met, and for the daily caps, the third-party consent rule and a complaint's pause
nothing more (found by QA: "the daily limit is 3" left the agent to guess whether a text, another
number or tomorrow would do; "paused while a complaint is open" did not say until when). Said
under a live verdict, by the window's verdict panel and the CLI's alike (no Qt here); stored
findings keep their own words."""

from __future__ import annotations

from app.compliance.model import Finding, Severity
from app.i18n import tr as _

# A finding's message id → the advice shown under it when it blocks.
ADVICE = {
    "The borrower has had {count} conversations today; the daily limit is {max}.": (
        "No more conversations with the borrower today: try again tomorrow."
    ),
    "{count} unanswered attempts on this number today; the daily limit is {max}.": (
        "Try another of the borrower's numbers, or this one tomorrow."
    ),
    "The loan contract does not allow contact with third parties, and this person has not "
    "agreed to be contacted.": (
        "Contact the borrower or a guarantor instead, or a related person who agreed to be "
        "contacted."
    ),
    "The loan contract does not allow contact with third parties; under this rule set the "
    "person's own agreement is not enough.": "Contact the borrower or a guarantor instead.",
    # Said why, not until when (QA): the pause ends with the complaint or a supervisor's lift.
    "Contact on this case is paused while a complaint is open.": (
        "Contact may resume once the complaint is closed, or when a supervisor lifts its pause "
        "on the Complaints page."
    ),
}


def advice(finding: Finding, lang: str | None = None) -> str | None:
    """What to do about `finding` in `lang` (the user's by default), when it blocks and has
    advice."""
    words = ADVICE.get(finding.message)
    if words is None or finding.severity is not Severity.BLOCKED:
        return None
    return _(words, lang)
