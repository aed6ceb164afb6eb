"""The Compliance log page's Rules column names only the rules that flagged an entry (QA s45
finding 2): a borrower's call refused for contact refused, whose quiet-hours finding only said it
was allowed (the borrower agreed), lists contact refused alone, and its Reasons give only why it
was refused, not the allowed text (finding 4); the relative's call that night is refused for
quiet hours."""

from __future__ import annotations

import datetime as dt

import pytest

from app.i18n import set_language
from app.labels import rule_names
from tests.office_day import office_today
from tests.reports.test_compliance_allowed_findings import _ours, _two_blocks
from tests.ui.shots import grab
from tests.ui.test_compliance_pages import COLUMN_TITLES, database, window_for

pytestmark = pytest.mark.gui
__all__ = ["database"]
AGREED = {"en": "allowed because the borrower agreed", "zh_CN": "因借款人同意而允许"}
REFUSED = {"en": "refused further contact", "zh_CN": "借款人已拒绝继续联系"}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_rules_column_leaves_out_an_allowed_finding(
    qtbot, database, screenshot_dir, lang
) -> None:
    day = office_today() - dt.timedelta(days=1)
    case_no = _two_blocks(database, day)
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        page = window.compliance_log
        window.show_page(page)
        page.set_filter(verdict="blocked", date_from=day, date_to=day)
        rows = page.rows()
        relative, borrower = _ours(rows, case_no, day)
        rules, reasons = (COLUMN_TITLES.index(t) for t in ("Rules", "Reasons"))
        shown = {}
        for n, row in enumerate(rows):
            if row in (relative, borrower):
                shown[row.when] = (
                    page.model.data(page.model.index(n, rules)),
                    page.model.data(page.model.index(n, reasons)),
                )
        quiet = rule_names("quiet_hours", lang)
        assert quiet in shown[relative.when][0]
        said, why = shown[borrower.when]
        assert said == rule_names("stop_contact_refused", lang) and quiet not in said
        assert AGREED[lang] not in why and REFUSED[lang] in why  # as the rules (finding 4)
        grab(window, screenshot_dir / f"compliance_log_allowed_finding_{lang}.png")
    finally:
        set_language("en")
