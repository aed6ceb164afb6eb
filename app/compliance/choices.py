"""The rule sets an admin can switch the office to (Rules › Use rule set…, `casedesk rules use`):
each shipped one, named in the reader's language, and why one cannot be chosen — its file has a
mistake and the office has no version of it stored (found by QA: one broken file stopped the
choice of every rule set)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.compliance.ruleset import SHIPPED, RuleSet, RuleSetError
from app.compliance.shipped_files import shipped_ruleset
from app.compliance.versions import parse_version
from app.i18n import tr
from app.models import RuleSetVersion


@dataclass(frozen=True)
class RuleSetChoice:
    code: str  # "us"
    name: str  # "United States collection compliance rules", in the reader's language
    problem: str = ""  # why it cannot be chosen, in the reader's language; "" when it can

    def text(self, lang: str | None = None) -> str:
        """ "US — United States …", or "UK — cannot be chosen: Rule set uk.toml, line 155: …" """
        if self.problem:
            return tr("{code} — cannot be chosen: {problem}", lang, code=self.code.upper(),
                      problem=self.problem)  # fmt: skip
        return f"{self.code.upper()} — {self.name}"


def _stored(session: Session, code: str) -> RuleSet | None:
    """The newest stored version of `code` that parses: a switch to it needs no file."""
    query = select(RuleSetVersion).where(RuleSetVersion.jurisdiction == code)
    for row in session.scalars(query.order_by(RuleSetVersion.id.desc())):
        try:
            return parse_version(row)
        except RuleSetError:
            continue
    return None


def ruleset_choices(session: Session, lang: str | None = None) -> list[RuleSetChoice]:
    """Every shipped rule set, in the shipped order, with why it cannot be chosen (if so)."""
    zh = (lang or "").startswith("zh")
    found = []
    for code in SHIPPED:
        try:
            ruleset: RuleSet | None = shipped_ruleset(code)
            problem = ""
        except RuleSetError as exc:
            ruleset, problem = _stored(session, code), exc.translated(lang)
        if ruleset is None:
            found.append(RuleSetChoice(code, code.upper(), problem))
        else:
            found.append(RuleSetChoice(code, ruleset.name_zh if zh else ruleset.name_en))
    return found
