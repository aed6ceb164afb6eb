"""The bundle's lists (packaging/bundle_data.py, read by casedesk.spec) without building it: every
resource and migration ships as data, the migrations resolve through importlib.resources, and
what is only named in strings is collected as a module."""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path, PurePosixPath
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCE_PACKAGES = ("app", "ui", "reports", "db")


@pytest.fixture(scope="module")
def bd() -> ModuleType:
    """packaging/bundle_data.py, loaded by path: packaging/ is not a package (see its docstring)."""
    spec = importlib.util.spec_from_file_location("casedesk_bundle_data", ROOT / "packaging" /
                                                  "bundle_data.py")  # fmt: skip
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _walk(node: Traversable, prefix: PurePosixPath) -> set[str]:
    """Every shipped file under a package, found through importlib.resources (as the app reads)."""
    found: set[str] = set()
    for entry in node.iterdir():
        if entry.name == "__pycache__":
            continue
        if entry.is_dir():
            found |= _walk(entry, prefix / entry.name)
        elif not entry.name.endswith((".pyc", ".pyo")):
            found.add(str(prefix / entry.name))
    return found


def _bundled(bd: ModuleType) -> set[str]:
    """The paths inside the bundle that the spec's own data list puts there."""
    return {str(PurePosixPath(folder) / Path(src).name) for src, folder in bd.own_datas()}


def test_every_resource_and_migration_file_ships(bd: ModuleType) -> None:
    bundled = _bundled(bd)
    expected = _walk(resources.files("resources"), PurePosixPath("resources"))
    expected |= _walk(resources.files("db.migrations"), PurePosixPath("db/migrations"))
    assert expected <= bundled, sorted(expected - bundled)
    assert not any("__pycache__" in p or p.endswith(".pyc") for p in bundled)
    for src, _ in bd.own_datas():
        assert Path(src).is_file(), src


def test_the_files_the_code_reads_are_there(bd: ModuleType) -> None:
    from app.compliance.ruleset import SHIPPED
    from db.migrations import HEAD
    from reports.base import FONT_FILE
    from reports.fonts import EXTRA_FILE

    bundled = _bundled(bd)
    assert f"resources/fonts/{FONT_FILE}" in bundled
    assert "resources/fonts/LICENSE-wqy-microhei.txt" in bundled  # the font's licence travels
    assert f"resources/fonts/{EXTRA_FILE}" in bundled  # rarer characters (reports/fonts.py)
    assert "resources/fonts/LICENSE-noto-cjk.txt" in bundled
    assert {f"resources/rulesets/{name}.toml" for name in SHIPPED} <= bundled
    catalogs = {p for p in bundled if p.startswith("resources/i18n/zh_CN/")}
    assert len([p for p in catalogs if p.endswith(".json")]) >= 10
    assert {"db/migrations/env.py", "db/migrations/script.py.mako"} <= bundled
    versions = [p for p in bundled if p.startswith("db/migrations/versions/0")]
    assert any(HEAD.split("_")[0] in Path(p).name for p in versions)


def test_script_location_resolves_through_importlib_resources() -> None:
    """Alembic turns db:migrations into a folder with importlib.resources, which PyInstaller's
    frozen importer answers from the bundle's data folder: the same folder as the package's."""
    from alembic.script import ScriptDirectory
    from alembic.util.pyfiles import coerce_resource_to_filename

    from db.migrate import SCRIPT_LOCATION, _config
    from db.migrations import HEAD

    folder = coerce_resource_to_filename(SCRIPT_LOCATION)
    assert folder.resolve() == Path(str(resources.files("db.migrations"))).resolve()
    assert (folder / "env.py").is_file() and (folder / "versions").is_dir()
    assert ScriptDirectory.from_config(_config()).get_current_head() == HEAD


def test_what_the_migrations_import_is_collected(bd: ModuleType) -> None:
    """Alembic loads the migration files by path, so PyInstaller never scans their imports."""
    roots = {name.split(".")[0] for name in (*bd.WHOLE_PACKAGES, *bd.HIDDEN_IMPORTS)}
    folder = Path(str(resources.files("db.migrations")))
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                root = name.split(".")[0]
                assert root in roots or root in sys.stdlib_module_names, (path.name, name)


def test_packages_named_only_in_strings_are_collected(bd: ModuleType) -> None:
    """resources.files("x.y") and import_module(f"x.…") name packages PyInstaller cannot see."""
    named: set[str] = set()
    pattern = re.compile(r"""(?:resources\.files|import_module)\(f?["']([\w.]+)""")
    for package in SOURCE_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            named |= set(pattern.findall(path.read_text("utf-8")))
    assert "resources.i18n" in named and "resources.fonts" in named  # the scan does find them
    for name in named:
        package = name.rstrip(".")
        assert any(package == w or package.startswith(w + ".") for w in bd.WHOLE_PACKAGES), name
        if name.startswith("resources"):
            assert any(package.startswith(d) for d in bd.DATA_PACKAGES), name


def test_named_modules_exist_and_migrations_stay_files(bd: ModuleType) -> None:
    for name in (*bd.HIDDEN_IMPORTS, *bd.WHOLE_PACKAGES, *bd.LIBRARY_DATA, *bd.METADATA):
        assert importlib.util.find_spec(name) is not None, name
    assert bd.keep_module("db.migrations") and bd.keep_module("db.migrate")
    assert not bd.keep_module("db.migrations.env")
    assert not bd.keep_module("db.migrations.versions.0001_initial")
    assert not bd.keep_module("sqlalchemy.testing.fixtures")
    assert bd.keep_module("alembic.op")


def test_the_bundle_ships_no_test_tools_and_builds_stay_untracked(bd: ModuleType) -> None:
    for name in ("pytest", "hypothesis", "pypdf", "tests", "keyrings.alt"):
        assert name in bd.EXCLUDES
    for name in bd.EXCLUDES:  # never something the app needs at run time
        assert name not in {"app", "ui", "reports", "db", "resources", "keyring", "faker"}
    ignored = (ROOT / ".gitignore").read_text("utf-8").split()
    assert "dist/" in ignored and "build/" in ignored
    assert not (ROOT / "packaging" / "__init__.py").exists()  # would shadow PyPI's `packaging`


def test_only_the_touch_keyboard_and_its_qml_are_dropped(bd: ModuleType) -> None:
    dropped = [
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        "PySide6/Qt/lib/libQt6Qml.so.6",
        "PySide6/Qt/lib/libQt6QuickWidgets.so.6",
        "PySide6\\Qt6Qml.dll",
        "PySide6/Qt/lib/QtQuick.framework/Versions/A/QtQuick",
    ]
    kept = [
        "PySide6/Qt/lib/libQt6Pdf.so.6",  # the report preview
        "PySide6/Qt/lib/libQt6PdfWidgets.so.6",
        "PySide6/Qt/plugins/imageformats/libqpdf.so",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
        "PySide6\\Qt6Widgets.dll",
        "sqlcipher3/_sqlite3.cpython-311-x86_64-linux-gnu.so",
        "_rl_accel.abi3.so",
    ]
    assert not any(bd.keep_binary(d) for d in dropped)
    assert all(bd.keep_binary(k) for k in kept)
