"""Demo borrowers: Chinese names, valid resident ID numbers, mobiles, addresses, related persons."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from operator import mul

from faker import Faker
from stdnum.cn import ric

from app.demo.context import Context, local_to_utc
from app.demo.numbers import EARLIEST, Line
from app.demo.writer import Rows, day_text, names, table_columns, utc_text
from app.models import Address, Borrower, Phone, RelatedPerson, Relationship, Segment
from app.names import name_pinyin, name_typed
from app.privacy import id_hasher

# Real administrative area codes (GB/T 2260): code, province, city, district.
AREAS: list[tuple[str, str, str, str]] = [
    ("110101", "北京市", "北京市", "东城区"),
    ("110105", "北京市", "北京市", "朝阳区"),
    ("110108", "北京市", "北京市", "海淀区"),
    ("120101", "天津市", "天津市", "和平区"),
    ("310104", "上海市", "上海市", "徐汇区"),
    ("310115", "上海市", "上海市", "浦东新区"),
    ("320102", "江苏省", "南京市", "玄武区"),
    ("320505", "江苏省", "苏州市", "虎丘区"),
    ("330106", "浙江省", "杭州市", "西湖区"),
    ("330203", "浙江省", "宁波市", "海曙区"),
    ("340104", "安徽省", "合肥市", "蜀山区"),
    ("350102", "福建省", "福州市", "鼓楼区"),
    ("360102", "江西省", "南昌市", "东湖区"),
    ("370102", "山东省", "济南市", "历下区"),
    ("370202", "山东省", "青岛市", "市南区"),
    ("410105", "河南省", "郑州市", "金水区"),
    ("420106", "湖北省", "武汉市", "武昌区"),
    ("430102", "湖南省", "长沙市", "芙蓉区"),
    ("440106", "广东省", "广州市", "天河区"),
    ("440304", "广东省", "深圳市", "福田区"),
    ("450103", "广西壮族自治区", "南宁市", "青秀区"),
    ("500103", "重庆市", "重庆市", "渝中区"),
    ("510107", "四川省", "成都市", "武侯区"),
    ("530102", "云南省", "昆明市", "五华区"),
    ("610113", "陕西省", "西安市", "雁塔区"),
    ("210102", "辽宁省", "沈阳市", "和平区"),
    ("220102", "吉林省", "长春市", "南关区"),
    ("230103", "黑龙江省", "哈尔滨市", "南岗区"),
    ("130102", "河北省", "石家庄市", "长安区"),
    ("140105", "山西省", "太原市", "小店区"),
    # Codes in use before 1983 too, for older borrowers (stdnum checks the code existed at birth).
    ("110102", "北京市", "北京市", "西城区"),
    ("120102", "天津市", "天津市", "河东区"),
    ("310101", "上海市", "上海市", "黄浦区"),
    ("310105", "上海市", "上海市", "长宁区"),
    ("330122", "浙江省", "杭州市", "桐庐县"),
    ("350121", "福建省", "福州市", "闽侯县"),
    ("360121", "江西省", "南昌市", "南昌县"),
    ("430121", "湖南省", "长沙市", "长沙县"),
    ("510121", "四川省", "成都市", "金堂县"),
    ("620121", "甘肃省", "兰州市", "永登县"),
    ("340121", "安徽省", "合肥市", "长丰县"),
    ("140121", "山西省", "太原市", "清徐县"),
    ("640121", "宁夏回族自治区", "银川市", "永宁县"),
    ("650102", "新疆维吾尔自治区", "乌鲁木齐市", "天山区"),
    ("650104", "新疆维吾尔自治区", "乌鲁木齐市", "新市区"),
    ("650121", "新疆维吾尔自治区", "乌鲁木齐市", "乌鲁木齐县"),
]
_XINJIANG = "65"

_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ZEROS = ord("0") * sum(_WEIGHTS)  # what the digits' ASCII codes add to the weighted sum

# Mobile prefixes in service for years (phonenumbers knows them all as CN mobiles).
MOBILE_PREFIXES = [
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "180",
    "181",
    "182",
    "183",
    "185",
    "186",
    "187",
    "188",
    "189",
]

# Ages (years, as of the build date) that fit each segment.
SEGMENT_AGES = {Segment.YOUNG: (20, 34), Segment.MATURE: (40, 68), Segment.SMALL_BUSINESS: (28, 55)}
SEGMENTS = [Segment.YOUNG, Segment.MATURE, Segment.SMALL_BUSINESS]
SEGMENT_WEIGHTS = (0.45, 0.35, 0.20)

RELATIONS = [
    Relationship.SPOUSE,
    Relationship.PARENT,
    Relationship.SIBLING,
    Relationship.GUARANTOR,
    Relationship.EMPLOYER,
    Relationship.COLLEAGUE,
    Relationship.FRIEND,
    Relationship.CHILD,
    Relationship.RELATIVE,
]
RELATION_WEIGHTS = (0.22, 0.2, 0.12, 0.12, 0.08, 0.08, 0.08, 0.05, 0.05)
SEGMENT_NAME = names(Segment)
RELATION_NAME = names(Relationship)

# Rows are made in their table's column order, values as SQLite stores them (app/demo/writer.py).
BORROWER_COLUMNS = table_columns(Borrower)
PHONE_COLUMNS = table_columns(Phone)
ADDRESS_COLUMNS = table_columns(Address)
RELATED_COLUMNS = table_columns(RelatedPerson)


@cache
def areas_for(year: int, xinjiang: bool) -> list[tuple[str, str, str, str]]:
    """The areas whose code was already assigned in `year` (a resident ID must use one)."""
    return [
        a
        for a in AREAS
        if a[0].startswith(_XINJIANG) == xinjiang
        and ric.is_valid(resident_id(a[0], dt.date(year, 6, 1), 1))
    ]


def check_digit(first17: str) -> str:
    """GB 11643 check character (ISO 7064 MOD 11-2) for the first 17 digits."""
    if len(first17) != len(_WEIGHTS):
        raise ValueError(f"17 digits expected: {first17!r}")
    total = sum(map(mul, first17.encode("ascii"), _WEIGHTS)) - _ZEROS  # the digits' codes
    return "10X98765432"[total % 11]


def resident_id(area: str, birth: dt.date, sequence: int) -> str:
    """An 18-character resident ID; an odd sequence means male, even female."""
    body = f"{area}{birth.isoformat().replace('-', '')}{sequence:03d}"  # strftime: 5x slower
    return body + check_digit(body)


@dataclass
class Pools:
    """Faker output made once and reused: Faker is far too slow to call per row."""

    male: list[str]
    female: list[str]
    streets: list[str]
    companies: list[str]
    postcodes: list[str]


def make_pools(faker: Faker, size: int = 2000) -> Pools:
    """Names, streets, companies and postcodes from a seeded zh_CN Faker."""
    return Pools(
        male=[faker.name_male() for _ in range(size)],
        female=[faker.name_female() for _ in range(size)],
        streets=[faker.street_address() for _ in range(size)],
        companies=[faker.company() for _ in range(size // 4)],
        postcodes=[faker.postcode() for _ in range(size // 4)],
    )


def mobile(ctx: Context) -> str:
    """A valid CN mobile number in E.164."""
    return f"+86{ctx.pick(MOBILE_PREFIXES)}{ctx.rng.randrange(100_000_000):08d}"


@dataclass(slots=True)
class Person:
    """What the ledger and activity builders need to know about one borrower."""

    id: int
    segment: Segment
    phone: str
    address: str
    related: list[tuple[int, Relationship, str]]  # id, relation, phone
    do_not_visit: bool
    contact_refused: bool
    # Their numbers, the primary first (app/demo/numbers.py); their rows are written once no
    # more contacts on them can come (PeopleBuilder.flush).
    lines: list[Line]
    wrote: dt.datetime = EARLIEST  # the last letter the agents sent the borrower


class PeopleBuilder:
    """Makes borrower rows and their phones, addresses and related persons."""

    def __init__(self, ctx: Context, pools: Pools, key: bytes) -> None:
        self.ctx, self.pools, self.id_hash = ctx, pools, id_hasher(key)
        self.borrowers: Rows = []
        self.addresses: Rows = []
        self.related: Rows = []
        self.people: list[Person] = []  # their phone rows not written yet

    def flush(self, later: Collection[int] = ()) -> None:
        """Write the rows made so far, parents first; the phones of the borrowers whose ids are
        in `later` wait (a case of theirs is still to come: what its contacts find of a number
        is on the number's row)."""
        w = self.ctx.writer
        w.add_rows(Borrower, BORROWER_COLUMNS, self.borrowers)
        phones: Rows = []
        waiting = []
        for person in self.people:
            if person.id in later:
                waiting.append(person)
            else:
                for line in person.lines:
                    phones.extend(line.row(person.id))
        w.add_rows(Phone, PHONE_COLUMNS, phones)
        w.add_rows(Address, ADDRESS_COLUMNS, self.addresses)
        w.add_rows(RelatedPerson, RELATED_COLUMNS, self.related)
        self.borrowers, self.addresses, self.related, self.people = [], [], [], waiting

    def borrower(self, created_on: dt.date) -> Person:
        """One borrower with everything attached; returns the facts later builders use."""
        ctx, rng, pools = self.ctx, self.ctx.rng, self.pools
        bid = ctx.ids.take("borrower")
        segment = ctx.weighted(SEGMENTS, SEGMENT_WEIGHTS)
        low, high = SEGMENT_AGES[segment]
        age = rng.randint(low, high)
        birth = dt.date.fromordinal(
            ctx.as_of.toordinal() - int(age * 365.25) - rng.randrange(1, 360)
        )
        male = rng.random() < (0.62 if segment is Segment.SMALL_BUSINESS else 0.5)
        area = ctx.pick(areas_for(birth.year, rng.random() < 0.03))
        sequence = rng.randrange(0, 500) * 2 + (1 if male else 0)
        national_id = resident_id(area[0], birth, sequence)
        name = ctx.pick(pools.male if male else pools.female)
        employer = ctx.pick(pools.companies) if rng.random() < 0.75 else ""
        refused, lawyer = rng.random() < 0.01, rng.random() < 0.008
        no_visit = rng.random() < 0.025
        self.borrowers.extend(
            (
                bid,
                f"B{bid:08d}",
                name,
                name_pinyin(name),
                name_typed(name),
                national_id,
                self.id_hash(national_id),
                day_text(birth),
                "M" if male else "F",
                SEGMENT_NAME[segment],
                "Asia/Urumqi" if area[0].startswith(_XINJIANG) else "Asia/Shanghai",
                employer,
                refused,
                lawyer,
                no_visit,
                rng.random() < 0.03,  # do not call at work
                rng.random() < 0.01,  # e-mail and SMS opt-out
                rng.random() < 0.01,  # vulnerable
                rng.random() < 0.02,  # consented to calls in quiet hours
                utc_text(local_to_utc(created_on, 600 + rng.randrange(420))),
                1,
            )
        )
        primary = mobile(ctx)
        lines = [Line(ctx.ids.take("phone"), primary, True)]
        if rng.random() < 0.35:
            lines.append(Line(ctx.ids.take("phone"), mobile(ctx), False))
            # Drawn still (it once marked one such number in seven not valid, with no contact
            # behind it), so that the rest of the office stays as it was.
            rng.random()
        home = self._address(bid, "home", area, created_on)
        if employer and rng.random() < 0.4:
            self._address(bid, "work", ctx.pick(areas_for(ctx.as_of.year, False)), created_on)
        related = [self._related(bid) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
        person = Person(bid, segment, primary, home, related, no_visit, refused, lines)
        self.people.append(person)
        return person

    def _address(self, bid: int, kind: str, area: tuple[str, str, str, str], on: dt.date) -> str:
        _, province, city, district = area
        town = city if city != province else ""
        line = f"{province}{town}{district}{self.ctx.pick(self.pools.streets)}"
        self.addresses.extend(
            (
                self.ctx.ids.take("address"),
                bid,
                kind,
                line,
                city,
                province,
                self.ctx.pick(self.pools.postcodes),
                day_text(on) if self.ctx.rng.random() < 0.6 else None,  # verified on
            )
        )
        return line

    def _related(self, bid: int) -> tuple[int, Relationship, str]:
        ctx = self.ctx
        rid = ctx.ids.take("related_person")
        relation = ctx.weighted(RELATIONS, RELATION_WEIGHTS)
        if relation is Relationship.EMPLOYER:
            name = ctx.pick(self.pools.companies)
        else:
            name = ctx.pick(self.pools.male if ctx.rng.random() < 0.5 else self.pools.female)
        phone = mobile(ctx)
        consent = ctx.rng.random() < (0.8 if relation is Relationship.GUARANTOR else 0.25)
        self.related.extend(
            (rid, bid, name, RELATION_NAME[relation], phone, consent, ctx.rng.random() < 0.03, True)
        )
        return rid, relation, phone
