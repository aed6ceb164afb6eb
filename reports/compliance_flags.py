"""The compliance report's flags: blocked attempts, overrides with who and why, and warnings by
agent and rule, each counted by when it was recorded (office time)."""

from __future__ import annotations

import zoneinfo

from reportlab.platypus import Flowable

from app.i18n import tr
from app.labels import ACTION, PARTY, rule_names
from app.queries.compliance_rows import LogRow, slot_words
from app.reporting.compliance import ComplianceReport
from reports.base import unit
from reports.compliance_people import LabelCache, cell_labels, office_time
from reports.kit import add_note_under_table, intro, none_note, section, text_chunks

# The flags count by when recorded (a booking overridden this month for next month's visit).
BY_RECORDED = "Counted by when each was recorded (office time)."


def when_and_slot(row: LogRow, zone: zoneinfo.ZoneInfo, lang: str) -> str:
    """When a flag was recorded; beneath, the slot a visit's booking or move chose (or, refused,
    asked for), its day and hours on lines of their own: plain lines that fit the column (a
    Paragraph wrapped in each such row made the month's report a sixth slower to lay out)."""
    when = office_time(row.when, zone)
    if not row.is_visit_slot:
        return when
    slot = slot_words(row, zone, lang, between="\n")
    return f"{when}\n" + tr("visit {slot}", lang=lang, slot=slot)


def flags_sections(r: ComplianceReport, lang: str, zone: zoneinfo.ZoneInfo) -> list[Flowable]:
    """Blocked attempts, overrides (who, why), and warnings by agent and rule."""
    story = section("Blocked attempts", lang)
    story.append(intro(tr(BY_RECORDED, lang=lang)))
    header = [tr(h, lang=lang) for h in ("When", "Case", "Agent", "Action", "Party", "Rules")]
    names = LabelCache(lambda rules: rule_names(rules, lang))
    actions, u = cell_labels(ACTION, lang), unit(r.header.paper, wide=True)
    if r.blocked:
        parties = cell_labels(PARTY, lang)
        if any(b.is_visit_slot for b in r.blocked):
            story.append(
                intro(
                    tr(
                        "A refused visit booking or move gives the slot it asked for under the "
                        "time it was refused.",
                        lang=lang,
                    )
                )
            )
        rows = [
            [
                when_and_slot(b, zone, lang),
                b.case_no,
                b.agent,
                actions[b.action],
                parties[b.party],
                names[b.rules],
            ]
            for b in r.blocked
        ]
        widths = [w * u for w in (35, 35, 40, 30, 35, 92)]
        story += text_chunks(header, rows, widths)
    else:
        story.append(none_note(lang))
    story += section("Overrides (who, why)", lang)
    story.append(intro(tr(BY_RECORDED, lang=lang)))
    if any(o.is_visit_slot for o in r.overrides):
        story.append(
            intro(
                tr(
                    "A visit's booking or move gives the slot it chose under the time it was "
                    "recorded; the Visits section counts each visit by its own date, which a "
                    "later move may have changed.",
                    lang=lang,
                )
            )
        )
    if r.overrides:
        header = [
            tr(h, lang=lang)
            for h in ("When", "Case", "Action", "Agent", "Rules", "Overridden by", "Reason")
        ]
        rows = [
            [
                when_and_slot(o, zone, lang),
                o.case_no,
                actions[o.action],
                o.agent,
                names[o.rules],
                o.overridden_by,
                o.override_reason,
            ]
            for o in r.overrides
        ]
        widths = [w * u for w in (32, 30, 30, 28, 42, 28, 77)]
        story += text_chunks(header, rows, widths)
    else:
        story.append(none_note(lang))
    story += section("Warnings by agent and rule", lang)
    story.append(intro(tr(BY_RECORDED, lang=lang)))
    if r.warnings_by_agent:
        header = [tr(h, lang=lang) for h in ("Agent", "Action", "Rule", "Warnings")]
        counts: list[list[object]] = [
            [w.agent, actions[w.action], names[w.rule], w.count] for w in r.warnings_by_agent
        ]
        story += text_chunks(header, counts, [w * u for w in (60, 45, 90, 35)])
        add_note_under_table(story, tr("The agent with the most warnings first.", lang=lang))
    else:
        story.append(none_note(lang))
    return story
