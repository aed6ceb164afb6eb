"""What to do next, under a finding that blocks a contact: the words the rules give say which
limit was met, and for the daily caps, the third-party consent rule and a complaint's pause
nothing more (found by QA: "the daily limit is 3" left the agent to guess whether a text, another
number or tomorrow would do; "paused while a complaint is open" did not say until when). A
number found wrong or not in service has its advice whatever the rule's severity (CN holds it for
a supervisor, US and UK flag it). Said under a live verdict, by the window's verdict panel and the
CLI's alike (no Qt here); stored findings keep their own words."""

from __future__ import annotations

from app.compliance.model import Finding, Severity
from app.compliance.third_party_rules import LAWYER, NUMBER_NOT_IN_SERVICE, NUMBER_WRONG
from app.i18n import tr as _

ANOTHER_NUMBER = (
    "Use another of the borrower's numbers, or confirm this one with the borrower first."
)

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
    NUMBER_WRONG: ANOTHER_NUMBER,
    NUMBER_NOT_IN_SERVICE: ANOTHER_NUMBER,
    # The lawyer on file by name (QA s47 P-3: "contact the lawyer" left the agent to find them).
    LAWYER: "Contact the borrower's lawyer on file instead: {lawyer}.",
    # The US waits say when (found by QA: the agent had to count the days), and that they hold
    # calls only. {resume} is the finding's own (app.compliance.rules).
    "{count} calls about this debt in the last 7 days; the limit is {max}.": (
        "Calls to the borrower may resume from {resume}, when the oldest of these calls is seven "
        "days old. The limit counts calls only: an SMS or a letter is not held by it."
    ),
    "A conversation took place on {date}; no call within {days} days after it.": (
        "The next call to the borrower may be made from {resume}. The wait holds calls only: an "
        "SMS or a letter is not held by it."
    ),
}
# The command line's own words where the window's name a page (QA s44: "lifts its pause on the
# Complaints page" left the CLI's user to find the command).
CLI_ADVICE = {
    "Contact on this case is paused while a complaint is open.": (
        "Contact may resume once the complaint is closed, or when a supervisor lifts its pause: "
        "casedesk complaint lift COMPLAINT_NO --reason TEXT (the case's complaint is in "
        "casedesk complaint list)."
    ),
}
# The stop_lawyer advice when no lawyer is on file (the finding names none).
NO_LAWYER = (
    "No lawyer is on file: record the borrower's lawyer as a related person with the relation "
    "Lawyer, then contact them."
)
CLI_NO_LAWYER = (
    "No lawyer is on file: record the borrower's lawyer with casedesk borrower person add "
    "BORROWER_NO --name NAME --relation lawyer --phone NUMBER, then contact them."
)
CLI_ADVICE[LAWYER] = (
    "Contact the borrower's lawyer on file instead: {lawyer} (--party other --person {person})."
)
# The same advice when the finding does not say when (a check without the calls' times).
UNDATED = {
    "{count} calls about this debt in the last 7 days; the limit is {max}.": (
        "Calls to the borrower may resume once the oldest of these calls is seven days old. The "
        "limit counts calls only: an SMS or a letter is not held by it."
    ),
}
# Advice said whatever the finding's severity (a rule an office keeps as a warning still has a
# next step): a number found invalid is not a limit reached but a stranger's line.
ANY_SEVERITY = frozenset((NUMBER_WRONG, NUMBER_NOT_IN_SERVICE, LAWYER))


def advice(finding: Finding, lang: str | None = None, *, cli: bool = False) -> str | None:
    """What to do about `finding` in `lang` (the user's by default), when it blocks (or, for the
    messages of ANY_SEVERITY, is more than information) and has advice; `cli`: as the command
    line says it (a command where the window names a page)."""
    words = (cli and CLI_ADVICE.get(finding.message)) or ADVICE.get(finding.message)
    if words is None or finding.severity is Severity.INFO:
        return None
    if finding.severity is not Severity.BLOCKED and finding.message not in ANY_SEVERITY:
        return None
    if "{lawyer}" in words and not finding.params.get("lawyer"):
        return _(CLI_NO_LAWYER if cli else NO_LAWYER, lang)
    if "{resume}" in words and not finding.params.get("resume"):
        undated = UNDATED.get(finding.message)
        return _(undated, lang) if undated else None
    return _(words, lang, **finding.params)
