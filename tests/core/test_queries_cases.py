"""The work queue and case page queries on the demo office: filters, visibility, order, detail."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text

from app import settings
from app.cases.priority import FACTOR_LABELS
from app.cases.rebuild import rebuild_queue
from app.errors import NotFound, PermissionDenied
from app.models import Borrower, Case, CaseStatus, Loan, Promise, User
from app.names import name_pinyin
from app.queries.case_page import case_detail
from app.queries.cases import (
    QUEUE_ORDER,
    QueueFilter,
    queue_count,
    queue_ids,
    queue_rows,
)

OPEN = (
    'SELECT c.id FROM "case" c JOIN loan l ON l.id = c.loan_id '
    "JOIN borrower b ON b.id = l.borrower_id "
    "JOIN loan_product p ON p.id = l.product_id WHERE c.status != 'CLOSED'"
)


@pytest.fixture
def office(demo_db):
    """The demo office with its queue rebuilt by the core (real scores and breakdowns)."""
    with demo_db.session() as s:
        rebuild_queue(s, None)
    return demo_db


def _user(s, name: str) -> User:
    return s.scalar(select(User).where(User.username == name))


def _sql_ids(s, where: str = "", **params) -> set[int]:
    return {row[0] for row in s.execute(text(OPEN + where), params)}


def test_supervisor_sees_every_open_case_agent_only_own(office):
    with office.sessions() as s:
        sup = _user(s, "supervisor")
        everything = queue_ids(s, sup)
        assert set(everything) == _sql_ids(s) and len(everything) > 20
        agent = _user(s, "agent02")
        own = queue_ids(s, agent)
        assert own and set(own) == _sql_ids(s, " AND c.assigned_agent_id = :a", a=agent.id)
        # An agent's filter on another agent's id shows nothing of theirs.
        other = _user(s, "agent03")
        assert queue_ids(s, agent, QueueFilter(agent_id=other.id)) == []


@pytest.mark.parametrize(
    ("flt", "where"),
    [
        (QueueFilter(bucket="M1"), " AND c.bucket = 'M1'"),
        (QueueFilter(bucket="180+"), " AND c.bucket = '180+'"),
        (QueueFilter(unassigned=True), " AND c.assigned_agent_id IS NULL"),
        (QueueFilter(status="promise_broken"), " AND c.status = 'PROMISE_BROKEN'"),
        (QueueFilter(product_code="SUL"), " AND p.code = 'SUL'"),
        (QueueFilter(segment="mature"), " AND b.segment = 'MATURE'"),
        (
            QueueFilter(bucket="M2", unassigned=True),
            " AND c.bucket = 'M2' AND c.assigned_agent_id IS NULL",
        ),
    ],
)
def test_each_filter_narrows_like_sql(office, flt, where):
    with office.sessions() as s:
        sup = _user(s, "supervisor")
        expected = _sql_ids(s, where)
        found = queue_ids(s, sup, flt)
        assert set(found) == expected and len(found) == len(expected)
        assert len(expected) < len(_sql_ids(s))


def test_agent_filter(office):
    with office.sessions() as s:
        sup, agent = _user(s, "supervisor"), _user(s, "agent04")
        found = queue_ids(s, sup, QueueFilter(agent_id=agent.id))
        assert found and set(found) == _sql_ids(s, " AND c.assigned_agent_id = :a", a=agent.id)


def test_promise_due_today(office):
    with office.session() as s:
        as_of = settings.as_of(s)
        case = s.scalar(select(Case).where(Case.status != CaseStatus.CLOSED).order_by(Case.id))
        s.add(Promise(case_id=case.id, amount=10_000, due_on=as_of))
        s.add(Promise(case_id=case.id + 1, amount=10_000, due_on=as_of + dt.timedelta(days=1)))
    with office.sessions() as s:
        found = queue_ids(s, _user(s, "supervisor"), QueueFilter(promise_due_today=True))
        expected = _sql_ids(
            s,
            " AND EXISTS (SELECT 1 FROM promise q WHERE q.case_id = c.id "
            "AND q.status = 'PENDING' AND q.due_on = :d)",
            d=as_of.isoformat(),
        )
        assert case.id in found and set(found) == expected


def test_default_order_is_due_first_then_score_then_dpd_then_amount(office):
    with office.sessions() as s:
        ids = queue_ids(s, _user(s, "supervisor"))
        rows = queue_rows(s, ids)
        keys = [
            (rows[i].waiting, -rows[i].score, -rows[i].dpd, -rows[i].amount_overdue, i) for i in ids
        ]
        assert keys == sorted(keys)
        waiting = [rows[i].waiting for i in ids]
        assert True in waiting and False in waiting  # the demo has both tiers
        assert ids == list(
            s.scalars(
                select(Case.id).where(Case.status != CaseStatus.CLOSED).order_by(*QUEUE_ORDER)
            )
        )
        due = [rows[i] for i in ids if not rows[i].waiting]
        assert due[0].score >= due[-1].score


def test_header_sorts(office):
    with office.sessions() as s:
        sup = _user(s, "supervisor")
        by_dpd = queue_ids(s, sup, sort="dpd", descending=False)
        rows = queue_rows(s, by_dpd)
        dpds = [rows[i].dpd for i in by_dpd]
        assert dpds == sorted(dpds)
        by_name = queue_ids(s, sup, sort="borrower", descending=False)
        assert set(by_name) == set(by_dpd)
        rows = queue_rows(s, by_name)
        names = [rows[i].borrower for i in by_name]
        assert names == sorted(names, key=lambda n: (name_pinyin(n), n))  # in pinyin order
        by_agent = queue_ids(s, sup, sort="agent", descending=False)
        rows = queue_rows(s, by_agent)
        agents = [rows[i].agent for i in by_agent]
        assigned = [a for a in agents if a]
        assert agents == assigned + [""] * (len(agents) - len(assigned))  # the unassigned last
        assert assigned == sorted(assigned, key=lambda n: (name_pinyin(n), n))
        assert queue_ids(s, sup, sort="agent", descending=True) == list(reversed(by_agent))
        for key in (
            "case_no",
            "loan_no",
            "amount",
            "next_action",
            "last_contact",
            "agent",
            "status",
            "score",
            "bucket",
        ):
            assert len(queue_ids(s, sup, sort=key)) == len(by_dpd)


def test_search_by_full_id_phone_case_and_loan_number(office):
    with office.sessions() as s:
        sup = _user(s, "supervisor")
        case = s.get(Case, queue_ids(s, sup)[0])
        loan = s.get(Loan, case.loan_id)
        borrower = s.get(Borrower, loan.borrower_id)
        for query in (
            borrower.national_id,
            case.case_no,
            case.case_no.lower(),
            loan.loan_no,
            borrower.phones[0].number,
        ):
            assert case.id in queue_ids(s, sup, QueueFilter(search=query)), query
        assert queue_ids(s, sup, QueueFilter(search=borrower.national_id)) == [
            i
            for i in queue_ids(s, sup)
            if s.get(Loan, s.get(Case, i).loan_id).borrower_id == borrower.id
        ]
        assert case.id in queue_ids(s, sup, QueueFilter(search=borrower.name[1:]))
        assert queue_ids(s, sup, QueueFilter(search="110101199003071934")) == []


def test_rows_are_masked_and_complete(office):
    with office.sessions() as s:
        ids = queue_ids(s, _user(s, "supervisor"))[:50]
        rows = queue_rows(s, ids)
        assert set(rows) == set(ids)
        for row in rows.values():
            assert "*" in row.masked_id and len(row.masked_id) == 18
            assert sum(row.breakdown.values()) == row.score
            assert row.bucket and row.dpd > 0 or row.status == "legal"


def test_case_detail_breakdown_sums_and_timeline_sorted(office):
    with office.sessions() as s:
        sup = _user(s, "supervisor")
        for case_id in queue_ids(s, sup)[:10]:
            d = case_detail(s, sup, case_id)
            assert sum(f.points for f in d.breakdown) == d.score
            assert all(f.label == FACTOR_LABELS[f.key] for f in d.breakdown)
            times = [item.at for item in d.timeline]
            assert times == sorted(times, reverse=True)
            assert all(t.tzinfo is not None and t.utcoffset() == dt.timedelta(0) for t in times)
            assert {"case"} <= {item.kind for item in d.timeline}
            assert d.borrower.masked_id.count("*") == 8
            if d.loan.closed_on is None and d.status != "legal":
                assert d.overdue_principal + d.overdue_interest + d.overdue_fee == d.amount_overdue
        busy = max(queue_ids(s, sup)[:30], key=lambda i: len(case_detail(s, sup, i).timeline))
        kinds = {item.kind for item in case_detail(s, sup, busy).timeline}
        assert {"contact", "case"} <= kinds


def test_case_detail_in_chinese_and_by_number(office):
    with office.sessions() as s:
        sup = _user(s, "supervisor")
        case = s.get(Case, queue_ids(s, sup)[0])
        d = case_detail(s, sup, case.case_no, lang="zh_CN")
        assert d.id == case.id
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in f.label) for f in d.breakdown)


def test_agent_may_open_only_own_cases(office):
    with office.sessions() as s:
        agent = _user(s, "agent02")
        own = queue_ids(s, agent)[0]
        assert case_detail(s, agent, own).agent_username == "agent02"
        other = s.scalar(select(Case.id).where(Case.assigned_agent_id != agent.id))
        with pytest.raises(PermissionDenied):
            case_detail(s, agent, other)
        with pytest.raises(NotFound):
            case_detail(s, agent, "C1999-000000")


@pytest.mark.parametrize(
    "flt",
    [
        QueueFilter(),
        QueueFilter(bucket="M1"),
        QueueFilter(unassigned=True),
        QueueFilter(product_code="SUL"),
        QueueFilter(segment="mature"),
        QueueFilter(search="C2026"),
    ],
)
@pytest.mark.parametrize("sort", ["priority", "borrower", "dpd"])
def test_the_first_screen_is_the_head_of_the_whole_list(office, flt, sort):
    """The queue's first screen reads the top ids and the count; both agree with the full list."""
    with office.sessions() as s:
        for username in ("supervisor", "agent02"):
            user = _user(s, username)
            everything = queue_ids(s, user, flt, sort=sort)
            assert queue_count(s, user, flt) == len(everything)
            for n in (1, 7, len(everything) + 5):
                assert queue_ids(s, user, flt, sort=sort, limit=n) == everything[:n]


def test_the_first_screen_reads_the_queue_index_not_every_open_case(office):
    """On SQLite the head of the queue walks ix_case_queue in order and stops after the page
    (no sort of every open case): the first screen costs the same in a bigger office."""
    from sqlalchemy import event

    with office.sessions() as s:
        sup = _user(s, "supervisor")
        seen: list[tuple[str, object]] = []
        engine = s.get_bind()
        if engine.dialect.name != "sqlite":
            pytest.skip("the query plan is SQLite's")

        def record(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
            seen.append((statement, parameters))

        event.listen(engine, "before_cursor_execute", record)
        try:
            queue_ids(s, sup, limit=50)
        finally:
            event.remove(engine, "before_cursor_execute", record)
        # The queue's page, not the office's row (read for its today, a LIMIT 1 of its own).
        statement, parameters = next(
            q for q in seen if "LIMIT" in q[0].upper() and "FROM office" not in q[0]
        )
        conn = s.connection()
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
        plan = " | ".join(str(r[-1]) for r in rows)
        assert "ix_case_queue" in plan and "TEMP B-TREE" not in plan.upper(), plan


def test_lists_of_agents_and_users_are_in_pinyin_order(office):
    from app.names import name_key
    from app.queries.audit_log import user_choices
    from app.queries.cases import agent_choices
    from app.queries.compliance_log import agent_options

    with office.sessions() as s:
        agents = agent_choices(s)  # the queue's agent filter, assignment, Agents & training
        assert len(agents) >= 2
        assert [a.username for a in agents] != sorted(a.username for a in agents)  # not by login
        for names in (
            [a.display_name for a in agents],
            [o.display_name for o in agent_options(s)],  # the compliance log's filter
            [c.display_name for c in user_choices(s)],  # the audit page's filter
        ):
            assert names == sorted(names, key=name_key), names


def test_every_kind_of_search_agrees_across_the_queue_borrowers_and_loans(office):
    """The queue, its count, the Borrowers and the Loans lists find the same borrowers for each
    kind of text (each part of the search is its own lookup, so one must not drop another)."""
    from app.queries.borrowers import borrower_count, borrower_ids
    from app.queries.loans import loan_count, loan_ids

    with office.sessions() as s:
        sup, agent = _user(s, "supervisor"), _user(s, "agent02")
        case = s.get(Case, queue_ids(s, sup)[0])
        loan = s.get(Loan, case.loan_id)
        borrower = s.get(Borrower, loan.borrower_id)
        spelled = name_pinyin(borrower.name)
        texts = [
            borrower.name,
            borrower.name[1:],
            spelled,
            "".join(part[0] for part in spelled.split()),
            borrower.borrower_no,
            loan.loan_no,
            borrower.phones[0].number,
            borrower.national_id,
            case.case_no,
            "nobody-at-all",
        ]
        every_loan = s.execute(select(Loan.id, Loan.borrower_id, Loan.loan_no)).all()
        for typed in texts:
            found = set(borrower_ids(s, typed))
            assert borrower_count(s, typed) == len(found), typed
            assert loan_count(s, typed) == len(loan_ids(s, typed)), typed
            assert set(loan_ids(s, typed)) == {
                lid for lid, bid, no in every_loan if bid in found or typed.lower() in no.lower()
            }, typed
            by_case = {case.id} if typed == case.case_no else set()
            for user in (sup, agent):
                ids = queue_ids(s, user, QueueFilter(search=typed))
                assert queue_count(s, user, QueueFilter(search=typed)) == len(ids), typed
                visible = set(queue_ids(s, user))
                expected = {
                    i for i in visible if s.get(Loan, s.get(Case, i).loan_id).borrower_id in found
                } | (by_case & visible)
                assert set(ids) == expected, typed
            if typed != "nobody-at-all":  # a case number finds its borrower too
                assert borrower.id in found, typed
        assert borrower_ids(s, "nobody-at-all") == []
