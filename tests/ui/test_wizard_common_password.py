"""Found by QA setting up a new office: the wizard took "Password1" for the first admin (its
strength meter said Good) since it mixes letters and digits. A password anyone tries first is
now refused on the admin page, in words saying why, and the meter calls it weak."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.i18n import tr as _

pytestmark = pytest.mark.gui


def test_the_wizard_refuses_a_common_password_saying_why(qtbot, qapp, tmp_path: Path, lang) -> None:
    from ui.wizard import STRENGTH, SetupWizard

    wizard = SetupWizard(tmp_path / "office.db")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.office.name.setText("成都高新营业部")
    wizard.next()
    admin = wizard.admin
    assert wizard.currentPage() is admin
    for common in ("Password1", "P@ssw0rd2026", "Qwerty-123"):
        admin.password.setText(common)
        admin.repeat.setText(common)
        assert admin.strength.text() == _("Strength: {level}", level=_(STRENGTH[1]))
        wizard.next()
        assert wizard.currentPage() is admin, common
        assert admin.error.isVisibleTo(admin)
        assert admin.error.text() == _(
            "The password is one of the first that anyone tries (a common word or keyboard run "
            "with digits or symbols around it): choose one of your own."
        )
    admin.password.setText("Gaoxin-Loans-2026")
    admin.repeat.setText("Gaoxin-Loans-2026")
    wizard.next()
    assert wizard.currentPage() is wizard.key_page
