"""The compliance report's flags: blocked attempts, overrides with who and why, and warnings by
agent and rule; a contact counted by the time it was made, as logged, a visit's booking or move
by when it was recorded (office time). The contacts recorded in the period for an earlier time
are listed apart, under their section's table, and not counted in it."""

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

# A contact counts by its own time (the call was made then, as the contacts by hour count it); a
# booking by when it was recorded (one overridden this month for next month's visit). The caption
# said "by when each was recorded" of both (found by QA).
BY_RECORDED = (
    "Contacts are counted by the time they were made, as logged; visit bookings and moves by "
    "when each was recorded (office time)."
)
# Under the Blocked attempts and Overrides tables: the period's back-dated contacts, apart.
EARLIER = (
    "Recorded in this period for an earlier day, not counted above: contacts logged after the "
    "fact, each under the time it states."
)


def when_and_slot(row: LogRow, zone: zoneinfo.ZoneInfo, lang: str, recorded: bool = False) -> str:
    """A flag's time: a visit booking's or move's when it was recorded and, beneath, the slot it
    chose (or, refused, asked for), its day and hours on lines of their own: plain lines that fit
    the column (a Paragraph wrapped in each such row made the month's report a sixth slower to lay
    out). A contact's own time, as logged, and beneath, when it was recorded if that was more than
    RECORDED_LATE later (or always, `recorded`), so a back-dated entry is seen."""
    when = office_time(row.when, zone)
    if not row.is_visit_slot:
        if row.recorded_at is None or not (recorded or row.recorded_late):
            return when
        day, hour = office_time(row.recorded_at, zone).split(" ")
        return f"{when}\n" + tr("recorded {day}", lang=lang, day=day) + f"\n{hour}"
    slot = slot_words(row, zone, lang, between="\n")
    return f"{when}\n" + tr("visit {slot}", lang=lang, slot=slot)


def _blocked_table(
    r: ComplianceReport, rows: list[LogRow], lang: str, zone: zoneinfo.ZoneInfo, recorded: bool
) -> list[Flowable]:
    header = [tr(h, lang=lang) for h in ("When", "Case", "Agent", "Action", "Party", "Rules")]
    names = LabelCache(lambda rules: rule_names(rules, lang))
    actions, parties = cell_labels(ACTION, lang), cell_labels(PARTY, lang)
    cells = [
        [
            when_and_slot(b, zone, lang, recorded),
            b.case_no,
            b.agent,
            actions[b.action],
            parties[b.party],
            names[b.rules],
        ]
        for b in rows
    ]
    u = unit(r.header.paper, wide=True)
    return text_chunks(header, cells, [w * u for w in (35, 35, 40, 30, 35, 92)])


def _overrides_table(
    r: ComplianceReport, rows: list[LogRow], lang: str, zone: zoneinfo.ZoneInfo, recorded: bool
) -> list[Flowable]:
    header = [
        tr(h, lang=lang)
        for h in ("When", "Case", "Action", "Agent", "Rules", "Overridden by", "Reason")
    ]
    names = LabelCache(lambda rules: rule_names(rules, lang))
    actions = cell_labels(ACTION, lang)
    cells = [
        [
            when_and_slot(o, zone, lang, recorded),
            o.case_no,
            actions[o.action],
            o.agent,
            names[o.rules],
            o.overridden_by,
            o.override_reason,
        ]
        for o in rows
    ]
    u = unit(r.header.paper, wide=True)
    return text_chunks(header, cells, [w * u for w in (32, 30, 30, 28, 42, 28, 77)])


def flags_sections(r: ComplianceReport, lang: str, zone: zoneinfo.ZoneInfo) -> list[Flowable]:
    """Blocked attempts, overrides (who, why), and warnings by agent and rule; under the first
    two, the contacts recorded in the period for an earlier day, apart."""
    story = section("Blocked attempts", lang)
    story.append(intro(tr(BY_RECORDED, lang=lang)))
    if r.blocked:
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
        story += _blocked_table(r, r.blocked, lang, zone, recorded=False)
    else:
        story.append(none_note(lang))
    if r.blocked_earlier:
        story.append(intro(tr(EARLIER, lang=lang)))
        story += _blocked_table(r, r.blocked_earlier, lang, zone, recorded=True)
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
        story += _overrides_table(r, r.overrides, lang, zone, recorded=False)
    else:
        story.append(none_note(lang))
    if r.overrides_earlier:
        story.append(intro(tr(EARLIER, lang=lang)))
        story += _overrides_table(r, r.overrides_earlier, lang, zone, recorded=True)
    story += section("Warnings by agent and rule", lang)
    story.append(intro(tr(BY_RECORDED, lang=lang)))
    if r.warnings_by_agent:
        header = [tr(h, lang=lang) for h in ("Agent", "Action", "Rule", "Warnings")]
        names = LabelCache(lambda rules: rule_names(rules, lang))
        actions = cell_labels(ACTION, lang)
        counts: list[list[object]] = [
            [w.agent, actions[w.action], names[w.rule], w.count] for w in r.warnings_by_agent
        ]
        u = unit(r.header.paper, wide=True)
        story += text_chunks(header, counts, [w * u for w in (60, 45, 90, 35)])
        add_note_under_table(story, tr("The agent with the most warnings first.", lang=lang))
    else:
        story.append(none_note(lang))
    return story
