"""Read-only queries that feed the UI's lists and detail panes: plain dataclasses, no Qt."""

from app.queries.borrowers import (
    BorrowerDetail,
    BorrowerRow,
    borrower_count,
    borrower_detail,
    borrower_ids,
    borrower_rows,
)
from app.queries.loans import LoanDetail, LoanRow, loan_count, loan_detail, loan_ids, loan_rows

__all__ = [
    "BorrowerDetail",
    "BorrowerRow",
    "LoanDetail",
    "LoanRow",
    "borrower_count",
    "borrower_detail",
    "borrower_ids",
    "borrower_rows",
    "loan_count",
    "loan_detail",
    "loan_ids",
    "loan_rows",
]
