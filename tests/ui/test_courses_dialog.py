"""The course catalogue dialog on the Agents & training page."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from app.auth import authenticate
from app.models import Course
from tests.conftest import TEST_KEY
from tests.ui.test_trust import when_modal
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui


@pytest.fixture
def database(demo_path, qapp):
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(demo_path, TEST_KEY)
    yield db
    db.close()


def test_add_and_change_a_course(qtbot, database, screenshot_dir):
    from ui.dialogs.courses import CoursesDialog

    user = authenticate(database.sessions, "supervisor", "demo")
    dialog = CoursesDialog(database, user)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 4
    dialog.code.setText("DEBT")
    dialog.name_zh.setText("债务咨询")
    dialog.name_en.setText("Debt advice")
    dialog.months.setValue(24)
    dialog.required.setCurrentIndex(dialog.required.findData("field"))
    asked: list[str] = []

    def answer(button: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        def press(box: QMessageBox) -> None:
            asked.append(box.text())
            box.button(button).click()

        return press

    # A new course required for field work: no agent has passed it. Asked; No saves nothing.
    when_modal(QMessageBox, answer(QMessageBox.StandardButton.No))
    assert not dialog.try_save() and dialog.table.rowCount() == 4
    assert asked[0].startswith("6 agents have no valid pass of this course: ")
    assert "Required for field work, they count as untrained" in asked[0]
    when_modal(QMessageBox, answer(QMessageBox.StandardButton.Yes))
    assert dialog.try_save() and dialog.table.rowCount() == 5
    assert len(asked) == 2
    row = next(r for r in range(5) if cell_text(dialog.table, r, 0) == "LAW")
    dialog.table.selectRow(row)
    assert not dialog.code.isEnabled() and dialog.code.text() == "LAW"
    dialog.pass_mark.setValue(85)
    assert dialog.try_save() and len(asked) == 2  # it requires no more than it did: not asked
    dialog.table.selectRow(row)
    dialog.name_en.setText("   ")
    assert not dialog.try_save() and dialog.error.text()
    QApplication.processEvents()
    assert dialog.grab().save(str(screenshot_dir / "courses_dialog.png"))
    with database.session() as s:
        courses = {c.code: c for c in s.scalars(select(Course))}
    assert courses["DEBT"].validity_months == 24 and courses["DEBT"].required_for == "field"
    assert courses["LAW"].pass_mark == 85 and courses["LAW"].name_en.startswith("Legal")


def test_agents_do_not_see_the_courses_button(qtbot, database):
    from ui.main_window import MainWindow

    window = MainWindow(database, authenticate(database.sessions, "agent01", "demo"))
    qtbot.addWidget(window)
    assert not window.training.courses_button.isVisibleTo(window.training)


def _form_labels(dialog) -> list[str]:  # type: ignore[no-untyped-def]
    """The texts of the dialog's form labels, top to bottom (the "In use" box has none)."""
    from PySide6.QtWidgets import QFormLayout, QLabel

    form = next(
        layout
        for layout in (dialog.layout().itemAt(i).layout() for i in range(dialog.layout().count()))
        if isinstance(layout, QFormLayout)
    )
    labels = [form.itemAt(r, QFormLayout.ItemRole.LabelRole) for r in range(form.rowCount())]
    return [
        item.widget().text()
        for item in labels
        if item is not None and isinstance(item.widget(), QLabel) and item.widget().text()
    ]


def test_the_form_labels_end_in_a_colon_as_every_dialogs_do(qtbot, database, lang, screenshot_dir):
    """QA: the course form's labels had no colon where every other dialog's have one (the
    full-width "：" in Chinese)."""
    from ui.dialogs.courses import CoursesDialog

    dialog = CoursesDialog(database, authenticate(database.sessions, "supervisor", "demo"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.table.selectRow(0)
    labels = _form_labels(dialog)
    colon = "：" if lang == "zh_CN" else ":"
    assert len(labels) == 6
    assert all(label.endswith(colon) and not label.endswith(" " + colon) for label in labels)
    expected = "有效期（月）：" if lang == "zh_CN" else "Validity (months):"
    assert expected in labels
    QApplication.processEvents()
    assert dialog.grab().save(str(screenshot_dir / f"courses_dialog_labels_{lang}.png"))


@pytest.mark.parametrize("width", [784, 1000])
def test_every_column_is_on_screen_on_a_small_screen(  # type: ignore[no-untyped-def]
    qtbot, database, lang, width, screenshot_dir
) -> None:
    """QA: on a small screen the dialog (as wide as the screen lets it) put 适用范围 and 启用
    behind a horizontal scroll bar. The two names now share the width the others leave, elided
    with the whole name in the cell's tooltip."""
    from PySide6.QtCore import Qt

    from tests.ui.shots import grab
    from ui.dialogs.courses import NAME_EN, NAME_ZH, CoursesDialog

    dialog = CoursesDialog(database, authenticate(database.sessions, "supervisor", "demo"))
    qtbot.addWidget(dialog)
    dialog.resize(width, 560)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.table
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0, timeout=2000)
    header = table.horizontalHeader()
    last = table.columnCount() - 1
    assert (
        header.sectionViewportPosition(last) + header.sectionSize(last) <= table.viewport().width()
    )
    assert header.sectionSize(last) >= table.sizeHintForColumn(last)  # 在用/启用 whole
    law = next(r for r in range(table.rowCount()) if cell_text(table, r, 0) == "LAW")
    cell = table.model().index(law, NAME_EN)
    name = cell.data()
    assert name.startswith("Legal compliance (Civil Code")
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == name  # whole where the column cuts it
    assert table.columnWidth(NAME_ZH) >= 60 and table.columnWidth(NAME_EN) >= 60
    if width == 784:
        grab(dialog, screenshot_dir / f"courses_dialog_small_screen_{lang}.png")
