"""The paper an office prints on: its setting `print.paper` when one was chosen, else the
paper of its country (US Letter in the United States, A4 in China and the United Kingdom).

Reports are laid out on it (reports/ takes the name with the data: `paper` on each report's
dataclass); the window's Print offers it to the printer."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app import settings
from app.audit_labels import PAPER_NAMES
from app.country_data import office_country

PAPER_KEY = "print.paper"
A4, LETTER = "a4", "letter"
PAPERS = tuple(PAPER_NAMES)  # (A4, LETTER), each named in words for the trail and Settings
COUNTRY_PAPER = {"US": LETTER}  # every other country of ours prints on A4


def country_paper(country: str) -> str:
    """The paper a country's offices print on: "letter" for the US, else "a4"."""
    return COUNTRY_PAPER.get(country.upper(), A4)


def office_paper(session: Session) -> str:
    """The paper the office's documents are printed on: its choice, else its country's."""
    chosen = settings.get(session, PAPER_KEY)
    if chosen in PAPERS:
        return str(chosen)
    return country_paper(office_country(session))
