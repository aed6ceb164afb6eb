"""What assigning chosen cases by hand says of those the agent held already, in the window and
the CLI alike: assigning a case to its own agent wrote "A → A" to the audit trail and said
"Assigned 1 case." (found by QA); now nothing changes, and the message says so."""

from __future__ import annotations

from app.cases.assignment import HandAssignment
from app.i18n import plural, tr


def already_text(result: HandAssignment) -> str:
    """ "C2026-000431 is already assigned to 刘秀兰: nothing changed.", or "2 were already with
    刘秀兰." beside the cases assigned; "" when every case moved."""
    already = result.already
    if not already:
        return ""
    if not result.assigned and len(already) == 1:
        return tr(
            "{case} is already assigned to {agent}: nothing changed.",
            case=already[0],
            agent=result.agent,
        )
    if not result.assigned:
        return tr(
            "All {count} cases are already with {agent}: nothing changed.",
            count=f"{len(already):,}",
            agent=result.agent,
        )
    return plural(
        len(already),
        "{count} was already with {agent}.",
        "{count} were already with {agent}.",
        agent=result.agent,
    )
