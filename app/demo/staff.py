"""Demo staff: supervisors, agents and their training; the office's sequences and settings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.demo.context import Context, Staff, local_to_utc
from app.demo.ledger import BOOK_HISTORY_DAYS
from app.demo.people import Pools, mobile
from app.loans.schedule import add_months
from app.models import Role, Sequence, Setting, TrainingRecord, User
from app.training.status import expiry_for

PASSWORD = "demo"
# The first two agents had worked (and been trained) for two years before the book's first loans:
# a paid-off loan app/demo/old_records.py moves back years may be given to one of them.
VETERAN_DAYS = 2 * 365
TRAINERS = ("王律师", "李老师", "外部讲师 陈", "合规部 赵")


def agent_count(loans: int) -> int:
    """About one agent per 2,500 loans, at least six."""
    return max(6, round(loans / 2500))


def usernames(loans: int) -> list[str]:
    """The demo's supervisors and agents, in the order their ids are given."""
    supervisors = ["supervisor"] + (["supervisor2"] if loans >= 20_000 else [])
    return supervisors + [f"agent{n:02d}" for n in range(1, agent_count(loans) + 1)]


def demo_logins(loans: int) -> list[tuple[str, str, str]]:
    """Username, password and role of everyone who can log in to a demo of `loans` loans."""
    return [("admin", PASSWORD, Role.ADMIN.value)] + [
        (name, PASSWORD, (Role.SUPERVISOR if _supervisor(name) else Role.AGENT).value)
        for name in usernames(loans)
    ]


def _supervisor(username: str) -> bool:
    return username.startswith("supervisor")


def add_staff(
    ctx: Context, pools: Pools, admin_id: int, password_hash: str, loans: int, first_id: int
) -> list[tuple[str, str, str]]:
    """Insert supervisors and agents (all sharing one password hash); return the demo logins."""
    rng = ctx.rng
    users: list[dict[str, Any]] = []
    supervisor_ids: list[int] = []
    agent_ids: list[int] = []
    hired = ctx.as_of - dt.timedelta(days=1200)
    for offset, username in enumerate(usernames(loans)):
        uid = first_id + offset
        role = Role.SUPERVISOR if _supervisor(username) else Role.AGENT
        (supervisor_ids if role is Role.SUPERVISOR else agent_ids).append(uid)
        users.append(
            {
                "id": uid,
                "username": username,
                "display_name": ctx.pick(pools.male if rng.random() < 0.55 else pools.female),
                "role": role,
                "password_hash": password_hash,
                "active": True,
                "phone": mobile(ctx),
                "field_capacity": rng.randint(3, 6) if role is Role.AGENT else 0,
                "language": None,
                "failed_logins": 0,
                "locked_until": None,
                "last_login_at": None,
                "must_change_password": False,  # demo logins use the shared password `demo`
                "created_at": local_to_utc(hired + dt.timedelta(days=rng.randint(0, 400)), 600),
                "version": 1,
            }
        )
    ctx.writer.add(User, users)
    ctx.ids.next["user"] = first_id + len(users)
    ctx.staff = Staff(admin_id, supervisor_ids, agent_ids)
    return demo_logins(loans)


def add_training(ctx: Context, courses: list[tuple[int, int, int, str]]) -> None:
    """Every agent's record per course (id, validity months, pass mark, required for): yearly
    refreshers, a few failed attempts, and a few agents whose training has lapsed. Each agent's
    days fit for phone work (from the first pass of every course it needs to the day one of
    them lapsed) are kept in `ctx.phone_days`: renewals overlap, so it is one stretch."""
    rng, as_of = ctx.rng, ctx.as_of
    rows: list[dict[str, Any]] = []
    agents = ctx.agents
    lapsed = set(rng.sample(agents, max(2, len(agents) // 8)))
    veterans: list[dict[str, Any]] = []  # drawn without the generator: the office stays as it was
    for agent in agents:
        start = as_of - dt.timedelta(days=rng.randint(200, 1100))  # hired
        hired = start
        if agent in agents[:2]:  # the first two were there from the office's first loans
            hired = min(start, as_of - dt.timedelta(days=BOOK_HISTORY_DAYS))
        lapsed_course = ctx.pick(courses)[0] if agent in lapsed else None
        fit_from, fit_until = dt.date.min, dt.date.max
        for course_id, validity, pass_mark, required_for in courses:
            if course_id == lapsed_course:  # last passed long enough ago to have expired
                last = add_months(as_of, -validity) - dt.timedelta(days=rng.randint(10, 90))
                if required_for in ("all", "phone"):
                    fit_until = expiry_for(last, validity) + dt.timedelta(days=1)
            else:
                last = as_of - dt.timedelta(days=rng.randint(0, 300))
            taken_days = [last]
            while taken_days[-1] - dt.timedelta(days=365) > start:  # renewed before each expiry
                taken_days.append(
                    add_months(taken_days[-1], -validity) + dt.timedelta(days=rng.randint(5, 30))
                )
            # Trained before the first day at work: earlier yearly passes back to the hiring,
            # drawn without the generator so that the rest of the office stays as it was.
            course = (agent, course_id, validity, pass_mark)
            earlier = _passes_back(taken_days[-1], hired, validity)
            rows += [_earlier_pass(ctx, course, taken) for taken in reversed(earlier[1:])]
            if agent in agents[:2]:  # and two years before the book (see VETERAN_DAYS)
                deeper = _passes_back(
                    earlier[-1], hired - dt.timedelta(days=VETERAN_DAYS), validity
                )
                veterans += [_earlier_pass(ctx, course, t, TRAINERS[0]) for t in deeper[1:]]
                earlier += deeper[1:]
            if required_for in ("all", "phone"):
                fit_from = max(fit_from, earlier[-1])  # its first pass
            for taken in reversed(taken_days):
                if rng.random() < 0.1:  # failed two weeks earlier: a failed attempt renews nothing
                    failed_on = taken - dt.timedelta(days=14)
                    rows.append(
                        _record(
                            ctx, agent, course_id, failed_on, rng.randint(30, pass_mark - 1), None
                        )
                    )
                expires = expiry_for(taken, validity)  # the last valid day, as the core says
                rows.append(
                    _record(ctx, agent, course_id, taken, rng.randint(pass_mark, 100), expires)
                )
        ctx.phone_days[agent] = (fit_from, fit_until)
    rows += veterans  # last, so that every other record keeps its id
    for n, row in enumerate(rows, start=ctx.ids.next.get("training_record", 1)):
        row["id"] = n
    ctx.ids.next["training_record"] = ctx.ids.next.get("training_record", 1) + len(rows)
    ctx.writer.add(TrainingRecord, rows)
    ctx.field_agents = [a for a in agents if a not in lapsed]  # lapsed training: no field visits


def _passes_back(last: dt.date, until: dt.date, validity: int) -> list[dt.date]:
    """`last`, then a pass two weeks inside each earlier validity period, back past `until`."""
    days = [last]
    while days[-1] > until:
        days.append(add_months(days[-1], -validity) + dt.timedelta(days=14))
    return days


def _earlier_pass(
    ctx: Context, course: tuple[int, int, int, int], taken: dt.date, trainer: str | None = None
) -> dict[str, Any]:
    """A pass before the agent's renewals (agent, course, validity months, pass mark), its score
    drawn without the generator."""
    agent, course_id, validity, pass_mark = course
    score = pass_mark + (agent + course_id + taken.toordinal()) % (101 - pass_mark)
    return _record(ctx, agent, course_id, taken, score, expiry_for(taken, validity), trainer)


def _record(
    ctx: Context,
    agent: int,
    course: int,
    taken: dt.date,
    score: int,
    expires: dt.date | None,
    trainer: str | None = None,
) -> dict[str, Any]:
    return {
        "id": 0,
        "agent_id": agent,
        "course_id": course,
        "taken_on": taken,
        "score": score,
        "passed": expires is not None,
        "expires_on": expires,
        "trainer": trainer or ctx.pick(TRAINERS),
        "evidence": f"培训签到表及考试卷 {taken:%Y%m%d}-{agent}",
        "created_at": ctx.by_build(local_to_utc(taken, 1020)),
        "created_by_id": ctx.supervisors[0],
    }


def add_sequences_and_settings(ctx: Context, seed: int, loans: int) -> None:
    """The office sequences the demo numbering used, and a note of how the demo was built."""
    ctx.writer.add(
        Sequence,
        [{"name": name, "next_value": value + 1} for name, value in sorted(ctx.numbers.items())],
    )
    at = ctx.by_build(local_to_utc(ctx.as_of, 480))
    admin = ctx.staff.admin_id if ctx.staff else None
    ctx.writer.add(
        Setting,
        [
            {"key": key, "value": value, "updated_at": at, "updated_by_id": admin}
            for key, value in (
                ("demo.seed", seed),
                ("demo.loans", loans),
                ("demo.as_of", ctx.as_of.isoformat()),
            )
        ],
    )
