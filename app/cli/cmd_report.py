"""`casedesk report training|compliance|portfolio -o FILE.pdf`: the printed reports (each one
audited); `casedesk report recent`: the reports generated lately."""

from __future__ import annotations

import argparse

from app.cli.common import acting_user, add_acting_options, opened, out, print_json
from app.cli.options import limit_count
from app.cli.output import add_output_options, check_output
from app.cli.table import table
from app.i18n import current_language, tr
from app.wall_clock import office_clock


def register(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser(
        "report", help=tr("print reports to PDF"), description=tr("Print a report to a PDF file.")
    )
    kinds = report.add_subparsers(dest="report_kind", metavar="REPORT", required=True)
    roster = kinds.add_parser(
        "training", help=tr("the training roster"), description=tr("The training roster as a PDF.")
    )
    add_output_options(roster)
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
    portfolio.add_argument(
        "--as-of", metavar="DATE", default=None, help=tr("a day from --from to --to; default: --to")
    )
    _period_options(portfolio)
    portfolio.set_defaults(func=run_portfolio)

    recent = kinds.add_parser(
        "recent",
        help=tr("the reports generated lately"),
        description=tr(
            "The latest reports generated in the office, newest first: when, which report, its "
            "days, its language, by whom, and the file a command wrote."
        ),
    )
    recent.add_argument(
        "--limit", type=limit_count, default=20, metavar="N", help=tr("default: 20")
    )
    add_acting_options(recent, json=True)
    recent.set_defaults(func=run_recent)


def _period_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", required=True, metavar="DATE")
    parser.add_argument("--to", dest="end", required=True, metavar="DATE")
    add_output_options(parser)
    add_acting_options(parser)


def _run(
    args: argparse.Namespace, kind: str, start: object = None, end: object = None,
    as_of: object = None,
) -> int:  # fmt: skip
    """Write one report to the output file (audited), saying when its period held no data."""
    from app.reporting.generated import write_report

    lang = current_language()
    check_output(args)  # a file already there is kept unless --force
    with opened(args) as database:
        actor = acting_user(args, database)
        empty = write_report(
            database.sessions, actor, kind, args.output, lang, start, end, as_of,
            file_name=args.output.name,
        )  # fmt: skip
    if empty and kind != "training":
        out(tr("No data in this period."))
    out(tr("Wrote {path}.", path=str(args.output)))
    return 0


def run_roster(args: argparse.Namespace) -> int:
    from app.reporting.period import as_date

    # No --as-of: the core takes the office's today, as the Reports page does.
    return _run(
        args, "training", as_of=None if args.as_of is None else as_date(args.as_of, "as-of")
    )


def run_compliance(args: argparse.Namespace) -> int:
    return _run(args, "compliance", start=args.start, end=args.end)


def run_portfolio(args: argparse.Namespace) -> int:
    as_of = args.as_of if args.as_of is not None else args.end
    return _run(args, "portfolio", start=args.start, end=args.end, as_of=as_of)


def run_recent(args: argparse.Namespace) -> int:
    from app.reporting.generated import recent_reports

    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session() as session:
            reports = recent_reports(session, actor, limit=max(args.limit, 0))
    if args.json:
        print_json(
            [
                {
                    "at": r.at.isoformat(),
                    "by": r.by,
                    "report": r.kind,
                    "from": r.start,
                    "to": r.end,
                    "as_of": r.as_of,
                    "language": r.language,
                    "empty": r.empty,
                    "file": r.file or None,
                }
                | ({"day": r.day, "agent": r.agent} if r.agent is not None else {})
                for r in reports
            ]
        )
        return 0
    if not reports:
        out(tr("No report has been generated yet."))
    rows = [
        (office_clock(r.at), r.listed_title(), r.dates(), r.language_name(), r.by, r.file or "")
        for r in reports
    ]
    for line in table(rows):
        out(line)
    return 0
