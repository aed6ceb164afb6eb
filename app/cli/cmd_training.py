"""`casedesk training add|status|import|course` (the roster PDF is `casedesk report training`)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import (
    acting_user,
    add_acting_options,
    err,
    opened,
    out,
    print_json,
    whole_number,
)
from app.cli.table import table
from app.i18n import current_language, listed, plural, tr
from app.labels import COURSE_REQUIRED_FOR, label
from app.models import User
from app.tabular import parse_date, parse_whole_number


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "training",
        help=tr("agents' training: add, status, import"),
        description=tr("Record agents' training and see who may do phone and field work."),
    )
    sub = parser.add_subparsers(dest="training_command", metavar="ACTION", required=True)
    add = sub.add_parser(
        "add",
        help=tr("record one training attempt"),
        description=tr("Record one attempt at a course (a pass renews it)."),
    )
    add.add_argument("agent", metavar="AGENT", help=tr("the agent's user name"))
    add.add_argument("course", metavar="COURSE", help=tr("course code or name"))
    add.add_argument("--date", required=True, metavar="DATE", help=tr("the day it was taken"))
    add.add_argument("--score", required=True, metavar="S", help=tr("score, 0 to 100"))
    add.add_argument("--trainer", default="", metavar="NAME", help=tr("who gave the course"))
    add.add_argument("--evidence", default="", metavar="TEXT", help=tr("evidence note"))
    add_acting_options(add)
    add.set_defaults(func=run_add)
    status = sub.add_parser(
        "status",
        help=tr("each agent's training status"),
        description=tr("Each agent's status per course as of a date."),
    )
    status.add_argument("--as-of", metavar="DATE", default=None, help=tr("default: today"))
    add_acting_options(status, json=True)
    status.set_defaults(func=run_status)
    imp = sub.add_parser(
        "import",
        help=tr("import training records from CSV or XLSX"),
        description=tr("Import training records; any bad row imports nothing."),
    )
    imp.add_argument(
        "file", metavar="FILE", type=Path, help=tr("a CSV or XLSX file with a header row")
    )
    imp.add_argument("--dry-run", action="store_true", help=tr("check the file, save nothing"))
    add_acting_options(imp)
    imp.set_defaults(func=run_import)

    courses = sub.add_parser(
        "course",
        help=tr("the course catalogue: list, add, change"),
        description=tr("Keep the office's course catalogue."),
    )
    csub = courses.add_subparsers(dest="course_command", metavar="ACTION", required=True)
    clist = csub.add_parser(
        "list", help=tr("list the courses"), description=tr("List the courses.")
    )
    add_acting_options(clist, json=True)
    clist.set_defaults(func=run_course_list)
    for name, runner, helptext in (
        ("add", run_course_add, tr("add a course")),
        ("change", run_course_change, tr("change a course")),
    ):
        p = csub.add_parser(name, help=helptext, description=helptext)
        required = name == "add"
        p.add_argument(
            "code",
            metavar="CODE",
            help=tr("the course code: letters, digits, - or _ (no spaces)")
            if required
            else tr("the code of the course to change"),
        )
        p.add_argument("--zh", required=required, metavar="NAME", help=tr("the Chinese name"))
        p.add_argument("--en", required=required, metavar="NAME", help=tr("the English name"))
        p.add_argument(
            "--months",
            type=whole_number,
            default=12 if required else None,
            help=tr("validity in months (default: 12)") if required else tr("validity in months"),
        )
        p.add_argument(
            "--pass-mark",
            type=whole_number,
            metavar="SCORE",
            default=60 if required else None,
            help=tr("the lowest passing score, 0 to 100 (default: 60)")
            if required
            else tr("the lowest passing score, 0 to 100"),
        )
        p.add_argument(
            "--required-for",
            metavar="WORK",
            default="all" if required else None,
            help=tr("the work it is required for: none, phone, field or all (default: all)")
            if required
            else tr("the work it is required for: none, phone, field or all"),
        )
        add_acting_options(p)
        p.set_defaults(func=runner)


def run_add(args: argparse.Namespace) -> int:
    from app.training import record_training
    from app.training.records import find_agent, find_course

    taken_on, score = parse_date(args.date), parse_whole_number(args.score)
    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session(write_lock=True) as session:
            record = record_training(
                session,
                session.get_one(User, actor.id),
                find_agent(session, args.agent),
                find_course(session, args.course),
                taken_on=taken_on,
                score=score,
                trainer=args.trainer,
                evidence=args.evidence,
            )
            passed, expires = record.passed, record.expires_on
    if passed:
        out(tr("Recorded: passed, valid until {date}.", date=f"{expires:%Y-%m-%d}"))
    else:
        out(tr("Recorded: failed; the course is not renewed."))
    return 0


def run_status(args: argparse.Namespace) -> int:
    from app.auth import Permission, require
    from app.office import office_today
    from app.training import WorkKind, office_training

    as_of = parse_date(args.as_of) if args.as_of else None
    zh = current_language() == "zh_CN"
    with opened(args) as database:
        actor = acting_user(args, database)
        require(actor, Permission.VIEW_TRAINING)
        with database.session() as session:  # by default the office's day, as calls are judged
            agents = office_training(session, as_of or office_today(session))
    if args.json:
        print_json(
            [
                {
                    "agent": a.username,
                    "name": a.display_name,
                    "status": a.status.value,
                    "phone_work": a.qualified(WorkKind.PHONE),
                    "field_work": a.qualified(WorkKind.FIELD),
                    "courses": [
                        {
                            "code": c.code,
                            "status": c.status.value,
                            "last_taken_on": c.last_taken_on,
                            "last_score": c.last_score,
                            "expires_on": c.expires_on,
                        }
                        for c in a.courses
                    ],
                }
                for a in agents
            ]
        )
        return 0
    if not agents:  # a new office: said, rather than an empty answer
        out(tr("No agents in this office yet."))
        return 0
    rows = []
    for a in agents:
        phone, field = a.missing_for(WorkKind.PHONE), a.missing_for(WorkKind.FIELD)
        names = listed(
            [c.name_zh if zh else c.name_en for c in phone + [c for c in field if c not in phone]]
        )
        if phone and field:
            work = tr("phone and field work blocked: {courses}", courses=names)
        elif field:
            work = tr("field work blocked: {courses}", courses=names)
        elif phone:  # a course required for phone work only
            work = tr("phone work blocked: {courses}", courses=names)
        else:
            work = tr("phone and field work")
        rows.append((a.username, a.display_name, tr(a.status.value.capitalize()), work))
    courses = [
        (
            c.code,
            tr(c.status.value.capitalize()),
            f"{c.expires_on:%Y-%m-%d}" if c.expires_on else "—",
        )
        for a in agents
        for c in a.courses
    ]
    course_lines = iter(table(courses, gap=" "))
    for a, line in zip(agents, table(rows, gap=" "), strict=True):
        out(line)
        for _course in a.courses:
            out("    " + next(course_lines))
    return 0


def run_import(args: argparse.Namespace) -> int:
    from app.training.importer import COLUMN_NAMES, as_report, import_training, imported_text

    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session(write_lock=not args.dry_run) as session:
            result = import_training(
                session, session.get_one(User, actor.id), args.file, dry_run=args.dry_run
            )
    # Columns not read, on stderr before the problems, as `casedesk import training` says them.
    if note := as_report(result, dry_run=args.dry_run).unread_text():
        err(note)
    if result.errors:
        for e in result.errors:
            err(
                tr(
                    "line {line}, {column}: {message}",
                    line=e.line,
                    column=tr(COLUMN_NAMES.get(e.column, e.column)),
                    message=e.message,
                )
            )
        err(
            plural(
                len(result.errors),
                "{count} problem in {file}; nothing was imported.",
                "{count} problems in {file}; nothing was imported.",
                file=result.file,
            )
        )
        return 1
    if args.dry_run:  # in `casedesk import training`'s words (QA: the two disagreed)
        out(as_report(result, dry_run=True).summary())
    else:
        out(imported_text(result))
    return 0


def run_course_list(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from app.auth import Permission, require
    from app.models import Course

    with opened(args) as database:
        actor = acting_user(args, database)
        require(actor, Permission.VIEW_TRAINING)
        with database.session() as session:
            courses = session.scalars(select(Course).order_by(Course.code)).all()
            rows: list[dict[str, Any]] = [
                {
                    "code": c.code,
                    "name_zh": c.name_zh,
                    "name_en": c.name_en,
                    "validity_months": c.validity_months,
                    "pass_mark": c.pass_mark,
                    "required_for": c.required_for,
                    "active": c.active,
                }
                for c in courses
            ]
    if args.json:
        print_json(rows)
        return 0
    zh = current_language() == "zh_CN"
    lines = [
        [
            r["code"],
            plural(r["validity_months"], "{count} month", "{count} months"),
            f"{tr('pass mark')} {r['pass_mark']}",
            label(COURSE_REQUIRED_FOR, r["required_for"]),
            r["name_zh"] if zh else r["name_en"],
        ]
        for r in rows
    ]
    for line in table(lines, align="<>><<"):
        out(line)
    return 0


def run_course_add(args: argparse.Namespace) -> int:
    from app.training import add_course

    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session(write_lock=True) as session:
            course = add_course(
                session,
                session.get_one(User, actor.id),
                code=args.code,
                name_zh=args.zh,
                name_en=args.en,
                validity_months=args.months,
                pass_mark=args.pass_mark,
                required_for=args.required_for,
            )
            code = course.code
    out(tr("Added course {code}.", code=code))
    return 0


def run_course_change(args: argparse.Namespace) -> int:
    from app.training.records import update_course

    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session(write_lock=True) as session:
            course = update_course(
                session,
                session.get_one(User, actor.id),
                args.code,
                name_zh=args.zh,
                name_en=args.en,
                validity_months=args.months,
                pass_mark=args.pass_mark,
                required_for=args.required_for,
            )
            code = course.code
    out(tr("Changed course {code}.", code=code))
    return 0
