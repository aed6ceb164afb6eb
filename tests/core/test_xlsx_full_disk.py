"""QA round 12, finding 4: an XLSX export to a full disk said the clean "the disk is full" and
then Python printed "Exception ignored in: ZipFile.__del__ … No space left on device": openpyxl's
zip was left open and failed again when collected. Written to /dev/full (every write: ENOSPC), in
a real process of its own, the export's writer raises the one OSError and nothing is printed."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")

CHILD = textwrap.dedent(
    """
    import gc, sys
    from pathlib import Path
    from app.export_writers import write_xlsx

    rows = ([f"B{n:06d}", "name " * 20, n] for n in range(5000))
    try:
        write_xlsx(Path("/dev/full"), ["Borrower", "Name", "Count"], rows, "Borrowers")
    except OSError as error:
        print("refused", error.errno, flush=True)
    gc.collect()
    """
)


def test_a_full_disk_prints_no_traceback() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "refused 28"  # ENOSPC
    assert done.stderr == ""
