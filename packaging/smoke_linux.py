"""Prove a built Linux bundle works on its own: `python3 packaging/smoke_linux.py [dist/casedesk]`.

Builds nothing. Copies the bundle to a fresh temporary folder and runs it there with an empty
environment apart from a temporary HOME, QT_QPA_PLATFORM=offscreen, the database key
(CASEDESK_DB_KEY), the demo password (CASEDESK_PASSWORD) and a PATH of /usr/bin:/bin, from a
working folder outside the source tree:

  a. casedesk --version
  b. casedesk demo --loans 500 --seed 7   (into the per-user data folder under the temporary HOME)
  c. the window, offscreen, logged in as the demo supervisor until the work queue's first paint
     (CASEDESK_EXIT_AFTER_FIRST_PAINT, ui/probe.py); timed, with --compare CMD timed the same way
  d. agreement draft (agent01) → approve (supervisor) → sign → print; pdffonts must show the
     embedded CJK font and pdftotext the agreement number
  e. casedesk report compliance for the last 30 days, checked the same way
  f. under strace (when installed), the window start and a report touch no file in this source
     tree nor in the --compare command's virtual environment

Only the standard library: run it with any Python 3.9+ (it never imports Casedesk). Exit 0 when
every step passed; a summary table is printed at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FONT = "WenQuanYi"  # the embedded CJK face (resources/fonts/wqy-microhei.ttc)


class Smoke:
    """One smoke run: the copied bundle, its temporary HOME and the results so far."""

    def __init__(self, bundle: Path, root: Path) -> None:
        self.root = root
        self.home = root / "home"
        self.cwd = root / "work"
        self.home.mkdir()
        self.cwd.mkdir()
        self.bundle = root / "casedesk"
        shutil.copytree(bundle, self.bundle, symlinks=True)
        self.exe = self.bundle / "casedesk"
        self.key = secrets.token_hex(32)
        self.results: list[tuple[str, bool, str]] = []

    def env(self, home: Path | None = None, **extra: str) -> dict[str, str]:
        """The whole environment of a run: nothing from the caller's."""
        env = {
            "HOME": str(home or self.home),
            "PATH": "/usr/bin:/bin",
            "QT_QPA_PLATFORM": "offscreen",
            "CASEDESK_DB_KEY": self.key,
            "CASEDESK_LANG": "en",
            "CASEDESK_PASSWORD": "demo",  # every demo user's password (`casedesk demo` prints it)
        }
        env.update(extra)
        return env

    def run(
        self, *args: str, exe: Path | str | None = None, home: Path | None = None, **extra: str
    ) -> subprocess.CompletedProcess[str]:
        """Run the bundled casedesk (or `exe`, in its own `home`); returns the CompletedProcess."""
        command = [str(exe or self.exe), *args]
        return subprocess.run(
            command, cwd=self.cwd, env=self.env(home, **extra), capture_output=True, text=True
        )

    def step(self, name: str, ok: bool, detail: str) -> bool:
        self.results.append((name, ok, detail))
        print(f"[{'ok' if ok else 'FAIL'}] {name}: {detail}", flush=True)
        return ok


def check_pdf(path: Path, needle: str) -> tuple[bool, str]:
    """The CJK font embedded (pdffonts) and `needle` in the text (pdftotext)."""
    if not path.is_file():
        return False, f"{path.name} was not written"
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    embedded = [line for line in fonts.splitlines() if FONT in line and " yes " in line]
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    found = needle in text
    detail = f"{path.stat().st_size // 1024} KiB, {FONT} embedded: {'yes' if embedded else 'NO'}"
    detail += f", text has {needle!r}: {'yes' if found else 'NO'}"
    return bool(embedded) and found, detail


def first_paint(smoke: Smoke, exe: Path | str, repeat: int, home: Path | None = None) -> list:
    """Seconds from launch to the work queue's first paint, `repeat` times after one warm-up."""
    times: list[float] = []
    for i in range(repeat + 1):
        launched = time.time()
        proc = smoke.run(
            exe=exe,
            home=home,
            CASEDESK_EXIT_AFTER_FIRST_PAINT="1",
            CASEDESK_USER="supervisor",
            CASEDESK_BENCH_T0=repr(launched),
        )
        match = re.search(r"^first-paint-s=([\d.]+)$", proc.stdout, re.M)
        if proc.returncode != 0 or not match:
            raise RuntimeError(f"{exe} exited {proc.returncode}: {proc.stderr[-1500:]}")
        if i:  # the first start warms the file cache and makes today's backup
            times.append(float(match[1]))
    return times


def agent_cases(smoke: Smoke) -> list[str]:
    """agent01's open cases in queue order (the first without an agreement gets one)."""
    proc = smoke.run("queue", "--json", "--limit", "200", "--user", "agent01")
    if proc.returncode != 0:
        raise RuntimeError(f"queue exited {proc.returncode}: {proc.stderr}")
    rows = json.loads(proc.stdout)
    return [row["case_no"] for row in rows["cases"]]


def agreement(smoke: Smoke, out_dir: Path) -> tuple[bool, str]:
    """Draft a 3-instalment plan on a free case, approve, sign, print signed; check the PDF."""
    start = (dt.date.today() + dt.timedelta(days=14)).isoformat()
    number = None
    for case_no in agent_cases(smoke):
        proc = smoke.run("agreement", "draft", case_no, "--instalments", "3", "--start", start,
                         "--reason", "生意周转困难", "--user", "agent01")  # fmt: skip
        found = re.search(r"AG-\d{4}-\d{6}", proc.stdout)
        if proc.returncode == 0 and found:
            number = found[0]
            break
        if "already has agreement" not in proc.stderr:
            return False, f"draft on {case_no} exited {proc.returncode}: {proc.stderr.strip()}"
    if number is None:
        return False, "no case of agent01 took a new agreement"
    for action, user, extra in (
        ("approve", "supervisor", []),
        ("sign", "agent01", ["--on", dt.date.today().isoformat()]),
    ):
        proc = smoke.run("agreement", action, number, *extra, "--user", user)
        if proc.returncode != 0:
            return False, f"{action} {number} exited {proc.returncode}: {proc.stderr.strip()}"
    pdf = out_dir / f"{number}.pdf"
    proc = smoke.run("agreement", "print", number, "-o", str(pdf), "--signed", "--user", "agent01")
    if proc.returncode != 0:
        return False, f"print exited {proc.returncode}: {proc.stderr.strip()}"
    ok, detail = check_pdf(pdf, number)
    return ok, f"{number} on case {case_no} drafted, approved, signed, printed: {detail}"


def compliance(smoke: Smoke, out_dir: Path) -> tuple[bool, str]:
    today = dt.date.today()
    start = (today - dt.timedelta(days=30)).isoformat()
    pdf = out_dir / "compliance.pdf"
    proc = smoke.run("report", "compliance", "--from", start, "--to", today.isoformat(),
                     "-o", str(pdf), "--user", "supervisor")  # fmt: skip
    if proc.returncode != 0:
        return False, f"exited {proc.returncode}: {proc.stderr.strip()}"
    return check_pdf(pdf, start)


def forbidden_dirs(compare: str | None) -> list[Path]:
    """Where the bundle must never look: this source tree, and the compared virtual environment."""
    dirs = [Path(__file__).resolve().parents[1]]
    if compare:
        venv = Path(compare).resolve().parent.parent
        if (venv / "pyvenv.cfg").is_file():
            dirs.append(venv)
    return dirs


def untouched(smoke: Smoke, forbid: list[Path], out_dir: Path) -> tuple[bool, str]:
    """Under strace: the window start and a report open no file in `forbid`."""
    if shutil.which("strace") is None:
        return True, "skipped (no strace here)"
    today = dt.date.today().isoformat()
    runs = {
        "window": ([], {"CASEDESK_EXIT_AFTER_FIRST_PAINT": "1", "CASEDESK_USER": "supervisor"}),
        "report": (["report", "compliance", "--from", today, "--to", today,
                    "-o", str(out_dir / "traced.pdf"), "--user", "supervisor"], {}),
    }  # fmt: skip
    hits: list[str] = []
    files = 0
    for name, (args, extra) in runs.items():
        log = smoke.root / f"strace-{name}.log"
        proc = smoke.run("-f", "-qq", "-e", "trace=%file", "-o", str(log), str(smoke.exe), *args,
                         exe="strace", **extra)  # fmt: skip
        if proc.returncode != 0:
            return False, f"{name} under strace exited {proc.returncode}: {proc.stderr[-800:]}"
        lines = log.read_text(errors="replace").splitlines()
        files += len(lines)
        hits += [line for line in lines if any(f'"{d}' in line for d in map(str, forbid))]
    where = ", ".join(map(str, forbid))
    if hits:
        return False, f"{len(hits)} file calls reach {where}, e.g. {hits[0][:200]}"
    return True, f"{files} file calls of the window start and a report, none under {where}"


def du(path: Path) -> str:
    proc = subprocess.run(["du", "-sh", str(path)], capture_output=True, text=True)
    return proc.stdout.split()[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", nargs="?", type=Path, default=Path("dist/casedesk"))
    parser.add_argument("--compare", metavar="CMD", help="a non-bundled casedesk to time too")
    parser.add_argument("--repeat", type=int, default=3, help="timed starts each (default 3)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--out", type=Path, help="copy the PDFs here")
    args = parser.parse_args(argv)
    bundle = args.bundle.resolve()
    if not (bundle / "casedesk").is_file():
        print(f"{bundle} holds no casedesk executable: build it with packaging/build.py")
        return 2
    root = Path(tempfile.mkdtemp(prefix="casedesk-smoke-"))
    smoke = Smoke(bundle, root)
    try:
        return run_steps(smoke, args, bundle)
    finally:
        if args.keep:  # with the key, so the kept office can be opened by hand
            print(f"kept {root} (CASEDESK_DB_KEY={smoke.key})")
        else:
            shutil.rmtree(root, ignore_errors=True)


def run_steps(smoke: Smoke, args: argparse.Namespace, bundle: Path) -> int:
    print(f"bundle {bundle} copied to {smoke.bundle}; HOME={smoke.home}; cwd={smoke.cwd}")
    proc = smoke.run("--version")
    smoke.step("a. --version", proc.returncode == 0 and "casedesk" in proc.stdout,
               (proc.stdout or proc.stderr).strip())  # fmt: skip

    started = time.monotonic()
    proc = smoke.run("demo", "--loans", "500", "--seed", "7")
    data = smoke.home / ".local/share/Casedesk/casedesk.db"
    detail = f"{time.monotonic() - started:.1f} s, {data} exists: {data.is_file()}"
    if proc.returncode != 0:
        detail = f"exited {proc.returncode}: {proc.stderr.strip()[-800:]}"
    if not smoke.step("b. demo --loans 500 --seed 7", proc.returncode == 0 and data.is_file(),
                      detail):  # fmt: skip
        return summary(smoke, bundle, None, None)

    bundled = compared = None
    try:
        bundled = first_paint(smoke, smoke.exe, args.repeat)
        detail = "first paint " + ", ".join(f"{t:.2f}" for t in bundled) + " s"
        smoke.step("c. window offscreen to the work queue's first paint", True, detail)
    except RuntimeError as exc:
        smoke.step("c. window offscreen to the work queue's first paint", False, str(exc))
    if args.compare:
        # On a copy of the office in a HOME of its own: a source tree ahead of the bundle would
        # upgrade the schema, and the bundle would then rightly refuse the newer database.
        other = smoke.root / "home-compare"
        shutil.copytree(smoke.home, other, symlinks=True)
        try:
            compared = first_paint(smoke, args.compare, args.repeat, other)
        except RuntimeError as exc:
            smoke.step("c'. non-bundled window", False, str(exc))

    out_dir = args.out.resolve() if args.out else smoke.root / "pdf"
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, check in (("d. agreement draft/approve/sign/print", agreement),
                        ("e. report compliance", compliance)):  # fmt: skip
        try:
            ok, detail = check(smoke, out_dir)
        except (RuntimeError, ValueError, KeyError) as exc:
            ok, detail = False, f"{type(exc).__name__}: {exc}"
        smoke.step(name, ok, detail)
    ok, detail = untouched(smoke, forbidden_dirs(args.compare), out_dir)
    smoke.step("f. nothing read from the source tree or the venv (strace)", ok, detail)
    return summary(smoke, bundle, bundled, compared)


def summary(smoke: Smoke, bundle: Path, bundled, compared) -> int:  # noqa: ANN001
    """The closing table; 0 when every step passed."""
    print("\n== Casedesk Linux bundle smoke test ==")
    print(f"bundle size (du -sh): {du(bundle)}")
    if bundled:
        line = f"start-up to painted work queue, bundled: median {statistics.median(bundled):.2f} s"
        if compared:
            med = statistics.median(compared)
            line += f"; non-bundled: median {med:.2f} s"
            line += f" ({statistics.median(bundled) / med:.2f}×)"
        print(line)
    for name, ok, _ in smoke.results:
        print(f"  {'ok  ' if ok else 'FAIL'} {name}")
    failed = [name for name, ok, _ in smoke.results if not ok]
    print(f"{len(smoke.results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
