"""Build the one-folder Casedesk bundle with PyInstaller: `python packaging/build.py [--archive]`.

Needs the package installed with the `bundle` extra (pip install ".[bundle]"). Writes
dist/casedesk/ (and dist/Casedesk.app on macOS); --archive also packs it for download:
casedesk-<version>-<platform>.zip (Windows, Linux) or Casedesk-<version>.dmg (macOS, hdiutil).
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "casedesk.spec"


def platform_tag() -> str:
    """windows-x86_64, macos-arm64, linux-x86_64 …"""
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    return f"{system}-{platform.machine().lower()}"


def build(dist: Path, work: Path) -> Path:
    """Run PyInstaller on the spec; returns the bundle folder."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit('PyInstaller is missing: pip install ".[bundle]"') from None
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean"]
    command += ["--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True, cwd=ROOT)
    bundle = dist / "casedesk"
    if not (bundle / ("casedesk.exe" if sys.platform == "win32" else "casedesk")).exists():
        raise SystemExit(f"PyInstaller finished but {bundle} has no casedesk executable")
    return bundle


def archive(dist: Path, version: str) -> Path:
    """The downloadable file: a .dmg of Casedesk.app on macOS, else a zip of the folder."""
    if sys.platform == "darwin":
        target = dist / f"Casedesk-{version}.dmg"
        target.unlink(missing_ok=True)
        subprocess.run(
            ["hdiutil", "create", "-volname", "Casedesk", "-srcfolder", str(dist / "Casedesk.app")]
            + ["-ov", "-format", "UDZO", str(target)],
            check=True,
        )
        return target
    base = dist / f"casedesk-{version}-{platform_tag()}"
    return Path(shutil.make_archive(str(base), "zip", root_dir=dist, base_dir="casedesk"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller's scratch")
    parser.add_argument("--archive", action="store_true", help="also write the .zip / .dmg")
    args = parser.parse_args(argv)
    from app import __version__

    started = time.monotonic()
    bundle = build(args.dist.resolve(), args.work.resolve())
    print(f"bundle: {bundle} ({time.monotonic() - started:.0f} s)")
    if args.archive:
        print(f"archive: {archive(args.dist.resolve(), __version__)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
