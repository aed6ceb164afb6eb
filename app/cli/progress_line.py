"""Where a long import has got to, on one line of the terminal, rewritten in place and cleared
before the result is printed: a loan book of 100,000 rows took a minute with nothing on the
screen. Said only to a terminal: a script's log or a pipe keeps the result alone."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from app.cli.table import display_width
from app.i18n import tr
from app.importer.job import STAGES

EVERY = 0.2  # seconds between rewrites of the line; a stage's first report is always shown


class ProgressLine:
    """An importer's Progress (stage, done, total) shown as "Checking every row… 3,000/100,000"."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.shown = self.stream is not None and self.stream.isatty()
        self.width = 0  # terminal columns of the line now shown
        self.stage = ""
        self.at = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.shown or (stage == self.stage and now - self.at < EVERY):
            return
        self.stage, self.at = stage, now
        words = tr(STAGES.get(stage, "Writing…"))
        text = f"{words} {done:,}/{total:,}" if total > 1 else words
        width = display_width(text)
        self.stream.write("\r" + text + " " * max(0, self.width - width))
        self.stream.flush()
        self.width = width

    def finish(self) -> None:
        """Clear the line, so what follows starts at the left of an empty one."""
        if self.shown and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0
