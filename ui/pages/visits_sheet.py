"""The Visits page's daily visit sheet: the PDF of one agent's day, saved or previewed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QWidget

from app.errors import CasedeskError, os_reason
from app.i18n import current_language, plural
from app.i18n import tr as _
from app.models import User
from app.outfile import check_target, written_whole
from app.paths import name_part
from app.queries.visits import day_sheet
from app.visits.sheet import gather_sheet
from ui.save_target import with_extension

if TYPE_CHECKING:
    from ui.pages.visits import VisitsPage


def print_visit_sheet(page: VisitsPage, path: Path | None, preview: bool) -> Path | None:
    """The selected agent's (default: yours) visit sheet for the selected day (default:
    today) as a PDF, shown in the preview with Print and Save as…"""
    try:  # a refusal (another agent's sheet) is said before a file is asked for
        with page.database.sessions() as session:
            actor = session.get(User, page.user.id)
            assert actor is not None
            day_sheet(session, actor, page.sheet_agent, page.sheet_day)
    except CasedeskError as error:
        page.show_message(error.translated(), error=True)
        return None
    offered = None  # what a preview's Save as… offers: the sheet's name, not the temporary file's
    if path is None:
        agent = name_part(page.sheet_agent)  # a user name may hold a ":" or a "/"
        name = f"visit-sheet-{agent}-{page.sheet_day:%Y%m%d}.pdf"
        if preview:
            path, offered = page.previews.fresh(name), name  # deleted when its preview closes
        else:
            path = ask_sheet_path(page, name)
            if path is None:
                return None
    from reports.visit_sheet import render_visit_sheet  # ReportLab only when printing

    lang = current_language()
    try:
        check_target(path)  # a device, a folder, no folder: said before anything is gathered
        # Gathered, audited and written in one transaction (app/visits/sheet.py): a sheet that
        # could not be written leaves no audit entry.
        with page.database.session(write_lock=True) as session:
            actor = session.get(User, page.user.id)
            assert actor is not None
            named = None if preview else path.name  # a preview's file is a temporary one
            sheet = gather_sheet(session, actor, page.sheet_agent, page.sheet_day, lang, named)
            # Beside the chosen file first: a failure leaves no half file, keeps the old one.
            with written_whole(path) as partial:
                render_visit_sheet(sheet, partial, lang)
    except CasedeskError as error:
        page.show_message(error.translated(), error=True)
        return None
    except OSError as error:  # in the window's words, not the system's English
        reason = os_reason(error)
        page.show_message(_("Cannot write {path}: {error}", path=str(path), error=reason), True)
        return None
    said = plural(
        len(sheet.visits),
        "Visit sheet for {agent} on {date}: {count} visit.",
        "Visit sheet for {agent} on {date}: {count} visits.",
        agent=sheet.agent_name,
        date=f"{sheet.day:%Y-%m-%d}",
    )
    if not preview:  # where the file went, as the preview's Save as… says it
        said += " " + _("Saved a copy to {file}.", file=str(path))
    page.show_message(said)
    if preview:
        from ui.dialogs.pdf_preview import PdfPreviewDialog

        title = _("Daily visit sheet")
        PdfPreviewDialog.preview(page, path, title, temporary=True, file_name=offered)
    return path


def ask_sheet_path(parent: QWidget, name: str) -> Path | None:
    """Where to save the sheet: ".pdf" added to a name typed without it, never swapped for what
    follows its last dot ("上门 日程 2026.12" keeps its ".12"); None when cancelled."""
    target, _filter = QFileDialog.getSaveFileName(
        parent, _("Save visit sheet"), str(Path.home() / name), _("PDF files (*.pdf)")
    )
    if not target:
        return None
    return with_extension(parent, target, ".pdf")
