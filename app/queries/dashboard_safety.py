"""The dashboard's safety-call figure in words, for the window's tile and `casedesk dashboard`:
the visits whose team has not been heard from past the visit's end — under way with no check-out,
or booked with no check-in. The tile's figure counted the late check-outs alone while its line
named the visits never checked in too, so it showed a red 0 (QA): the figure counts both."""

from __future__ import annotations

from app.i18n import Counted, tr
from app.queries.dashboard import Dashboard


def safety_counts(d: Dashboard, lang: str | None = None) -> str:
    """Which visits the figure counts, "1 past its end without check-out, 2 booked, never checked
    in"; "" when none."""
    late, missed = d.visits_late_checkout, d.visits_not_checked_in
    late_words = Counted(
        late, "{count} past its end without check-out", "{count} past their end without check-out"
    )
    missed_words = tr("{count} booked, never checked in", lang, count=f"{missed:,}")
    if late and missed:
        return tr("{late}, {missed}", lang, late=late_words, missed=missed_words)
    if late:
        return late_words.fill(lang)
    return missed_words if missed else ""


def safety_words(d: Dashboard, supervisor: bool, lang: str | None = None) -> str:
    """The tile's line: which visits it counts and what its reader does (a supervisor calls the
    team; an agent is told the supervisor is alerted)."""
    counts = safety_counts(d, lang)
    if not counts:  # nothing to do: "call the team" stood under a 0 (QA)
        return tr("every team past a visit's end has been heard from", lang)
    what = (
        tr("call the team to check they are safe", lang)
        if supervisor
        else tr("alert the supervisor", lang)
    )
    return tr("{visits}: {what}", lang, visits=counts, what=what)


def safety_line(d: Dashboard, lang: str | None = None) -> str:
    """`casedesk dashboard`'s line for the tile: its title, figure and what it counts."""
    counts = safety_counts(d, lang)
    if not counts:
        return tr("Visits needing a safety call: 0", lang)
    return tr(
        "Visits needing a safety call: {count} ({visits})",
        lang,
        count=f"{d.visits_safety_calls:,}",
        visits=counts,
    )
