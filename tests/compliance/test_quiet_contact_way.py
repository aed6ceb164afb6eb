"""A call or SMS refused for quiet hours names the way to record the borrower's consent to
contact in quiet hours (their stop flags), where the rule set lets that consent lift the rule: in
English and Chinese, in the window's verdict panel without command-line flags."""

from __future__ import annotations

import pytest

from app.compliance import check, explain, shipped_ruleset
from app.compliance.quiet_visit import QUIET_CONTACT
from app.i18n import tr
from app.models import Channel, Party, VerdictKind
from tests.compliance.util import at, call, ctx

WAY = {
    "en": ("stop flags", "Agreed to contact in quiet hours", "a supervisor"),
    "zh_CN": ("停止联系标记", "同意在免打扰时段联系", "主管"),
}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("channel", [Channel.CALL, Channel.SMS])
def test_a_contact_in_quiet_hours_names_the_borrowers_consent(lang, channel) -> None:
    verdict = check(
        call(at("22:30", "Asia/Shanghai"), channel=channel), ctx(), shipped_ruleset("cn")
    )
    assert verdict.kind is VerdictKind.BLOCKED
    quiet = next(f for f in verdict.findings if f.rule == "quiet_hours")
    assert quiet.message == QUIET_CONTACT
    line = next(line for line in explain(verdict, lang) if "22:30" in line)
    for words in WAY[lang]:
        assert words in line
    assert "--" not in line  # no command-line flags in words the window shows
    # The flag is named as the stop-flags dialog labels it.
    assert tr("Agreed to contact in quiet hours", lang) in line


def test_with_the_consent_recorded_the_call_is_allowed() -> None:
    verdict = check(
        call(at("22:30", "Asia/Shanghai")), ctx(quiet_hours_consent=True), shipped_ruleset("cn")
    )
    assert verdict.kind is VerdictKind.ALLOWED


def test_where_consent_does_not_lift_the_rule_no_way_is_named() -> None:
    """The US rule set (consent_exempts = false): nothing to record, the words as before."""
    zone = "America/New_York"
    verdict = check(call(at("21:30", zone)), ctx(zone), shipped_ruleset("us"))
    quiet = next(f for f in verdict.findings if f.rule == "quiet_hours")
    assert quiet.message != QUIET_CONTACT
    assert "stop flags" not in quiet.text("en")


def test_a_relatives_call_is_refused_without_the_way() -> None:
    """The borrower's consent would not lift a relative's quiet hours: no way to record it."""
    verdict = check(
        call(at("07:00", "Asia/Shanghai"), party=Party.RELATIVE), ctx(), shipped_ruleset("cn")
    )
    assert verdict.kind is VerdictKind.BLOCKED
    assert not any(f.message == QUIET_CONTACT for f in verdict.findings)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_windows_verdict_panel_shows_the_way_without_flags(qtbot, lang, screenshot_dir) -> None:
    from app.i18n import set_language
    from ui.dialogs.override import VerdictPanel

    set_language(lang)
    try:
        panel = VerdictPanel()
        qtbot.addWidget(panel)
        verdict = check(call(at("22:30", "Asia/Shanghai")), ctx(), shipped_ruleset("cn"))
        panel.show_verdict(verdict)
        panel.resize(460, 320)
        panel.show()
        shown = "\n".join(line.text() for line in panel.lines)
        for words in WAY[lang]:
            assert words in shown
        assert "--" not in shown and "casedesk" not in shown
        panel.grab().save(str(screenshot_dir / f"quiet-contact-way-{lang}.png"))
    finally:
        set_language("en")


@pytest.mark.parametrize("code", ["cn", "uk"])
def test_the_consent_to_contact_does_not_open_a_visit_in_quiet_hours(code: str) -> None:
    """QA: with the borrower's flag "Agreed to contact in quiet hours" a 06:30 visit was booked,
    with nothing recorded of who agreed to that visit's time. Only the agreement to the visit's
    own time lifts the rule for a visit (app/visits/quiet_consent.py)."""
    from app.compliance.quiet_visit import QUIET_VISIT
    from tests.compliance.util import visit

    zone = "Asia/Shanghai" if code == "cn" else "Europe/London"
    rules = shipped_ruleset(code)
    early = visit(at("06:30", zone))
    verdict = check(early, ctx(zone, quiet_hours_consent=True), rules)
    quiet = next(f for f in verdict.findings if f.rule == "quiet_hours")
    assert quiet.message == QUIET_VISIT[(True, True)] and quiet.severity.name != "INFO"
    assert verdict.kind is check(early, ctx(zone), rules).kind  # as without the flag
    assert "--" not in quiet.text("en") and "--" not in quiet.text("zh_CN")  # the window's words
    agreed = visit(at("06:30", zone), visit_quiet_agreed=True)
    assert check(agreed, ctx(zone, quiet_hours_consent=True), rules).kind is VerdictKind.ALLOWED
