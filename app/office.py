"""Creating an office: its row, the default loan products and course catalogue, the first admin."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from importlib import resources
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.auth import add_user
from app.errors import ValidationError
from app.i18n import tr
from app.models import Course, LoanProduct, Office, ProductKind, Role, ScheduleType, User

DEFAULT_PRODUCTS = [
    # code, kind, zh, en, schedule, annual rate (bp), late fee (minor units)
    (
        "PCL",
        ProductKind.CONSUMER,
        "个人消费贷款",
        "Personal consumer loan",
        ScheduleType.EQUAL_INSTALMENT,
        1440,
        5000,
    ),
    (
        "SUL",
        ProductKind.STARTUP,
        "创业贷款",
        "Business start-up loan",
        ScheduleType.EQUAL_PRINCIPAL,
        960,
        10000,
    ),
    ("CRL", ProductKind.CREDIT, "信用贷款", "Credit loan", ScheduleType.INTEREST_ONLY, 1800, 5000),
]

DEFAULT_COURSES = [
    # code, zh, en, validity months, pass mark, required for
    ("COMM", "沟通技巧", "Communication", 12, 60, "all"),
    ("NEGO", "谈判技巧", "Negotiation", 12, 60, "all"),
    (
        "LAW",
        "法律合规（含民法典与个人信息保护）",
        "Legal compliance (Civil Code, personal information protection)",
        12,
        70,
        "all",
    ),
    ("SAFE", "外勤安全", "Field safety", 12, 70, "field"),
]
# The legal course of a US or UK office names its own law, not China's Civil Code: (zh, en).
LAW_COURSE_NAMES = {
    "us": (
        "法律合规（含 FDCPA、Regulation F 与个人信息保护）",
        "Legal compliance (FDCPA, Regulation F, personal information protection)",
    ),
    "uk": (
        "法律合规（含 FCA CONC 第 7 章与 UK GDPR）",
        "Legal compliance (FCA CONC 7, UK GDPR)",
    ),
}


def default_courses(jurisdiction: str) -> list[tuple[str, str, str, int, int, str]]:
    """The courses a new office of `jurisdiction` starts with (the admin edits them later)."""
    names = LAW_COURSE_NAMES.get(jurisdiction)
    if names is None:
        return list(DEFAULT_COURSES)
    return [
        (c, *names, v, p, r) if c == "LAW" else (c, zh, en, v, p, r)
        for c, zh, en, v, p, r in DEFAULT_COURSES
    ]


def get_office(session: Session) -> Office | None:
    return session.scalar(select(Office).order_by(Office.id).limit(1))


def office_currency(session: Session) -> str:
    """The office's currency code (CNY, USD, GBP): its typed amounts may carry its sign."""
    return session.scalar(select(Office.currency).order_by(Office.id).limit(1)) or "CNY"


def office_timezone(session: Session) -> str:
    """The office's time zone name: show stored UTC times in it."""
    return session.scalar(select(Office.timezone).limit(1)) or "Asia/Shanghai"


def office_zone(session: Session) -> zoneinfo.ZoneInfo:
    """The office's time zone (Shanghai's before an office exists)."""
    office = get_office(session)
    return zoneinfo.ZoneInfo(office.timezone if office else "Asia/Shanghai")


def office_now(session: Session) -> dt.datetime:
    """Now on the office's clock (aware): what a printed document's "generated at" says."""
    return dt.datetime.now(office_zone(session))


def office_today(session: Session) -> dt.date:
    """Today's date on the office's clock (its time zone), not this computer's."""
    return office_now(session).date()


# An office keeps a place's time: a zone named Area/City, or UTC. Not the database's aliases
# (PRC, Hongkong, US/Pacific), "Factory", "localtime" or Etc/GMT+8 (whose sign is backwards).
ZONE_AREAS = frozenset(
    {
        "Africa",
        "America",
        "Antarctica",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    }
)


@functools.cache
def office_zones() -> tuple[str, ...]:
    """The time zones an office may keep, sorted: the wizard's and Settings' choices."""
    places = (z for z in zoneinfo.available_timezones() if z.split("/", 1)[0] in ZONE_AREAS)
    return tuple(sorted({*places, "UTC"}))


def _zone_data(name: str) -> bytes | None:
    """The zone's rules as the zone database holds them (the system's, else the tzdata
    package's), to tell an alias (PRC, US/Pacific) from a zone of its own."""
    for folder in zoneinfo.TZPATH:
        try:
            return (Path(folder) / name).read_bytes()
        except OSError:
            continue
    try:
        return resources.files("tzdata.zoneinfo").joinpath(*name.split("/")).read_bytes()
    except (ModuleNotFoundError, OSError):
        return None


@functools.cache
def _places_by_data() -> dict[bytes, str]:
    """Each place zone's rules → its name; the name the zone database lists for a country
    (Asia/Shanghai) before its older names (Asia/Chongqing)."""
    table = (_zone_data("zone.tab") or b"").decode("utf-8", "replace").splitlines()
    listed = {cols[2] for cols in (line.split("\t") for line in table) if len(cols) > 2}
    places: dict[bytes, str] = {}
    for zone in sorted(office_zones(), key=lambda z: (z not in listed, z)):
        data = _zone_data(zone)
        if data is not None:
            places.setdefault(data, zone)
    return places


def same_place(name: str) -> str | None:
    """The place's zone an alias stands for ("PRC" → "Asia/Shanghai"), or None."""
    if name not in zoneinfo.available_timezones():
        return None
    data = _zone_data(name)
    return _places_by_data().get(data) if data is not None else None


def check_zone(name: str, *, current: str | None = None) -> str:
    """`name` trimmed, if an office may keep it (or it is the office's `current` one, which an
    earlier version may have taken); else refused naming it and saying what to type."""
    zone = name.strip()
    if zone == current or zone in office_zones():
        return zone
    place = same_place(zone)
    if place is not None:
        raise ValidationError(
            "{tz} is another name for the time zone {place}: type {place}.", tz=name, place=place
        )
    if zone in zoneinfo.available_timezones():
        raise ValidationError(
            "{tz} is not the time zone of a place: type the office's Area/City zone, such as "
            "Asia/Shanghai, or UTC.",
            tz=name,
        )
    raise ValidationError(
        "Unknown time zone {tz}: type the office's Area/City zone, such as Asia/Shanghai, or UTC.",
        tz=name,
    )


def office_day(session: Session, at: dt.datetime) -> dt.date:
    """The office's date at an instant stored in UTC (a naive time is UTC, as stored)."""
    office = get_office(session)
    zone = zoneinfo.ZoneInfo(office.timezone if office else "Asia/Shanghai")
    return (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).astimezone(zone).date()


def create_office(
    session: Session,
    *,
    name: str,
    admin_username: str,
    admin_password: str,
    currency: str = "CNY",
    timezone: str = "Asia/Shanghai",
    jurisdiction: str = "cn",
    admin_name: str | None = None,
) -> tuple[Office, User]:
    """Set up an empty database as an office, with its first admin (named `admin_name`, by
    default "Administrator" in the language of whoever sets it up). Refuses a second office."""
    if get_office(session) is not None:
        raise ValidationError("This database already holds an office.")
    if not name.strip():
        raise ValidationError("The office needs a name.")
    check_zone(timezone)
    if jurisdiction not in ("cn", "us", "uk"):
        raise ValidationError("Unknown rule set {name}; choose cn, us or uk.", name=jurisdiction)
    office = Office(
        name=name.strip(), currency=currency, timezone=timezone, jurisdiction=jurisdiction
    )
    session.add(office)
    session.add_all(
        LoanProduct(
            code=c, kind=k, name_zh=zh, name_en=en, schedule_type=s, annual_rate_bp=r, late_fee=fee
        )
        for c, k, zh, en, s, r, fee in DEFAULT_PRODUCTS
    )
    session.add_all(
        Course(code=c, name_zh=zh, name_en=en, validity_months=v, pass_mark=p, required_for=req)
        for c, zh, en, v, p, req in default_courses(jurisdiction)
    )
    display = (admin_name or "").strip() or tr("Administrator")
    admin = add_user(session, None, admin_username, Role.ADMIN, admin_password, display)
    audit.record(session, admin, "office.create", "office", office.id, {"name": office.name})
    # The rule set chosen, stored now (audited): every report names it from the start, not
    # only once the first check or look at the Rules page stored it (found by QA).
    from app.compliance.versions import store_first_version  # it reads the office module

    store_first_version(session, admin, jurisdiction)
    return office, admin
