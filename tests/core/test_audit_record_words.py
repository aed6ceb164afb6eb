"""Found by QA: the Audit page showed codes where people read words — "Setting
assign.capacity_per_agent", "Export queue", "Filters: bucket=M1". A setting now reads as its
label (its value as that setting is written), a list as its title, and an export's filters by
name with their values as labels, in both languages; the trail keeps the codes."""

from __future__ import annotations

import zoneinfo
from pathlib import Path

from sqlalchemy import select

from app.audit_kinds import record_words
from app.audit_words import Reader
from app.auth import authenticate
from app.export import export_rows
from app.export_kinds import KINDS
from app.i18n import _catalog
from app.models import User
from app.office_settings import SettingsChange, save_settings
from app.queries.audit_log import audit_ids, audit_rows
from app.queries.cases import QueueFilter
from app.settings import DEFAULTS

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def _rows(database, action: str, lang: str) -> list:
    with database.sessions() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        ids = audit_ids(s, admin)
        return [r for r in audit_rows(s, ids, lang).values() if r.action == action]


def test_a_setting_changed_reads_as_its_label(demo_db) -> None:
    admin = authenticate(demo_db.sessions, "admin", "demo")
    values = {"assign.capacity_per_agent": 300, "agreement.waiver_approval_threshold": 250_000}
    with demo_db.session() as s:
        save_settings(s, admin, SettingsChange(values=values))
    en = {r.entity_id: r for r in _rows(demo_db, "setting.change", "en")}
    zh = {r.entity_id: r for r in _rows(demo_db, "setting.change", "zh_CN")}
    capacity, threshold = "assign.capacity_per_agent", "agreement.waiver_approval_threshold"
    assert record_words("setting", capacity, "en") == "Open cases per agent (assigning by capacity)"
    assert record_words("setting", capacity, "zh_CN") == "每位催收员的未结案件上限（按容量分配）"
    assert en[capacity].words_line("en") == "Value: 400 → 300"
    # An amount reads as one, not in fen.
    assert en[threshold].words_line("en") == "Value: 1,000.00 → 2,500.00"
    assert zh[threshold].words_line("zh_CN") == "数值：1,000.00 → 2,500.00"
    assert record_words("setting", "priority.weight.dpd", "zh_CN") == "优先级权重：逾期天数"
    # The trail keeps what was written.
    assert en[threshold].raw_changes == {"old": 100_000, "new": 250_000}


def test_an_export_reads_as_its_list_and_filters_by_name(demo_db, tmp_path: Path) -> None:
    with demo_db.session() as s:
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        agent = s.scalar(select(User).where(User.username == "agent02"))
        flt = QueueFilter(bucket="M1", agent_id=agent.id, status="promise", unassigned=True)
        export_rows(s, supervisor, "queue", tmp_path / "q.csv", filters=flt)
        name = agent.display_name
    [en] = _rows(demo_db, "list.export", "en")
    [zh] = _rows(demo_db, "list.export", "zh_CN")
    assert (en.entity, en.entity_id) == ("list", "queue")
    assert record_words("list", "queue", "en") == "Work queue"
    assert record_words("list", "queue", "zh_CN") == "工作队列"
    assert en.words[-1] == (
        f"Filters: Bucket = M1, Agent = {name}, Status = Promise, Unassigned = Yes"
    )
    assert zh.words[-1] == f"筛选条件：账龄段 = M1、催收员 = {name}、状态 = 还款承诺、未分配 = 是"
    assert en.raw_changes["filters"]["bucket"] == "M1"


def test_each_lists_filters_read_as_words() -> None:
    reader = Reader("en", SHANGHAI, {3: "赵桂花"})
    training = {"filters": {"status": "lapsed", "as_of": "2026-03-01"}}
    assert reader.describe("list.export", training, "training") == (
        "Filters: Status = Lapsed or missing, As of = 2026-03-01"
    )
    loans = {"filters": {"status": "written_off", "search": "L00"}}
    assert reader.describe("list.export", loans, "loans") == (
        "Filters: Status = Written off, Search = L00"
    )
    trail = {"filters": {"user_id": 0, "action": "contact", "date_from": "2026-01-01"}}
    assert reader.describe("list.export", trail, "audit") == (
        "Filters: User = (system), Action = Contacts, From = 2026-01-01"
    )
    log = {"filters": {"rule": "quiet_hours", "verdict": "blocked", "agent_id": 3}}
    assert Reader("zh_CN", SHANGHAI, {3: "赵桂花"}).describe("list.export", log, "compliance") == (
        "筛选条件：规则 = 免打扰时段、判定 = 已拦截、催收员 = 赵桂花"
    )
    # One this release does not know reads as written.
    assert reader.describe("list.export", {"filters": {"zz": 1}}, "queue") == "Filters: zz = 1"


def test_every_setting_and_list_has_words_in_both_languages() -> None:
    catalog = _catalog("zh_CN")
    for key in DEFAULTS:  # each label translated: app.audit_words.msgids holds them
        assert record_words("setting", key, "en") not in (None, key), key
        assert record_words("setting", key, "zh_CN") != record_words("setting", key, "en"), key
    for name, kind in KINDS.items():
        assert record_words("list", name, "en") == kind.title
        assert kind.title in catalog, name
    assert record_words("setting", "office.timezone") is None  # not a setting: as written
    assert record_words("case", "C-0001") is None
