"""Start-up discipline: heavy modules load when first needed, not at import or start.

Alembic's command machinery loads only when a database needs creating or upgrading, ReportLab only
when a PDF is made, openpyxl only for XLSX, keyring only when the key is not in the environment.
Each check runs in a fresh interpreter and reads its sys.modules.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import TEST_KEY

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("alembic.command", "reportlab", "openpyxl", "keyring", "keyrings", "pypinyin")

LOADED = r"""
import json, sys
HEAVY = {heavy!r}
def loaded():
    return sorted(m for m in sys.modules if any(m == h or m.startswith(h + ".") for h in HEAVY))
"""

CLI_PROBE = (
    LOADED
    + r"""
import os
from pathlib import Path
from sqlalchemy import text
import app.cli.main as cli
from db.store import open_database

after_import = loaded()
database = open_database(Path(sys.argv[1]), os.environ["CASEDESK_DB_KEY"])
with database.session() as s:
    loans = s.execute(text("SELECT count(*) FROM loan")).scalar()
database.close()
after_open = loaded()
code = cli.main(["--db", sys.argv[1], "queue", "--limit", "1"])
print(json.dumps({"import": after_import, "open": after_open, "command": loaded(),
                  "loans": loans, "code": code}))
"""
)

# The real window start (`python -m app`), quitting at the queue's first paint (ui/probe.py);
# what it loaded is read at exit.
GUI_PROBE = (
    LOADED
    + r"""
import atexit, runpy
atexit.register(lambda: print("loaded=" + json.dumps(loaded()), flush=True))
sys.argv = ["casedesk", "--db", sys.argv[1]]
runpy.run_module("app", run_name="__main__")
"""
)


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        CASEDESK_DB_KEY=TEST_KEY,
        CASEDESK_HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        CASEDESK_USER="supervisor",
        CASEDESK_PASSWORD="demo",
        QT_QPA_PLATFORM="offscreen",
    )
    env.update(extra)
    return env


def _run(script: str, db: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script.replace("{heavy!r}", repr(HEAVY)), str(db)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_cli_import_and_opening_a_database_at_head_stay_light(demo_path: Path, tmp_path) -> None:
    done = _run(CLI_PROBE, demo_path, _env(tmp_path))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["loans"] == 300 and result["code"] == 0  # it really opened and queried
    assert result["import"] == []
    assert result["open"] == []
    assert result["command"] == []


def test_an_upgrade_does_load_alembic_commands(tmp_path) -> None:
    """The other side of the check above: a database behind head is upgraded through Alembic."""
    from db.engine import make_engine
    from db.migrate import upgrade

    old = tmp_path / "old.db"
    engine = make_engine(old, TEST_KEY, must_exist=False)
    upgrade(engine, "0001_initial")
    engine.dispose()
    script = (
        LOADED
        + r"""
import os
from pathlib import Path
from db.store import open_database
database = open_database(Path(sys.argv[1]), os.environ["CASEDESK_DB_KEY"])
database.close()
print(json.dumps(loaded()))
"""
    )
    done = _run(script, old, _env(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "alembic.command" in json.loads(done.stdout.strip().splitlines()[-1])


def test_window_start_to_the_painted_queue_stays_light(demo_path: Path, tmp_path) -> None:
    env = _env(tmp_path, CASEDESK_EXIT_AFTER_FIRST_PAINT="1")
    done = _run(GUI_PROBE, demo_path, env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert any(line.startswith("first-paint-s=") for line in lines), done.stdout
    loaded = json.loads(next(line for line in lines if line.startswith("loaded="))[7:])
    assert loaded == []


def test_the_login_box_needs_no_sqlalchemy(tmp_path) -> None:
    """What a plain `casedesk` imports before its login box shows: the parser, the start and the
    dialog, none of which loads SQLAlchemy or the mapped classes (ui/startup.py loads them on a
    worker thread meanwhile)."""
    script = r"""
import json, sys
import app.cli.main, ui.app, ui.login, ui.startup, ui.probe
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] == "sqlalchemy"
                        or m.startswith(("app.models", "db.store", "ui.main_window")))))
"""
    done = _run(script, tmp_path / "unused.db", _env(tmp_path))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_the_first_screen_paints_before_sqlalchemy_loads(demo_path: Path, tmp_path) -> None:
    """Log in pressed at the box's first paint (the probe) takes the quick path: the user's queue
    paints from a plain SQLCipher connection, and only then do SQLAlchemy and the window's modules
    start loading (ui/quick_start.py)."""
    script = r"""
import json, runpy, sys
import ui.probe as probe

def core_loaded():
    return sorted(m for m in sys.modules if m.split(".")[0] == "sqlalchemy"
                  or m.startswith(("app.models", "db.store", "ui.main_window", "ui.pages")))

mark = probe._mark
def marked(name):
    mark(name)
    if name == "first-paint":
        print("at-first-paint=" + json.dumps(core_loaded()), flush=True)
probe._mark = marked
sys.argv = ["casedesk", "--db", sys.argv[1]]
runpy.run_module("app", run_name="__main__")
"""
    env = _env(tmp_path, CASEDESK_EXIT_AFTER_FIRST_PAINT="1")
    done = _run(script, demo_path, env)
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if x.startswith("at-first-paint="))
    assert json.loads(line.split("=", 1)[1]) == [], done.stdout + done.stderr
