"""What handing cases back to the queue did, said the same in the window and the CLI: how many
went back, and how many of those chosen were already unassigned (QA: handing back cases that had
no agent said only "0 cases handed back to the queue, unassigned.")."""

from __future__ import annotations

from app.i18n import plural, sentences


def handed_back_words(back: int, chosen: int, done: str) -> str:
    """`done` (the count handed back, said in the caller's words), then how many of the `chosen`
    cases were already unassigned; when none went back, that alone."""
    already = chosen - back
    if back == 0:
        return plural(
            chosen,
            "The {count} chosen case was already unassigned: nothing to hand back.",
            "The {count} chosen cases were already unassigned: nothing to hand back.",
        )
    if already <= 0:
        return done
    return sentences(
        [
            done,
            plural(
                already,
                "{count} other was already unassigned.",
                "{count} others were already unassigned.",
            ),
        ]
    )
