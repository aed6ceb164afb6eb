"""This workstation's colours: as the system's, always light or always dark, kept on this
computer. Where the platform does not follow Qt's request (offscreen here, a style without a dark
palette), Casedesk's own palette does; "As the system" gives the platform's palette back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel

from ui.identity import APPLICATION, ORGANISATION

pytestmark = pytest.mark.gui


@pytest.fixture
def choice(qapp: QApplication) -> Iterator[None]:
    """The scheme as the system's before and after (other tests see the light palette)."""
    from ui.colours import install
    from ui.scheme_choice import KEY, SYSTEM, save_scheme

    install(qapp)
    window = qapp.palette().color(QPalette.ColorRole.Window).name()
    yield
    save_scheme(SYSTEM)
    QSettings(ORGANISATION, APPLICATION).remove(KEY)
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == window


def test_dark_light_and_the_systems_again(qtbot, choice, qapp) -> None:
    from ui.colours import is_dark, set_role, style
    from ui.scheme_choice import DARK, LIGHT, SYSTEM, save_scheme, saved_scheme

    system = qapp.palette().color(QPalette.ColorRole.Window).name()
    label = QLabel("逾期")
    qtbot.addWidget(label)
    set_role(label, "error")
    assert saved_scheme() == SYSTEM and not is_dark()
    save_scheme(DARK)
    assert is_dark() and saved_scheme() == DARK
    assert label.styleSheet() == style("error", dark=True) != style("error", dark=False)
    save_scheme(LIGHT)
    assert not is_dark() and saved_scheme() == LIGHT
    assert label.styleSheet() == style("error", dark=False)
    save_scheme(DARK)
    save_scheme(SYSTEM)  # the platform's palette, not Casedesk's light one
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == system
    assert qapp.palette().resolveMask() == 0
    assert label.styleSheet() == style("error", dark=False)


def test_the_choice_is_kept_on_this_computer(choice) -> None:
    from ui.scheme_choice import DARK, KEY, SYSTEM, save_scheme, saved_scheme

    save_scheme(DARK)
    assert QSettings(ORGANISATION, APPLICATION).value(KEY) == DARK
    QSettings(ORGANISATION, APPLICATION).setValue(KEY, "sepia")  # a value from elsewhere
    assert saved_scheme() == SYSTEM
    with pytest.raises(ValueError):
        save_scheme("sepia")


def test_the_start_takes_the_choice_before_the_first_window(choice) -> None:
    from ui.colours import is_dark
    from ui.scheme_choice import DARK, KEY, use_saved_scheme

    QSettings(ORGANISATION, APPLICATION).setValue(KEY, DARK)  # chosen in an earlier run
    use_saved_scheme()
    assert is_dark()


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path, qapp: QApplication) -> Iterator:
    from tests.ui.test_queue import open_office

    yield from open_office(request, tmp_path)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_settings_this_workstation_chooses_the_colours(
    qtbot, choice, database, lang, screenshot_dir
) -> None:
    """An agent (it is this computer's, not the office's) picks Dark on Settings → This
    workstation: Cancel leaves the window as it was; Save turns it dark at once and keeps it."""
    from app.i18n import set_language
    from tests.ui.test_queue import grab, login
    from ui.colours import is_dark
    from ui.dialogs.settings import SettingsDialog
    from ui.scheme_choice import DARK, KEY

    set_language(lang)
    try:

        def opened() -> SettingsDialog:
            dialog = SettingsDialog(database, login(database, "agent01"))
            qtbot.addWidget(dialog)
            dialog.show()
            dialog.tabs.setCurrentIndex(dialog.tabs.count() - 1)
            return dialog

        dialog = opened()
        combo = dialog.colours.combo
        assert [combo.itemData(i) for i in range(combo.count())] == ["system", "light", "dark"]
        assert combo.currentData() == "system"
        combo.setCurrentIndex(combo.findData(DARK))
        dialog.reject()
        assert not is_dark() and QSettings(ORGANISATION, APPLICATION).value(KEY) is None
        dialog = opened()
        dialog.colours.combo.setCurrentIndex(dialog.colours.combo.findData(DARK))
        assert dialog.try_save() is not None
        assert is_dark() and QSettings(ORGANISATION, APPLICATION).value(KEY) == DARK
        again = opened()  # the next time the dialog opens, it shows the choice
        assert again.colours.combo.currentData() == DARK
        QApplication.processEvents()  # the form's labels laid out with their Alt letters
        grab(again, screenshot_dir / f"settings_colours_dark_{lang}.png")
    finally:
        set_language("en")
