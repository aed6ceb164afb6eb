"""Problems with the rule set files and the stored versions, said once per process and in the
user's language: the start's box (the window) and `rules show` take them in a list; anywhere
else (a contact checked on the command line) they go to the log, whose handler the CLI prints
(found by QA: the same English lines came three times, then once more translated)."""

from __future__ import annotations

import logging

log = logging.getLogger("app.compliance")

_said: set[str] = set()


def say_once(text: str, warnings: list[str] | None = None) -> None:
    """Add `text` to `warnings` (the caller shows them), else log it: either way once per process
    (a list always gets it: the start's box is where the window's user reads it)."""
    if warnings is not None:
        if text not in warnings:
            warnings.append(text)
    elif text not in _said:
        log.warning(text)
    _said.add(text)


def forget_said() -> None:
    """Say everything again (a test's fresh start)."""
    _said.clear()
