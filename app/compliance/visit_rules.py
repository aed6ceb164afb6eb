"""The rules about home visits (the rules.py pattern: one small pure function per rule id):
staffing and field training, consent, workplace and vulnerability flags, an agent's bookings
and travel time, the borrower's open visits and how often they are visited."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from typing import Any

from app.compliance import holidays  # noqa: F401  (public_holidays findings read in words)
from app.compliance.model import FIELD_TRAINING_GAPS, Action, Context, Finding
from app.compliance.rules import _finding, _flag, local, param, register
from app.compliance.ruleset import Rule
from app.models import Channel


def _name(context: Context, agent_id: int | None) -> str:
    """An agent's name when the context knows it, else the id."""
    if agent_id is None:
        return ""
    return context.agent_names.get(agent_id, str(agent_id))


def _office(at: dt.datetime, context: Context) -> dt.datetime:
    """A booking's time in the office's zone, as the booking dialog's Start and the Visits page
    give it (the borrower's zone when the context does not say)."""
    if context.office_timezone is None:
        return local(at, context)
    return at.astimezone(zoneinfo.ZoneInfo(context.office_timezone))


def _hhmm(at: dt.datetime, context: Context) -> str:
    return _office(at, context).strftime("%m-%d %H:%M")


@register
def visit_staffing(action: Action, context: Context, rule: Rule) -> Finding | None:
    """A visit is made by at least `min_agents` agents."""
    if action.channel != Channel.VISIT:
        return None
    count, needed = len(set(action.visit_agents)), param(rule, "min_agents")
    if count >= needed:
        return None
    return _finding(
        rule, "A visit needs at least {min} agents; {count} booked.", min=needed, count=count
    )


@register
def visit_training(action: Action, context: Context, rule: Rule) -> Finding | None:
    """Every agent on a visit holds valid field training."""
    if action.channel != Channel.VISIT:
        return None
    trained = set(context.agents_with_valid_field_training)
    missing = sorted({a for a in action.visit_agents if a not in trained})
    if not missing:
        return None
    gaps = [context.field_training_gaps.get(a, ()) for a in missing]
    if all(gaps):  # which courses each agent lacks, as the window's check knows them
        return _finding(
            rule,
            FIELD_TRAINING_GAPS,
            agents=[_name(context, a) for a in missing],
            courses_zh=["、".join(zh for zh, _en in g) for g in gaps],
            courses_en=[", ".join(en for _zh, en in g) for g in gaps],
        )
    return _finding(
        rule,
        "Agents without valid field training: {agents}.",
        agents=[_name(context, a) for a in missing],
    )


# Booked at the borrower's place of work → the finding without a consent to enter.
NO_CONSENT_TO_ENTER = {
    False: "No record that the borrower consents to the agents entering the home.",
    True: "No record that the borrower consents to the agents entering the workplace.",
}


NO_AGREEMENT = "No record that the borrower agreed to this visit."


def consent_options(findings: Iterable[Finding]) -> list[str]:
    """The command-line options that record the consent whose absence a finding among `findings`
    reports ("--borrower-agreed", "--consent-to-enter"): a refusal names them, as the quiet-hours
    one names its own (QA: only the supervisor's override was offered)."""
    said = {f.message for f in findings}
    options = []
    if NO_AGREEMENT in said:
        options.append("--borrower-agreed")
    if said & set(NO_CONSENT_TO_ENTER.values()):
        options.append("--consent-to-enter")
    return options


@register
def visit_consent(action: Action, context: Context, rule: Rule) -> list[Finding] | None:
    """A visit needs the contract's home-visit clause, and the booking must record that the
    borrower agreed to this appointment and consents to the agents entering: one finding for
    each that is missing."""
    if action.channel != Channel.VISIT:
        return None
    found: list[Finding] = []
    if not context.home_visit_consent:
        found.append(_finding(rule, "The loan contract has no home-visit clause."))
    if not action.visit_borrower_agreed:
        found.append(_finding(rule, NO_AGREEMENT))
    if not action.visit_consent_to_enter:
        found.append(_finding(rule, NO_CONSENT_TO_ENTER[action.at_workplace]))
    return found or None


_flag(
    "visit_workplace",
    lambda a, c: a.at_workplace,
    "No visits at the borrower's place of work.",
    visit_only=True,
)
_flag(
    "visit_vulnerable",
    lambda a, c: c.vulnerable,
    "The borrower is flagged as vulnerable; no visits.",
    visit_only=True,
)


@register
def visit_agent_conflict(action: Action, context: Context, rule: Rule) -> list[Finding] | None:
    """No agent on two visits at once, nor without `buffer_minutes` of travel time between."""
    if action.channel != Channel.VISIT or action.visit_end is None:
        return None
    buffer = dt.timedelta(minutes=param(rule, "buffer_minutes"))
    start, end = action.at, action.visit_end
    found: list[Finding] = []
    for other in context.history.agent_bookings:
        if other.agent_id not in action.visit_agents:
            continue
        params: dict[str, Any] = {
            "agent": _name(context, other.agent_id),
            "visit": other.visit_no,
            "start": _hhmm(other.start, context),
            "end": _office(other.end, context).strftime("%H:%M"),
        }
        if other.start < end and other.end > start:
            found.append(
                _finding(rule, "{agent} is already booked on {visit} ({start}–{end}).", **params)
            )
        elif other.start < end + buffer and other.end + buffer > start:
            found.append(
                _finding(
                    rule,
                    "{agent} has {visit} ({start}–{end}): less than {minutes} minutes to travel "
                    "between the visits.",
                    minutes=param(rule, "buffer_minutes"),
                    **params,
                )
            )
    return found or None


@register
def visit_borrower_booked(action: Action, context: Context, rule: Rule) -> Finding | None:
    """The borrower has at most one visit booked (or under way) at a time."""
    if action.channel != Channel.VISIT:
        return None
    open_visits = [
        b for b in context.history.borrower_visits if b.status in ("booked", "in_progress")
    ]
    if not open_visits:
        return None
    first = min(open_visits, key=lambda b: b.start)
    return _finding(
        rule,
        "The borrower already has visit {visit} booked for {start}.",
        visit=first.visit_no,
        start=_hhmm(first.start, context),
    )


@register
def visit_frequency(action: Action, context: Context, rule: Rule) -> Finding | None:
    """At most `max` visits to the same borrower within `period_days` days of each other."""
    if action.channel != Channel.VISIT:
        return None
    days, limit = param(rule, "period_days"), param(rule, "max")
    window = dt.timedelta(days=days)
    near = [
        b
        for b in context.history.borrower_visits
        if b.status in ("booked", "in_progress", "completed", "no_show")
        and abs(b.start - action.at) < window
    ]
    if len(near) < limit:
        return None
    return _finding(
        rule,
        "The borrower has {count} other visits within {days} days of this one; the limit is {max}.",
        count=len(near),
        days=days,
        max=limit,
    )
