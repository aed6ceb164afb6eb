"""Borrowers import: one person related to the borrower per row (a guarantor, a relative, an
employer …), in the optional columns related_name, relation and related_phone (联系人姓名,
联系人关系, 联系人电话), checked as app.related_persons checks one added on the borrower's page.

The relation is one of the model's, written in English or Chinese (guarantor, Guarantor, 担保人,
保证人 …). The number is read as a borrower's is and kept in E.164; it is never the borrower's own
(the row's, or those on file), and one on file for someone else, or on another row of the file,
is a problem unless the admin imports with the reason they share it (`shared_reason`, as a new
borrower's shared mobile). A person already recorded for the borrower under the same name and
relation is left as it is: a re-import adds no one twice, and never rewrites a person. Written
with the borrowers in the same transaction, each audited as `borrower.person_add` with the
personal data sealed; a borrower already in Casedesk who gains a person has their version moved.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update

from app import audit
from app.contacts_whom import dialled
from app.errors import CasedeskError, ValidationError
from app.i18n import tr
from app.importer import cells, phone_cell, shared_mobiles
from app.importer.job import Job
from app.importer.sheet import Table
from app.labels import RELATION
from app.models import Borrower, BorrowerErasure, RelatedPerson, Relationship
from app.privacy import mask_phone
from app.related_persons import MAX_NAME, RELATIONS, added_changes, refused_asked_not

KEYS = ("related_name", "relation", "related_phone")
# Other words lenders write for a relation, beside the model's value and its English and Chinese
# labels (app.labels.RELATION).
SYNONYMS = {
    Relationship.GUARANTOR: ("保证人", "担保", "guarantee"),
    Relationship.SPOUSE: ("丈夫", "妻子", "夫妻", "老公", "老婆", "husband", "wife"),
    Relationship.PARENT: ("父亲", "母亲", "父", "母", "father", "mother"),
    Relationship.CHILD: ("儿子", "女儿", "son", "daughter"),
    Relationship.SIBLING: (
        "兄弟",
        "姐妹",
        "哥哥",
        "弟弟",
        "姐姐",
        "妹妹",
        "brother",
        "sister",
    ),
    Relationship.RELATIVE: ("亲戚", "亲属关系"),
    Relationship.EMPLOYER: ("单位", "雇主", "公司"),
    Relationship.COLLEAGUE: ("同事关系",),
    Relationship.FRIEND: ("朋友关系",),
    Relationship.LAWYER: ("attorney", "律師", "代理律师", "委托律师"),
    Relationship.OTHER: ("其它",),
}


@functools.cache
def _relations() -> dict[str, Relationship]:
    found: dict[str, Relationship] = {}
    for relation in Relationship:
        label = RELATION[relation.value]
        for word in (relation.value, label, tr(label, "zh_CN"), *SYNONYMS.get(relation, ())):
            found.setdefault(word.strip().lower(), relation)
    return found


def relation_of(value: Any) -> Relationship:
    """The relation a cell names, in English or Chinese; a clear refusal naming the choices."""
    written = cells.text(value)
    found = _relations().get(written.lower())
    if found is None:
        chinese = [tr(RELATION[r], "zh_CN") for r in RELATIONS]
        raise ValidationError(
            "Unknown relation {relation}; choose from: {choices}.",
            relation=written,
            choices=[*RELATIONS, *chinese],
        )
    return found


@dataclass(frozen=True)
class NewPerson:
    """A related person to record: for a new borrower (by number) or one on file (by id)."""

    line: int
    borrower_no: str
    name: str
    relation: Relationship
    phone: str  # E.164, '' for none
    borrower_id: int = 0  # a borrower already in Casedesk; 0 for one this import adds
    shared_with: str = ""  # the other holder's borrower number, when recorded as shared


@dataclass
class OnFile:
    """A borrower in Casedesk: id, whether erased, their persons' (name, relation), kept or
    inactive, and their active persons' numbers with whose each is."""

    id: int
    erased: bool
    named: set[tuple[str, str]] = field(default_factory=set)
    numbers: dict[str, str] = field(default_factory=dict)
    # numbers a person (removed ones too) holds with do-not-contact: (their id, name)
    asked_not: dict[str, tuple[int, str]] = field(default_factory=dict)


@dataclass
class RelatedCheck:
    """Reads each row's related person, once the sheet has any of the columns."""

    job: Job
    sheet: Table
    region: str
    holders: shared_mobiles.Holders
    people: list[NewPerson] = field(default_factory=list)

    @property
    def columns(self) -> dict[str, int]:
        return {k: self.sheet.index[k] for k in KEYS if k in self.sheet.index}

    @functools.cached_property
    def on_file(self) -> dict[str, OnFile]:
        """The borrowers in Casedesk by number, with their related persons."""
        session = self.job.session
        erased = set(session.scalars(select(BorrowerErasure.borrower_id)))
        found = {
            no: OnFile(bid, bid in erased)
            for bid, no in session.execute(select(Borrower.id, Borrower.borrower_no))
        }
        by_id = {b.id: b for b in found.values()}
        for pid, bid, name, relation, phone, active, asked_not in session.execute(
            select(
                RelatedPerson.id,
                RelatedPerson.borrower_id,
                RelatedPerson.name,
                RelatedPerson.relation,
                RelatedPerson.phone,
                RelatedPerson.active,
                RelatedPerson.do_not_contact,
            )
        ):
            borrower = by_id[bid]
            borrower.named.add((name, str(relation)))
            if active and phone:
                borrower.numbers[phone] = name
            if asked_not and phone:
                borrower.asked_not.setdefault(phone, (pid, name))
        return found

    def read(
        self,
        line: int,
        row: list[Any],
        borrower_no: str,
        national_id: str,
        own: set[str],
        known: bool,
    ) -> None:
        """Check the row's person; problems go to the report under their column. `own`: the
        borrower's numbers; `known`: the borrower is already in Casedesk."""
        cols = self.columns
        values = {k: row[i] if i < len(row) else None for k, i in cols.items()}
        if not any(cells.text(v) for v in values.values()):
            return
        bad = functools.partial(self.job.problem, self.sheet, line)
        before = len(self.job.report.errors)
        name = cells.person_name(values.get("related_name"))
        if not name:
            bad("related_name", ValidationError("Type the related person's name."))
        elif len(name) > MAX_NAME:
            bad("related_name", ValidationError("A name has at most 100 characters."))
        relation = Relationship.OTHER
        if not cells.text(values.get("relation")):
            bad("relation", ValidationError("The relation is missing."))
        else:
            try:
                relation = relation_of(values.get("relation"))
            except CasedeskError as exc:
                bad("relation", exc)
        number = ""
        typed = cells.text(values.get("related_phone"))
        if typed:
            try:
                number = dialled(typed, (), self.region)
            except CasedeskError as exc:
                bad("related_phone", exc)
        if len(self.job.report.errors) > before:
            return
        held = self.on_file.get(borrower_no) if known else None
        if held is not None and held.erased:
            return  # the row is a problem already: the name and ID number it has differ
        if held is not None and (name, relation.value) in held.named:
            return  # recorded before: nothing twice, nothing rewritten
        bid, numbers = (held.id, held.numbers) if held is not None else (0, {})
        shared_with = ""
        asked_not = held.asked_not.get(number) if held is not None and number else None
        if asked_not is not None:  # an imported person is never recorded with do-not-contact
            bad("related_phone", refused_asked_not(number, asked_not, borrower_no))
        elif number:
            twin = numbers.get(number)
            if number in own:
                bad(
                    "related_phone",
                    ValidationError(
                        "{number} is the borrower's own number: a related person needs a number "
                        "of their own.",
                        number=mask_phone(number),
                    ),
                )
            elif twin is not None:
                bad(
                    "related_phone",
                    ValidationError(
                        "{number} is already on file for {person}, a person related to this "
                        "borrower.",
                        number=mask_phone(number),
                        person=twin,
                    ),
                )
            else:
                other = self.holders.on_file.get(number) or self.holders.in_file.get(number)
                if other is not None and other.borrower_no != borrower_no:
                    if self.job.shared_reason:
                        shared_with = other.borrower_no
                    else:
                        kind = phone_cell.kind(number)  # a landline is a number, not a mobile
                        bad("related_phone", shared_mobiles.problem(number, other, kind))
                self.holders.in_file.setdefault(
                    number,
                    shared_mobiles.Other(
                        borrower_no, national_id, name, line, self.holders.country
                    ),
                )
        if len(self.job.report.errors) > before:
            return
        self.people.append(NewPerson(line, borrower_no, name, relation, number, bid, shared_with))


def write(job: Job, people: list[NewPerson], ids: dict[str, int]) -> None:
    """Insert the persons (`ids`: the new borrowers' by number) and audit each as the borrower's
    page does; a borrower already on file has their version moved."""
    if not people:
        return
    session = job.session
    first = job.next_id(RelatedPerson.__table__)  # type: ignore[arg-type]
    rows: list[dict[str, Any]] = []
    made: list[tuple[str, dict[str, Any]]] = []  # each person's borrower no. and entry
    for n, p in enumerate(people):
        bid = p.borrower_id or ids[p.borrower_no]
        rows.append(
            {
                "id": first + n,
                "borrower_id": bid,
                "name": p.name,
                "relation": p.relation,
                "phone": p.phone,
                "consent_to_contact": False,
                "do_not_contact": False,
                "active": True,
            }
        )
    job.insert(RelatedPerson, rows)
    known = sorted({p.borrower_id for p in people if p.borrower_id})
    if known:
        session.execute(
            update(Borrower).where(Borrower.id.in_(known)).values(version=Borrower.version + 1)
        )
    for row, p in zip(rows, people, strict=True):
        bid = row["borrower_id"]
        changes = added_changes(
            session,
            bid,
            row["id"],
            p.name,
            p.relation,
            p.phone,
            shared_with=p.shared_with or None,
            shared_reason=job.shared_reason,
        )
        made.append((p.borrower_no, changes))
    audit.record_many(
        session,
        [(job.actor, "borrower.person_add", "borrower", no, changes, None) for no, changes in made],
    )


def related_text(count: int, imported: bool) -> str:
    """What the check says of the related persons the rows bring, or ''."""
    if not count:
        return ""
    from app.i18n import plural

    if imported:
        return plural(count, "{count} related person added.", "{count} related persons added.")
    return plural(count, "{count} related person to add.", "{count} related persons to add.")
