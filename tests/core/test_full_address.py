"""One address formatter (app/addresses.py): the whole address — line, city, province (state,
county) and postcode — in the order the office's country writes it, no place written twice."""

from __future__ import annotations

import pytest

from app.addresses import full_address


@pytest.mark.parametrize(
    ("parts", "country", "whole"),
    [
        (
            ("455 W Oak St Apt 3B", "Chicago", "IL", "60610"),
            "US",
            "455 W Oak St Apt 3B, Chicago, IL 60610",
        ),
        (
            ("455 W Oak St Apt 3B", "Chicago", "", "60610"),
            "US",
            "455 W Oak St Apt 3B, Chicago 60610",
        ),
        (("455 W Oak St Apt 3B", "", "", "60610"), "US", "455 W Oak St Apt 3B, 60610"),
        (
            ("12 Main St, Chicago, IL 60610", "Chicago", "IL", "60610"),
            "US",
            "12 Main St, Chicago, IL 60610",
        ),
        (("12 Main St, Chicago", "Chicago", "IL", "60610"), "US", "12 Main St, Chicago, IL 60610"),
        (
            ("3 London Road", "Leeds", "West Yorkshire", "LS6 2AB"),
            "GB",
            "3 London Road, Leeds, West Yorkshire, LS6 2AB",
        ),
        (("5 Castle St", "Cardiff", "", "CF10 1BS"), "GB", "5 Castle St, Cardiff, CF10 1BS"),
        (("22 High St", "", "", "BT1 2JA"), "GB", "22 High St, BT1 2JA"),
        (("朝阳区建国路88号", "北京市", "北京市", "100020"), "CN", "北京市朝阳区建国路88号 100020"),
        (
            ("北京市朝阳区建国路88号", "北京市", "北京市", "100020"),
            "CN",
            "北京市朝阳区建国路88号 100020",
        ),
        (("西湖区文三路1号", "杭州市", "浙江省", ""), "CN", "浙江省杭州市西湖区文三路1号"),
        (
            ("浙江省杭州市西湖区文三路1号", "杭州市", "浙江省", "310000"),
            "CN",
            "浙江省杭州市西湖区文三路1号 310000",
        ),
        (
            ("12 Main St, New York, NY", "", "", "10001-1234"),
            "CN",
            "12 Main St, New York, NY, 10001-1234",
        ),
    ],
)
def test_the_whole_address_in_the_countrys_order(parts, country, whole):
    assert full_address(*parts, country) == whole
