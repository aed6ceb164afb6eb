"""The admin's own row in the Users dialog greys Change role… and Deactivate… (the core refuses
both), and their tooltips now say why in the core's own words, as the CLI's refusal (QA s47 M #6:
greyed with no reason given)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts import change_role, deactivate_user
from app.errors import ValidationError
from app.i18n import set_language
from app.models import User
from tests.ui.test_trust import grab_over, window_for
from tests.ui.test_users_dialog import database  # noqa: F401 (the fixture)

pytestmark = pytest.mark.gui
WHY = {
    "en": ("You cannot change your own role.", "You cannot deactivate your own account."),
    "zh_CN": ("不能更改自己的角色。", "不能停用您自己的账户。"),
}


def _refusals(db, lang: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """What the core says to an admin changing their own role and deactivating themself."""
    said = []
    with db.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        for attempt in (
            lambda: change_role(s, admin, "admin", "agent"),
            lambda: deactivate_user(s, admin, "admin"),
        ):
            with pytest.raises(ValidationError) as refused:
                attempt()
            said.append(refused.value.translated(lang))
    return said[0], said[1]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_own_rows_greyed_buttons_say_why(qtbot, database, lang, screenshot_dir) -> None:  # noqa: F811
    from ui.dialogs.users import UsersDialog

    assert _refusals(database, lang) == WHY[lang]  # the CLI's words
    window = window_for(qtbot, database, "admin")
    set_language(lang)
    try:
        dialog = UsersDialog(database, window.user, window)
        qtbot.addWidget(dialog)
        assert dialog.select("admin")
        role, deactivate = dialog.role_button, dialog.deactivate_button
        assert not role.isEnabled() and not deactivate.isEnabled()
        assert (role.toolTip(), deactivate.toolTip()) == WHY[lang]
        dialog.show()
        grab_over(window, dialog, screenshot_dir / f"smallM-users-own-{lang}.png")
        assert dialog.select("agent01")  # another's row: enabled, nothing to explain
        assert role.isEnabled() and deactivate.isEnabled()
        assert role.toolTip() == deactivate.toolTip() == ""
        dialog.close()
    finally:
        set_language("en")
