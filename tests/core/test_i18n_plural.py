"""English says "1 case" and "2 cases"; Chinese has no plural and reads the one translation."""

from __future__ import annotations

import string

from app.i18n import Counted, plural, tr


def test_english_picks_the_form_by_the_count() -> None:
    assert plural(1, "{count} case", "{count} cases", "en") == "1 case"
    assert plural(0, "{count} case", "{count} cases", "en") == "0 cases"
    assert plural(2, "{count} case", "{count} cases", "en") == "2 cases"
    assert plural(12345, "{count} case", "{count} cases", "en") == "12,345 cases"
    # Other placeholders fill as with tr; a given count wins over the formatted number.
    assert (
        plural(
            1,
            "{count} case assigned to {agent}.",
            "{count} cases assigned to {agent}.",
            "en",
            agent="王芳",
        )
        == "1 case assigned to 王芳."
    )
    assert plural(1, "{count} row", "{count} rows", "en", count="one") == "one row"


def test_chinese_reads_the_plural_msgids_translation_for_any_count() -> None:
    assert plural(1, "{count} case", "{count} cases", "zh_CN") == tr(
        "{count} cases", "zh_CN", count=1
    )
    assert plural(1, "{count} case", "{count} cases", "zh_CN") != "1 case"
    assert plural(3, "{count} case", "{count} cases", "zh_CN") == tr(
        "{count} cases", "zh_CN", count=3
    )


def test_a_counted_placeholder_fills_in_the_messages_language() -> None:
    agreements = Counted(1, "{count} agreement", "{count} agreements")
    visits = Counted(2, "{count} visit", "{count} visits")
    msgid = "{agreements}, {visits} to approve"
    english = tr(msgid, "en", agreements=agreements, visits=visits)
    assert english == "1 agreement, 2 visits to approve"
    chinese = tr(msgid, "zh_CN", agreements=agreements, visits=visits)
    assert chinese == "协议 1 份、上门 2 次待批"
    assert str(Counted(1, "{count} visit", "{count} visits")) in ("1 visit", "上门 1 次")


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_both_forms_of_every_plural_have_the_same_placeholders() -> None:
    from tests.ui.msgids import layer_msgids, plural_pairs

    pairs = plural_pairs()
    assert pairs, "the collector finds the plural calls"
    assert [p for p in pairs if _fields(p[0]) != _fields(p[1])] == []
    found = layer_msgids()
    # The catalog's key is the plural form; the singular is English only.
    assert all(many in found for _one, many, _where in pairs)
    assert not [one for one, _many, _where in pairs if one in found and one != _many]


def test_errors_name_one_or_several_things(db, tmp_path) -> None:
    """Two errors that said "(s)": an unknown case number, a file lacking columns."""
    import pytest

    from app.cases.assignment import assign_cases
    from app.errors import NotFound, ValidationError
    from app.models import User
    from app.roles import Role
    from app.tabular import read_rows
    from app.training.importer import COLUMNS, OPTIONAL

    admin = User(username="boss", display_name="Boss", role=Role.ADMIN, password_hash="x")
    agent = User(username="ann", display_name="Ann", role=Role.AGENT, password_hash="x")
    with db.session() as s:
        s.add_all([admin, agent])
        s.flush()
        with pytest.raises(NotFound) as one:
            assign_cases(s, admin, ["C2026-000001"], "ann")
        with pytest.raises(NotFound) as two:
            assign_cases(s, admin, ["C2026-000001", "C2026-000002"], "ann")
    assert str(one.value) == "Unknown case number: C2026-000001."
    assert str(two.value) == "Unknown case numbers: C2026-000001, C2026-000002."
    assert two.value.translated("zh_CN") == "未知案件编号：C2026-000001、C2026-000002。"

    sheet = tmp_path / "training.csv"
    sheet.write_text("agent,course\nagent01,LAW\n", "utf-8")
    with pytest.raises(ValidationError) as lacking:
        read_rows(sheet, COLUMNS, optional=OPTIONAL)
    assert str(lacking.value) == "training.csv lacks these columns: 日期/date, 分数/score."
    assert lacking.value.translated("zh_CN") == "training.csv 缺少以下列：日期/date、分数/score。"
    sheet.write_text("agent,course,score\nagent01,LAW,90\n", "utf-8")
    with pytest.raises(ValidationError) as lacking:
        read_rows(sheet, COLUMNS, optional=OPTIONAL)
    assert str(lacking.value) == "training.csv lacks a column: 日期/date."
