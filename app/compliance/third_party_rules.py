"""The rules about contacting third parties (the rules.py pattern: one small pure function per
rule id): after how many failed attempts, with whose consent, never disclosing the debt, how
often one person, a related person's own wish not to be contacted, and a borrower's number a
contact found wrong or not in service (a stranger's, as far as the office knows).

The borrower's own lawyer (a related person whose relation is lawyer, logged as party "other")
is no third party: the stop list sends contact to them (DOMAIN: stop list, lawyer/attorney;
FDCPA 1692b(6), 1692c(a)(2)), so no third-party rule judges a contact with them. The rules on
contacts in general (quiet hours, the per-number attempt cap, a complaint's pause, the person's
own do-not-contact wish) still do."""

from __future__ import annotations

from app.compliance.model import Action, Context, Finding
from app.compliance.rules import _applies, _finding, _flag, local, param, register
from app.compliance.ruleset import Rule
from app.models import Outcome, Party

# The rule number_found_invalid's words, by what the contact found (the advice under them:
# app.compliance.advice).
NUMBER_WRONG = (
    "On {date} a call on this number reached someone other than the borrower (wrong number)."
)
NUMBER_NOT_IN_SERVICE = "On {date} a contact found this number not in service."
# The rule third_party_once's words for a third party with no person or number on record.
UNIDENTIFIED = (
    "The third party was not identified, so Casedesk counts them as the same person as the one "
    "contacted on {date}, who may not be contacted again (the limit is {max}). If it was someone "
    "else, log the contact with that person or their number."
)
# The rule stop_lawyer's words (its advice names the lawyer on file: app.compliance.advice).
LAWYER = "The borrower is represented by a lawyer; contact the lawyer instead."


def _third(action: Action, context: Context, rule: Rule) -> bool:
    """Whether a third-party rule judges the action: within its channels and parties, and not
    a contact with the borrower's own lawyer."""
    return _applies(action, rule) and not context.lawyer_contact


@register
def third_party_threshold(action: Action, context: Context, rule: Rule) -> Finding | None:
    """Third parties only after repeated failed attempts to reach the borrower or a dead number."""
    if not _third(action, context, rule):
        return None
    history, needed = context.history, param(rule, "min_failed_attempts")
    if history.consecutive_failed_attempts >= needed:
        return None
    if history.borrower_number_invalid and param(rule, "invalid_number_suffices"):
        return None
    return _finding(
        rule,
        "Third parties may be contacted only after {min} consecutive failed attempts to reach "
        "the borrower or an invalid number ({count} so far).",
        min=needed,
        count=history.consecutive_failed_attempts,
    )


@register
def third_party_consent(action: Action, context: Context, rule: Rule) -> Finding | None:
    """Third parties only with a basis in consent: the loan contract's, or (when
    `person_consent_suffices`) the person's own agreement to be contacted."""
    if not _third(action, context, rule) or context.third_party_consent:
        return None
    if not param(rule, "person_consent_suffices"):
        return _finding(
            rule,
            "The loan contract does not allow contact with third parties; under this rule set "
            "the person's own agreement is not enough.",
        )
    if context.related_person_consent:
        return None
    return _finding(
        rule,
        "The loan contract does not allow contact with third parties, and this person has not "
        "agreed to be contacted.",
    )


@register
def third_party_disclosure(action: Action, context: Context, rule: Rule) -> Finding | None:
    """The script reminder for every third-party contact: what may and may not be said."""
    if not _third(action, context, rule):
        return None
    script = param(rule, "script")
    if script == "location_only":
        return _finding(
            rule,
            "Third-party contact: ask for location information only; do not say that the "
            "borrower owes a debt.",
            script=script,
        )
    if script == "identity_first":
        return _finding(
            rule,
            "Third-party contact: confirm who you are speaking to first; disclose the debt only "
            "to the borrower.",
            script=script,
        )
    return _finding(
        rule,
        "Third-party contact: do not disclose the debt; only ask the person to pass on a request "
        "to call back.",
        script=script,
    )


@register
def third_party_once(action: Action, context: Context, rule: Rule) -> Finding | None:
    """A third party is contacted about the borrower's whereabouts at most `max` times; one not
    identified (no person, no number) is counted as possibly anyone contacted before."""
    if not _third(action, context, rule):
        return None
    count, limit = context.history.third_party_contacts_with_person, param(rule, "max")
    if count < limit:
        return None
    last = context.history.third_party_unidentified_last
    if last is not None:  # no person or number on record: counted as anyone contacted before
        return _finding(
            rule,
            UNIDENTIFIED,
            date=local(last, context).date().isoformat(),
            count=count,
            max=limit,
        )
    return _finding(
        rule,
        "This person has already been contacted {count} times; the limit is {max}.",
        count=count,
        max=limit,
    )


@register
def related_person_do_not_contact(action: Action, context: Context, rule: Rule) -> Finding | None:
    """A named related person who asked not to be contacted is not contacted, whatever the party
    the contact is logged as: the wish is the person's own (a guarantor's counts too), so the
    rule has no `parties` (a file's is ignored: ruleset.RETIRED)."""
    if not context.related_person_do_not_contact:
        return None
    return _finding(rule, "This person asked not to be contacted.")


@register
def number_found_invalid(action: Action, context: Context, rule: Rule) -> Finding | None:
    """No call or SMS to the borrower on a number the newest contact on it found wrong or not in
    service (app.phone_validity; the borrower answering on it since makes it valid again): a
    debt reminder there reaches a stranger. A rule, not a lock: borrowers say "wrong number" of
    their own numbers too, and the office may confirm the number with the borrower."""
    found = context.history.number_found_invalid
    if found is None or action.party is not Party.BORROWER or not _applies(action, rule):
        return None
    when, outcome = found
    return _finding(
        rule,
        NUMBER_WRONG if outcome == Outcome.WRONG_NUMBER.value else NUMBER_NOT_IN_SERVICE,
        date=local(when, context).date().isoformat(),
        outcome=outcome,
    )


_flag(
    "stop_contact_refused",
    lambda a, c: c.contact_refused,
    "The borrower refused further contact (stop flag).",
)


@register
def stop_lawyer(action: Action, context: Context, rule: Rule) -> Finding | None:
    """Stop-flag rule: the borrower has a lawyer, so the lawyer is contacted instead; the
    finding names the lawyer on file (person id and name) for its advice, if there is one."""
    if not context.has_lawyer or not _applies(action, rule):
        return None
    if context.lawyer_on_file is None:
        return _finding(rule, LAWYER)
    person, name = context.lawyer_on_file
    return _finding(rule, LAWYER, lawyer=name, person=person)


_flag(
    "stop_work_contact",
    lambda a, c: a.at_workplace and c.do_not_call_at_work,
    "The borrower asked not to be contacted at work.",
)
_flag(
    "stop_do_not_visit",
    lambda a, c: c.do_not_visit,
    "The borrower asked not to be visited (do-not-visit flag).",
    visit_only=True,
)
_flag(
    "stop_e_opt_out",
    lambda a, c: c.e_opt_out,
    "The borrower opted out of electronic messages on this channel.",
)
_flag(
    "case_paused",
    lambda a, c: c.case_paused,
    "Contact on this case is paused while a complaint is open.",
)
# Sent to legal closes the collection work (step 8): a contact then is the lawyers' to ask for.
LEGAL_NOW = "The loan is with legal; contact the borrower only as legal asks."
# A contact logged after the fact during a past stretch with legal (recalled or written off
# since): said in the past, with when that stretch began and ended (QA s46 J-4).
LEGAL_THEN = (
    "The loan was with legal at this contact's time (from {sent} until {ended}, {zone}); then "
    "the borrower was to be contacted only as legal asked."
)


@register
def legal_case(action: Action, context: Context, rule: Rule) -> Finding | None:
    """The loan with legal at the contact's time (app/compliance/back_dated.py)."""
    if not _applies(action, rule) or not context.loan_with_legal:
        return None
    if context.legal_stretch is None:
        return _finding(rule, LEGAL_NOW)
    sent, ended = (local(at, context).strftime("%Y-%m-%d %H:%M") for at in context.legal_stretch)
    return _finding(rule, LEGAL_THEN, sent=sent, ended=ended, zone=context.borrower_timezone)
