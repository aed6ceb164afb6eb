"""The Agreements page: the office's repayment agreements (a lazily loaded table with a status
filter and a search), the selected one's summary beside its plan (ui/pages/agreement_detail.py),
and approve, sign, cancel and print/preview — each through the core use case, which decides who
may do what."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QItemSelection, QModelIndex, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.agreements import (
    AgreementRow,
    agreement_detail,
    agreement_ids,
    agreement_rows,
    approve,
    cancel,
    check_signing,
    sign,
    write_agreement,
)
from app.agreements.listing import AgreementDetail
from app.agreements.readiness import made_ready, status_words
from app.auth import Permission, can
from app.concurrency import StaleEdit
from app.errors import CasedeskError
from app.i18n import plural
from app.i18n import tr as _
from app.labels import AGREEMENT_KIND, AGREEMENT_STATUS, capital, label
from app.models import AgreementStatus, User
from db.store import Database
from ui import labels
from ui.colours import set_role
from ui.date_widgets import office_day
from ui.dialogs.agreement_ask import ask_cancel_reason, ask_signing_day
from ui.focus import open_on_enter
from ui.mnemonic_text import plain
from ui.mnemonics import text_changed
from ui.office_details_notice import OfficeDetailsNotice
from ui.pages.agreement_detail import acted_text, detail_pane, plan_rows, status_combo, summary_text
from ui.preview_folder import PreviewFolder
from ui.signals import ChangeHub
from ui.table_model import RIGHT, Column, LazyTableModel, SearchBox
from ui.table_state import fit_columns, fit_texts
from ui.widgets import ERROR_ROLE, fill_table, list_table

COLUMNS = [
    Column("Agreement no.", lambda r: r.agreement_no, sort_key="agreement_no"),
    Column("Case no.", lambda r: r.case_no, sort_key="case_no"),
    Column("Borrower", lambda r: r.borrower),
    Column("Kind", lambda r: capital(label(AGREEMENT_KIND, r.kind))),
    Column("Status", lambda r: capital(status_words(r.status, r.ready)), sort_key="status"),
    Column("Agreed", lambda r: labels.money(r.settled), RIGHT, sort_key="settled"),
    Column("Waiver", lambda r: labels.money(r.waiver), RIGHT, sort_key="waiver"),
    Column("Next due", lambda r: labels.day(r.next_due)),
    Column("Signed on", lambda r: labels.day(r.signed_on), sort_key="signed_on"),
    Column("Ended on", lambda r: labels.day(r.ended_on)),
]

WATCHES = {"agreement", "case", "payment"}
OK_ROLE = "ok"
SIGNED = {"signed", "active", "completed", "breached"}
CANCELLABLE = {"draft", "approved", "signed", "active"}


class AgreementsPage(QWidget):
    """List, filter and act on agreements; printing previews the PDF with Print and Save."""

    def __init__(
        self, database: Database, hub: ChangeHub, user: User, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.database, self.hub, self.user = database, hub, user
        self.search_text = ""
        self.status: str | None = None
        self.detail: AgreementDetail | None = None
        self.last_pdf: Path | None = None
        self.message_about: int | None = None  # the agreement the message is about
        self.previews = PreviewFolder(self)  # gone with the page; each PDF with its preview
        self.search = SearchBox(_("Search: agreement or case number"))
        self.search.search.connect(self.set_search)
        self.status_combo = status_combo()  # "Ready for signing" apart from "Approved"
        self.status_combo.currentIndexChanged.connect(self._status_changed)
        self.count = QLabel()
        self.model = LazyTableModel(COLUMNS, self._query_ids, self._fetch_rows, self)
        # One line a row, the height of the other lists' rows; newest first.
        self.table = list_table(
            self.model, self.fontMetrics().height() + 8, (0, Qt.SortOrder.DescendingOrder)
        )
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        # Enter or a double-click opens the row's agreement, as Print / preview… does (found by
        # QA: Enter on the list did nothing, and the keys had to Tab across to the button).
        self.table.doubleClicked.connect(self.open_row)
        open_on_enter(self.table, self.open_row)

        self.edit_button = QPushButton(_("Edit draft…"))
        self.approve_button = QPushButton(_("Approve"))
        self.sign_button = QPushButton(_("Record signing…"))
        self.cancel_button = QPushButton(_("Cancel agreement…"))
        self.print_button = QPushButton(_("Print / preview…"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.approve_button.clicked.connect(self.approve_selected)
        self.sign_button.clicked.connect(self.ask_sign)
        self.cancel_button.clicked.connect(self.ask_cancel)
        self.print_button.clicked.connect(lambda: self.preview_selected(show=True))
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.hide()
        # The summary beside the plan, each the pane's height (ui/pages/agreement_detail.py).
        self.detail_splitter, self.summary_area, self.plan = detail_pane()
        self.summary = self.summary_area.label

        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(QLabel(_("Status:")))
        bar.addWidget(self.status_combo)
        actions = QHBoxLayout()
        for button in (self.edit_button, self.approve_button, self.sign_button, self.cancel_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.print_button)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(bar)
        top_layout.addWidget(self.table)
        top_layout.addWidget(self.count)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addLayout(actions)
        bottom_layout.addWidget(self.message)
        bottom_layout.addWidget(self.detail_splitter, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(OfficeDetailsNotice(database, hub, user, "agreements", self))
        layout.addWidget(self.splitter)
        hub.changed.connect(self._on_changed)
        self.refresh()
        fit_columns(self.table)
        # Wide enough for "Ready for signing" too, whichever rows came first.
        ready = capital(status_words(AgreementStatus.APPROVED, True))
        fit_texts(self.table, [c.header for c in COLUMNS].index("Status"), [ready])
        self._set_enabled()

    # --- queries: one session per call ----------------------------------------------------
    def _query_ids(self, sort: str, descending: bool) -> list[int]:
        with self.database.sessions() as session:
            return agreement_ids(
                session,
                self.user,
                status=self.status,
                search=self.search_text,
                sort=sort,
                descending=descending,
            )

    def _fetch_rows(self, ids: Sequence[int]) -> dict[int, AgreementRow]:
        with self.database.sessions() as session:
            return agreement_rows(session, self.user, list(ids))

    # --- list -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-query the list, keeping the selected agreement selected when still listed."""
        current = self.detail.row.id if self.detail is not None else None
        self.model.refresh()
        self.count.setText(plural(self.model.rowCount(), "{count} agreement", "{count} agreements"))
        if current is None or not self.select(current):
            self.show_detail(None)

    def set_search(self, text: str) -> None:
        """List the agreements `text` finds; the box shows it too (found by QA: opened from the
        approvals list, the box kept an earlier search that the list no longer applied)."""
        if self.search.text().strip() != text:
            self.search.show_text(text)
        self.search_text = text
        self.refresh()

    def set_status(self, status: str | None) -> None:
        index = self.status_combo.findData(status)
        self.status_combo.setCurrentIndex(max(index, 0))

    def _status_changed(self) -> None:
        self.status = self.status_combo.currentData()
        self.refresh()

    def selected_number(self) -> str | None:
        return self.detail.row.agreement_no if self.detail is not None else None

    def select(self, agreement_id: int) -> bool:
        """Select an agreement by id when the list shows it, and show its plan."""
        row = self.model.row_of(agreement_id)
        if row is None:
            self.show_detail(None)
            return False
        self.table.selectRow(row)
        number = self._number_at(row)
        if number:
            self.load(number)
        return True

    def _number_at(self, row: int) -> str | None:
        return self.model.index(row, 0).data()

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            number = self._number_at(rows[0].row())
            if number and number != self.selected_number():
                self.load(number)

    def open_row(self, index: QModelIndex) -> Path | None:
        """Preview the agreement on the row (selected first, when it was not)."""
        number = self._number_at(index.row())
        if not number:
            return None
        if number != self.selected_number():
            self.table.selectRow(index.row())
        return self.preview_selected(show=True)

    def load(self, agreement_no: str) -> None:
        try:
            with self.database.sessions() as session:
                self.show_detail(agreement_detail(session, self.user, agreement_no))
        except CasedeskError as error:
            self.show_message(error.translated(), error=True)

    def show_detail(self, detail: AgreementDetail | None) -> None:
        self.detail = detail
        if detail is None or detail.row.id != self.message_about:
            # What was said was about another agreement (found by QA: "AG-… is now active" stayed
            # under the next agreement looked at, an error about one under another).
            self.message.hide()
        if detail is None:
            self.summary_area.set_text(_("Select an agreement to see its plan."))
            fill_table(self.plan, [])
            self._set_enabled()
            return
        self.summary_area.set_text(summary_text(detail))
        fill_table(self.plan, plan_rows(detail))
        self._set_enabled()

    def _set_enabled(self) -> None:
        status = self.detail.row.status if self.detail is not None else None
        # The core says who may approve a draft's waiver (another supervisor, above the
        # threshold); the button says why not.
        refusal = self.detail.cannot_approve if self.detail is not None else None
        self.edit_button.setEnabled(
            status == "draft" and can(self.user, Permission.DRAFT_AGREEMENTS)
        )
        # Its own draft, or an agent's within the threshold, is made ready for signing, not
        # approved (app/agreements/readiness.py): the core says which.
        ready = status == "draft" and self.detail is not None and self.detail.makes_ready
        words = _("Ready for signing") if ready else _("Approve")
        if plain(self.approve_button.text()) != words:  # its Alt+letter kept while it stays
            self.approve_button.setText(words)
            text_changed(self.approve_button)
        self.approve_button.setEnabled(status == "draft" and refusal is None)
        tip = _(
            "Fix the terms so the agreement can be printed and signed. No supervisor's approval "
            "is needed: the waiver is within the office's threshold."
        )
        self.approve_button.setToolTip(refusal or (tip if ready else ""))
        cannot_sign = self.detail.cannot_sign if self.detail is not None else None
        self.sign_button.setEnabled(status == "approved" and cannot_sign is None)
        first = self.detail.sign_first if self.detail is not None else None  # a draft's next step
        self.sign_button.setToolTip(cannot_sign or first or "")
        # The core says who may cancel (what a supervisor approved, signed terms: a supervisor
        # or an admin); the button says why not, and the core refuses a click anyway.
        cannot_cancel = self.detail.cannot_cancel if self.detail is not None else None
        self.cancel_button.setEnabled(status in CANCELLABLE and cannot_cancel is None)
        self.cancel_button.setToolTip(cannot_cancel or "")
        self.print_button.setEnabled(status is not None)

    def show_message(self, text: str, error: bool = False) -> None:
        """Say `text` under the buttons, about the agreement shown now (it goes with it)."""
        self.message_about = self.detail.row.id if self.detail is not None else None
        self.message.setText(text)
        set_role(self.message, ERROR_ROLE if error else OK_ROLE)
        self.message.setVisible(bool(text))

    def _on_changed(self, entities: set[str]) -> None:
        if entities & WATCHES:
            self.model.invalidate_rows()
            self.refresh()

    # --- actions ----------------------------------------------------------------------------
    def _act(self, what: str, **kw: object) -> bool:
        """Approve, sign or cancel the agreement as shown: changed since (another workstation,
        the CLI), it is refused and shown afresh, never acted on unseen (found by QA)."""
        if self.detail is None:
            return False
        number, agreement_id = self.detail.row.agreement_no, self.detail.row.id
        seen = {"expected_version": self.detail.version}
        try:
            with self.database.session(write_lock=True) as session:
                actor = session.get(User, self.user.id)
                assert actor is not None
                if what == "approve":
                    done = approve(session, actor, number, **seen)
                elif what == "sign":
                    done = sign(session, actor, number, kw["on"], **seen)  # type: ignore[arg-type]
                else:
                    done = cancel(session, actor, number, str(kw["reason"]), **seen)
                status = done.status.value
                ready = what == "approve" and made_ready(
                    done.approved_by_id, done.drafted_by_id, actor.role
                )
        except CasedeskError as error:
            if isinstance(error, StaleEdit):  # the list and the plan as they stand now
                self.model.invalidate_rows()
                self.refresh()
            self.show_message(error.translated(), error=True)
            return False
        self.hub.announce("agreement", "case")  # the list refreshes and reselects it
        listed = self.select(agreement_id)
        self.show_message(acted_text(number, label(AGREEMENT_STATUS, status), ready, listed))
        return True

    def edit_selected(self) -> bool:
        """Change the selected draft in the draft dialog; the page reselects it when saved."""
        from ui.dialogs.agreement_edit import edit_from_page

        row = self.detail.row if self.detail is not None else None
        if row is None or not edit_from_page(
            self, self.database, self.user, self.hub, row.agreement_no
        ):
            return False
        self.select(row.id)
        return True

    def approve_selected(self) -> bool:
        return self._act("approve")

    def sign_selected(self, on: dt.date) -> bool:
        return self._act("sign", on=on)

    def cancel_selected(self, reason: str) -> bool:
        return self._act("cancel", reason=reason)

    def ask_sign(self) -> bool:
        number = self.selected_number()
        if number is None:
            return False

        def refuse(day: dt.date) -> None:  # a day the core would refuse is asked again
            with self.database.session() as session:
                actor = session.get(User, self.user.id)
                assert actor is not None
                check_signing(session, actor, number, day)

        day = ask_signing_day(self, office_day(self.database), refuse)
        return self.sign_selected(day) if day is not None else False

    def ask_cancel(self) -> bool:
        number = self.selected_number()
        if number is None:
            return False
        reason = ask_cancel_reason(self, number)
        return self.cancel_selected(reason) if reason is not None else False

    def preview_selected(self, show: bool = True) -> Path | None:
        """Write the selected agreement's PDF (the signed copy once signed) and preview it."""
        number = self.selected_number()
        if number is None or self.detail is None:
            return None
        signed = self.detail.row.status in SIGNED
        path = self.previews.fresh(f"{number}.pdf")
        try:
            with self.database.session(write_lock=True) as session:
                actor = session.get(User, self.user.id)
                assert actor is not None
                write_agreement(session, actor, number, path, as_signed=signed)
        except CasedeskError as error:
            self.show_message(error.translated(), error=True)
            return None
        self.last_pdf = path
        if show:
            from ui.dialogs.pdf_preview import PdfPreviewDialog

            title = _("Agreement {number}", number=number)
            PdfPreviewDialog.preview(self, path, title, temporary=True, file_name=f"{number}.pdf")
        return path
