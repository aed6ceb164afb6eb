"""Under which law a borrower is given a copy of their data (app/access_copy.py), in an office of
a country: the one place that decides it, for the copy's opening words, the borrower pane's
button, the copy's dialog and anything else that names it. The CLI's help, said before an office
is opened, names none."""

from __future__ import annotations

PIPL = "PIPL Art. 45"  # China: Personal Information Protection Law, 查阅、复制
UK_GDPR = "UK GDPR Art. 15"  # the UK: a subject access request
# The law's name (a msgid) in an office of each country; the US has no federal law giving a
# general right to these data, so a copy there is given on request and cites none.
ACCESS_LAWS: dict[str, str | None] = {"CN": PIPL, "GB": UK_GDPR, "US": None}


def access_law(country: str) -> str | None:
    """The msgid naming the law that gives a borrower a copy of their data in an office of
    `country` (CN, US, GB; another is taken as CN); None where no law gives one (the US)."""
    return ACCESS_LAWS.get(country, PIPL)
