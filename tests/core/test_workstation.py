"""The workstation's choice of database (app/workstation.py): saved in the user's config folder,
validated, never with a password; the connection test on each engine (`db` is parametrised)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.errors import CasedeskError, ValidationError
from app.paths import default_db_path
from app.workstation import (
    check_connection,
    config_path,
    database_target,
    saved_target,
    set_database_target,
)
from tests.conftest import TEST_KEY

URL = "postgresql+psycopg://clerk@db.office.lan:5433/casedesk"


@pytest.fixture(autouse=True)
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config folder of this test's own (the session's is shared by every test)."""
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


def test_without_a_choice_the_window_opens_the_default_file(config_home) -> None:
    assert config_path().is_relative_to(config_home)
    assert saved_target() is None and database_target() == default_db_path()
    assert not config_path().exists()


def test_a_server_url_round_trips_and_is_normalised(config_home) -> None:
    assert set_database_target("postgresql://clerk@db.office.lan:5433/casedesk") == URL
    assert database_target() == URL
    assert json.loads(config_path().read_text("utf-8")) == {"database": URL}
    assert set_database_target(None) == default_db_path()
    assert database_target() == default_db_path()
    assert json.loads(config_path().read_text("utf-8")) == {}


def test_a_file_round_trips_as_an_absolute_path(tmp_path, monkeypatch) -> None:
    office = tmp_path / "office.db"
    office.write_bytes(b"x")
    monkeypatch.chdir(tmp_path)
    assert set_database_target("office.db") == office
    assert database_target() == office and isinstance(database_target(), Path)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://clerk:s3cret@db.office.lan/casedesk",
        "postgresql://clerk:@db.office.lan/casedesk",
        "postgresql+psycopg://clerk@db.office.lan/casedesk?password=s3cret",
    ],
)
def test_a_url_with_a_password_is_refused_and_nothing_saved(url) -> None:
    set_database_target(URL)
    with pytest.raises(ValidationError) as caught:
        set_database_target(url)
    assert "password" in caught.value.translated()
    assert "s3cret" not in config_path().read_text("utf-8")
    assert database_target() == URL


def test_the_refusal_is_translated() -> None:
    with pytest.raises(ValidationError) as caught:
        set_database_target("postgresql://clerk:pw@host/casedesk")
    assert caught.value.translated("zh_CN").startswith("请勿在地址中包含密码")


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("", "Enter a database file"),
        ("mysql://clerk@host/casedesk", "neither a database file"),
        ("postgresql://clerk@host", "names no database"),
        ("/no/such/office.db", "No database at /no/such/office.db"),
    ],
)
def test_bad_targets_are_refused(value, says) -> None:
    with pytest.raises(CasedeskError) as caught:
        set_database_target(value)
    assert says in caught.value.translated()
    assert not config_path().exists()


def test_a_folder_is_refused(tmp_path) -> None:
    with pytest.raises(ValidationError, match="folder"):
        set_database_target(tmp_path)


def test_an_unreadable_settings_file_is_an_error_not_the_default() -> None:
    config_path().parent.mkdir(parents=True)
    config_path().write_text("{not json", "utf-8")
    with pytest.raises(ValidationError) as caught:
        database_target()
    assert str(config_path()) in caught.value.translated()


def test_the_connection_test_on_each_engine(db, monkeypatch) -> None:
    from app.office import create_office

    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    target = db.url or db.path
    found = check_connection(target)
    assert found.shown == db.shown and found.revision is not None and found.at_head
    assert found.office is None
    with db.session() as s:
        create_office(s, name="东城网点", admin_username="admin", admin_password="pw-admin")
    assert check_connection(target).office == "东城网点"


def test_the_connection_test_names_what_is_wrong(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    with pytest.raises(CasedeskError, match="Cannot open"):
        check_connection("postgresql+psycopg://clerk@127.0.0.1:1/casedesk")
    with pytest.raises(CasedeskError, match="No database at"):
        check_connection(tmp_path / "missing.db")
