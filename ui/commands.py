"""What the main window's actions do (a mixin of MainWindow, kept out of its file): search, log a
contact, post a payment, lock, settings, the palette, the dashboard's click-through, and
re-creating the window in another language without logging out."""

from __future__ import annotations

import dataclasses
import zoneinfo
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from app.i18n import tr as _
from app.queries.cases import QueueFilter
from ui import std_buttons
from ui.actions import Action, focus_line_edit
from ui.focus import focus_returns

if TYPE_CHECKING:
    from app.queries.approvals import Waiting
    from ui.dialogs.dashboard_list import ListDialog
    from ui.main_window import MainWindow
    from ui.palette import CommandPalette

STATUS_MS = 6000
LAPSED_MS = 60_000  # agreements sent back for approval: long enough to note their numbers
# Windows re-created (a new language, time zone or rule set): kept referenced here while open.
OPEN_WINDOWS: list[Any] = []
# What Settings saves that the pages read as they are built (ui/pages): the window is re-created.
REBUILDS_WINDOW = {"office.timezone", "jurisdiction"}


class WindowCommands:
    """Mixed into MainWindow; `self` is the window."""

    # Not `palette`: that would hide QWidget.palette() on the window.
    command_palette: CommandPalette | None = None
    list_dialog: ListDialog | None = None

    # --- simple commands ------------------------------------------------------------------
    def focus_search(self: MainWindow) -> bool:  # type: ignore[misc]
        """Focus the current page's search box, else the work queue's."""
        if focus_line_edit(self.stack.currentWidget()):
            return True
        self.show_page(self.queue)
        return focus_line_edit(self.queue)

    def refresh_all(self: MainWindow) -> None:  # type: ignore[misc]
        """Every page reloads what it shows (as after any change)."""
        self.hub.announce(
            "case", "payment", "loan", "promise", "contact", "visit", "agreement", "complaint",
            "training", "training_record", "course", "user", "borrower", "setting", "office",
            "case_note",
        )  # fmt: skip

    def lock(self: MainWindow) -> None:  # type: ignore[misc]
        self.idle_lock.lock()

    def _current_case(self: MainWindow) -> bool:  # type: ignore[misc]
        """Make sure the case page shows a case: the open one, else the queue's selection."""
        if self.cases.detail is not None and self.stack.currentWidget() is not self.queue:
            self.show_page(self.cases)
            return True
        on_queue = self.stack.currentWidget() is self.queue
        chosen = self.queue.selected_ids() if on_queue else []
        current = self.queue.current_id() if on_queue else None
        if not chosen and current is not None:
            # The most urgent case is current as the queue opens: Ctrl+Shift+L from there said
            # "Open a case first." while Enter opened that very case.
            chosen = [current]
        if chosen:
            self.open_case(chosen[0])
            return self.cases.detail is not None
        if self.cases.detail is not None:
            self.show_page(self.cases)
            return True
        self.show_page(self.cases)
        self.cases.case_no.setFocus()
        self.statusBar().showMessage(_("Open a case first."), STATUS_MS)
        return False

    def _case_allows(self: MainWindow, key: Action) -> bool:  # type: ignore[misc]
        """The case now shown takes `key` (its page's button is enabled); else say why. A
        shortcut on the queue with nothing selected reaches a case the action did not follow."""
        from ui.case_menu import refusal

        why = refusal(self, key)
        if why:
            self.statusBar().showMessage(why, STATUS_MS)
        return not why

    def log_contact(self: MainWindow) -> object:  # type: ignore[misc]
        if not self._current_case() or not self._case_allows(Action.LOG_CONTACT):
            return None
        return self.cases.log_contact()

    def post_payment(self: MainWindow) -> object:  # type: ignore[misc]
        if not self._current_case() or not self._case_allows(Action.POST_PAYMENT):
            return None
        return self.cases.post_payment()

    def book_visit(self: MainWindow) -> object:  # type: ignore[misc]
        """Verify and book a visit on the open case (else the queue's selection); a case that
        takes none says why on its page, as its Book visit… button does."""
        if not self._current_case():
            return None
        return self.cases.book_visit()

    def case_note(self: MainWindow) -> object:  # type: ignore[misc]
        """Add a note to the open case (else the queue's selection)."""
        if not self._current_case() or not self._case_allows(Action.CASE_NOTE):
            return None
        return self.cases.add_note()

    def case_audit_trail(self: MainWindow) -> object:  # type: ignore[misc]
        """The Audit page narrowed to the open case and everything of it (its contacts,
        promises, visits, agreements, complaints, overrides): what a complaint's answer reads."""
        if not self._current_case() or self.cases.detail is None:
            return None
        case_no = self.cases.detail.case_no
        self.show_page(self.audit)
        self.audit.set_filter(case_no=case_no)
        return self.audit

    def show_palette(self: MainWindow) -> CommandPalette:  # type: ignore[misc]
        from ui.palette import CommandPalette

        if self.command_palette is None:
            self.command_palette = CommandPalette(self.command_actions.all(), self)
        self.command_palette.open()
        return self.command_palette

    # --- help ---------------------------------------------------------------------------------
    def _open_help(self: MainWindow, dialog: QDialog) -> QDialog:  # type: ignore[misc]
        """Show a Help dialog window-modal (not blocking: tests look at it), deleted on close."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_about(self: MainWindow) -> QDialog:  # type: ignore[misc]
        from ui.dialogs.about import AboutDialog

        dialog = AboutDialog(self.database, self)
        dialog.licences_button.clicked.connect(self.show_licences)
        return self._open_help(dialog)

    def show_licences(self: MainWindow) -> QDialog:  # type: ignore[misc]
        from ui.dialogs.licences import LicencesDialog

        return self._open_help(LicencesDialog(self))

    def show_shortcuts(self: MainWindow) -> QDialog:  # type: ignore[misc]
        from ui.dialogs.shortcuts import ShortcutsDialog

        return self._open_help(ShortcutsDialog(self.command_actions, self))

    # --- settings and language ------------------------------------------------------------
    def open_settings(self: MainWindow) -> None:  # type: ignore[misc]
        from ui.dialogs.settings import SettingsDialog

        with focus_returns(self):  # its dialog runs its own exec(), not run_modal's
            result = SettingsDialog.edit(self, self.database, self.user)
        if result is not None:
            self.settings_saved(result)

    def settings_saved(self: MainWindow, result: Any) -> MainWindow | None:  # type: ignore[misc]
        """After the Settings dialog saved: refresh pages; a new language re-creates the window,
        and so do a new time zone or rule set, which the pages read as they are built (times in
        the queue, visits, audit and compliance log; the Rules page; the ID number's name): found
        by the admin's first week, they showed the office as it was until Casedesk restarted.
        A new queue date, priority weight or field stage rebuilds the queue at once, as Rebuild
        queue does (off the GUI thread, with its progress): the cases kept the old day's figures,
        or the old order, until someone pressed it (app.office_settings.rebuilds_queue)."""
        from app.office_settings import rebuilds_queue

        self.hub.announce("setting", "office", "case", *(("agreement",) if result.lapsed else ()))
        self.idle_lock.set_timeout(int(result.idle_minutes * 60_000))
        new = None
        if result.language_changed or REBUILDS_WINDOW & set(result.changed):
            new = self.relaunch()
        if rebuilds_queue(self.user, result.changed):
            (new or self).queue.rebuild()
        if result.lapsed:  # a lowered waiver threshold sent these back (QA s47 O #4)
            from app.agreements.lapse_note import sent_back_words

            (new or self).statusBar().showMessage(sent_back_words(result.lapsed), LAPSED_MS)
        return new

    def wire_rules(self: MainWindow, page: Any) -> None:  # type: ignore[misc]
        page.retention.open_case.connect(self.open_case)
        page.switched.connect(self.jurisdiction_switched)

    def jurisdiction_switched(self: MainWindow, said: str) -> MainWindow:  # type: ignore[misc]
        """The Rules page's Use rule set… put another jurisdiction's rules in force: the window
        is re-created, as after Settings (REBUILDS_WINDOW), and its Rules page says so again.
        Found by the admin's first week: the ID number's name and the search hints kept the old
        country until Casedesk restarted."""
        new = self.relaunch()
        new.rules.message.setText(said)
        return new

    def relaunch(self: MainWindow, keep_case: bool = True) -> MainWindow:  # type: ignore[misc]
        """Re-create the window in the current language, same user, page and geometry (the
        page when the user's role still has it: ui/account_watch.py re-creates it for a new
        role, and passes `keep_case` False when that role may not open the case open, which
        is then not opened again: the Cases page shows its list)."""
        from ui.language import apply_language
        from ui.main_window import MainWindow

        apply_language(self.user.language)
        self.save_state()
        row = self.sidebar.currentRow()
        page = self.page_names[row] if 0 <= row < len(self.page_names) else None
        # The case open on the Cases page stays open (QA s42: a language switch closed it).
        detail = getattr(self.built.get("cases"), "detail", None)  # a CaseDetail, or None
        open_case = detail.case_no if detail is not None and keep_case else None
        # And so do the Work queue's filters and search (QA s47 M #4: they were dropped).
        queue = self.built.get("queue")
        kept = getattr(queue, "filter", None)
        new = MainWindow(self.database, self.user)
        new.restoreGeometry(self.saveGeometry())
        watch = getattr(self, "account_watch", None)
        new_role = watch is not None and watch.acting  # re-created for another role: afresh
        if isinstance(kept, QueueFilter) and kept != QueueFilter() and not new_role:
            new.queue.show_filter(dataclasses.replace(kept))  # before its page is shown
        if page in new.page_names:  # by name: another role's side bar has other pages
            new.sidebar.setCurrentRow(new.page_names.index(page))
        if open_case is not None:
            new.cases.show_case(open_case)
        new.show()
        OPEN_WINDOWS.append(new)
        self.idle_lock.uninstall()
        self.account_watch.uninstall()
        self.close()
        if self in OPEN_WINDOWS:
            OPEN_WINDOWS.remove(self)
        self.deleteLater()
        return new

    # --- the dashboard's click-through ----------------------------------------------------
    def open_list(self: MainWindow, target: str, parameter: object = None) -> QWidget | None:  # type: ignore[misc]
        """Show the list behind a dashboard tile or chart; returns the page or dialog shown."""
        if target == "queue":
            self.show_page(self.queue)
            flt = parameter if isinstance(parameter, QueueFilter) else QueueFilter()
            self.queue.show_filter(flt)
            return self.queue
        if target == "complaints":
            self.show_page(self.complaints)
            self.complaints.show_near_deadline()  # those the tile counts, by deadline
            return self.complaints
        if target == "training":
            self.show_page(self.training)
            found = self.training.filter.findData(parameter)
            self.training.filter.setCurrentIndex(max(found, 0))
            return self.training
        if target == "visits":
            page = getattr(self, "visits", None)
            if isinstance(page, QWidget) and self.stack.indexOf(page) >= 0:
                self.show_page(page)
                figures = self.dashboard.figures
                if parameter == "today" and figures and hasattr(page, "show_week"):
                    page.show_week(figures.training_as_of)  # the week of the office's today
                return page  # the safety calls: the page's alert banner lists them
            return self._visit_list(str(parameter))
        if target == "recovery":
            return self._recovery_list()
        if target == "approvals":
            return self._approvals_list()
        std_buttons.information(self, _("Casedesk"), _("Nothing to show."))
        return None

    def _show_list(self: MainWindow, dialog: ListDialog) -> ListDialog:  # type: ignore[misc]
        if self.list_dialog is not None:
            self.list_dialog.close()
        self.list_dialog = dialog
        dialog.show()
        return dialog

    def _open_case_no(self: MainWindow, case_no: str) -> None:  # type: ignore[misc]
        self.show_page(self.cases)
        self.cases.open_from_list(case_no)  # the keys on its timeline, not the number box

    def _recovery_list(self: MainWindow) -> ListDialog:  # type: ignore[misc]
        from app.queries.dashboard_days import month_start
        from app.queries.dashboard_lists import recovery_rows
        from ui.dialogs.dashboard_list import RECOVERY_HEADERS, ListDialog, recovery_texts

        as_of = self.dashboard.figures.as_of if self.dashboard.figures else None
        with self.database.sessions() as session:
            from app import settings as office_settings

            as_of = as_of or office_settings.as_of(session)

        def rows_now() -> tuple[list[list[str]], None]:
            with self.database.sessions() as session:
                rows = recovery_rows(session, self.user, month_start(as_of), as_of)
            return recovery_texts(rows), None

        title = _("Recovered this month: the payments")
        dialog = ListDialog(
            title,
            RECOVERY_HEADERS,
            rows_now()[0],
            1,
            self._open_case_no,
            (4,),
            self,
            wrap=False,
        )
        dialog.follow(self.hub, {"payment"}, rows_now)
        return self._show_list(dialog)

    def _approvals_list(self: MainWindow) -> ListDialog:  # type: ignore[misc]
        from app.office import office_timezone
        from app.queries.approvals import approver, waiting_for_approval
        from ui.dialogs.dashboard_list import APPROVAL_HEADERS, ListDialog, approval_texts

        items: list[Waiting] = []  # as listed now: what a row opens
        with self.database.sessions() as session:
            zone = office_timezone(session)

        def rows_now() -> tuple[list[list[str]], str]:
            with self.database.sessions() as session:
                items[:] = waiting_for_approval(session, self.user)
            hint = (
                _("{count} waiting; double-click one or press Enter to open it", count=len(items))
                if items
                else _("Nothing waits for approval now.")
            )
            return approval_texts(items, zone), hint

        rows, hint = rows_now()
        mine = approver(self.user)
        title = _("Waiting for your approval") if mine else _("Waiting for a supervisor's approval")
        dialog = ListDialog(
            title,
            APPROVAL_HEADERS,
            rows,
            2,
            self._open_case_no,
            (),
            self,
            on_open=lambda row: self._open_waiting(items[row], zone),
            hint=hint,
        )
        dialog.follow(self.hub, {"agreement", "visit"}, rows_now)
        return self._show_list(dialog)

    def _open_waiting(self: MainWindow, item: Waiting, zone: str) -> None:  # type: ignore[misc]
        """Open a waiting agreement on the Agreements page, a waiting visit on the Visits page
        (its week), where the Approve button is; the case when there is no such page."""
        from app.queries.approvals import AGREEMENT

        if item.kind == AGREEMENT:
            self.show_page(self.agreements)
            self.agreements.set_search("")
            self.agreements.set_status("draft")
            self.agreements.select(item.id)
            return
        page: Any = getattr(self, "visits", None)  # built only for those who may book visits
        if page is not None and self.stack.indexOf(page) >= 0 and item.start:
            self.show_page(page)
            page.show_week(item.start.astimezone(zoneinfo.ZoneInfo(zone)).date())
            page.select(item.number)
            return
        self._open_case_no(item.case_no)

    def _visit_list(self: MainWindow, which: str) -> ListDialog:  # type: ignore[misc]
        from app.office import office_timezone
        from app.queries.dashboard_lists import visit_rows
        from ui.dialogs.dashboard_list import VISIT_HEADERS, ListDialog, visit_texts

        with self.database.sessions() as session:
            rows = visit_rows(session, self.user, which)
            zone = office_timezone(session)
        title = _("Visits today") if which == "today" else _("Visits needing a safety call")
        dialog = ListDialog(
            title, VISIT_HEADERS, visit_texts(rows, zone), 1, self._open_case_no, (), self
        )
        return self._show_list(dialog)
