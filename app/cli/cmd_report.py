"""`casedesk report training|compliance|portfolio -o FILE.pdf`: the printed reports."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from app.cli.common import acting_user, add_acting_options, opened, out
from app.i18n import current_language, tr
from app.tabular import parse_date


def register(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser(
        "report", help=tr("print reports to PDF"), description=tr("Print a report to a PDF file.")
    )
    kinds = report.add_subparsers(dest="report_kind", metavar="REPORT", required=True)
    roster = kinds.add_parser(
        "training", help=tr("the training roster"), description=tr("The training roster as a PDF.")
    )
    roster.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    roster.add_argument("--as-of", metavar="DATE", default=None, help=tr("default: today"))
    add_acting_options(roster)
    roster.set_defaults(func=run_roster)

    compliance = kinds.add_parser(
        "compliance",
        help=tr("the compliance report of a period"),
        description=tr(
            "Contacts by channel and hour, daily caps reached, blocked attempts, warnings and "
            "overrides, third-party contacts, visits, training, complaints and the rule-set "
            "versions in force, for the office-local days FROM to TO (both included)."
        ),
    )
    _period_options(compliance)
    compliance.set_defaults(func=run_compliance)

    portfolio = kinds.add_parser(
        "portfolio",
        help=tr("the portfolio and recovery report"),
        description=tr(
            "Aging as of a date; roll rates, recovery rate, promises kept, agreements, visit "
            "cost per amount recovered, by agent and by product for the days FROM to TO."
        ),
    )
    portfolio.add_argument("--as-of", metavar="DATE", default=None, help=tr("default: --to"))
    _period_options(portfolio)
    portfolio.set_defaults(func=run_portfolio)


def _period_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", required=True, metavar="DATE")
    parser.add_argument("--to", dest="end", required=True, metavar="DATE")
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    add_acting_options(parser)


def _date(value: str | None) -> dt.date:
    return dt.date.today() if value is None else parse_date(value)


def run_roster(args: argparse.Namespace) -> int:
    from app.training.roster import roster_data
    from reports.roster import render_roster

    as_of, lang = _date(args.as_of), current_language()
    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session() as session:
            roster = roster_data(session, actor, as_of, lang)
    render_roster(roster, args.output, lang)
    out(tr("Wrote {path}.", path=str(args.output)))
    return 0


def _write(path: Path, render, report, lang: str) -> None:
    """Render to a sibling temporary file first, so a failure never leaves half a PDF."""
    partial = path.with_name(path.name + ".part")
    try:
        render(report, partial, lang)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def run_compliance(args: argparse.Namespace) -> int:
    from app.reporting import compliance_report
    from reports.compliance_report import render_compliance_report

    lang = current_language()
    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session() as session:
            report = compliance_report(session, actor, args.start, args.end, lang)
    _write(args.output, render_compliance_report, report, lang)
    if report.empty:
        out(tr("No data in this period."))
    out(tr("Wrote {path}.", path=str(args.output)))
    return 0


def run_portfolio(args: argparse.Namespace) -> int:
    from app.reporting import portfolio_report
    from reports.portfolio import render_portfolio

    lang = current_language()
    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session() as session:
            as_of = args.as_of if args.as_of is not None else args.end
            report = portfolio_report(session, actor, as_of, args.start, args.end, lang)
    _write(args.output, render_portfolio, report, lang)
    if report.empty:
        out(tr("No data in this period."))
    out(tr("Wrote {path}.", path=str(args.output)))
    return 0
