"""The whole domain model; importing this package registers every table on Base.metadata."""

from app.models.agreement import Agreement, AgreementInstalment, AgreementKind, AgreementStatus
from app.models.assign_batch import AssignBatch, AssignBatchCase
from app.models.audit import AuditEntry
from app.models.base import Base
from app.models.borrower import (
    Address,
    Borrower,
    BorrowerErasure,
    BorrowerKey,
    Phone,
    RelatedPerson,
    Relationship,
    Segment,
)
from app.models.case import Case, CaseNote, CaseStatus, CloseReason
from app.models.complaint import Complaint, ComplaintCategory, ComplaintStatus
from app.models.contact import (
    PROMISE_NOT_KEPT,
    BlockedAttempt,
    Channel,
    ContactAttempt,
    Outcome,
    Party,
    Promise,
    PromiseStatus,
    VerdictKind,
)
from app.models.loan import (
    Instalment,
    Loan,
    LoanProduct,
    LoanReinstatement,
    LoanStatus,
    Payment,
    PaymentAllocation,
    ProductKind,
    ScheduleType,
)
from app.models.office import Office, Sequence, Setting
from app.models.ruleset import RuleSetVersion
from app.models.training import Course, TrainingRecord
from app.models.user import Role, User
from app.models.visit import (
    DefaultReason,
    FlaggedBooking,
    Visit,
    VisitAgent,
    VisitIncident,
    VisitStatus,
)

__all__ = [
    "Address",
    "Agreement",
    "AgreementInstalment",
    "AgreementKind",
    "AgreementStatus",
    "AssignBatch",
    "AssignBatchCase",
    "AuditEntry",
    "Base",
    "BlockedAttempt",
    "FlaggedBooking",
    "Borrower",
    "BorrowerErasure",
    "BorrowerKey",
    "Case",
    "CaseNote",
    "CaseStatus",
    "Channel",
    "CloseReason",
    "Complaint",
    "ComplaintCategory",
    "ComplaintStatus",
    "ContactAttempt",
    "Course",
    "DefaultReason",
    "Instalment",
    "Loan",
    "LoanProduct",
    "LoanReinstatement",
    "LoanStatus",
    "Office",
    "Outcome",
    "Party",
    "Payment",
    "PaymentAllocation",
    "Phone",
    "ProductKind",
    "PROMISE_NOT_KEPT",
    "Promise",
    "PromiseStatus",
    "RelatedPerson",
    "Relationship",
    "Role",
    "RuleSetVersion",
    "ScheduleType",
    "Segment",
    "Sequence",
    "Setting",
    "TrainingRecord",
    "User",
    "VerdictKind",
    "Visit",
    "VisitAgent",
    "VisitIncident",
    "VisitStatus",
]
