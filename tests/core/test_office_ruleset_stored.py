"""A new office stores its rule set's first version when it is created, with its audit entry in
the same transaction, so its first reports name it (found by QA: the training roster and the
portfolio report of a new office said "rule set —" while the compliance report and the Rules page
said "CN 2026.7"). An older office that never stored one stores it at its first look, audited
as the system's."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.auth import add_user
from app.compliance.shipped_files import shipped_ruleset
from app.compliance.versions import active_ruleset
from app.models import AuditEntry, Office, Role, RuleSetVersion, User
from app.office import create_office
from app.reporting.generated import write_report
from tests.office_day import office_today


def _stored(s) -> list[tuple[str, str, int | None]]:  # type: ignore[no-untyped-def]
    rows = s.execute(
        select(RuleSetVersion.jurisdiction, RuleSetVersion.version, RuleSetVersion.created_by_id)
    )
    return [tuple(r) for r in rows]


def _entries(s) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    return list(s.scalars(select(AuditEntry).where(AuditEntry.action == "ruleset.store")))


@pytest.mark.parametrize("code", ["cn", "uk"])
def test_creating_an_office_stores_its_rule_set_with_an_audit_entry(db, code):
    with db.session() as s:
        _office, admin = create_office(
            s, name="新网点", admin_username="admin", admin_password="pw-ruleset", jurisdiction=code
        )
        admin_id = admin.id
    version = shipped_ruleset(code).version
    with db.sessions() as s:
        assert _stored(s) == [(code, version, admin_id)]
        (entry,) = _entries(s)
        row_id = s.scalar(select(RuleSetVersion.id))
    assert entry.user_id == admin_id and entry.entity == "ruleset_version"
    assert entry.entity_id == str(row_id)
    assert entry.changes == {"jurisdiction": code, "version": version}
    with db.sessions() as s:  # a look at it stores nothing more
        assert active_ruleset(s)[1] == row_id
        assert len(_stored(s)) == 1 and len(_entries(s)) == 1


def test_a_new_office_s_roster_and_portfolio_name_the_rule_set(db, tmp_path):
    with db.session() as s:
        _office, admin = create_office(
            s, name="新网点", admin_username="admin", admin_password="pw-ruleset"
        )
    with db.sessions() as s:
        actor = s.get(User, admin.id)
    label = shipped_ruleset("cn").label  # "CN 2026.7"
    today = office_today()
    for kind, period in (
        ("training", {}),
        ("portfolio", {"start": today, "end": today, "as_of": today}),
    ):
        path = tmp_path / f"{kind}.pdf"
        write_report(db.sessions, actor, kind, path, "zh_CN", **period)
        text = "".join(page.extract_text() for page in PdfReader(path).pages)
        assert f"规则集 {label}" in text, kind
        assert "规则集 —" not in text, kind


def test_an_older_office_without_a_stored_version_stores_it_audited(db):
    with db.session() as s:  # made before offices stored their rule set when created
        s.add(Office(name="老网点", currency="CNY", timezone="Asia/Shanghai", jurisdiction="cn"))
        add_user(s, None, "admin", Role.ADMIN, "pw-ruleset", "管理员")
    with db.session() as s:
        assert not _stored(s)
        _ruleset, row_id = active_ruleset(s)  # the first look stores it
    with db.sessions() as s:
        assert _stored(s) == [("cn", shipped_ruleset("cn").version, None)]
        (entry,) = _entries(s)
    assert entry.user_id is None and entry.entity_id == str(row_id)
    assert entry.changes == {"jurisdiction": "cn", "version": shipped_ruleset("cn").version}
