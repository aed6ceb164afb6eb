"""The core never imports Qt: every module under app/, db/ and reports/ imports in a fresh
interpreter without pulling in PySide6 or shiboken6."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import importlib, json, pkgutil, sys
# app.__main__ runs the CLI; db.migrations.env needs Alembic's migration context
SKIP = {"app.__main__", "db.migrations.env"}
imported = []
for top in ("app", "db", "reports"):
    package = importlib.import_module(top)
    imported.append(top)
    for info in pkgutil.walk_packages(package.__path__, top + "."):
        if info.name in SKIP:
            continue
        importlib.import_module(info.name)
        imported.append(info.name)
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
print(json.dumps({"imported": imported, "qt": qt}))
"""


def test_core_modules_do_not_import_qt() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert "app.cli.main" in result["imported"]
    assert "db.store" in result["imported"]
    assert any(name.startswith("app.models.") for name in result["imported"])
    assert result["qt"] == []
