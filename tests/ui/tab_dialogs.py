"""Every dialog of ui/dialogs (and the login), built on the demo office as its entry point would
build it, for the Tab-order tests (tests/ui/test_tab_order.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog
from sqlalchemy import exists, select

from app.models import Agreement, Borrower, Case, Complaint, Loan, User, Visit
from app.models.agreement import AgreementStatus
from app.models.visit import VisitStatus
from app.visits.common import OPEN
from tests.ui.test_queue import login

Factory = Callable[[Any, Path], QDialog]


def _first(database: Any, query: Any) -> Any:
    with database.sessions() as s:
        found = s.scalars(query.limit(1)).first()
    assert found is not None, query
    return found


def _case(database: Any) -> str:
    return str(_first(database, select(Case.case_no).order_by(Case.id)))


def _visit(database: Any, *status: VisitStatus) -> str:
    return str(_first(database, select(Visit.visit_no).where(Visit.status.in_(status))))


def _sup(database: Any) -> User:
    return login(database, "supervisor")


def login_dialog(database: Any, _tmp: Path) -> QDialog:
    from ui.login import LoginDialog

    return LoginDialog(database)


def settings(database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.settings import SettingsDialog

    return SettingsDialog(database, login(database, "admin"))


def contact(database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.contact import ContactDialog

    return ContactDialog(database, _sup(database), _case(database))


def agreement(database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.agreement import AgreementDialog

    return AgreementDialog(database, _sup(database), _case(database))


def agreement_edit(database: Any, _tmp: Path) -> QDialog:
    from app.agreements.editing import editable_draft
    from ui.dialogs.agreement_edit import AgreementEditDialog

    number = _first(
        database,
        select(Agreement.agreement_no).where(Agreement.status == AgreementStatus.DRAFT),
    )
    with database.sessions() as s:
        draft = editable_draft(s, _sup(database), number)
    return AgreementEditDialog(database, _sup(database), draft)


def complaint(database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.complaint import ComplaintDialog

    return ComplaintDialog(database, _sup(database), _case(database))


def complaint_resolve(database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.complaint import RESOLVE, ComplaintActionDialog

    number = _first(database, select(Complaint.complaint_no).order_by(Complaint.id))
    return ComplaintActionDialog(database, _sup(database), number, RESOLVE)


def case_note(database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.case_note import CaseNoteDialog

    return CaseNoteDialog(database, _sup(database), _case(database))


def complaint_assign(database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.complaint_assign import AssignInvestigatorDialog

    number = _first(database, select(Complaint.complaint_no).order_by(Complaint.id))
    return AssignInvestigatorDialog(database, _sup(database), number)


def payment(database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.payment import PaymentDialog

    loan = _first(database, select(Loan.loan_no).order_by(Loan.id))
    return PaymentDialog(database, _sup(database), loan)


def closure(database: Any, _tmp: Path) -> QDialog:
    from app.loans.closure import closure_state
    from ui.dialogs.closure import ClosureDialog

    with database.sessions() as s:
        state = closure_state(s, _sup(database), _case(database))
    return ClosureDialog(database, _sup(database), state)


def visit(database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.visit import VisitDialog

    agent = login(database, "agent01")
    # A case a visit may be requested on: on some days the demo's first one has a visit under way.
    under_way = exists().where(Visit.case_id == Case.id, Visit.status.in_(OPEN))
    query = (
        select(Case.case_no)
        .join(Loan, Loan.id == Case.loan_id)
        .where(Case.closed_on.is_(None), Loan.home_visit_consent.is_(True), ~under_way)
        .where(Case.assigned_agent_id == agent.id)
        .order_by(Case.id)
    )
    return VisitDialog(database, agent, _first(database, query))


def reschedule(database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.visit_reschedule import RescheduleDialog

    return RescheduleDialog(database, _sup(database), _visit(database, VisitStatus.BOOKED))


def visit_outcome(database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.visit_outcome import VisitOutcomeDialog

    number = _visit(database, VisitStatus.IN_PROGRESS, VisitStatus.BOOKED)
    return VisitOutcomeDialog(database, _sup(database), number)


def no_show(database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.visit_noshow import NoShowDialog

    return NoShowDialog(database, _sup(database), _visit(database, VisitStatus.BOOKED))


def incident(database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.incident import IncidentDialog

    number = _visit(database, VisitStatus.IN_PROGRESS, VisitStatus.BOOKED, VisitStatus.COMPLETED)
    return IncidentDialog(database, _sup(database), number)


def training_record(database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.training_record import TrainingRecordDialog

    agent = login(database, "agent01")
    return TrainingRecordDialog(database, _sup(database), agent_id=agent.id)


def add_phone(database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.add_phone import AddPhoneDialog

    with database.sessions() as s:
        borrower = s.scalars(select(Borrower).order_by(Borrower.id).limit(1)).one()
        number, name = borrower.borrower_no, borrower.name
    return AddPhoneDialog(database, _sup(database), number, name)


def confirm_number(database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.confirm_number import ConfirmNumberDialog

    with database.sessions() as s:
        borrower = s.scalars(select(Borrower).order_by(Borrower.id).limit(1)).one()
        number, name = borrower.borrower_no, borrower.name
    numbers = [("+8613812345678", "+86 138****5678 · Mobile")]
    return ConfirmNumberDialog(database, _sup(database), number, name, numbers)


def stop_flags(database: Any, _tmp: Path) -> QDialog:
    from app.queries.borrowers import borrower_detail
    from ui.dialogs.stop_flags import StopFlagsDialog

    with database.sessions() as s:
        borrower = s.scalars(select(Borrower.id).order_by(Borrower.id).limit(1)).one()
        detail = borrower_detail(s, borrower)
    return StopFlagsDialog(database, _sup(database), detail)


def rule_edit(database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.rule_edit import RuleEditDialog

    return RuleEditDialog(database, login(database, "admin"), "quiet_hours")


def new_account(database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.account_forms import NewAccountDialog

    return NewAccountDialog(database, login(database, "admin"))


def new_password(database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.account_forms import NewPasswordDialog

    return NewPasswordDialog(database, login(database, "admin"), "agent01")


def password(database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.password import PasswordDialog

    return PasswordDialog(database, _sup(database))


def users(database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.users import UsersDialog

    return UsersDialog(database, login(database, "admin"))


def courses(database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.courses import CoursesDialog

    return CoursesDialog(database, _sup(database))


def backups(database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.backups import BackupsDialog

    return BackupsDialog(database, login(database, "admin"))


def assign(database: Any, _tmp: Path) -> QDialog:
    from app.queries.cases import agent_choices
    from ui.dialogs.assign import AssignDialog

    with database.sessions() as s:
        agents = agent_choices(s)
    return AssignDialog(agents, 3)


def assign_rule(database: Any, _tmp: Path) -> QDialog:
    from app.queries.cases import agent_choices
    from ui.dialogs.assign import AssignRuleDialog

    with database.sessions() as s:
        agents = agent_choices(s)
    return AssignRuleDialog(None, agents)


def override(database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.override import OverrideDialog

    return OverrideDialog(database)


def reveal(_database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.reveal import RevealDialog

    return RevealDialog()


def personal_export(_database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.export_reason import PersonalExportDialog

    return PersonalExportDialog(None, "Export")


def borrower_copy(_database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.borrower_copy import BorrowerCopyDialog

    return BorrowerCopyDialog(None, "B0001", "Wang Fang", "CN")


def recovery_key(_database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.recovery_key import RecoveryKeyDialog

    return RecoveryKeyDialog("casedesk.db")


def server_password(_database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.server_password import ServerPasswordDialog

    return ServerPasswordDialog("postgresql+psycopg://clerk@db.lan/casedesk")


def new_recovery_key(database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.new_recovery_key import NewRecoveryKeyDialog

    return NewRecoveryKeyDialog(database, login(database, "admin"))


def import_data(database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.import_data import ImportDialog

    return ImportDialog(database, _sup(database), kind="payments")


def about(database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.about import AboutDialog

    return AboutDialog(database)


def training_import(database: Any, tmp: Path) -> QDialog:
    from tests.core import importer_files
    from ui.dialogs.training_import import TrainingImportDialog

    header = ["用户名", "课程", "日期", "得分（分）"]
    rows = [["agent01", "COMM", "2026-03-01", 88], ["nobody", "COMM", "2026-03-01", 70]]
    path = importer_files.write_csv(tmp / "training.csv", header, rows)
    return TrainingImportDialog(database, _sup(database), path)


def licences(_database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.licences import LicencesDialog

    return LicencesDialog()


def erase(database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.erase_personal import ErasePersonalDataDialog

    number = _first(database, select(Borrower.borrower_no).order_by(Borrower.id))
    return ErasePersonalDataDialog(database, login(database, "admin"), [number])


def list_dialog(_database: Any, _tmp: Path) -> QDialog:
    from ui.dialogs.dashboard_list import ListDialog

    rows = [("C-1", "Wang Fang"), ("C-2", "Li Lei")]
    return ListDialog("Promises due", ("Case no.", "Borrower"), rows, 0, lambda _n: None)


def pdf_preview(_database: Any, tmp: Path) -> QDialog:
    from tests.ui.test_reports_page import three_pages
    from ui.dialogs.pdf_preview import PdfPreviewDialog

    return PdfPreviewDialog(three_pages(tmp / "sample.pdf"), "Sample")


DIALOGS: dict[str, Factory] = {
    name: factory
    for name, factory in globals().items()
    if callable(factory) and getattr(factory, "__module__", "") == __name__ and name[0] != "_"
}
