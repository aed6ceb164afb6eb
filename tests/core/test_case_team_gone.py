"""The case page, `case show` and the case's story say when the case's booked visit has a team
member who may no longer go (deactivated, or no longer an agent), as its own views do (QA s46:
only the visit's views and the Visits page said so): who, and what to do; nothing once a new team
is given."""

from __future__ import annotations

from app.accounts import change_role, deactivate_user
from app.models import User
from app.queries.case_page import case_detail
from app.visits import reschedule_visit
from tests.core.test_visits import office  # noqa: F401 (a fixture)
from tests.core.visit_office import book, case_nos, login, slot, verified_visit


def _booked(db) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    case_no = case_nos(db)[0]
    number = verified_visit(db, case_no)
    assert book(db, number, ("agent01", "agent02")).saved  # 李强 is agent02
    return case_no, number


def _detail(db, case_no: str, lang: str = "en"):  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        return case_detail(s, login(db, "supervisor"), case_no, lang)


def _visit_title(detail, number: str) -> str:  # type: ignore[no-untyped-def]
    (item,) = [i for i in detail.timeline if i.kind == "visit" and number in i.title]
    return item.title


def test_the_case_says_its_visit_needs_a_new_team(office) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    case_no, number = _booked(office)
    whole = _detail(office, case_no)
    assert whole.visit_note is None  # nothing while the team is whole
    assert _visit_title(whole, number) == f"Visit {number}: booked"
    with office.session() as s:
        deactivate_user(s, s.get(User, login(office, "admin").id), "agent02")

    english, chinese = _detail(office, case_no), _detail(office, case_no, "zh_CN")
    assert english.visit_note == (
        f"Team to staff anew: 李强, on visit {number}'s team, may no longer go on visits "
        "(account deactivated, or no longer an agent); no check-in is taken until the team is "
        "changed. Reschedule it with a new team (its time can stay), or cancel it."
    )
    assert chinese.visit_note is not None
    assert (
        f"上门 {number}" in chinese.visit_note
        and "李强 已不能上门（账户已停用" in chinese.visit_note
    )
    assert "请改约并更换上门人员（时间可以不变）" in chinese.visit_note
    assert _visit_title(english, number) == f"Visit {number}: booked, team to staff anew"
    assert _visit_title(chinese, number).endswith("已预约，需重新安排人员")

    boss = login(office, "supervisor")
    with office.session(write_lock=True) as s:
        moved = reschedule_visit(
            s, s.get(User, boss.id), number, agents=("agent01", "agent03"), start=slot(10),
            minutes=60, borrower_agreed=True, consent_to_enter=True, reason="换人上门",
        )  # fmt: skip
        assert moved.saved
    again = _detail(office, case_no)
    assert again.visit_note is None and _visit_title(again, number) == f"Visit {number}: booked"


def test_an_agent_made_supervisor_is_said_too(office) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    case_no, number = _booked(office)
    with office.session() as s:
        change_role(s, s.get(User, login(office, "admin").id), "agent02", "supervisor")
    note = _detail(office, case_no).visit_note
    assert note is not None and note.startswith(f"Team to staff anew: 李强, on visit {number}'s")
    others = [c for c in case_nos(office) if c != case_no]
    assert all(_detail(office, c).visit_note is None for c in others)
