"""`casedesk db use URL|PATH|--default`: the database the window opens on this workstation; and
`casedesk --db URL` hands the URL (not a Path) to the window."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest

URL = "postgresql+psycopg://clerk@db.office.lan/casedesk"


@pytest.fixture(autouse=True)
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


def test_use_a_server_then_go_back_to_the_default(cli, config_home) -> None:
    from app.paths import default_db_path
    from app.workstation import config_path, database_target

    code, out, _ = cli("db", "use")
    assert code == 0
    assert f"opens {default_db_path()}." in out and "(the default;" in out
    code, out, err = cli("db", "use", "postgresql://clerk@db.office.lan/casedesk")
    assert (code, err) == (0, "")
    assert f"will open {URL}." in out and "next time Casedesk starts" in out
    assert f"casedesk db status --db {URL}" in out
    assert database_target() == URL
    code, out, _ = cli("db", "use", "--json")
    assert json.loads(out) == {
        "database": URL,
        "server": True,
        "default": False,
        "settings_file": str(config_path()),
        "damaged_kept_as": None,
    }
    code, out, _ = cli("db", "use", "--default")
    assert code == 0 and f"will open {default_db_path()}." in out
    assert database_target() == default_db_path()


def test_use_a_file(cli, office) -> None:
    from app.workstation import database_target

    code, out, _ = cli("db", "use", office)
    assert code == 0 and f"will open {office}." in out and "Kept in" in out
    assert database_target() == office


def test_a_url_with_a_password_is_refused_and_nothing_saved(cli) -> None:
    from app.workstation import config_path

    code, out, err = cli("db", "use", "postgresql+psycopg://clerk:s3cret@db.office.lan/casedesk")
    assert (code, out) == (1, "")
    assert err.startswith("casedesk: Leave the password out of the URL")
    assert not config_path().exists()
    code, _out, err = cli("--lang", "zh_CN", "db", "use", "postgresql://clerk:pw@h/casedesk")
    assert code == 1 and "请勿在地址中包含密码" in err


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("mysql://clerk@host/casedesk",), "neither a database file"),
        (("/no/such/office.db",), "No database at /no/such/office.db"),
        ((URL, "--default"), "not both"),
    ],
)
def test_bad_choices_are_refused(cli, args, says) -> None:
    from app.workstation import config_path

    code, _out, err = cli("db", "use", *args)
    assert code == 1 and says in err
    assert not config_path().exists()


def test_chinese_output(cli) -> None:
    code, out, _ = cli("--lang", "zh_CN", "db", "use", URL)
    assert code == 0 and f"本工作站的窗口将打开 {URL}。" in out


def test_the_window_gets_a_server_url_as_a_string(cli, monkeypatch, tmp_path) -> None:
    calls: list[object] = []
    fake = types.ModuleType("ui.app")
    fake.run = lambda db_path, lang=None, argv=None: calls.append(db_path) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ui.app", fake)
    assert cli("--db", URL)[0] == 0
    assert cli("--db", tmp_path / "a.db")[0] == 0
    assert cli()[0] == 0  # no --db: the window itself reads this workstation's choice
    assert calls == [URL, tmp_path / "a.db", None]
