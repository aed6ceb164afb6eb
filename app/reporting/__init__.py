"""The supervisor's period reports, gathered as plain data (no Qt): compliance and portfolio."""

from app.reporting.compliance import ComplianceReport, compliance_report
from app.reporting.period import Period, make_period
from app.reporting.portfolio import PortfolioReport, portfolio_report

__all__ = [
    "ComplianceReport",
    "Period",
    "PortfolioReport",
    "compliance_report",
    "make_period",
    "portfolio_report",
]
