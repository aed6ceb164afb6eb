"""The Complaints page's detail pane: the selected complaint's fields, description, investigation
notes and outcome, as the core gathers them (app.complaint_detail)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.complaint_detail import NONE, ComplaintDetail, minute
from app.i18n import tr as _
from ui import labels
from ui.widgets import FieldForm, detail_table, fill_table, section_label, title_label

LEFT_FIELDS = ("Case no.", "Borrower", "Source", "Channel", "Category", "Received")
RIGHT_FIELDS = ("Status", "Answer by", "Against agent", "Investigator", "Contact paused")
NOTE_HEADERS = ("When", "By", "Note")


class ComplaintDetailPane(QScrollArea):
    """The selected complaint: its fields, description, investigation notes and outcome."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        self.title = title_label(_("Select a complaint to see its description, notes and outcome."))
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.content = QWidget()  # hidden until a complaint is shown
        inner = QVBoxLayout(self.content)
        inner.setContentsMargins(0, 0, 0, 0)
        self.left, self.right = FieldForm(LEFT_FIELDS), FieldForm(RIGHT_FIELDS)
        forms = QHBoxLayout()
        forms.addLayout(self.left, 2)
        forms.addSpacing(self.fontMetrics().averageCharWidth() * 4)
        forms.addLayout(self.right, 3)
        forms.addStretch(1)
        inner.addLayout(forms)
        self.description = self._text(inner, section_label("Complaint description"))
        inner.addWidget(section_label("Investigation notes"))
        self.notes = detail_table(NOTE_HEADERS, fit_rows=True)
        self.notes.setWordWrap(True)  # a long note wraps in its row instead of being cut
        header = self.notes.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(self._fit_notes)  # rows as tall as their wrapped text
        inner.addWidget(self.notes)
        self.no_notes = QLabel(_("No investigation notes yet."))
        inner.addWidget(self.no_notes)
        self.outcome = self._text(inner, section_label("Outcome"))
        layout.addWidget(self.content)
        layout.addStretch(1)
        self.setWidget(body)
        self.detail: ComplaintDetail | None = None
        self.content.hide()

    @staticmethod
    def _text(layout: QVBoxLayout, title: QLabel) -> QLabel:
        """A section title and its plain, wrapped, selectable text under it."""
        layout.addWidget(title)
        text = QLabel()
        text.setTextFormat(Qt.TextFormat.PlainText)  # what a complainant wrote, never markup
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(text)
        return text

    def _fit_notes(self, *_args: object) -> None:
        self.notes.resizeRowsToContents()
        self.notes.fit_height()

    def show_detail(self, detail: ComplaintDetail | None) -> None:
        self.detail = detail
        self.content.setVisible(detail is not None)
        if detail is None:
            self.title.setText(_("Select a complaint to see its description, notes and outcome."))
            return
        self.title.setText(_("Complaint {number}", number=detail.complaint_no))
        values = detail.field_values(labels.day)
        for form in (self.left, self.right):
            for msgid in form.values:
                form.set(msgid, values[msgid] or NONE)
        self.description.setText(detail.description)
        fill_table(self.notes, [[minute(n.at), n.author or NONE, n.words()] for n in detail.notes])
        self.notes.setVisible(bool(detail.notes))
        self.no_notes.setText(detail.no_notes_words())
        self.no_notes.setVisible(not detail.notes)
        if detail.closed_on is None:
            self.outcome.setText(_("No outcome yet: the complaint is open."))
        else:
            self.outcome.setText(
                _(
                    "Closed on {date}: {outcome}",
                    date=labels.day(detail.closed_on),
                    outcome=detail.outcome,
                )
            )
