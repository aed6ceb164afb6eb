"""mask_address fits the script: a Chinese line keeps its first six characters (province, city,
district); a line in Latin script, written door first, hides the house and flat numbers and the
street and keeps only the area (QA: "12 London Road, Flat 3" was shown as "12 Lon…")."""

from __future__ import annotations

import pytest

from app.masking import mask_address
from app.privacy import mask_address as reexported


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        ("上海市徐汇区漕溪北路88号3号楼1201室", "上海市徐汇区…"),
        ("上海市浦东新区世纪大道100号环球金融中心20楼", "上海市浦东新…"),
        ("  北京市朝阳区建国路1号  ", "北京市朝阳区…"),
        ("上海市徐汇区", "上海市徐汇区"),
        ("深圳南山", "深圳南山"),
        # A Chinese line with a Latin building name is still mostly Chinese.
        ("上海市静安区南京西路1266号恒隆广场Plaza 66", "上海市静安区…"),
    ],
)
def test_a_chinese_line_keeps_its_first_six_characters(line: str, masked: str) -> None:
    assert mask_address(line) == masked


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        ("12 London Road, Flat 3", "…"),
        ("Flat 3, 12 London Road, Headingley, Leeds LS6 2AB", "… Headingley, Leeds LS6"),
        ("10 Downing St, London SW1A 2AA", "… London SW1A"),
        ("12 London Road LS6 2AB", "… LS6"),
        (
            "Rose Cottage, Church Lane, Little Snoring, Fakenham NR21 0AA",
            "… Little Snoring, Fakenham NR21",
        ),
        ("Flat 2, The Strand, London WC2R 0RL", "… London WC2R"),
        ("742 Evergreen Terrace, Springfield, IL 62704", "… Springfield, IL 627**"),
        ("Apt 4B, 350 Fifth Avenue, New York, NY 10118-0110", "… New York, NY 101**"),
        ("742 Evergreen Terrace Springfield IL 62704", "… IL 627**"),
        ("PO Box 12, Leeds", "… Leeds"),
        ("Main Street, Dublin", "… Dublin"),
        ("Suite 200, Springfield", "… Springfield"),
        ("Leeds", "Leeds"),  # names only a town: nothing to hide
        ("12345", "…"),  # no letters at all: only numbers, never shown
        ("", ""),
    ],
)
def test_a_latin_line_shows_the_area_and_hides_the_door(line: str, masked: str) -> None:
    assert mask_address(line) == masked == reexported(line)


@pytest.mark.parametrize(
    "line",
    [
        "12 London Road, Flat 3",
        "Flat 3, 12 London Road, Headingley, Leeds LS6 2AB",
        "742 Evergreen Terrace, Springfield, IL 62704",
        "Apt 4B, 350 Fifth Avenue, New York, NY 10118",
        "Unit 7, Riverside Court, Bristol BS1 6XN",
    ],
)
def test_no_house_number_street_or_full_postcode_is_shown(line: str) -> None:
    masked = mask_address(line)
    for secret in ("12", "Flat 3", "London Road", "742", "Evergreen", "4B", "350", "Fifth"):
        assert secret not in masked or secret not in line
    for secret in ("2AB", "62704", "10118", "Riverside", "Unit 7", "6XN"):
        assert secret not in masked
