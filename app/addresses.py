"""A borrower's address written whole, in the order the office's country writes one.

China runs from the largest place to the smallest and ends with the 邮编
("北京市朝阳区建国路88号 100020"); the US and the UK start at the door
("455 W Oak St Apt 3B, Chicago, IL 60610"; "3 London Road, Leeds, West Yorkshire, LS6 2AB").
The import keeps the line, city, province (state, county) and postcode apart; whatever an
agent is sent to or a supervisor reveals is the whole of it, so nobody is left to guess the
town. A part the line already holds is not written twice (the demo's Chinese lines start with
their province and city; a typed US line may end with its city, state and ZIP).
"""

from __future__ import annotations

import re

from app.postcodes import with_postcode


def full_address(line: str, city: str, province: str, code: str, country: str) -> str:
    """The address as `country` (CN, US, GB) writes it: line, city, province and postcode; the
    order follows the line's script (a Chinese line largest place first, a Latin one door first)
    and a US ZIP code follows its state after a space."""
    line, city, province, code = (x.strip() for x in (line, city, province, code))
    if _HAN.search(line):
        return with_postcode(_chinese_head(line, province, city) + line, code)
    if code and _ends_with(line, code):
        return line  # written whole already ("12 Main St, Chicago, IL 60610")
    area = [x for x in (city, province) if x and not _holds(line, x)]
    if country == "US" and area:
        # "Chicago, IL 60610": the ZIP code follows the state (or the city) after a space.
        area[-1] = f"{area[-1]} {code}".strip()
        code = ""
    return ", ".join(x for x in (line, *area, code) if x)


# A line in Chinese characters runs largest place first whichever office holds it (the demo's
# borrowers in an office switched to the US rules); a Latin one runs door first, even in China.
_HAN = re.compile(r"[\u3400-\u9fff]")


def _chinese_head(line: str, province: str, city: str) -> str:
    """The province and city a Chinese line does not already name (北京市 once, not twice)."""
    head = ""
    for place in (province, city):
        if place and place not in line and place not in head:
            head += place
    return head


def _holds(line: str, part: str) -> bool:
    """Whether a door-first line already names `part` as one of its places after the street."""
    wanted = _norm(part)
    places = [_norm(p) for p in line.split(",")[1:]]
    return any(p == wanted or p.startswith(wanted + " ") for p in places)


def _ends_with(line: str, code: str) -> bool:
    return re.sub(r"\s", "", line).upper().endswith(re.sub(r"\s", "", code).upper())


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()
