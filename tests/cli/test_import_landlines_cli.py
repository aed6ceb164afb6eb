"""`casedesk import borrowers --dry-run` in a UK office: a landline-only borrower and one with no
number pass the check, which names them; a Chinese office still refuses an empty phone cell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import agents_office

HEAD = "borrower_no,name,id_number,mobile,segment"
ROWS = (
    "GB1,Margaret Thompson,AB 65 43 21 B,0113 496 0123,mature",
    "GB2,Tom Hughes,AB 12 34 58 C,,young",
)


def _office(rules: str, zone: str, currency: str):
    def build(database) -> None:
        from app.office import create_office

        with database.session() as s:
            create_office(
                s,
                name="Office",
                admin_username="admin",
                admin_password="pw-admin",
                jurisdiction=rules,
                timezone=zone,
                currency=currency,
            )

    return build


@pytest.fixture
def uk_office(template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    path, _ = agents_office(
        template_db, tmp_path, monkeypatch, _office("uk", "Europe/London", "GBP")
    )
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", "pw-admin")
    return ["--db", str(path)]


def _file(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "b.csv"
    path.write_text("\n".join((HEAD, *rows)) + "\n", encoding="utf-8")
    return path


def test_a_uk_dry_run_takes_a_landline_and_an_empty_cell(cli, uk_office, tmp_path) -> None:
    path = _file(tmp_path, *ROWS)
    code, out, err = cli("import", "borrowers", path, "--dry-run", *uk_office)
    assert code == 0, err
    assert "2 rows checked: 2 new" in out
    assert (
        "To be imported as landlines, which cannot receive SMS: row 2: +44 11****0123 of "
        "borrower GB1." in out
    )
    assert (
        "To be imported without a phone number (add one on the borrower's page when they give "
        "it): row 3: borrower GB2." in out
    )
    code, out, err = cli("--lang", "zh_CN", "import", "borrowers", path, "--dry-run", *uk_office)
    assert code == 0, err
    assert "以下号码将作为座机导入，无法接收短信：第 2 行：借款人 GB1 的 +44 11****0123。" in out
    code, out, _ = cli("import", "borrowers", path, "--dry-run", "--json", *uk_office)
    result = json.loads(out)
    assert result["landlines"] == [{"row": 2, "borrower_no": "GB1", "number": "+44 11****0123"}]
    assert result["without_phone"] == [{"row": 3, "borrower_no": "GB2"}]


def test_a_chinese_dry_run_still_refuses_an_empty_phone_cell(
    cli, template_db, tmp_path, monkeypatch
) -> None:
    path, _ = agents_office(
        template_db, tmp_path, monkeypatch, _office("cn", "Asia/Shanghai", "CNY")
    )
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", "pw-admin")
    b = _file(tmp_path, "B1,张伟,11010519491231002X,,young")
    code, out, err = cli("import", "borrowers", b, "--dry-run", "--db", path)
    assert code == 1 and out == ""
    assert "b.csv, row 2, mobile: The mobile number is missing." in err
