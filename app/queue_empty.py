"""What an agent's own empty queue says, in the window and on the command line: a module of its
own, light enough for the first screen (ui/first_screen.py) to import before the login has opened
the office; app.first_steps, which reads the office, pulled the models in ahead of it and held up
the login by half a second."""

from __future__ import annotations

from app.i18n import tr


def own_queue_empty() -> str:
    """An agent's own queue with nothing in it: whose move it is (found by QA: a new hire saw
    only "0 open cases")."""
    return tr("No case is assigned to you yet: a supervisor assigns cases, by hand or by rule.")
