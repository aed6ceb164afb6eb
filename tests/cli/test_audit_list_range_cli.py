"""`casedesk audit list --from … --to …` with the range back to front says so (exit 1), as the
Audit page does, rather than listing nothing as if no entry were found."""

from __future__ import annotations

from app.cli.main import main
from tests.cli.test_audit_list_cli import env

__all__ = ["env"]


def test_a_range_back_to_front_is_an_error_in_words(env, capsys) -> None:  # type: ignore[no-untyped-def]
    code = main([*env, "audit", "list", "--from", "2026-12-05", "--to", "2026-12-01"])
    said = capsys.readouterr()
    assert code == 1 and "The period ends before it starts." in said.err, said
    code = main(
        [*env, "--lang", "zh_CN", "audit", "list", "--from", "2026-12-05", "--to", "2026-12-01"]
    )
    said = capsys.readouterr()
    assert code == 1 and "期间的结束日期早于开始日期。" in said.err, said
