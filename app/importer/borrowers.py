"""Borrowers: check every row (ID number, mobiles, duplicates), then insert the new ones.

A US or UK office's phone cell may hold a landline, filed as a home number (the check names it:
no SMS reaches it), or nothing: many borrowers there have no mobile, and the borrower is imported
without a number. A Chinese office's borrowers each have a mobile, as its lenders hold one.

Matched by borrower number: a borrower already in Casedesk with the same name and ID number,
whose primary number is the cell's first and who has the cell's other numbers too, is skipped
(numbers added on the borrower's page since change nothing); one whose data differs is a problem
(the import never overwrites a record someone may be working on: change it on the borrower's
page).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from app.country_data import borrower_zone, id_number, office_country
from app.erased import erased_numbers, erased_row
from app.errors import CasedeskError, ValidationError
from app.i18n import Words
from app.id_labels import id_label
from app.importer import cells, phone_cell, related, shared_mobiles
from app.importer.job import Job
from app.importer.numbers import OnFile, normal
from app.importer.sheet import Table
from app.models import Address, Borrower, Phone, Segment
from app.models.base import utcnow
from app.names import spelled_fields
from app.office import office_timezone
from app.postcodes import postcode
from app.privacy import existing_hash_key, hash_key, id_hash, mask_id

SEGMENTS = {
    Segment.YOUNG: ("young", "young consumer", "青年", "年轻", "年轻消费者", "青年消费者"),
    Segment.MATURE: ("mature", "middle-aged / elderly", "中老年", "中年", "老年"),
    Segment.SMALL_BUSINESS: (
        "small_business",
        "small business",
        "small-business owner",
        "小微",
        "小微企业主",
        "个体",
        "个体工商户",
    ),
}
_SEGMENT_OF = {name: seg for seg, names in SEGMENTS.items() for name in names}
YOUNG_UNTIL_AGE = 35  # without a segment column, younger borrowers count as young consumers
_XINJIANG = "65"  # region code: Xinjiang keeps Ürümqi time in daily life


@dataclass
class BorrowerPlan:
    new_key: bool = False  # the hashes were made with a stand-in key: remake them on writing
    borrowers: list[dict[str, Any]] = field(default_factory=list)
    phones: list[dict[str, Any]] = field(default_factory=list)
    addresses: list[dict[str, Any]] = field(default_factory=list)
    shared: list[shared_mobiles.Shared] = field(default_factory=list)  # recorded as shared
    people: list[related.NewPerson] = field(default_factory=list)  # app/importer/related.py


def _segment(value: Any, national_id: str, today: dt.date, chinese: bool = True) -> Segment:
    text = cells.text(value).lower()
    if not text and not chinese:
        raise ValidationError(
            "The segment is missing: write young, mature or small_business (only a Chinese ID "
            "number tells a borrower's age)."
        )
    if not text:
        born = cells.birth_date(national_id)
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        return Segment.YOUNG if age < YOUNG_UNTIL_AGE else Segment.MATURE
    segment = _SEGMENT_OF.get(text)
    if segment is None:
        raise ValidationError(
            "Unknown customer segment {value}; write young, mature or small_business.",
            value=text,
        )
    return segment


def check(job: Job, sheet: Table) -> BorrowerPlan:
    """Validate every row; collect the rows to insert. Problems go to the report."""
    session, report = job.session, job.report
    key = existing_hash_key(session)
    country = office_country(session)
    chinese = country == "CN"
    id_words = Words(id_label(country))  # the duplicate-ID messages name it as the office does
    # A US or UK office's borrowers live where the office does (a Chinese ID names the region).
    zone = None if chinese else office_timezone(session)
    plan = BorrowerPlan(new_key=key is None)
    if key is None:  # no borrower yet, so no hash to match: the office's key is made on writing
        key = secrets.token_bytes(32)
    known: list[tuple[str, tuple[str, str, str | None, set[str]]]] = []
    primary: dict[int, str] = {}
    on_file: dict[int, set[str]] = {}
    for bid, number, first in session.execute(
        select(Phone.borrower_id, Phone.number, Phone.is_primary)
    ):
        on_file.setdefault(bid, set()).add(number)
        if first:
            primary[bid] = number
    by_hash: dict[str, str] = {}
    for bid, no, name, h in session.execute(
        select(Borrower.id, Borrower.borrower_no, Borrower.name, Borrower.national_id_hash)
    ):
        known.append((no, (name, h, primary.get(bid), on_file.get(bid, set()))))
        by_hash[h] = no
    stored = OnFile(known)
    erased = erased_numbers(session)
    idx = sheet.index
    i_no, i_name, i_id, i_mob = (idx[k] for k in ("borrower_no", "name", "id_number", "mobile"))
    optional = {k: idx.get(k) for k in ("segment", "address", "city", "province", "employer")}
    i_zone = idx.get("timezone")
    i_post = idx.get("postcode")
    read_phones = phone_cell.reader(country)
    seen_no: dict[str, int] = {}
    seen_id: dict[str, tuple[str, int]] = {}
    holders = shared_mobiles.Holders(session)
    persons = related.RelatedCheck(job, sheet, country, holders)
    with_persons = bool(persons.columns)
    now = utcnow()
    for line, row in job.steps(sheet):
        errors_before = len(report.errors)

        def bad(key: str, error: CasedeskError | str, line: int = line) -> None:
            job.problem(sheet, line, key, error)

        written = no = ""
        found = None
        try:
            written = cells.key(row[i_no])
            no = normal(written)
            found = stored.find(written)
        except CasedeskError as exc:
            bad("borrower_no", exc)
        if len(report.errors) > errors_before:
            pass  # said above
        elif not no:
            bad("borrower_no", ValidationError("The borrower number is missing."))
        elif len(no) > 30:
            bad("borrower_no", ValidationError("A borrower number has at most 30 characters."))
        elif no in seen_no:
            bad(
                "borrower_no",
                ValidationError(
                    "Borrower number {number} is also on row {row}.",
                    number=written,
                    row=seen_no[no],
                ),
            )
        else:
            seen_no[no] = line
        if found is not None:
            no = found[0]  # a number imported before as written keeps its spelling
            if no in erased:  # its name and ID number are blanks: no page to change them on
                bad("borrower_no", erased_row(no, erased[no]))
        name = cells.person_name(row[i_name])
        if not name:
            bad("name", ValidationError("The name is missing."))
        elif len(name) > 100:
            bad("name", ValidationError("A name has at most 100 characters."))
        national_id = ""
        try:
            if chinese:
                national_id = cells.resident_id(row[i_id], today=job.today)
            else:
                national_id = id_number(row[i_id], country)
        except CasedeskError as exc:
            bad("id_number", exc)
        numbers: list[str] = []
        refused: list[CasedeskError] = []
        if not phone_cell.optional(country, row[i_mob]):  # a US or UK borrower may have none
            numbers, refused = phone_cell.numbers(row[i_mob], read_phones)
        for why in refused:
            bad("mobile", why)
        number = numbers[0] if numbers else ""
        # Only a US or UK office's numbers may be landlines (asking costs ~0.1 ms a number).
        kinds = [phone_cell.kind(n) for n in numbers] if not chinese else ["mobile"] * len(numbers)
        values = {k: cells.text(row[i]) if i is not None else "" for k, i in optional.items()}
        segment = Segment.MATURE
        if national_id or not chinese:
            try:
                segment = _segment(values["segment"], national_id, job.today, chinese)
            except CasedeskError as exc:
                bad("segment", exc)
        written_zone = ""
        try:
            written_zone = borrower_zone(row[i_zone]) if i_zone is not None else ""
        except CasedeskError as exc:
            bad("timezone", exc)
        code = ""
        try:
            code = postcode(row[i_post], country) if i_post is not None else ""
        except CasedeskError as exc:
            bad("postcode", exc)
        if code and not values["address"]:
            bad("postcode", ValidationError("A postcode needs its address: the address is empty."))
        for k, limit in (("address", 300), ("city", 60), ("province", 60), ("employer", 200)):
            if len(values[k]) > limit:
                bad(k, ValidationError("At most {count} characters here.", count=limit))
        digest = id_hash(key, national_id) if national_id else ""
        if national_id:
            other = seen_id.get(national_id)
            if other is not None and other[0] != no:
                bad(
                    "id_number",
                    ValidationError(
                        "{id_number} {value} is also on row {row} (borrower {number}).",
                        id_number=id_words,
                        value=mask_id(national_id),
                        row=other[1],
                        number=other[0],
                    ),
                )
            seen_id.setdefault(national_id, (no, line))
            owner = by_hash.get(digest)
            if owner is not None and owner != no:
                bad(
                    "id_number",
                    ValidationError(
                        "{id_number} {value} already belongs to borrower {number} in Casedesk.",
                        id_number=id_words,
                        value=mask_id(national_id),
                        number=owner,
                    ),
                )
        shared = []
        if found is None:  # a new borrower's numbers: someone else's too?
            for number, holder in holders.others(line, no, national_id, numbers):
                if job.shared_reason:
                    shared.append(shared_mobiles.Shared(line, no, number, holder))
                else:
                    bad(
                        "mobile",
                        shared_mobiles.problem(number, holder, kinds[numbers.index(number)]),
                    )
                    report.shared_refused += 1
        if with_persons:
            own = set(numbers) | (found[1][3] if found is not None else set())
            persons.read(line, row, no, national_id, own, found is not None)
        if len(report.errors) > errors_before:
            job.reject(sheet, line, row)
            continue
        existing = found[1] if found is not None else None
        if existing is not None:
            # The cell's first number is the primary one, its others among the borrower's: a
            # number added on the borrower's page since is no change.
            same_phones = (existing[2] or "") == number and existing[3].issuperset(numbers)
            changed = [
                sheet.header_of(k)
                for k, same in (
                    # as stored before names were normalised (王　芳), the same name
                    ("name", cells.person_name(existing[0]) == name),
                    ("id_number", existing[1] == digest),
                    ("mobile", same_phones),
                )
                if not same
            ]
            if changed:
                bad(
                    "borrower_no",
                    ValidationError(
                        "Borrower {number} is already in Casedesk with a different {columns}; "
                        "the import adds borrowers but never overwrites one: change it on the "
                        "borrower's page.",
                        number=no,
                        columns=", ".join(changed),
                    ),
                )
                job.reject(sheet, line, row)
            else:
                report.unchanged += 1
            continue
        report.new += 1
        plan.shared += shared
        homes = [n for n, k in zip(numbers, kinds, strict=True) if k == "home"]
        report.landlines += [(line, no, n) for n in homes]
        if not numbers:
            report.no_phone.append((line, no))
        plan.borrowers.append(
            {
                "borrower_no": no,
                "name": name,
                **spelled_fields(name),
                "national_id": national_id,
                "national_id_hash": digest,
                "birth_date": cells.birth_date(national_id) if chinese else None,
                "gender": cells.gender(national_id) if chinese else "",
                "segment": segment,
                # The column's zone, else the office's (US, UK), else the ID's region's (China).
                "timezone": written_zone or zone or _chinese_zone(national_id),
                "employer": values["employer"],
                "created_at": now,
                "version": 1,
                "_phones": numbers,
                "_kinds": kinds,
                "_address": (values["address"], values["city"], values["province"], code),
            }
        )
    report.rows += len(sheet.rows)
    report.shared = list(plan.shared)
    plan.people = persons.people
    if plan.people:
        report.details["related"] = len(plan.people)
    # Counted here, not on writing, so that a dry run tells them too.
    report.details["phones"] = sum(len(b["_phones"]) for b in plan.borrowers)
    report.details["addresses"] = sum(1 for b in plan.borrowers if b["_address"][0])
    return plan


def _chinese_zone(national_id: str) -> str:
    return "Asia/Urumqi" if national_id.startswith(_XINJIANG) else "Asia/Shanghai"


def write(job: Job, plan: BorrowerPlan) -> None:
    """Insert the new borrowers with their mobile and address, ids assigned here."""
    next_id = job.next_id(Borrower.__table__)  # type: ignore[arg-type]
    if plan.new_key:
        key = hash_key(job.session)
        for row in plan.borrowers:
            row["national_id_hash"] = id_hash(key, row["national_id"])
    borrowers = []
    for offset, row in enumerate(plan.borrowers):
        bid = next_id + offset
        numbers = row.pop("_phones")
        kinds = row.pop("_kinds")
        line, city, province, code = row.pop("_address")
        borrowers.append({"id": bid, **row})
        plan.phones += [
            {"borrower_id": bid, "number": number, "kind": kind, "is_primary": not n}
            for n, (number, kind) in enumerate(zip(numbers, kinds, strict=True))
        ]
        if line:
            plan.addresses.append(
                {
                    "borrower_id": bid,
                    "kind": "home",
                    "line": line,
                    "city": city,
                    "province": province,
                    "postcode": code,
                }
            )
    job.insert(Borrower, _with_flags(borrowers))
    job.insert(Phone, [{**p, "valid": True} for p in plan.phones])
    job.insert(Address, [{**a, "verified_on": None} for a in plan.addresses])
    ids = {row["borrower_no"]: row["id"] for row in borrowers}
    if plan.shared:
        shared_mobiles.audit_shared(job.session, job.actor, plan.shared, ids, job.shared_reason)
    related.write(job, plan.people, ids)


_FLAGS = (
    "contact_refused",
    "has_lawyer",
    "do_not_visit",
    "do_not_call_at_work",
    "e_opt_out",
    "vulnerable",
    "quiet_hours_consent",
)


def _with_flags(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Core inserts apply no Python defaults: every stop flag starts off."""
    for row in rows:
        for flag in _FLAGS:
            row[flag] = False
    return rows
